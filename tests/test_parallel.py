"""Worker processes: the same result as one process, and a watchdog for runaway files."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Iterable, Iterator

import pytest

from sslint.linter import engine, parallel
from sslint.linter.config import Config
from sslint.linter.discovery import Candidate, Walker
from sslint.linter.engine import scan
from sslint.linter.facts import FileFacts
from sslint.linter.parallel import plan_chunks
from sslint.linter.readers import ReadContext
from sslint.linter.results import ScanResult
from sslint.linter.source import View

needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="workers inherit the test's patches"
)


def _tree(root: Path, files: int) -> None:
    for i in range(files):
        folder = root / f"pkg{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 3 == 0:
            (folder / f"install{i}.sh").write_text(
                "#!/bin/sh\n" + "echo step\n" * (i % 50) + f"curl -k https://h{i}.corp.example/x\n"
            )
        elif i % 3 == 1:
            (folder / f"Dockerfile.{i}").write_text(
                "FROM python:3.12\n" + f"RUN pip install --trusted-host h{i}.corp.example x\n"
            )
        else:
            (folder / f"requirements-{i}.txt").write_text("--trusted-host pypi.org\nflask\n" * 200)


def _with_notices(root: Path) -> None:
    """Files that give notices (with and without a line) beside the findings."""
    (root / "pkg0" / "broken.yml").write_text("on: push\njobs: [\n  - run: curl -k x\n")
    (root / "pkg1" / "latin1.sh").write_bytes(b"#!/bin/sh\necho \xe9\ncurl -k https://x\n")


def _scanned_in(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on every file scanned appends the scanning process's id to `log`."""
    original = engine.scan_file

    def spy(candidate, config, kind=None, prefilter=True):  # type: ignore[no-untyped-def]
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return original(candidate, config, kind, prefilter)

    monkeypatch.setattr(engine, "scan_file", spy)


def _processes(log: Path) -> list[int]:
    """The process ids that scanned files, one per file scanned (the log is then emptied)."""
    pids = [int(line) for line in log.read_text().split()]
    log.write_text("")
    return pids


def test_chunks_hand_out_the_largest_files_first() -> None:
    sizes = [10, 5000, 20, 7000, 30, 10]
    chunks = plan_chunks(sizes, jobs=2)
    assert chunks[0] == [3]
    assert chunks[1] == [1]
    assert sorted(i for chunk in chunks for i in chunk) == list(range(6))


@needs_fork
def test_workers_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Uncached (each scan reads every file itself), compared finding by finding in full."""
    tree = tmp_path / "tree"
    _tree(tree, 90)
    _with_notices(tree)
    monkeypatch.setattr(engine, "SMALL_SCAN_BYTES", 0)  # this small tree in workers too
    log = tmp_path / "pids"
    _scanned_in(monkeypatch, log)
    monkeypatch.chdir(tree)
    one = scan([Path(".")], Config(root=tree, jobs=1, cache=False))
    assert set(_processes(log)) == {os.getpid()}
    two = scan([Path(".")], Config(root=tree, jobs=2, cache=False))
    two_pids = _processes(log)
    three = scan([Path(".")], Config(root=tree, jobs=3, cache=False))
    three_pids = _processes(log)
    # Every file was read in a worker, and the work was shared.
    for pids, jobs in ((two_pids, 2), (three_pids, 3)):
        assert len(pids) == 92 and os.getpid() not in pids
        assert 1 < len(set(pids)) <= jobs
    assert not (tree / ".sslint_cache").exists()
    # The independent expectation: what the tree was built to hold.
    expected = (
        [("SSL201", f"pkg{i % 7}/install{i}.sh") for i in range(0, 90, 3)]
        + [("SSL101", f"pkg{i % 7}/Dockerfile.{i}") for i in range(1, 90, 3)]
        + [("SSL101", f"pkg{i % 7}/requirements-{i}.txt") for i in range(2, 90, 3)] * 200
        + [("SSL201", "pkg1/latin1.sh")]
    )
    assert sorted((f.rule_id, f.path) for f in one.findings) == sorted(expected)
    assert [(n.path, n.line is not None) for n in one.notices] == [
        ("pkg0/broken.yml", True),
        ("pkg1/latin1.sh", False),
    ]
    assert one.files_scanned == two.files_scanned == three.files_scanned == 92
    assert one.findings == two.findings == three.findings
    assert one.notices == two.notices == three.notices


@needs_fork
def test_a_small_scan_stays_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, 90)  # 90 files, well under SMALL_SCAN_BYTES
    log = tmp_path.parent / f"{tmp_path.name}.pids"
    _scanned_in(monkeypatch, log)
    monkeypatch.chdir(tmp_path)
    scan([Path(".")], Config(root=tmp_path, jobs=4, cache=False))
    assert set(_processes(log)) == {os.getpid()}
    monkeypatch.setattr(engine, "SMALL_SCAN_BYTES", 0)
    monkeypatch.setattr(engine, "SMALL_SCAN_FILES", 90)  # no more files than that: small
    scan([Path(".")], Config(root=tmp_path, jobs=4, cache=False))
    assert set(_processes(log)) == {os.getpid()}
    monkeypatch.setattr(engine, "SMALL_SCAN_FILES", 89)
    scan([Path(".")], Config(root=tmp_path, jobs=4, cache=False))
    pids = _processes(log)
    assert len(pids) == 90 and os.getpid() not in pids and 1 < len(set(pids)) <= 4


@needs_fork
def test_workers_scan_while_the_walk_goes_on_and_large_files_wait_for_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk below stops halfway until a worker has scanned a file: it must not hang."""
    _tree(tmp_path, 300)
    (tmp_path / "big.sh").write_text("curl -k https://big.corp.example/\n" * 10_000)
    log = tmp_path.parent / f"{tmp_path.name}.pids"
    _scanned_in(monkeypatch, log)
    monkeypatch.setattr(engine, "SMALL_SCAN_BYTES", 0)
    planned: list[list[int]] = []
    original_plan = parallel.plan_chunks

    def spy_plan(sizes: list[int], jobs: int) -> list[list[int]]:
        planned.append(sizes)
        return original_plan(sizes, jobs)

    monkeypatch.setattr(parallel, "plan_chunks", spy_plan)
    each = Walker.each

    def slow_walk(self: Walker, paths: Iterable[Path]) -> Iterator[Candidate]:
        for number, candidate in enumerate(each(self, paths)):
            if number == 200:
                deadline = time.monotonic() + 20
                while not log.exists() or not log.read_text().strip():
                    assert time.monotonic() < deadline, "no worker scanned during the walk"
                    time.sleep(0.01)
            yield candidate

    monkeypatch.setattr(Walker, "each", slow_walk)
    monkeypatch.chdir(tmp_path)
    result = scan([Path(".")], Config(root=tmp_path, jobs=2, cache=False))
    assert os.getpid() not in _processes(log)
    # The large file went out with the files left at the end of the walk, largest first.
    assert len(planned) == 1 and max(planned[0]) > parallel.HELD_BYTES
    assert len(planned[0]) < 301
    assert sum(f.path == "big.sh" for f in result.findings) == 10_000
    assert result.files_scanned == 301


def _stubborn_reader(view: View, ctx: ReadContext) -> None:
    """A reader that hangs on files saying HANG (ignoring the alarm) and dies on DIE."""
    if "HANG" in view.text:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(600)
    if "DIE" in view.text:
        os._exit(3)


def _scan_with_stubborn_dockerfiles(root: Path, monkeypatch: pytest.MonkeyPatch) -> ScanResult:
    """Scan `root` in two workers, Dockerfiles read by `_stubborn_reader`, 0.5 s each."""
    monkeypatch.setattr(engine, "SMALL_SCAN_BYTES", 0)  # a small tree in workers too
    original = engine.reader_for
    dockerfile_reader = original("dockerfile")
    assert dockerfile_reader is not None

    def stubborn_then_real(view: View, ctx: ReadContext) -> None:
        _stubborn_reader(view, ctx)
        dockerfile_reader(view, ctx)

    monkeypatch.setattr(
        engine,
        "reader_for",
        lambda kind: stubborn_then_real if kind == "dockerfile" else original(kind),
    )
    monkeypatch.chdir(root)
    return scan([Path(".")], Config(root=root, jobs=2, file_timeout=0.5, cache=False))


@needs_fork
def test_a_runaway_or_crashing_file_is_abandoned_and_the_rest_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, 60)
    (tmp_path / "pkg0" / "Dockerfile.hang").write_text("FROM x\nRUN curl -k HANG\n" * 5000)
    (tmp_path / "pkg1" / "Dockerfile.die").write_text("FROM x\nRUN curl -k DIE\n" * 5000)
    result = _scan_with_stubborn_dockerfiles(tmp_path, monkeypatch)
    notices = {(n.path, n.message) for n in result.notices}
    assert ("pkg0/Dockerfile.hang", "took longer than file-timeout (0.5 s); skipped") in notices
    assert (
        "pkg1/Dockerfile.die",
        "the process reading it stopped unexpectedly; skipped",
    ) in notices
    # Every other file's findings, whichever worker had it (each install*.sh: SSL201;
    # each Dockerfile.N and requirements-N.txt: SSL101).
    shell = sorted(f.path for f in result.findings if f.rule_id == "SSL201")
    assert shell == sorted(f"pkg{i % 7}/install{i}.sh" for i in range(0, 60, 3))
    docker = sorted(f.path for f in result.findings if f.rule_id == "SSL101" and "Docker" in f.path)
    assert docker == sorted(f"pkg{i % 7}/Dockerfile.{i}" for i in range(1, 60, 3))
    assert len(result.findings) == 20 + 20 + 20 * 200


@needs_fork
def test_a_small_runaway_file_among_many_is_the_one_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results a worker had not sent yet when it was killed are scanned again elsewhere."""
    for i in range(120):
        name = "Dockerfile.hang" if i == 60 else f"Dockerfile.{i}"
        marker = "HANG" if i == 60 else f"h{i}"
        (tmp_path / name).write_text(f"FROM x\nRUN curl -k https://{marker}.corp.example/\n")
    result = _scan_with_stubborn_dockerfiles(tmp_path, monkeypatch)
    assert [(n.path, n.message) for n in result.notices] == [
        ("Dockerfile.hang", "took longer than file-timeout (0.5 s); skipped")
    ]
    assert result.files_scanned == 119
    # Every other file's finding, exactly once, whichever worker ended up with it.
    assert [
        (f.rule_id, f.path, f.span.start_line, f.span.start_column) for f in result.findings
    ] == [("SSL201", f"Dockerfile.{i}", 2, 10) for i in sorted(set(range(120)) - {60}, key=str)]


def _slow_reader(view: View, ctx: ReadContext) -> None:
    if "SLOW" in view.text:
        time.sleep(600)


def _deep_reader(view: View, ctx: ReadContext) -> None:
    def down(n: int) -> int:
        return down(n + 1) + 1

    down(0)


def test_in_process_budget_ends_a_slow_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "reader_for", lambda kind: _slow_reader)
    config = Config(jobs=1, file_timeout=0.3)
    result = engine.scan_bytes(b"RUN curl -k SLOW\n", "Dockerfile", config)
    assert [(n.message, n.level) for n in result.notices] == [
        ("took longer than file-timeout (0.3 s); skipped", "error")
    ]
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, signal.default_int_handler)


def test_recursion_in_a_reader_or_a_rule_is_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "reader_for", lambda kind: _deep_reader)
    result = engine.scan_bytes(b"RUN curl -k x\n", "Dockerfile", Config(jobs=1))
    assert [n.message for n in result.notices] == ["nested too deeply to read; skipped"]

    def deep_check(facts: FileFacts, config: Config) -> list[object]:
        _deep_reader(facts.source.whole(), ReadContext(facts))
        return []

    from sslint.rules.base import Checker

    checker = Checker(rules=(), check=deep_check, tokens=(b"curl",))
    monkeypatch.setattr(engine, "reader_for", lambda kind: None)
    monkeypatch.setattr(engine, "checkers", lambda: (checker,))
    result = engine.scan_bytes(b"RUN curl -k x\n", "Dockerfile", Config(jobs=1))
    assert [n.message for n in result.notices] == ["nested too deeply for ; not checked"]
