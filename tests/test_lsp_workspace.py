"""The language server reads nothing outside the workspace: folders and configuration bounds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.version_info < (3, 10):  # the lsp extra (pygls, lsprotocol) needs Python 3.10
    pytest.skip("the language server needs Python 3.10 or later", allow_module_level=True)

from sslint.linter.config import find_config
from sslint.lsp.diagnostics import check_document, inside, project_config


def test_inside_picks_the_innermost_folder(tmp_path: Path) -> None:
    outer, inner = tmp_path / "ws", tmp_path / "ws" / "sub"
    inner.mkdir(parents=True)
    assert inside(inner / "a.sh", [outer, inner]) == inner.resolve()
    assert inside(outer / "a.sh", [outer, inner]) == outer.resolve()
    assert inside(tmp_path / "wsx" / "a.sh", [outer]) is None  # a prefix is not a parent
    assert inside(tmp_path / "a.sh", [outer]) is None


def test_configuration_above_the_workspace_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "sslint.toml").write_text('ignore = ["SSL201"]\n')
    workspace = tmp_path / "ws"
    (workspace / "ci").mkdir(parents=True)
    script = workspace / "ci" / "get.sh"
    assert find_config(script.parent) == tmp_path / "sslint.toml"  # the CLI would use it
    assert find_config(script.parent, top=workspace) is None
    assert project_config(script, workspace).root == workspace
    checked = check_document(script, "curl -k https://example.org\n", workspace)
    assert [d.code for d in checked.diagnostics] == ["SSL201"]


def test_a_broken_configuration_fails_closed_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "sslint.toml").write_text('ignore = ["SSL201"\n')
    checked = check_document(tmp_path / "get.sh", "curl -k https://example.org\n", tmp_path)
    assert [d.code for d in checked.diagnostics] == ["SSL201"]
    assert checked.problem is not None and checked.problem.startswith("configuration: ")


def test_quick_fix_replacements() -> None:
    from sslint.lsp.quickfix import replacement

    assert replacement("SSL201", "-k") == ""
    assert replacement("SSL201", "--insecure") == ""
    assert replacement("SSL201", "-fsSLk") == "-fsSL"
    assert replacement("SSL201", "-kofile") == "-ofile"
    assert replacement("SSL201", "-kokay") is None  # which `k` is the flag is not simple
    assert replacement("SSL201", "--proxy-insecure") is None
    assert replacement("SSL202", "--no-check-certificate") == ""
    assert replacement("SSL202", "--no-check-cert") is None  # an abbreviation: left alone
    assert replacement("SSL101", "--trusted-host") is None
