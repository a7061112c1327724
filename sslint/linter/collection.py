"""Cyclic garbage collection paused while one file is read and checked, or a report built.

Reading a file builds many objects (parse trees, views, words, values,
findings) and makes almost no cyclic garbage: what it drops, reference
counting frees. Each automatic collection would walk all of those live
objects again; on a large module that costs as much as the parse itself.
Collection resumes after the block, so cycles made by one file never
outlive the next files by much.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_collection() -> Iterator[None]:
    """No automatic cyclic garbage collection inside the block."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
