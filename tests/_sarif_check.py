"""Validate SARIF with the Microsoft SARIF Multitool (`Sarif;Ghas` rules).

`scripts/install-sarif-validator.sh` installs it into `.tools/` (git-ignored);
`SARIF_MULTITOOL` may name another binary. The Multitool exits 0 even when it
finds errors, so its output log is read and every error-level result fails.
Outside CI a missing validator only skips the validation step (the dedicated
test in test_sarif_validator.py says how to install it); with `CI=true` it is
a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BINARY = (
    ROOT / ".tools/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
)
INSTALL_HINT = (
    "SARIF Multitool not installed: run `bash scripts/install-sarif-validator.sh` "
    "(npm install @microsoft/sarif-multitool into .tools/) or set SARIF_MULTITOOL"
)


def multitool() -> Optional[Path]:
    """The Multitool binary, or None when it is not installed."""
    binary = Path(os.environ.get("SARIF_MULTITOOL", DEFAULT_BINARY))
    return binary if binary.is_file() and os.access(binary, os.X_OK) else None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def validation_errors(sarif: Path, workdir: Path) -> list[str]:
    """Error-level results of `Sarif.Multitool validate --rule-kind Sarif;Ghas`."""
    binary = multitool()
    assert binary is not None, INSTALL_HINT
    log = workdir / f"{sarif.stem}.validation.sarif"
    log.unlink(missing_ok=True)
    proc = subprocess.run(
        [str(binary), "validate", "--rule-kind", "Sarif;Ghas", "-o", str(log), str(sarif)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
    )
    assert log.is_file(), f"the Multitool wrote no log:\n{proc.stdout}\n{proc.stderr}"
    data: dict[str, Any] = json.loads(log.read_text(encoding="utf-8-sig"))
    errors = []
    for run in data.get("runs", []):
        for result in run.get("results", []):
            if result.get("level", "warning") == "error":
                message = result.get("message", {})
                errors.append(f"{result.get('ruleId')}: {json.dumps(message)}")
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                if note.get("level") == "error":
                    errors.append(f"tool error: {json.dumps(note.get('message'))}")
    return errors


def assert_valid_sarif(text: str, workdir: Path, name: str = "report") -> dict[str, Any]:
    """Parse a SARIF document and validate it with the Multitool when it is available."""
    data: dict[str, Any] = json.loads(text)
    assert data["version"] == "2.1.0"
    if multitool() is None:
        if in_ci():
            pytest.fail(INSTALL_HINT)
        return data
    path = workdir / f"{name}.sarif"
    path.write_text(text, encoding="utf-8")
    errors = validation_errors(path, workdir)
    assert not errors, "\n".join(errors)
    return data
