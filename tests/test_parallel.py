"""Worker processes: the same result as one process, and a watchdog for runaway files."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from sslint.linter import engine
from sslint.linter.config import Config
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


def _summary(result: ScanResult) -> list[tuple[str, str, int, int, str]]:
    items = [
        (f.path, f.rule_id, f.span.start_line, f.span.start_column, f.message)
        for f in result.findings
    ]
    return items + [(n.path, n.level, n.line or 0, 0, n.message) for n in result.notices]


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
    _tree(tmp_path, 90)
    monkeypatch.setattr(engine, "SMALL_SCAN_BYTES", 0)  # this small tree in workers too
    monkeypatch.chdir(tmp_path)
    one = scan([Path(".")], Config(root=tmp_path, jobs=1))
    two = scan([Path(".")], Config(root=tmp_path, jobs=2))
    three = scan([Path(".")], Config(root=tmp_path, jobs=3))
    assert one.files_scanned == two.files_scanned == three.files_scanned == 90
    assert len(one.findings) >= 90
    assert _summary(one) == _summary(two) == _summary(three)


def test_a_small_scan_stays_in_this_process() -> None:
    small = [engine.Candidate(Path(f"f{i}"), f"f{i}", False, size=100) for i in range(20)]
    assert engine.worker_count(4, small) == 1
    big = [engine.Candidate(Path(f"f{i}"), f"f{i}", False, size=100_000) for i in range(40)]
    assert engine.worker_count(4, big) == 4
    assert engine.worker_count(1, big) == 1
    assert engine.worker_count(0, big) == min(40, os.cpu_count() or 1)


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
    monkeypatch.setattr(
        engine,
        "reader_for",
        lambda kind: _stubborn_reader if kind == "dockerfile" else original(kind),
    )
    monkeypatch.chdir(root)
    return scan([Path(".")], Config(root=root, jobs=2, file_timeout=0.5))


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
    shell_findings = {f.path for f in result.findings if f.rule_id == "SSL201"}
    assert len(shell_findings) == 20  # every install*.sh, whichever worker had it


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
