"""Scanning on several cores: worker processes, largest files first, a watchdog.

The parent hands out chunks of files, the largest files first (alone or in
small chunks, so that the longest file does not start last), then ever larger
chunks of small files. A worker sends one result per file; the parent puts
each at its file's place, so the scan's result does not depend on timing.

The watchdog: a worker that spends longer than `file-timeout` (plus a grace
second) on one file is killed and replaced; that file gets a notice and the
rest of its chunk goes back in the queue. A worker that dies (a crash in a
native parser) is handled the same way. Workers also keep the in-process
timer, so a Python-level runaway usually ends without a kill, with the same
notice.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Optional

from sslint.linter.budget import timeout_message
from sslint.linter.facts import Notice

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.discovery import Candidate
    from sslint.linter.engine import FileResult

GRACE_SECONDS = 1.0
CHUNKS_PER_WORKER = 16
MAX_CHUNK_FILES = 256

Chunk = list[int]


def _context() -> Any:
    """`fork` where it exists (workers inherit the loaded rules), `spawn` elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def plan_chunks(sizes: list[int], jobs: int) -> list[Chunk]:
    """Indices of files in chunks: largest files first, each chunk about the same bytes."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    total = sum(max(s, 0) for s in sizes)
    target = max(1, total // (jobs * CHUNKS_PER_WORKER))
    chunks: list[Chunk] = []
    current: Chunk = []
    current_bytes = 0
    for index in order:
        current.append(index)
        current_bytes += max(sizes[index], 0)
        if current_bytes >= target or len(current) >= MAX_CHUNK_FILES:
            chunks.append(current)
            current, current_bytes = [], 0
    if current:
        chunks.append(current)
    return chunks


def _work(conn: Connection, config: Config, prefilter: bool) -> None:
    """A worker: scan the files of each chunk it receives, one result per file."""
    from sslint.linter.engine import scan_file

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        for index, candidate in task:
            conn.send((index, scan_file(candidate, config, prefilter=prefilter)))


class _Worker:
    """One worker process and the chunk it is working on."""

    def __init__(self, context: Any, config: Config, prefilter: bool) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, config, prefilter), daemon=True)
        self.process.start()
        child.close()
        self.remaining: deque[int] = deque()
        self.deadline = 0.0

    def give(self, chunk: Chunk, candidates: list[Candidate], budget: float) -> None:
        self.remaining = deque(chunk)
        self.deadline = time.monotonic() + budget
        self.conn.send([(i, candidates[i]) for i in chunk])

    def stop(self, kill: bool) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def scan_parallel(
    candidates: list[Candidate], config: Config, jobs: int, prefilter: bool = True
) -> list[FileResult]:
    """The results of `scan_file` for every candidate, in candidate order."""
    from sslint.linter.engine import FileResult
    from sslint.rules import checkers

    checkers()  # import the rule modules once, before the workers fork
    context = _context()
    budget = config.file_timeout + GRACE_SECONDS
    results: list[Optional[FileResult]] = [None] * len(candidates)
    queue = deque(plan_chunks([c.size for c in candidates], jobs))
    workers = [_Worker(context, config, prefilter) for _ in range(min(jobs, len(queue)))]
    idle = list(workers)
    busy: dict[Connection, _Worker] = {}

    def abandon(worker: _Worker, message: str) -> None:
        """Give the file in progress a notice, requeue the rest, replace the worker."""
        index = worker.remaining.popleft()
        display = candidates[index].display
        results[index] = FileResult(notices=[Notice(display, message, "error")])
        if worker.remaining:
            queue.appendleft(list(worker.remaining))
        del busy[worker.conn]
        worker.stop(kill=True)
        workers.remove(worker)
        replacement = _Worker(context, config, prefilter)
        workers.append(replacement)
        idle.append(replacement)

    try:
        while queue or busy:
            while queue and idle:
                worker = idle.pop()
                worker.give(queue.popleft(), candidates, budget)
                busy[worker.conn] = worker
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in busy.values()) - now)
            for conn in wait(list(busy), timeout=timeout):
                worker = busy[conn]  # type: ignore[index]
                try:
                    index, file_result = worker.conn.recv()
                except (EOFError, OSError):
                    abandon(worker, "the process reading it stopped unexpectedly; skipped")
                    continue
                results[index] = file_result
                worker.remaining.remove(index)
                worker.deadline = time.monotonic() + budget
                if not worker.remaining:
                    del busy[worker.conn]
                    idle.append(worker)
            now = time.monotonic()
            for worker in [w for w in busy.values() if w.deadline <= now]:
                abandon(worker, timeout_message(config.file_timeout))
    finally:
        for worker in workers:
            worker.stop(kill=bool(busy))
    return [r if r is not None else FileResult() for r in results]
