"""Scanning on several cores: worker processes, largest files first, a watchdog.

The parent hands out chunks of files, the largest files first (alone or in
small chunks, so that the longest file does not start last), then ever larger
chunks of small files. A worker sends its results in batches (every
`BATCH_FILES` files or `BATCH_SECONDS`, and at the end of a chunk); the parent
puts each at its file's place, so the scan's result does not depend on timing.

The watchdog: each worker writes the file it is on and when it started it in
memory shared with the parent. A worker that spends longer than
`file-timeout` (plus a grace second) on one file is killed and replaced; that
file gets a notice and the rest of its chunk (including results it had not
sent yet) goes back in the queue. A worker that dies (a crash in a native
parser) is handled the same way. Workers also keep the in-process timer, so a
Python-level runaway usually ends without a kill, with the same notice.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Callable, Optional

from sslint.linter.budget import timeout_message
from sslint.linter.facts import Notice
from sslint.linter.results import FileResult

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.discovery import Candidate

ScanOne = Callable[["Candidate"], FileResult]

GRACE_SECONDS = 1.0
CHUNKS_PER_WORKER = 16
MAX_CHUNK_FILES = 256
BATCH_FILES = 64
BATCH_SECONDS = 0.1
# How often the parent looks at the workers' progress when no batch arrives.
POLL_SECONDS = 0.25
_IDLE = -1.0

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


def _work(conn: Connection, progress: Any, scan_one: ScanOne) -> None:
    """A worker: scan the files of each chunk it receives, sending results in batches.

    `progress` holds the index of the file in hand and when it was started
    (`time.monotonic`, shared by all processes); index -1 when idle.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        batch: list[tuple[int, FileResult]] = []
        sent = time.monotonic()
        for index, candidate in task:
            progress[1] = time.monotonic()
            progress[0] = float(index)
            batch.append((index, scan_one(candidate)))
            if len(batch) >= BATCH_FILES or time.monotonic() - sent >= BATCH_SECONDS:
                conn.send(batch)
                batch, sent = [], time.monotonic()
        progress[0] = _IDLE
        conn.send(batch)


class _Worker:
    """One worker process, the chunk it is working on and its shared progress."""

    def __init__(self, context: Any, scan_one: ScanOne) -> None:
        self.conn, child = context.Pipe()
        self.progress = context.RawArray("d", [_IDLE, 0.0])
        self.process = context.Process(
            target=_work, args=(child, self.progress, scan_one), daemon=True
        )
        self.process.start()
        child.close()
        self.remaining: set[int] = set()
        self.chunk: Chunk = []

    def give(self, chunk: Chunk, candidates: list[Candidate]) -> None:
        self.chunk = chunk
        self.remaining = set(chunk)
        self.conn.send([(i, candidates[i]) for i in chunk])

    def current(self) -> Optional[tuple[int, float]]:
        """The file in hand and when it was started, if it is one of this chunk's."""
        index, started = int(self.progress[0]), self.progress[1]
        if index != int(self.progress[0]) or index not in self.remaining:
            return None  # between files, or changing right now
        return index, started

    def left(self, without: int) -> Chunk:
        """The files of the chunk with no result yet, in order, except `without`."""
        return [i for i in self.chunk if i in self.remaining and i != without]

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
    candidates: list[Candidate], config: Config, jobs: int, scan_one: ScanOne
) -> list[FileResult]:
    """The results of `scan_one` for every candidate, in candidate order.

    `scan_one` runs in the workers; it must be picklable where processes are
    spawned rather than forked (a module-level function or a `partial` of one).
    """
    from sslint.rules import checkers

    checkers()  # import the rule modules once, before the workers fork
    context = _context()
    budget = config.file_timeout + GRACE_SECONDS
    results: list[Optional[FileResult]] = [None] * len(candidates)
    queue = deque(plan_chunks([c.size for c in candidates], jobs))
    workers = [_Worker(context, scan_one) for _ in range(min(jobs, len(queue)))]
    idle = list(workers)
    busy: dict[Connection, _Worker] = {}

    def abandon(worker: _Worker, message: str) -> None:
        """Give the file in hand a notice, requeue the rest, replace the worker."""
        worker.stop(kill=True)
        hand = worker.current()
        index = hand[0] if hand is not None else worker.left(-1)[0]
        results[index] = FileResult(notices=[Notice(candidates[index].display, message, "error")])
        rest = worker.left(index)
        if rest:
            queue.appendleft(rest)
        del busy[worker.conn]
        workers.remove(worker)
        replacement = _Worker(context, scan_one)
        workers.append(replacement)
        idle.append(replacement)

    try:
        while queue or busy:
            while queue and idle:
                worker = idle.pop()
                worker.give(queue.popleft(), candidates)
                busy[worker.conn] = worker
            for conn in wait(list(busy), timeout=POLL_SECONDS):
                worker = busy[conn]  # type: ignore[index]
                try:
                    batch = worker.conn.recv()
                except (EOFError, OSError):
                    abandon(worker, "the process reading it stopped unexpectedly; skipped")
                    continue
                for index, file_result in batch:
                    results[index] = file_result
                    worker.remaining.discard(index)
                if not worker.remaining:
                    del busy[worker.conn]
                    idle.append(worker)
            now = time.monotonic()
            for worker in list(busy.values()):
                hand = worker.current()
                if hand is not None and now - hand[1] > budget:
                    abandon(worker, timeout_message(config.file_timeout))
    finally:
        for worker in workers:
            worker.stop(kill=bool(busy))
    return [r if r is not None else FileResult() for r in results]
