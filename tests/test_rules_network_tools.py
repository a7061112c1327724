"""SSL201 curl, SSL202 wget, SSL203 git, SSL204 node: option grammar, env, config files."""

from __future__ import annotations

import pytest

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.rules import curl, git, node, wget
from sslint.rules.base import Checker
from tests._facts import FactBuilder, run


def _commands(checker: Checker, text: str) -> list[tuple]:
    return run(checker, FactBuilder(text).commands())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("curl -fsSLk https://a.example/x -o /tmp/x", [("SSL201", 1, 6, 12)]),
        ("curl -kfsSL https://a.example/x", [("SSL201", 1, 6, 12)]),
        ("curl https://a.example/x -k", [("SSL201", 1, 26, 28)]),
        ("curl --insecure https://a.example/x", [("SSL201", 1, 6, 16)]),
        ("curl --proxy-insecure -x https://p.example https://a", [("SSL201", 1, 6, 22)]),
        ("curl --doh-insecure https://a", [("SSL201", 1, 6, 20)]),
        ("sudo curl -sk https://a", [("SSL201", 1, 11, 14)]),
        # near misses: -K reads a config file, k is the argument of -o
        ("curl -K cfg https://a", []),
        ("curl -fsSLo k https://a", []),
        ("curl -ok https://a", []),
        ("curl -o k https://a", []),
        ("curl --cacert /etc/ssl/corp.pem https://a", []),
        ("echo curl -k https://a", []),
    ],
)
def test_curl(line: str, expected: list[tuple]) -> None:
    assert _commands(curl.CHECKER, line) == expected


def test_curlrc() -> None:
    fb = FactBuilder("insecure\n-k\n--insecure\n-sk\ncacert = /etc/ssl/corp.pem\n", ".curlrc")
    fb.setting(kinds.CURLRC, 1, "insecure")
    fb.setting(kinds.CURLRC, 2, "-k")
    fb.setting(kinds.CURLRC, 3, "--insecure")
    fb.setting(kinds.CURLRC, 4, "-sk")
    fb.setting(kinds.CURLRC, 5, "cacert", "/etc/ssl/corp.pem")
    assert run(curl.CHECKER, fb.facts) == [
        ("SSL201", 1, 1, 9),
        ("SSL201", 2, 1, 3),
        ("SSL201", 3, 1, 11),
        ("SSL201", 4, 1, 4),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("wget --no-check-certificate https://a", [("SSL202", 1, 6, 28)]),
        ("wget -q --no-check-cert https://a", [("SSL202", 1, 9, 24)]),
        ("wget --no-ch https://a", [("SSL202", 1, 6, 13)]),
        ("wget --check-certificate=off https://a", [("SSL202", 1, 6, 29)]),
        ("wget -e check_certificate=off https://a", [("SSL202", 1, 9, 30)]),
        ("wget --execute=check-certificate=no https://a", [("SSL202", 1, 6, 36)]),
        # --no-c is ambiguous (no-cache, no-clobber, no-cookies, ...)
        ("wget --no-c https://a", []),
        ("wget --ca-certificate=/etc/ssl/corp.pem https://a", []),
        ("wget -e robots=off https://a", []),
    ],
)
def test_wget(line: str, expected: list[tuple]) -> None:
    assert _commands(wget.CHECKER, line) == expected


def test_wgetrc() -> None:
    fb = FactBuilder("check_certificate = off\ncheck-certificate = no\nhttps_proxy = http://p\n")
    fb.setting(kinds.WGETRC, 1, "check_certificate", "off")
    fb.setting(kinds.WGETRC, 2, "check-certificate", "no")
    fb.setting(kinds.WGETRC, 3, "https_proxy", "http://p")
    assert run(wget.CHECKER, fb.facts) == [("SSL202", 1, 1, 18), ("SSL202", 2, 1, 18)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("git -c http.sslVerify=false clone https://g/x", [("SSL203", 1, 8, 28)]),
        ("git -c HTTP.SSLVERIFY=0 fetch", [("SSL203", 1, 8, 24)]),
        ("git -c http.https://g.example/.sslVerify=off pull", [("SSL203", 1, 8, 45)]),
        ("git clone -c http.sslverify=no https://g/x", [("SSL203", 1, 14, 31)]),
        ("git config --global http.sslVerify false", [("SSL203", 1, 21, 35)]),
        ("git config --file f --bool http.sslVerify False", [("SSL203", 1, 28, 42)]),
        ("git config set --system http.sslVerify false", [("SSL203", 1, 25, 39)]),
        ("git config --global http.sslVerify true", []),
        ("git config --global --unset http.sslVerify", []),
        ("git config --global http.sslCAInfo /etc/ssl/corp.pem", []),
        ("git -c http.sslVerify clone x", []),
        ("echo git -c http.sslVerify=false", []),
    ],
)
def test_git_commands(line: str, expected: list[tuple]) -> None:
    assert _commands(git.CHECKER, line) == expected


def test_git_environment() -> None:
    fb = FactBuilder(
        "export GIT_SSL_NO_VERIFY=false\n"
        "GIT_CONFIG_PARAMETERS=\"'http.sslVerify'='false'\"\n"
        "GIT_CONFIG_COUNT=1\n"
        "GIT_CONFIG_KEY_0=http.sslVerify\n"
        "GIT_CONFIG_VALUE_0=false\n"
        "GIT_SSL_CAINFO=/etc/ssl/corp.pem\n"
    )
    fb.env(1, "GIT_SSL_NO_VERIFY", Scope.SCRIPT, "false")
    fb.env(2, "GIT_CONFIG_PARAMETERS", Scope.COMMAND, "'http.sslVerify'='false'")
    fb.env(3, "GIT_CONFIG_COUNT", Scope.COMMAND, "1")
    fb.env(4, "GIT_CONFIG_KEY_0", Scope.COMMAND, "http.sslVerify")
    fb.env(5, "GIT_CONFIG_VALUE_0", Scope.COMMAND, "false")
    fb.env(6, "GIT_SSL_CAINFO", Scope.COMMAND, "/etc/ssl/corp.pem")
    assert run(git.CHECKER, fb.facts) == [
        ("SSL203", 1, 8, 25),
        ("SSL203", 2, 1, 22),
        ("SSL203", 4, 1, 17),
    ]


def test_gitconfig() -> None:
    text = (
        "[http]\n"
        "\tsslCAInfo = /etc/ssl/corp.pem\n"
        "\tsslVerify = true\n"
        '[http "https://git.corp.example/"]\n'
        "\tsslVerify = false\n"
        "[HTTP]\n"
        "\tSSLVERIFY = 0\n"
    )
    fb = FactBuilder(text, ".gitconfig", kinds.GITCONFIG)
    fb.setting(kinds.GITCONFIG, 2, "sslCAInfo", "/etc/ssl/corp.pem", ("http",))
    fb.setting(kinds.GITCONFIG, 3, "sslVerify", "true", ("http",))
    fb.setting(kinds.GITCONFIG, 5, "sslVerify", "false", ("http", "https://git.corp.example/"))
    fb.setting(kinds.GITCONFIG, 7, "SSLVERIFY", "0", ("HTTP",))
    assert run(git.CHECKER, fb.facts) == [("SSL203", 5, 2, 11), ("SSL203", 7, 2, 11)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("npm config set strict-ssl false", [("SSL204", 1, 16, 26)]),
        ("npm config set strict-ssl=false -g", [("SSL204", 1, 16, 32)]),
        ("npm set strict-ssl false", [("SSL204", 1, 9, 19)]),
        ("yarn config set strict-ssl false", [("SSL204", 1, 17, 27)]),
        ("pnpm config set strict-ssl false", [("SSL204", 1, 17, 27)]),
        ("yarn config set enableStrictSsl false", [("SSL204", 1, 17, 32)]),
        ("npm install --strict-ssl=false", [("SSL204", 1, 13, 31)]),
        ("npm ci --no-strict-ssl", [("SSL204", 1, 8, 23)]),
        ("npm install --strict-ssl false x", [("SSL204", 1, 13, 25)]),
        ("npm config set strict-ssl true", []),
        ("npm config set cafile /etc/ssl/corp.pem", []),
        ("npm config delete strict-ssl", []),
        ("echo npm config set strict-ssl false", []),
    ],
)
def test_node_commands(line: str, expected: list[tuple]) -> None:
    assert _commands(node.CHECKER, line) == expected


def test_node_environment_and_files() -> None:
    fb = FactBuilder(
        "NODE_TLS_REJECT_UNAUTHORIZED=0\n"
        "NODE_TLS_REJECT_UNAUTHORIZED=1\n"
        "npm_config_strict_ssl=false\n"
        "NPM_CONFIG_STRICT_SSL=true\n"
        "strict-ssl=false\n"
        "enableStrictSsl: false\n"
        "strict-ssl false\n"
    )
    fb.env(1, "NODE_TLS_REJECT_UNAUTHORIZED", Scope.SCRIPT, "0")
    fb.env(2, "NODE_TLS_REJECT_UNAUTHORIZED", Scope.SCRIPT, "1")
    fb.env(3, "npm_config_strict_ssl", Scope.SCRIPT, "false")
    fb.env(4, "NPM_CONFIG_STRICT_SSL", Scope.SCRIPT, "true")
    fb.setting(kinds.NPMRC, 5, "strict-ssl", "false")
    fb.setting(kinds.YARNRC_YML, 6, "enableStrictSsl", "false", value_type="bool")
    fb.setting(kinds.YARNRC, 7, "strict-ssl", "false")
    assert run(node.CHECKER, fb.facts) == [
        ("SSL204", 1, 1, 29),
        ("SSL204", 3, 1, 22),
        ("SSL204", 5, 1, 11),
        ("SSL204", 6, 1, 16),
        ("SSL204", 7, 1, 11),
    ]


def test_npm_config_options_with_values() -> None:
    text = "npm config --location user set strict-ssl false\n"
    assert _commands(node.CHECKER, text) == [("SSL204", 1, 32, 42)]
