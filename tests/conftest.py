"""Test session set-up: sslint's cache key goes to a private folder, not the user's,
and no test may leave a `.sslint_cache/` in the project or anywhere outside the
system's temporary folder (a scan of a tracked or shared folder must pass
`cache=False` / `--no-cache`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from sslint.linter import cache as cache_module

PROJECT = Path(__file__).resolve().parent.parent
_TEMP = os.path.realpath(tempfile.gettempdir())
_SKIPPED = {".git", ".venv", "node_modules", ".tox", ".mypy_cache", ".ruff_cache"}
_BEFORE: set[str] = set()
_VIOLATIONS = "SSLINT_TEST_CACHE_VIOLATIONS"


def _cache_folders(top: Path) -> set[str]:
    """Every `.sslint_cache` folder under `top` (virtual environments and git left out)."""
    found: set[str] = set()
    for folder, dirs, _ in os.walk(top):
        if cache_module.CACHE_DIR in dirs:
            found.add(os.path.join(folder, cache_module.CACHE_DIR))
        dirs[:] = [d for d in dirs if d not in _SKIPPED and d != cache_module.CACHE_DIR]
    return found


def _outside_temp(folder: Path) -> bool:
    real = os.path.realpath(folder)
    return not (real == _TEMP or real.startswith(_TEMP + os.sep))


def _guarded_put(original: Any) -> Any:
    def put(self: cache_module.ContentCache, *args: Any, **kwargs: Any) -> None:
        if _outside_temp(self.folder):
            # Forked workers share this file: the session reports what any process tried.
            with open(os.environ[_VIOLATIONS], "a", encoding="utf-8") as log:
                log.write(f"{self.folder}\n")
            return
        original(self, *args, **kwargs)

    return put


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="sslint-test-cache-")
    os.environ["XDG_CACHE_HOME"] = folder
    os.environ["LOCALAPPDATA"] = folder
    os.environ[_VIOLATIONS] = os.path.join(folder, "violations.txt")
    cache_module.ContentCache.put = _guarded_put(cache_module.ContentCache.put)  # type: ignore[method-assign]
    _BEFORE.update(_cache_folders(PROJECT))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session when a test wrote (or tried to write) a cache outside temp."""
    problems = sorted(_cache_folders(PROJECT) - _BEFORE)
    log = os.environ.get(_VIOLATIONS, "")
    if log and os.path.exists(log):
        with open(log, encoding="utf-8") as handle:
            problems += sorted({line.strip() for line in handle if line.strip()})
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        text = "tests wrote sslint caches outside the temporary folder:\n  " + "\n  ".join(problems)
        if reporter is not None:
            reporter.write_line(text, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
