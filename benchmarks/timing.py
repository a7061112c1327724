"""Run commands and measure them: wall seconds, CPU seconds, peak RSS.

CPU seconds are user + system time of the process and of every child it
waited for, and peak RSS is that of its largest process, both from the
`rusage` that `os.wait4` returns. Commands compared with each other run
interleaved (a, b, a, b, ...), so a machine that gets busier or quieter
during the run weighs on both alike; medians summarise the repeats.

Linux counts the memory of the process that starts a command in the
command's peak RSS (its pages until `exec`), so commands are started from
a small process of their own, never from the benchmark, which grows while it
reads large reports.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

# `ru_maxrss` is in kilobytes on Linux and in bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass(frozen=True)
class Command:
    """A command line, the folder it runs in and where its output goes."""

    argv: tuple[str, ...]
    cwd: Path
    stdout: Optional[Path] = None  # None: discarded


@dataclass(frozen=True)
class Run:
    """What one run of a command cost."""

    wall: float
    cpu: float
    rss_mb: float
    status: int


@dataclass(frozen=True)
class Summary:
    """The runs of one command: median wall and CPU seconds, the largest peak RSS."""

    wall: float
    cpu: float
    rss_mb: float
    status: int  # the largest exit status seen
    runs: int

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Summary:
        return cls(
            wall=statistics.median(r.wall for r in runs),
            cpu=statistics.median(r.cpu for r in runs),
            rss_mb=max(r.rss_mb for r in runs),
            status=max(r.status for r in runs),
            runs=len(runs),
        )


# An installed program runs from compiled bytecode (pip compiles it on install): where
# the environment forbids writing bytecode, every run would compile the sources again.
_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

_STARTER: list[ProcessPoolExecutor] = []  # the small process commands start from


def run_once(command: Command) -> Run:
    """Run `command` to its end and measure it (standard error is discarded)."""
    if not _STARTER:
        _STARTER.append(
            ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        )
    return _STARTER[0].submit(measured, command).result()


def measured(command: Command) -> Run:
    """Run `command` from this process and measure it."""
    out = open(command.stdout, "wb") if command.stdout else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command.argv, cwd=command.cwd, stdout=out, stderr=subprocess.DEVNULL, env=_ENVIRONMENT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    finally:
        if command.stdout:
            out.close()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss_mb=usage.ru_maxrss * _RSS_UNIT / 2**20,
        status=proc.returncode,
    )


def interleaved(commands: Sequence[Command], repeat: int) -> list[Summary]:
    """Run the commands in turn, `repeat` rounds; one summary per command."""
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, command in enumerate(commands):
            runs[i].append(run_once(command))
    return [Summary.of(r) for r in runs]


def ratio(mine: Summary, peer: Optional[Summary]) -> Optional[float]:
    """How many times the peer's wall time `mine` takes (None without a peer)."""
    if peer is None or peer.wall <= 0:
        return None
    return mine.wall / peer.wall
