"""The fuzz seeds replay cleanly, and the bounded fuzz entry point works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
sys.path.insert(0, str(FUZZ))

import targets  # noqa: E402

SEEDS = sorted(p for p in (FUZZ / "corpus").iterdir() if p.is_file())


def test_every_seed_names_a_file_kind() -> None:
    assert len(SEEDS) >= 50
    for path in SEEDS:
        name, _ = targets.split(path.read_bytes())
        assert name in targets.NAMES


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_scans_cleanly(path: Path) -> None:
    targets.check(path.read_bytes())


def test_a_finding_outside_the_file_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from sslint.linter.findings import Finding
    from sslint.linter.source import LineRange, Span

    bad = Finding("SSL101", Span(0, 99, 1, 1, 1, 100), "m", LineRange(1, 1))

    class Result:
        notices: list[object] = []
        findings = [bad]

    monkeypatch.setattr(targets, "scan_bytes", lambda *a, **k: Result())
    with pytest.raises(targets.FuzzFailure, match="outside"):
        targets.check(targets.join("run.sh", b"x"))


@pytest.mark.slow
def test_bounded_fuzz_entry_point_runs_and_passes() -> None:
    proc = subprocess.run(
        [sys.executable, str(FUZZ / "run.py"), "--seconds", "3", "--engine", "hypothesis"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "seeds pass" in proc.stderr
