"""Baselines: write, then report only new findings; stale entries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _click import cli_runner
from _report_support import fake_rules  # noqa: F401 - fixture
from click.testing import Result

from sslint.cli import main
from sslint.linter.baseline import baseline_text, load_baseline
from sslint.linter.config import ConfigError


def _run(root: Path, *args: str) -> Result:
    old = os.getcwd()
    os.chdir(root)
    try:
        return cli_runner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


pytestmark = pytest.mark.usefixtures("fake_rules")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "sslint.toml").write_text("")
    (tmp_path / "Dockerfile").write_text(
        "FROM x\nRUN tool --danger-error\nRUN tool --danger-error\nRUN other --danger-warning\n"
    )
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "a.sh").write_text("#!/bin/sh\ntool --danger-error\n")
    return tmp_path


def test_write_baseline_is_sorted_and_diff_friendly(repo: Path) -> None:
    result = _run(repo, "--write-baseline", ".sslint-baseline.json")
    assert result.exit_code == 0
    assert "wrote 4 findings to baseline .sslint-baseline.json" in result.stderr
    data = json.loads((repo / ".sslint-baseline.json").read_text())
    assert data["tool"] == "sslint"
    assert data["version"] == 1
    assert data["findings"] == [
        {
            "rule": "SSL991",
            "path": "Dockerfile",
            "line_text": "RUN tool --danger-error",
            "occurrence": 0,
        },
        {
            "rule": "SSL991",
            "path": "Dockerfile",
            "line_text": "RUN tool --danger-error",
            "occurrence": 1,
        },
        {
            "rule": "SSL992",
            "path": "Dockerfile",
            "line_text": "RUN other --danger-warning",
            "occurrence": 0,
        },
        {"rule": "SSL991", "path": "ci/a.sh", "line_text": "tool --danger-error", "occurrence": 0},
    ]
    text = (repo / ".sslint-baseline.json").read_text()
    assert text.endswith("}\n")
    assert not list(repo.glob(".sslint-baseline.json.*"))  # no temporary file left


def test_baseline_hides_known_findings_and_survives_moves(repo: Path) -> None:
    _run(repo, "--write-baseline", "base.json")
    assert _run(repo, "--baseline", "base.json").exit_code == 0
    dockerfile = repo / "Dockerfile"
    dockerfile.write_text("# moved\n\n" + dockerfile.read_text() + "RUN new --danger-error\n")
    result = _run(repo, "--baseline", "base.json")
    assert result.exit_code == 1
    assert "Dockerfile:7:9: SSL991" in result.stdout
    assert result.stdout.count("SSL991 [error]") == 1
    assert "sslint: 4 findings are in baseline base.json and not shown" in result.stderr


def test_a_third_copy_of_a_known_line_is_new(repo: Path) -> None:
    _run(repo, "--write-baseline", "base.json")
    with (repo / "Dockerfile").open("a") as out:
        out.write("RUN tool --danger-error\n")
    result = _run(repo, "--baseline", "base.json", "--format", "json")
    assert [(f["path"], f["line"]) for f in json.loads(result.stdout)] == [("Dockerfile", 5)]


def test_stale_entries_warn_or_fail(repo: Path) -> None:
    _run(repo, "--write-baseline", "base.json")
    (repo / "ci" / "a.sh").write_text("#!/bin/sh\necho fixed\n")
    result = _run(repo, "--baseline", "base.json")
    assert result.exit_code == 0
    assert (
        "sslint: warning: base.json: stale entry (finding gone): SSL991 in ci/a.sh: "
        "'tool --danger-error'" in result.stderr
    )
    assert _run(repo, "--baseline", "base.json", "--baseline-stale", "error").exit_code == 1
    quiet = _run(repo, "--baseline", "base.json", "--baseline-stale", "ignore")
    assert "stale" not in quiet.stderr
    # Entries of files outside the scanned paths are not stale.
    partial = _run(repo, "Dockerfile", "--baseline", "base.json", "--baseline-stale", "error")
    assert partial.exit_code == 0


def test_baseline_from_config(repo: Path) -> None:
    _run(repo, "--write-baseline", "base.json")
    (repo / "sslint.toml").write_text('baseline = "base.json"\n')
    result = _run(repo)
    assert result.exit_code == 0
    assert "4 findings are in baseline" in result.stderr


def test_bad_baseline_is_a_usage_error(repo: Path) -> None:
    (repo / "base.json").write_text("[1, 2]")
    result = _run(repo, "--baseline", "base.json")
    assert result.exit_code == 2
    assert "base.json: not an sslint baseline" in result.stderr
    assert _run(repo, "--baseline", "missing.json").exit_code == 2
    both = _run(repo, "--baseline", "a.json", "--write-baseline", "b.json")
    assert both.exit_code == 2


def test_load_rejects_malformed_entries(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"version": 1, "findings": [{"rule": "SSL101"}]}))
    with pytest.raises(ConfigError, match=r"findings\[0\]: malformed entry"):
        load_baseline(path)
    path.write_text(baseline_text([]))
    assert load_baseline(path).keys == frozenset()
