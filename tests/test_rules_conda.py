"""SSL103 / SSL106 and conda's SSL102 forms."""

from __future__ import annotations

import pytest

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.rules import conda
from tests._facts import FactBuilder, run


def _commands(text: str) -> list[tuple]:
    return run(conda.CHECKER, FactBuilder(text).commands())


def test_insecure_options() -> None:
    assert _commands("conda install -y -k corp-gpu-tools") == [("SSL103", 1, 18, 20)]
    assert _commands("mamba install -yk x") == [("SSL103", 1, 15, 18)]
    assert _commands("mamba --insecure install x") == [("SSL103", 1, 7, 17)]
    assert _commands("micromamba install --ssl-verify false x") == [("SSL103", 1, 20, 32)]
    assert _commands("micromamba install --ssl-verify /etc/ssl/corp.pem x") == []
    # -k is conda's, not curl's: only conda programs
    assert _commands("conda create -n k -c conda-forge x") == []


def test_channels_over_http() -> None:
    assert _commands("conda install -c http://conda.corp.example/main x") == [("SSL102", 1, 18, 48)]
    assert _commands("conda config --add channels http://conda.corp.example/main") == [
        ("SSL102", 1, 29, 59)
    ]
    assert _commands("conda install -c https://conda.anaconda.org/conda-forge x") == []


def test_toggled_in_one_script_is_ssl106() -> None:
    text = (
        "conda config --set ssl_verify false\n"
        "conda install -y corp-tools\n"
        "conda config --set ssl_verify true\n"
    )
    assert _commands(text) == [("SSL106", 1, 20, 30)]


def test_not_restored_is_ssl103() -> None:
    fb = FactBuilder(
        "conda config --set ssl_verify False\n"
        "conda config --set ssl_verify true\n"
        "conda config --set ssl_verify no\n"
    )
    fb.command(1, script="a")
    fb.command(2, script="b")  # another script: does not restore the first
    fb.command(3, script="b")  # restore happened before: not restored
    assert run(conda.CHECKER, fb.facts) == [("SSL103", 1, 20, 30), ("SSL103", 3, 20, 30)]


@pytest.mark.parametrize("value", ["/etc/ssl/corp.pem", "truststore", "true"])
def test_config_set_to_a_verifying_value_is_clean(value: str) -> None:
    assert _commands(f"conda config --set ssl_verify {value}") == []


def test_remove_key_restores() -> None:
    text = "conda config --set ssl_verify 0\nconda config --remove-key ssl_verify\n"
    assert _commands(text) == [("SSL106", 1, 20, 30)]


@pytest.mark.parametrize(
    ("raw", "value", "value_type", "expected"),
    [
        ("false", "false", "bool", True),
        ("False", "False", "bool", True),
        ('"off"', "off", "str", True),
        ("n", "n", "str", True),
        ("0", "0", "int", True),
        ('""', "", "str", True),
        ("truststore", "truststore", "str", False),
        ("/etc/ssl/corp.pem", "/etc/ssl/corp.pem", "str", False),
        ("true", "true", "bool", False),
    ],
)
def test_condarc_ssl_verify(raw: str, value: str, value_type: str, expected: bool) -> None:
    fb = FactBuilder(f"ssl_verify: {raw}\n", ".condarc", kinds.CONDARC)
    setting = fb.setting(kinds.CONDARC, 1, "ssl_verify", value_type=value_type)
    if value:
        setting.value = fb.word(value, 1)
    else:
        setting.value = fb.word("", 1)
    assert run(conda.CHECKER, fb.facts) == ([("SSL103", 1, 1, 11)] if expected else [])


def test_condarc_alias_and_channels() -> None:
    text = (
        "channels:\n"
        "  - http://conda.corp.example/main\n"
        "  - conda-forge\n"
        "verify_ssl: no\n"
        "proxy_servers:\n"
        "  http: http://proxy.corp.example:3128\n"
    )
    fb = FactBuilder(text, ".mambarc", kinds.CONDARC)
    fb.setting(
        kinds.CONDARC,
        1,
        "channels",
        value_type="list",
        items=[("http://conda.corp.example/main", 2), ("conda-forge", 3)],
    )
    fb.setting(kinds.CONDARC, 4, "verify_ssl", "no")
    fb.setting(kinds.CONDARC, 6, "http", "http://proxy.corp.example:3128", ("proxy_servers",))
    assert run(conda.CHECKER, fb.facts) == [("SSL102", 2, 5, 35), ("SSL103", 4, 1, 11)]


def test_environment() -> None:
    fb = FactBuilder(
        "export CONDA_SSL_VERIFY=false\n"
        "export MAMBA_SSL_VERIFY=false\n"
        "export CONDA_SSL_VERIFY=/etc/ssl/corp.pem\n"
    )
    fb.env(1, "CONDA_SSL_VERIFY", Scope.SCRIPT, "false")
    fb.env(2, "MAMBA_SSL_VERIFY", Scope.SCRIPT, "false")
    fb.env(3, "CONDA_SSL_VERIFY", Scope.SCRIPT, "/etc/ssl/corp.pem")
    assert run(conda.CHECKER, fb.facts) == [("SSL103", 1, 8, 24), ("SSL103", 2, 8, 24)]
