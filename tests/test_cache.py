"""The content cache: same results, never stale, safe against what a repository brings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from sslint.linter import engine
from sslint.linter.budget import FileTimeout
from sslint.linter.cache import CACHE_DIR
from sslint.linter.config import Config
from sslint.linter.engine import scan
from sslint.linter.facts import Notice
from sslint.linter.findings import Finding
from sslint.linter.results import ScanResult
from tests._click import cli_runner

SCRIPT = "#!/bin/sh\ncurl -k https://files.corp.example/tool.tgz\n"
DOCKERFILE = "FROM python:3.12\nRUN pip install --trusted-host pypi.corp.example flask\n"


def _summary(result: ScanResult) -> tuple[list[Finding], list[Notice], int]:
    """Everything a scan says: findings and notices in full (every field), files scanned."""
    return list(result.findings), list(result.notices), result.files_scanned


def _tree(root: Path) -> None:
    (root / "scripts").mkdir()
    (root / "scripts" / "get.sh").write_text(SCRIPT)
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / "README.md").write_text("nothing to see\n")
    # Notices are results too: one with a line, one without.
    (root / "broken.yml").write_text("on: push\njobs: [\n  - run: curl -k x\n")
    (root / "scripts" / "latin1.sh").write_bytes(b"#!/bin/sh\necho \xe9\ncurl --cacert ca.pem x\n")


def _expected_notices() -> list[tuple[str, bool]]:
    return [("broken.yml", True), ("scripts/latin1.sh", False)]


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths the readers are run on from now on."""
    read: list[str] = []
    original = engine.read_facts

    def spy(source, kind, narrow=True):  # type: ignore[no-untyped-def]
        read.append(source.path)
        return original(source, kind, narrow)

    monkeypatch.setattr(engine, "read_facts", spy)
    return read


def _scan(root: Path, **settings: object) -> ScanResult:
    return scan([Path(".")], Config(root=root, jobs=1, **settings))  # type: ignore[arg-type]


def test_a_second_run_reads_nothing_and_gives_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = _scan(tmp_path)
    assert [(f.rule_id, f.path, f.span.start_line) for f in first.findings] == [
        ("SSL101", "Dockerfile", 2),
        ("SSL201", "scripts/get.sh", 2),
    ]
    assert [(n.path, n.line is not None) for n in first.notices] == _expected_notices()
    uncached = _scan(tmp_path, cache=False)
    read = _reads(monkeypatch)
    second = _scan(tmp_path)
    assert read == []
    # Served from the cache, yet equal in every field to a fresh analysis.
    assert _summary(second) == _summary(first) == _summary(uncached)


def test_a_changed_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _scan(tmp_path)
    (tmp_path / "scripts" / "get.sh").write_text(SCRIPT.replace("curl -k", "curl --cacert ca.pem"))
    read = _reads(monkeypatch)
    result = _scan(tmp_path)
    assert read == ["scripts/get.sh"]
    assert [f.rule_id for f in result.findings] == ["SSL101"]
    assert _summary(result) == _summary(_scan(tmp_path, cache=False))


def test_other_settings_do_not_use_the_kept_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _scan(tmp_path)
    read = _reads(monkeypatch)
    result = _scan(tmp_path, allowed_hosts=("pypi.corp.example",))
    assert sorted(read) == ["Dockerfile", "broken.yml", "scripts/get.sh", "scripts/latin1.sh"]
    assert [f.rule_id for f in result.findings] == ["SSL201"]


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = cli_runner()
    from sslint.cli import main

    outcome = runner.invoke(main, ["--no-cache", "."])
    assert outcome.exit_code == 1
    assert not (tmp_path / CACHE_DIR).exists()
    outcome = runner.invoke(main, ["."])
    assert outcome.exit_code == 1
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (tmp_path / CACHE_DIR / "CACHEDIR.TAG").read_text().startswith("Signature: ")


def _entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).rglob("*.json"))


def test_broken_entries_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = _scan(tmp_path)
    entries = _entries(tmp_path)
    assert len(entries) == 4
    entries[0].write_bytes(b"\xff\x00 not json")
    digest = json.loads(entries[1].read_text())["digest"]
    entries[1].write_text(json.dumps({"digest": digest, "result": {"findings": [[1, 2]]}}))
    again = _scan(tmp_path)
    assert _summary(again) == _summary(first)


def test_entries_a_repository_brings_are_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry made with another user's key (committed, say) cannot hide a finding."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _scan(tmp_path)
    for entry in _entries(tmp_path):
        kept = json.loads(entry.read_text())
        kept["result"]["findings"] = []
        entry.write_text(json.dumps(kept))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "another-user"))
    monkeypatch.setattr(engine, "_CACHES", {})
    result = _scan(tmp_path)
    assert {f.rule_id for f in result.findings} == {"SSL101", "SSL201"}


def test_without_a_place_for_the_key_the_scan_goes_on_uncached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "not-a-folder"))
    monkeypatch.setattr(engine, "_CACHES", {})
    monkeypatch.chdir(tmp_path)
    result = _scan(tmp_path)
    assert {f.rule_id for f in result.findings} == {"SSL101", "SSL201"}
    assert not (tmp_path / CACHE_DIR).exists()


def test_workers_read_and_write_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers write an entry per file, and a later parallel scan serves what they hold.

    Each entry is then marked (a message no analysis gives): the next scan in
    workers must give exactly the marked findings, which only reading the cache can.
    """
    for i in range(40):
        (tmp_path / f"get{i}.sh").write_text(SCRIPT + "echo padding\n" * 3)
    monkeypatch.setattr(engine, "SMALL_SCAN_BYTES", 0)  # this small tree in workers too
    monkeypatch.chdir(tmp_path)
    cold = scan([Path(".")], Config(root=tmp_path, jobs=2))
    assert len(_entries(tmp_path)) == 40
    assert [(f.path, f.rule_id) for f in cold.findings] == sorted(
        (f"get{i}.sh", "SSL201") for i in range(40)
    )
    for entry in _entries(tmp_path):
        kept = json.loads(entry.read_text())
        kept["result"]["findings"][0][2] = "served from the cache"
        entry.write_text(json.dumps(kept))
    read = _reads(monkeypatch)
    warm = scan([Path(".")], Config(root=tmp_path, jobs=2))
    assert read == []
    assert [f.message for f in warm.findings] == ["served from the cache"] * 40
    assert [replace(f, message="") for f in warm.findings] == [
        replace(f, message="") for f in cold.findings
    ]


@pytest.mark.parametrize(
    ("raised", "notice"),
    [
        (RuntimeError("reader bug"), "internal error while reading: RuntimeError: reader bug"),
        (FileTimeout(), "took longer than file-timeout (10 s); skipped"),
    ],
    ids=["internal-error", "timeout"],
)
def test_a_result_with_an_error_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raised: BaseException, notice: str
) -> None:
    """A timeout or an internal error depends on the run: the next run reads the file again."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    original = engine.read_facts

    def failing(source, kind, narrow=True):  # type: ignore[no-untyped-def]
        if source.path == "scripts/get.sh":
            raise raised
        return original(source, kind, narrow)

    monkeypatch.setattr(engine, "read_facts", failing)
    first = _scan(tmp_path, file_timeout=10.0)
    assert [(n.path, n.message, n.level) for n in first.incomplete] == [
        ("scripts/get.sh", notice, "error")
    ]
    monkeypatch.setattr(engine, "read_facts", original)
    read = _reads(monkeypatch)
    second = _scan(tmp_path, file_timeout=10.0)
    assert read == ["scripts/get.sh"]
    assert second.incomplete == []
    assert [(f.rule_id, f.path, f.span.start_line) for f in second.findings] == [
        ("SSL101", "Dockerfile", 2),
        ("SSL201", "scripts/get.sh", 2),
    ]
