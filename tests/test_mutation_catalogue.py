"""The mutation check's catalogue stays runnable: each replacement finds its text exactly
once in the current sources and names tests that exist (the check itself runs in CI
after the tests; this keeps a renamed function or test from breaking it unnoticed)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mutation_check", ROOT / "scripts" / "mutation_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation_check"] = module
    spec.loader.exec_module(module)
    return module


check = _load()
NAMES = [m.name for m in check.MUTATIONS]


def test_the_catalogue_covers_the_system_properties() -> None:
    paths = {m.path for m in check.MUTATIONS}
    assert {
        "sslint/linter/parallel.py",
        "sslint/linter/cache.py",
        "sslint/linter/engine.py",
        "action.yml",
        "sslint/linter/readers/__init__.py",
        "sslint/rules/_python_fallback.py",
        "sslint/report/sarif.py",
        "sslint/cli.py",
        "sslint/linter/baseline.py",
    } <= paths
    assert len(set(NAMES)) == len(NAMES)


@pytest.mark.parametrize("mutation", check.MUTATIONS, ids=NAMES)
def test_each_mutation_applies_once_to_the_current_source(mutation: Any) -> None:
    text = (ROOT / mutation.path).read_text(encoding="utf-8")
    assert check.mutated_text(text, mutation) != text


@pytest.mark.parametrize("mutation", check.MUTATIONS, ids=NAMES)
def test_each_mutation_names_tests_that_exist(mutation: Any) -> None:
    assert mutation.tests
    for node in mutation.tests:
        path, _, function = node.partition("::")
        function = function.partition("[")[0]  # a parametrised case
        source = (ROOT / path).read_text(encoding="utf-8")
        if function:
            assert re.search(rf"^def {re.escape(function)}\(", source, re.M), node


def test_text_not_found_or_found_twice_stops_the_check() -> None:
    missing = check.Mutation("gone", "x.py", "return 1", "return 2", ("tests/x.py",))
    with pytest.raises(check.CheckError, match=r"x\.py: .*'gone' occurs 0 times"):
        check.mutated_text("return 0\n", missing)
    with pytest.raises(check.CheckError, match="occurs 2 times"):
        check.mutated_text("return 1\nreturn 1\n", missing)
    assert check.mutated_text("a\nreturn 1\n", missing) == "a\nreturn 2\n"


def test_the_copys_virtualenv_imports_sslint_from_the_copy(tmp_path: Path) -> None:
    """Even the `sslint` command with `PYTHON*` variables removed runs the copy's code."""
    project = tmp_path / "project"
    (project / "sslint").mkdir(parents=True)
    (project / "sslint" / "__init__.py").write_text("")
    (project / "sslint" / "cli.py").write_text(
        "def main() -> int:\n    print('copy')\n    return 0\n"
    )
    python = check.make_venv(tmp_path / "venv", project)
    check.check_imports(python, project)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(python.with_name("sslint"))], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, "copy\n"), done.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(check.CheckError, match=r"imports sslint from .*project/sslint/cli\.py"):
        check.check_imports(python, elsewhere)
