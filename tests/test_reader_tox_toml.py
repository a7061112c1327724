"""tox in TOML: tox.toml and [tool.tox] in pyproject.toml."""

from __future__ import annotations

from config_reader_support import at, read

from sslint.linter import kinds
from sslint.linter.facts import Scope

TOX_TOML = """\
env_list = ["py312"]

[env_run_base]
deps = ["-i http://pypi.corp.example/simple", "pytest"]
commands = [
    ["pip", "install", "--trusted-host", "pypi.corp.example", "x"],
    ["pytest", { replace = "posargs", default = ["tests"] }],
]
set_env = { PIP_TRUSTED_HOST = "pypi.corp.example" }

[env.lint]
commands_pre = [["curl", "-k", "https://a.corp.example/ruff.toml"]]

[env.lint.set_env]
SSL_NO_VERIFY = "1"
"""


def test_tox_toml_commands_env_and_deps() -> None:
    assert kinds.detect("tox.toml") == kinds.TOX_TOML
    facts = read(TOX_TOML, kinds.TOX_TOML, "tox.toml")
    assert facts.notices == []
    argvs = [[w.text for w in c.words] for c in facts.commands]
    assert argvs == [
        ["pip", "install", "-i", "http://pypi.corp.example/simple"],
        ["pip", "install", "--trusted-host", "pypi.corp.example", "x"],
        ["pytest"],
        ["curl", "-k", "https://a.corp.example/ruff.toml"],
    ]
    trusted = facts.commands[1]
    assert at(trusted.words[2].span) == (6, 25, 6, 39)
    assert trusted.statement == (6, 6)
    assert facts.commands[1].script == facts.commands[2].script != facts.commands[3].script
    env = {e.name: e for e in facts.env}
    assert set(env) == {"PIP_TRUSTED_HOST", "SSL_NO_VERIFY"}
    assert env["SSL_NO_VERIFY"].scope is Scope.JOB
    assert at(env["SSL_NO_VERIFY"].name_span) == (15, 1, 15, 14)
    assert at(env["PIP_TRUSTED_HOST"].name_span) == (9, 13, 9, 29)


PYPROJECT = '''\
[project]
name = "x"

[tool.tox]
legacy_tox_ini = """
[testenv]
commands =
    curl -k https://a.corp.example/x
"""

[tool.tox.env_run_base]
commands = [["wget", "--no-check-certificate", "https://b.corp.example/"]]
'''


def test_pyproject_tool_tox_native_and_legacy() -> None:
    facts = read(PYPROJECT, kinds.PYPROJECT, "pyproject.toml")
    argvs = {tuple(w.text for w in c.words): c for c in facts.commands}
    curl = argvs[("curl", "-k", "https://a.corp.example/x")]
    assert at(curl.words[1].span) == (8, 10, 8, 12)
    wget = argvs[("wget", "--no-check-certificate", "https://b.corp.example/")]
    assert at(wget.words[1].span) == (12, 23, 12, 45)
