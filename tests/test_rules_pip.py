"""SSL101 / SSL102 in pip's spellings: options, env, pip.conf, pip config, pip-tools, pipx."""

from __future__ import annotations

from pathlib import Path

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import Scope
from sslint.rules import pip
from tests._facts import FactBuilder, run


def _commands(text: str) -> list[tuple]:
    return run(pip.CHECKER, FactBuilder(text).commands())


def test_trusted_host_spellings() -> None:
    assert _commands(
        "pip install --trusted-host pypi.org --trusted-host=files.pythonhosted.org x"
    ) == [("SSL101", 1, 13, 27), ("SSL101", 1, 37, 74)]
    # unique prefix, versioned pip, option after a positional argument
    assert _commands("pip3.12 install x --trusted h") == [("SSL101", 1, 19, 28)]
    assert _commands("python3 -m pip --trusted-host h install x") == [("SSL101", 1, 16, 30)]


def test_ambiguous_prefix_and_lookalikes_are_clean() -> None:
    # --t is --target, --timeout or --trusted-host: optparse refuses it
    assert _commands("pip install --t x") == []
    assert _commands("echo pip install --trusted-host x") == []
    assert _commands("pip install --cert /etc/ssl/corp.pem x") == []
    assert _commands("pip config unset global.trusted-host") == []


def test_index_urls() -> None:
    assert _commands("pip3 install -i http://pypi.corp.example/simple -ihttp://a.example/s x") == [
        ("SSL102", 1, 17, 48),
        ("SSL102", 1, 49, 69),
    ]
    assert _commands("pip wheel --find-links=http://wheels.corp.example/ -w dist .") == [
        ("SSL102", 1, 11, 51)
    ]
    assert _commands("pip install --extra-index-url https://pypi.org/simple x") == []
    assert _commands("pip install --index-url http://localhost:3141/root/+simple/ x") == []
    assert _commands("pip install --index-url http://127.0.0.2/simple x") == []
    assert _commands("pip install --proxy http://proxy.corp.example:3128 x") == []


def test_pip_config_set() -> None:
    assert _commands("pip config --user set global.trusted-host pypi.corp.example") == [
        ("SSL101", 1, 23, 42)
    ]
    assert _commands("pip config set install.trusted_host a") == [("SSL101", 1, 16, 36)]
    assert _commands("pip config set global.index-url http://pypi.corp.example/simple") == [
        ("SSL102", 1, 33, 64)
    ]
    assert _commands("pip config set global.cert /etc/ssl/corp.pem") == []


def test_pip_tools_and_pipx() -> None:
    assert _commands("pip-sync --trusted-host pypi.corp.example requirements.txt") == [
        ("SSL101", 1, 10, 24)
    ]
    assert _commands("pip-compile --pip-args '--trusted-host h' req.in") == [("SSL101", 1, 25, 39)]
    assert _commands('pipx install --pip-args="--trusted-host pypi.corp.example" poetry') == [
        ("SSL101", 1, 26, 40)
    ]
    assert _commands("pipx runpip poetry install --trusted-host h x") == [("SSL101", 1, 28, 42)]


def test_allowed_hosts_silence_only_those_hosts() -> None:
    config = Config(root=Path("."), allowed_hosts=("*.corp.example",))
    facts = FactBuilder(
        "pip install --trusted-host pypi.corp.example -i http://mirror.corp.example/s x\n"
        "pip install --trusted-host pypi.org x\n"
    ).commands()
    assert run(pip.CHECKER, facts, config) == [("SSL101", 2, 13, 27)]


def test_environment() -> None:
    fb = FactBuilder(
        'ENV PIP_TRUSTED_HOST="pypi.corp.example files.corp.example"\n'
        "ENV PIP_EXTRA_INDEX_URL=https://a.example/s http://b.example/s\n"
        "ENV PIP_INDEX_URL=https://pypi.org/simple\n"
        "ENV PIP_TRUSTED_HOST=\n",
        path="Dockerfile",
    )
    fb.env(1, "PIP_TRUSTED_HOST", Scope.IMAGE, "pypi.corp.example files.corp.example")
    fb.env(2, "PIP_EXTRA_INDEX_URL", Scope.IMAGE, "https://a.example/s http://b.example/s")
    fb.env(3, "PIP_INDEX_URL", Scope.IMAGE, "https://pypi.org/simple")
    fb.env(4, "PIP_TRUSTED_HOST", Scope.IMAGE, "")
    found = list(pip.CHECKER.check(fb.facts, Config()))
    assert [(f.rule_id, f.span.start_line, f.span.start_column) for f in found] == [
        ("SSL101", 1, 5),
        ("SSL102", 2, 5),
    ]
    assert "pypi.corp.example and files.corp.example" in found[0].message


def test_pip_conf_settings() -> None:
    text = (
        "[global]\n"
        "index-url = http://pypi.corp.example/simple\n"
        "extra-index-url =\n"
        "    https://pypi.org/simple\n"
        "    http://mirror.corp.example/simple\n"
        "trusted-host = a.corp.example\n"
        "    b.corp.example\n"
        "cert = /etc/ssl/corp.pem\n"
        "[install]\n"
        "trusted_host = pypi.org\n"
    )
    fb = FactBuilder(text, path="pip.conf", kind=kinds.PIP_CONF)
    fb.setting(kinds.PIP_CONF, 2, "index-url", "http://pypi.corp.example/simple", ("global",))
    fb.setting(
        kinds.PIP_CONF,
        3,
        "extra-index-url",
        None,
        ("global",),
        items=[("https://pypi.org/simple", 4), ("http://mirror.corp.example/simple", 5)],
        last_line=5,
    )
    fb.setting(kinds.PIP_CONF, 6, "trusted-host", "a.corp.example\n    b.corp.example", ("global",))
    fb.setting(kinds.PIP_CONF, 8, "cert", "/etc/ssl/corp.pem", ("global",))
    fb.setting(kinds.PIP_CONF, 10, "trusted_host", "pypi.org", ("install",))
    assert run(pip.CHECKER, fb.facts) == [
        ("SSL101", 6, 1, 13),
        ("SSL101", 10, 1, 13),
        ("SSL102", 2, 13, 44),
        ("SSL102", 5, 5, 38),
    ]


def test_ansible_pip_extra_args() -> None:
    fb = FactBuilder("- pip:\n    extra_args: --trusted-host pypi.corp.example\n", "p.yml")
    fb.setting("ansible", 2, "extra_args", "--trusted-host pypi.corp.example", ("pip",))
    assert run(pip.CHECKER, fb.facts) == [("SSL101", 2, 17, 31)]
