"""dotenv reader: assignments of scope FILE."""

from __future__ import annotations

from config_reader_support import at, read

from sslint.linter import kinds
from sslint.linter.facts import Scope

DOTENV = """\
# environment for local runs
SSL_NO_VERIFY=1
export PIP_TRUSTED_HOST=pypi.corp.example  # comment
NODE_TLS_REJECT_UNAUTHORIZED = '0'
MULTI="line one
line two \\"q\\""
URL=http://a.corp.example/#anchor
TOKEN=${SECRET}
EMPTY=
BARE
"""


def test_assignments_with_values_and_spans() -> None:
    facts = read(DOTENV, kinds.DOTENV, ".env")
    assert facts.notices == []
    env = {e.name: e for e in facts.env}
    assert list(env) == [
        "SSL_NO_VERIFY",
        "PIP_TRUSTED_HOST",
        "NODE_TLS_REJECT_UNAUTHORIZED",
        "MULTI",
        "URL",
        "TOKEN",
        "EMPTY",
        "BARE",
    ]
    assert all(e.scope is Scope.FILE for e in facts.env)
    first = env["SSL_NO_VERIFY"]
    assert at(first.name_span) == (2, 1, 2, 14)
    assert first.value is not None and at(first.value.span) == (2, 15, 2, 16)
    host = env["PIP_TRUSTED_HOST"]
    assert at(host.name_span) == (3, 8, 3, 24)
    assert host.value is not None and host.value.text == "pypi.corp.example"
    node = env["NODE_TLS_REJECT_UNAUTHORIZED"]
    assert node.value is not None and node.value.text == "0"
    assert at(node.value.span) == (4, 33, 4, 34)


def test_quoted_multi_line_expansions_and_missing_values() -> None:
    env = {e.name: e for e in read(DOTENV, kinds.DOTENV).env}
    multi = env["MULTI"]
    assert multi.value is not None and multi.value.text == 'line one\nline two "q"'
    assert multi.statement == (5, 6)
    url = env["URL"]
    assert url.value is not None and url.value.text == "http://a.corp.example/#anchor"
    token = env["TOKEN"]
    assert token.value is not None and not token.value.known
    empty = env["EMPTY"]
    assert empty.value is not None and empty.value.text == ""
    assert env["BARE"].value is None
