"""tox.ini reader: commands as shell, setenv as JOB env, deps as requirements."""

from __future__ import annotations

from config_reader_support import at, read, setting

from sslint.linter import kinds
from sslint.linter.facts import Command, Scope

TOX = """\
[tox]
indexserver =
    default = http://pypi.corp.example/simple

[testenv]
setenv =
    PIP_TRUSTED_HOST = pypi.corp.example
    py311: SSL_NO_VERIFY=1
    file|.env
deps =
    -i http://pypi.corp.example/simple  # a comment
    py312: --trusted-host pypi.corp.example
    pytest
install_command = python -m pip install --trusted-host h.corp.example {opts} {packages}
commands_pre =
    - curl -k https://a.corp.example/x  # tolerated failure
commands =
    {envpython} -m pip install \\
        --trusted-host c.corp.example x
    pytest {posargs:-k "not slow"}
    echo a\\#b
allowlist_externals = curl --insecure

[testenv:lint]
commands = wget --no-check-certificate https://b.corp.example/x
"""


def _argv(command: Command) -> list[str]:
    return [w.text for w in command.words]


def test_commands_with_substitutions_continuations_and_prefixes() -> None:
    facts = read(TOX, kinds.TOX, "tox.ini")
    assert facts.notices == []
    argvs = [_argv(c) for c in facts.commands]
    assert ["curl", "-k", "https://a.corp.example/x"] in argvs
    assert ["python", "-m", "pip", "install", "--trusted-host", "c.corp.example", "x"] in argvs
    assert ["pytest", "-k", "not slow"] in argvs
    assert ["echo", "a#b"] in argvs or ["echo", "a\\#b"] in argvs
    assert ["wget", "--no-check-certificate", "https://b.corp.example/x"] in argvs
    assert not any("--insecure" in argv for argv in argvs)  # allowlist_externals is not a command
    continued = next(c for c in facts.commands if _argv(c)[:1] == ["python"] and "x" in _argv(c))
    assert at(continued.words[0].span)[:2] == (18, 5)
    assert at(continued.words[4].span) == (19, 9, 19, 23)


def test_commands_of_one_section_share_a_script() -> None:
    facts = read(TOX, kinds.TOX, "tox.ini")
    by_program = {_argv(c)[0]: c for c in facts.commands}
    assert by_program["curl"].script == by_program["pytest"].script
    assert by_program["wget"].script != by_program["curl"].script


def test_install_command() -> None:
    facts = read(TOX, kinds.TOX, "tox.ini")
    install = next(c for c in facts.commands if "h.corp.example" in _argv(c))
    assert at(install.words[4].span) == (14, 41, 14, 55)


def test_setenv_is_job_scoped_environment() -> None:
    env = {e.name: e for e in read(TOX, kinds.TOX, "tox.ini").env}
    assert set(env) == {"PIP_TRUSTED_HOST", "SSL_NO_VERIFY"}
    host = env["PIP_TRUSTED_HOST"]
    assert host.scope is Scope.JOB and at(host.name_span) == (7, 5, 7, 21)
    assert host.value is not None and at(host.value.span) == (7, 24, 7, 41)
    assert at(env["SSL_NO_VERIFY"].name_span) == (8, 12, 8, 25)


def test_deps_pip_options_are_pip_commands() -> None:
    facts = read(TOX, kinds.TOX, "tox.ini")
    pip = [_argv(c)[2:] for c in facts.commands if _argv(c)[:2] == ["pip", "install"]]
    assert ["-i", "http://pypi.corp.example/simple"] in pip
    assert ["--trusted-host", "pypi.corp.example"] in pip
    trusted = next(c for c in facts.commands if _argv(c)[2:3] == ["--trusted-host"])
    assert at(trusted.words[2].span) == (12, 12, 12, 26)


def test_every_key_is_a_setting() -> None:
    facts = read(TOX, kinds.TOX, "tox.ini")
    index = setting(facts, "indexserver", ("tox",))
    assert [w.text for w in index.items] == ["default", "=", "http://pypi.corp.example/simple"]
