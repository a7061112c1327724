"""Heavy parsers (and pathspec) are imported only when needed (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_PROBE = """
import json, sys
from sslint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = {"tree_sitter", "tree_sitter_bash", "yaml", "pathspec"}
loaded = sorted({m.split(".")[0] for m in sys.modules} & heavy)
sys.stderr.write("\\nLOADED=" + json.dumps(loaded) + "\\n")
"""


def _loaded(args: list[str], cwd: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    marker = done.stderr.rsplit("LOADED=", 1)
    assert len(marker) == 2, done.stderr
    loaded: list[str] = json.loads(marker[1])
    return loaded


def test_version_and_rules_load_no_parser(tmp_path: Path) -> None:
    assert _loaded(["--version"], tmp_path) == []
    assert _loaded(["rules"], tmp_path) == []


def test_a_scan_of_a_dockerfile_loads_the_shell_parser_only(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nRUN pip install --trusted-host h x\n")
    (tmp_path / "pip.conf").write_text("[global]\ntrusted-host = pypi.corp.example\n")
    loaded = _loaded(["check", "."], tmp_path)
    assert loaded == ["tree_sitter", "tree_sitter_bash"]  # the RUN line: the shell parser


def test_a_scan_without_shell_never_loads_the_shell_parser(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(
        "import requests\n\nrequests.get('https://pypi.org', verify=False)\n"
    )
    (tmp_path / "pip.conf").write_text("[global]\ntrusted-host = pypi.corp.example\n")
    loaded = _loaded(["check", "."], tmp_path)
    assert "tree_sitter" not in loaded
    assert "tree_sitter_bash" not in loaded


def test_a_scan_of_files_without_tokens_loads_no_parser(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print('hello')\n")
    (tmp_path / "run.sh").write_text("#!/bin/sh\necho hello\n")
    assert _loaded(["check", "."], tmp_path) == []
