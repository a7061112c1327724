"""The per-file time budget: a file that runs out of time is never taken for complete."""

from __future__ import annotations

import contextlib
import time

import pytest

from sslint.linter.budget import FileTimeout, can_interrupt, time_budget

pytestmark = pytest.mark.skipif(not can_interrupt(), reason="no in-process timer here")


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_block_past_its_budget_is_interrupted() -> None:
    with pytest.raises(FileTimeout), time_budget(0.01):
        _spin(2)


def test_a_swallowed_timeout_is_raised_again_when_the_block_ends() -> None:
    reached_end = False
    with pytest.raises(FileTimeout), time_budget(0.01):
        # As a reader's bare `except:`, a finaliser or a callback would swallow it:
        with contextlib.suppress(BaseException):
            _spin(2)
        reached_end = True
    assert reached_end


def test_a_block_within_its_budget_ends_normally() -> None:
    with time_budget(5):
        _spin(0.001)
