"""The SARIF Multitool harness itself, and full sslint runs validated end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _sarif_check import INSTALL_HINT, assert_valid_sarif, in_ci, multitool, validation_errors

pytestmark = pytest.mark.slow


@pytest.fixture
def validator() -> Path:
    binary = multitool()
    if binary is None:
        if in_ci():
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return binary


@pytest.mark.usefixtures("validator")
def test_harness_reports_error_level_results(tmp_path: Path) -> None:
    broken = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [{"message": {"text": "m"}, "locations": []}],
            }
        ],
    }
    path = tmp_path / "broken.sarif"
    path.write_text(json.dumps(broken))
    errors = validation_errors(path, tmp_path)
    assert any(error.startswith("SARIF1010") for error in errors), errors  # no ruleId


def _tree(root: Path) -> None:
    files = {
        "Dockerfile": "FROM python:3.12\nRUN pip install --trusted-host pypi.org flask\n",
        ".condarc": "ssl_verify: false\n",
        "ci/build.sh": "#!/bin/sh\nexport SSL_NO_VERIFY=1\nconda install x\n",
        "app/http.py": "import requests\nrequests.get('https://x.corp.example', verify=False)\n",
        "dir with space/requirements.txt": "--trusted-host pypi.org\n",
        "naïve#%/pip.conf": "[global]\ntrusted-host = pypi.org\n",
        "broken.yml": "a: [\n",
        "binary.sh": "#!/bin/sh\n\0\0",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.mark.usefixtures("validator")
def test_full_scan_sarif_passes_the_multitool(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _tree(repo)
    proc = subprocess.run(
        [sys.executable, "-m", "sslint", "--format", "sarif", "."],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    data = assert_valid_sarif(proc.stdout, tmp_path, "full-scan")
    run = data["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert {"Dockerfile", ".condarc", "dir%20with%20space/requirements.txt"} <= uris
    assert "na%C3%AFve%23%25/pip.conf" in uris
    assert run["invocations"][0]["toolExecutionNotifications"]
