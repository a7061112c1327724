"""Shared helpers of the hostile-input, safety and fuzz tests.

Every hostile test builds a small tree holding one bad file beside a good
Dockerfile with a known finding, runs a real scan through the command line
in a subprocess, and checks that the scan finished, reported the good file,
said one clear line about the bad one and leaked no traceback.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Union

from sslint.linter import kinds
from sslint.linter.readers import READERS
from sslint.rules import all_rules

GOOD_DOCKERFILE = "FROM python:3.12\nRUN pip install --trusted-host pypi.corp.example x\n"
GOOD_REQUIREMENTS = "--trusted-host pypi.corp.example\nrequests\n"
# The good files of every hostile tree: name -> (text, kind, SSL101 line, column).
GOOD_FILES: dict[str, tuple[str, str, int, int]] = {
    "Dockerfile": (GOOD_DOCKERFILE, kinds.DOCKERFILE, 2, 17),
    "requirements.txt": (GOOD_REQUIREMENTS, kinds.REQUIREMENTS, 1, 1),
}
TRUSTED = b"pip install --trusted-host pypi.corp.example x\n"

# A small file of every kind with text that passes the prefilter.
EVERY_KIND: dict[str, bytes] = {
    "Dockerfile": b"FROM python:3.12\nRUN " + TRUSTED,
    "build.sh": b"#!/bin/sh\n" + TRUSTED,
    "script": b"#!/usr/bin/env bash\n" + TRUSTED,
    "app.py": b"import requests\nrequests.get('https://pypi.org', verify=False)\n",
    ".gitlab-ci.yml": b"job:\n  script:\n    - " + TRUSTED,
    ".github/workflows/ci.yml": b"on: push\njobs:\n  b:\n    steps:\n      - run: " + TRUSTED,
    "action.yml": b"runs:\n  using: composite\n  steps:\n    - run: " + TRUSTED,
    "pip.conf": b"[global]\ntrusted-host = pypi.corp.example\n",
    "requirements.txt": b"--trusted-host pypi.corp.example\nrequests\n",
    ".condarc": b"ssl_verify: false\n",
    "environment.yml": b"dependencies:\n  - pip:\n    - --trusted-host pypi.corp.example\n",
    "Pipfile": b'[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = false\n',
    "pyproject.toml": b'[tool.uv]\nallow-insecure-host = ["pypi.corp.example"]\n',
    "uv.toml": b'allow-insecure-host = ["pypi.corp.example"]\n',
    "Makefile": b"all:\n\t" + TRUSTED,
    "tox.ini": b"[testenv]\ncommands = " + TRUSTED,
    ".npmrc": b"strict-ssl=false\n",
    ".gitconfig": b"[http]\n\tsslVerify = false\n",
    "docker-compose.yml": b"services:\n  a:\n    environment:\n      SSL_NO_VERIFY: '1'\n",
    "values.yaml": b"env:\n  - name: PYTHONHTTPSVERIFY\n    value: '0'\n",
    ".env": b"SSL_NO_VERIFY=1\n",
}

# The installed console script, as users run it: unlike `python -m sslint` run inside
# the scanned tree, it never imports modules that the tree plants beside it.
_SCRIPT = Path(sys.executable).with_name("sslint")
SSLINT: tuple[str, ...] = (str(_SCRIPT),) if _SCRIPT.exists() else (sys.executable, "-m", "sslint")

# A generous ceiling: a scan of these tiny trees that takes longer has hung.
HANG_TIMEOUT = 300

PathName = Union[str, bytes]


def has_rule(rule_id: str) -> bool:
    """Whether the catalogue has `rule_id`."""
    return any(rule.id == rule_id for rule in all_rules())


def can_report(kind: str) -> bool:
    """Whether SSL101 and the reader of `kind` are both there (a missing one fails)."""
    assert has_rule("SSL101"), "the catalogue lost SSL101"
    return reader_available(kind)


def reader_available(kind: str) -> bool:
    """The reader of `kind` imports; a kind with a reader that does not import fails.

    (A renamed or broken reader must never turn these tests into a silent pass.)
    """
    target = READERS.get(kind)
    assert target is not None, f"no reader for {kind}"
    module_name = target.partition(":")[0]
    importlib.import_module(module_name)
    return True


def write_good(root: Path) -> None:
    """Put the good files with their known findings into `root`."""
    for name, (text, _, _, _) in GOOD_FILES.items():
        (root / name).write_text(text, encoding="utf-8")


def expected_good_findings(prefix: str = "") -> set[tuple[str, str, int, int]]:
    """The known findings of the good files."""
    expected = {
        ("SSL101", prefix + name, line, column)
        for name, (_, kind, line, column) in GOOD_FILES.items()
        if can_report(kind)
    }
    assert len(expected) == len(GOOD_FILES)
    return expected


def write_bytes(root: Path, name: PathName, data: bytes) -> Path:
    """Write a file whose name may be bytes (non-UTF-8 names)."""
    path = os.path.join(os.fsencode(root), os.fsencode(name))
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


def run_sslint(
    root: Path,
    *args: str,
    fmt: str = "json",
    preexec_fn: Optional[Callable[[], None]] = None,
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[bytes]:
    """Run `sslint --format FMT ARGS` (default `.`) in `root` as a separate process."""
    command = [*prefix, *SSLINT, "--format", fmt, *(args or (".",))]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSLINT", "PYTHON"))}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        command,
        cwd=root,
        capture_output=True,
        timeout=HANG_TIMEOUT,
        env=env,
        preexec_fn=preexec_fn,
        check=False,
    )


def assert_incomplete(proc: subprocess.CompletedProcess[bytes]) -> None:
    """The scan finished, and failed closed: exit 3, the scan is incomplete."""
    assert_finished(proc)
    assert proc.returncode == 3, stderr_lines(proc)


def stderr_lines(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    """The lines sslint wrote to stderr."""
    return proc.stderr.decode("utf-8", "replace").splitlines()


INCOMPLETE_LINE = "sslint: error: scan incomplete: "


def assert_finished(proc: subprocess.CompletedProcess[bytes]) -> None:
    """The scan finished with a documented exit code and leaked no traceback.

    Exit 3 (a file not fully analysed) is a finished scan too, when stderr
    names the files (`sslint: error: PATH: …`) and says the scan is incomplete.
    """
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1, 3), (proc.returncode, err)
    lines = err.splitlines()
    incomplete = [line for line in lines if line.startswith(INCOMPLETE_LINE)]
    named = [
        line for line in lines if line.startswith("sslint: error: ") and line not in incomplete
    ]
    assert (proc.returncode == 3) == bool(incomplete) == bool(named), err
    for line in err.splitlines():
        assert "internal error" not in line, line
        assert line.startswith("sslint: "), f"stray stderr line: {line!r}"


def findings(proc: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    """The findings of a `--format json` run."""
    data = json.loads(proc.stdout.decode("utf-8"))
    items = data["findings"] if isinstance(data, dict) else data
    assert isinstance(items, list)
    return items


def assert_good_finding(proc: subprocess.CompletedProcess[bytes], prefix: str = "") -> None:
    """The known findings of the good files are reported."""
    expected = expected_good_findings(prefix)
    assert proc.returncode in (1, 3), stderr_lines(proc)  # 3: findings, and a file not analysed
    found = {(f["rule"], f["path"], f["line"], f["column"]) for f in findings(proc)}
    assert expected <= found, found


def notices_about(proc: subprocess.CompletedProcess[bytes], name: str) -> list[str]:
    """The stderr notice lines about the file `name` (the path is followed by a colon)."""
    return [line for line in stderr_lines(proc) if f"{name}:" in line]


def assert_one_notice(proc: subprocess.CompletedProcess[bytes], name: str, *words: str) -> str:
    """Exactly one stderr line names `name`, and it says each of `words`."""
    lines = notices_about(proc, name)
    assert len(lines) == 1, stderr_lines(proc)
    lowered = lines[0].lower()
    for word in words:
        assert word.lower() in lowered, lines[0]
    return lines[0]


def sarif_notifications(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    """Text of every SARIF tool execution notification (message and location URIs)."""
    log = json.loads(proc.stdout.decode("utf-8"))
    texts: list[str] = []
    for run in log["runs"]:
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                parts = [note.get("message", {}).get("text", "")]
                for location in note.get("locations", []):
                    artifact = location.get("physicalLocation", {}).get("artifactLocation", {})
                    parts.append(artifact.get("uri", ""))
                texts.append(" ".join(parts))
    return texts


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def drop_file_access_override() -> None:
    """In a child process: give up root's right to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def permissions_enforced(probe_dir: Path) -> Optional[Callable[[], None]]:
    """How to run a child that permission bits bind, or None when that is impossible.

    Returns a `preexec_fn` (None-returning no-op for non-root users).
    """
    probe = probe_dir / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        preexec: Optional[Callable[[], None]] = (
            drop_file_access_override if os.geteuid() == 0 else _no_op
        )
        try:
            proc = subprocess.run(
                [sys.executable, "-c", f"open({str(probe)!r}).read()"],
                preexec_fn=preexec,
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        denied = proc.returncode != 0 and b"PermissionError" in proc.stderr
        return preexec if denied else None
    finally:
        probe.chmod(0o600)
        probe.unlink()


def _no_op() -> None:
    return None
