"""The token prefilter never hides a finding: every corpus scans the same without it.

The corpora: the conformance cases (when the suite is checked out next to
the project), every file under `tests/fixtures`, and a generated benchmark
tree with planted findings. Every checker is picked up automatically, so a
rule whose tokens miss a spelling it reports fails here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from sslint.linter.config import Config
from sslint.linter.engine import scan
from sslint.linter.results import ScanResult

REPO = Path(__file__).resolve().parent.parent
CONFORMANCE = [
    base / "shared" / "conformance" / "cases" for base in (REPO.parent, REPO.parent.parent)
]


def _findings(result: ScanResult) -> list[tuple[str, str, int, int, int, int, str]]:
    return [
        (
            f.path,
            f.rule_id,
            f.span.start_line,
            f.span.start_column,
            f.span.end_line,
            f.span.end_column,
            f.message,
        )
        for f in result.findings
    ]


def _same_with_and_without(top: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(top)
    # No cache: the unfiltered scan must read every file itself (and nothing is
    # written into the scanned folder, which may be tracked or shared).
    config = Config(root=top, jobs=1, cache=False)
    filtered = scan([Path(".")], config, prefilter=True)
    unfiltered = scan([Path(".")], config, prefilter=False)
    assert _findings(filtered) == _findings(unfiltered)
    return len(unfiltered.findings)


def test_conformance_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = next((c for c in CONFORMANCE if c.is_dir()), None)
    if cases is None:
        pytest.skip("the conformance suite is not checked out next to the project")
    assert _same_with_and_without(cases, monkeypatch) > 0


def test_every_kind_and_the_end_to_end_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small file of every kind and the end-to-end corpus: each planted finding survives."""
    from hostile_support import EVERY_KIND
    from test_rules_end_to_end import CASES

    expected = 0
    for name, data in EVERY_KIND.items():
        path = tmp_path / "kinds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name, text, findings in CASES:
        path = tmp_path / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        expected += len(findings)
    # Every kind holds one switch, except values.yaml (a Helm-style name/value list that
    # no reader takes as an environment).
    assert _same_with_and_without(tmp_path, monkeypatch) == expected + len(EVERY_KIND) - 1


def test_generated_tree_with_planted_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = generate
    spec.loader.exec_module(generate)
    manifest = generate.generate(tmp_path / "tree", 300, seed=7, git=False)
    _same_with_and_without(tmp_path / "tree", monkeypatch)
    result = scan([Path(".")], Config(root=tmp_path / "tree", jobs=1, cache=False))
    found = {(f.path, f.span.start_line, f.rule_id) for f in result.findings}
    planted = {(str(p["path"]), int(p["line"]), str(p["rule"])) for p in manifest["planted"]}
    assert planted, manifest
    assert planted <= found, sorted(planted - found)


def test_a_file_without_any_token_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from sslint.linter import engine

    read: list[str] = []
    original = engine.read_facts

    def spy(source, kind, narrow=True):  # type: ignore[no-untyped-def]
        read.append(kind)
        return original(source, kind, narrow)

    monkeypatch.setattr(engine, "read_facts", spy)
    config = Config(jobs=1)
    engine.scan_bytes(b"FROM python:3.12\nRUN make\n", "Dockerfile", config)
    assert read == []
    engine.scan_bytes(b"FROM python:3.12\nRUN curl -k https://x\n", "Dockerfile", config)
    assert read == ["dockerfile"]
