"""The README's quick start, run exactly as written (on a sample repository)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from _project_copy import copy_project
from _readme import first_command_block


@pytest.mark.slow
def test_quick_start_installs_and_scans(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    command = first_command_block().strip()
    assert command.endswith("sslint path/to/repo")
    project = copy_project(tmp_path / "sslint")
    repo = project / "path" / "to" / "repo"
    repo.mkdir(parents=True)
    (repo / "Dockerfile").write_text(
        "FROM python:3.12\nRUN pip install --trusted-host pypi.org flask\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    proc = subprocess.run(
        ["bash", "-c", command],
        cwd=project,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "path/to/repo/Dockerfile:2:17: SSL101 [error] pip trusts pypi.org" in proc.stdout
    assert "Found 1 finding" in proc.stdout
