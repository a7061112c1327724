"""The README's editor snippets start `sslint server`, the command the LSP tests drive."""

from __future__ import annotations

import json
import re
import sys

from _readme import code_blocks

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_vscode_settings() -> None:
    (settings,) = (json.loads(block) for block in code_blocks("Editors", "json"))
    assert settings["glspc.server.command"] == "sslint"
    assert settings["glspc.server.commandArguments"] == ["server"]
    assert {"dockerfile", "yaml", "shellscript"} <= set(settings["glspc.server.languageId"])


def test_neovim_lua() -> None:
    (lua,) = code_blocks("Editors", "lua")
    assert 'cmd = { "sslint", "server" }' in lua
    assert "vim.lsp.start(" in lua
    assert re.search(r'pattern = \{[^}]*"dockerfile"[^}]*"yaml"', lua)
    assert lua.count("(") == lua.count(")") and lua.count("{") == lua.count("}")


def test_helix_languages() -> None:
    (toml,) = code_blocks("Editors", "toml")
    config = tomllib.loads(toml)
    assert config["language-server"]["sslint"] == {"command": "sslint", "args": ["server"]}
    for language in config["language"]:
        assert language["language-servers"][-1] == "sslint"


def test_install_line_names_the_lsp_extra() -> None:
    (install,) = code_blocks("Editors", "sh")
    assert install.strip() == "pip install 'sslint[lsp]'"


def test_the_lsp_extra_installs_pygls() -> None:
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    (requirement,) = pyproject["project"]["optional-dependencies"]["lsp"]
    assert requirement.startswith("pygls>=2") and "python_version >= '3.10'" in requirement
