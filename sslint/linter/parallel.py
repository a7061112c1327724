"""Scanning on several cores: worker processes, largest files first, a watchdog.

Workers start while the walk is still finding files: an idle one takes the
small files found so far. When the walk ends, the parent hands out the rest
in chunks, the largest files first (alone or in small chunks, so that the
longest file does not start last), then ever larger chunks of small files.
A worker sends its results in batches (every `BATCH_FILES` files or
`BATCH_SECONDS`, and at the end of a chunk); the parent puts each at its
file's place, so the scan's result does not depend on timing.

The watchdog: each worker writes the file it is on and when it started it in
memory shared with the parent. A worker that spends longer than
`file-timeout` (plus a grace second) on one file is killed and replaced; that
file gets a notice and the rest of its chunk (including results it had not
sent yet) goes back in the queue. A worker that dies (a crash in a native
parser) is handled the same way. Workers also keep the in-process timer, so a
Python-level runaway usually ends without a kill, with the same notice.
"""

from __future__ import annotations

import mmap
import multiprocessing
import signal
import sys
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

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
# While the walk goes on: files handed to an idle worker together at least, and the
# size from which a file waits for the end of the walk (to be handed out largest first).
STREAM_CHUNK_FILES = 64
HELD_BYTES = 256 * 1024
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


def _shared_progress(context: Any) -> Any:
    """Two numbers a worker writes and the parent reads: `_IDLE` and 0 to start with.

    Where workers fork, anonymous shared memory they inherit (multiprocessing's
    `RawArray` would import ctypes, about 6 ms of every parallel scan); where
    they are spawned, a `RawArray`, which is sent to them.
    """
    if context.get_start_method() == "fork":
        progress = memoryview(mmap.mmap(-1, 16)).cast("d")
        progress[0] = _IDLE
        return progress
    return context.RawArray("d", [_IDLE, 0.0])


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
        self.progress = _shared_progress(context)
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


class _Pool:
    """The workers, the chunks waiting for one, the results sent back and the watchdog.

    Workers start when there is a chunk for them and none is idle, up to `jobs`.
    """

    def __init__(self, config: Config, jobs: int, scan_one: ScanOne) -> None:
        from sslint.rules import checkers

        checkers()  # import the rule modules once, before the workers fork
        self.context = _context()
        self.jobs = jobs
        self.scan_one = scan_one
        self.file_timeout = config.file_timeout
        self.candidates: list[Candidate] = []
        self.results: dict[int, FileResult] = {}
        self.queue: deque[Chunk] = deque()
        self.workers: list[_Worker] = []
        self.idle: list[_Worker] = []
        self.busy: dict[Connection, _Worker] = {}

    def free_worker(self) -> Optional[_Worker]:
        """An idle worker (a new one if none is and fewer than `jobs` run), or None."""
        if self.idle:
            return self.idle.pop()
        if len(self.workers) >= self.jobs:
            return None
        worker = _Worker(self.context, self.scan_one)
        self.workers.append(worker)
        return worker

    def give(self, worker: _Worker, chunk: Chunk) -> None:
        worker.give(chunk, self.candidates)
        self.busy[worker.conn] = worker

    def collect(self, timeout: float) -> None:
        """Take the batches sent within `timeout` seconds; end workers past their budget."""
        for conn in wait(list(self.busy), timeout=timeout):
            worker = self.busy[conn]  # type: ignore[index]
            try:
                batch = worker.conn.recv()
            except (EOFError, OSError):
                self._abandon(worker, "the process reading it stopped unexpectedly; skipped")
                continue
            for index, file_result in batch:
                self.results[index] = file_result
                worker.remaining.discard(index)
            if not worker.remaining:
                del self.busy[worker.conn]
                self.idle.append(worker)
        now = time.monotonic()
        budget = self.file_timeout + GRACE_SECONDS
        for worker in list(self.busy.values()):
            hand = worker.current()
            if hand is not None and now - hand[1] > budget:
                self._abandon(worker, timeout_message(self.file_timeout))

    def finish(self) -> None:
        """Hand out every chunk in the queue and wait for all results."""
        while self.queue or self.busy:
            while self.queue:
                worker = self.free_worker()
                if worker is None:
                    break
                self.give(worker, self.queue.popleft())
            self.collect(POLL_SECONDS)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop(kill=bool(self.busy))

    def _abandon(self, worker: _Worker, message: str) -> None:
        """Give the file in hand a notice and requeue the rest; a new worker takes over."""
        worker.stop(kill=True)
        hand = worker.current()
        index = hand[0] if hand is not None else worker.left(-1)[0]
        display = self.candidates[index].display
        self.results[index] = FileResult(notices=[Notice(display, message, "error")])
        rest = worker.left(index)
        if rest:
            self.queue.appendleft(rest)
        del self.busy[worker.conn]
        self.workers.remove(worker)


def scan_as_found(
    found: Iterable[Candidate], config: Config, jobs: int, scan_one: ScanOne
) -> tuple[list[Candidate], list[FileResult]]:
    """Scan in workers while the walk is still finding files.

    Returns the candidates sorted by display path, each with its result. While
    the walk goes on, an idle worker takes the small files found so far (up to
    `MAX_CHUNK_FILES`); files over `HELD_BYTES` wait. When the walk ends,
    everything not handed out yet is planned by `plan_chunks`, largest first,
    so that the longest file does not start last.
    """
    pool = _Pool(config, jobs, scan_one)
    candidates = pool.candidates
    waiting: Chunk = []
    held: Chunk = []
    try:
        for candidate in found:
            index = len(candidates)
            candidates.append(candidate)
            (held if candidate.size > HELD_BYTES else waiting).append(index)
            if len(waiting) >= STREAM_CHUNK_FILES and not index % STREAM_CHUNK_FILES:
                pool.collect(0)
                worker = pool.free_worker()
                if worker is not None:
                    pool.give(worker, waiting[:MAX_CHUNK_FILES])
                    del waiting[:MAX_CHUNK_FILES]
        left = [*held, *waiting]
        for chunk in plan_chunks([candidates[i].size for i in left], jobs):
            pool.queue.append([left[i] for i in chunk])
        pool.finish()
    finally:
        pool.stop()
    order = sorted(range(len(candidates)), key=lambda i: candidates[i].display)
    results = pool.results
    return [candidates[i] for i in order], [results.get(i) or FileResult() for i in order]
