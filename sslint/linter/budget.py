"""The per-file time budget, in-process: a timer that interrupts a file taking too long.

On POSIX, in the main thread, `time_budget(seconds)` arms `SIGALRM`; when it
fires, `FileTimeout` is raised wherever Python code is running. It derives
from `BaseException` so that a reader's `except Exception` cannot swallow it.
Elsewhere (Windows, other threads) there is no in-process budget; the worker
processes of a parallel scan are watched by the parent instead.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from types import FrameType
from typing import Iterator, Optional


class FileTimeout(BaseException):
    """A file used up its time budget."""


def can_interrupt() -> bool:
    """Whether an in-process budget is possible here."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `FileTimeout` in the block when it runs longer than `seconds` (if possible).

    If the block swallows the exception (it fired inside a finaliser, a callback
    or a bare `except:`), `FileTimeout` is raised again when the block ends: a
    file whose analysis was cut short is never taken for complete.
    """
    if seconds <= 0 or not can_interrupt():
        yield
        return
    fired: list[bool] = []

    def on_alarm(signum: int, frame: Optional[FrameType]) -> None:
        fired.append(True)
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise FileTimeout


def timeout_message(seconds: float) -> str:
    """The notice for a file that ran out of time (the same in every mode)."""
    return f"took longer than file-timeout ({seconds:g} s); skipped"
