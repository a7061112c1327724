"""pip.conf / pip.ini reader: configparser semantics with exact spans."""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.engine import read_facts
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.source import Source, Span


def _facts(text: str) -> FileFacts:
    return read_facts(Source("pip.conf", text), kinds.PIP_CONF)


def _at(span: Span) -> tuple[int, int, int, int]:
    return (span.start_line, span.start_column, span.end_line, span.end_column)


def _setting(facts: FileFacts, key: str) -> Setting:
    return next(s for s in facts.settings if s.key == key)


PIP_CONF = """\
# Company pip configuration
[global]
timeout = 60
index-url = http://pypi.corp.example/simple
extra-index-url =
    https://pypi.org/simple

    http://legacy.corp.example/simple
trusted-host =
    pypi.corp.example
    # a comment inside the value
    legacy.corp.example other.corp.example

[install]
trusted_host: files.pythonhosted.org
find-links = http://wheels.corp.example/ # not a comment for pip

[download]
# trusted-host = downloads.corp.example
"""


def test_sections_keys_and_values() -> None:
    facts = _facts(PIP_CONF)
    assert [(s.section, s.key) for s in facts.settings] == [
        (("global",), "timeout"),
        (("global",), "index-url"),
        (("global",), "extra-index-url"),
        (("global",), "trusted-host"),
        (("install",), "trusted_host"),
        (("install",), "find-links"),
    ]
    index = _setting(facts, "index-url")
    assert index.value is not None
    assert index.value.text == "http://pypi.corp.example/simple"
    assert _at(index.key_span) == (4, 1, 4, 10)
    assert _at(index.value.span) == (4, 13, 4, 44)
    assert index.statement == (4, 4)


def test_continuation_items_keep_their_own_spans() -> None:
    facts = _facts(PIP_CONF)
    extra = _setting(facts, "extra-index-url")
    assert [w.text for w in extra.items] == [
        "https://pypi.org/simple",
        "http://legacy.corp.example/simple",
    ]
    assert _at(extra.items[1].span) == (8, 5, 8, 38)
    assert extra.statement == (5, 8)
    hosts = _setting(facts, "trusted-host")
    assert [w.text for w in hosts.items] == [
        "pypi.corp.example",
        "legacy.corp.example",
        "other.corp.example",
    ]
    assert _at(hosts.key_span) == (9, 1, 9, 13)
    assert _at(hosts.items[2].span) == (12, 25, 12, 43)
    assert hosts.value is not None
    assert hosts.value.text == "pypi.corp.example\nlegacy.corp.example other.corp.example"


def test_colon_delimiter_underscore_key_and_no_inline_comments() -> None:
    facts = _facts(PIP_CONF)
    host = _setting(facts, "trusted_host")
    assert host.value is not None and host.value.text == "files.pythonhosted.org"
    assert _at(host.key_span) == (15, 1, 15, 13)
    links = _setting(facts, "find-links")
    assert [w.text for w in links.items][:2] == ["http://wheels.corp.example/", "#"]


def test_commented_key_is_not_a_setting() -> None:
    assert all(s.section != ("download",) for s in _facts(PIP_CONF).settings)


def test_crlf_and_empty_value() -> None:
    facts = _facts("[global]\r\ntrusted-host =\r\ncert = /etc/ca.pem\r\n")
    host = _setting(facts, "trusted-host")
    assert host.value is not None and host.value.text == ""
    assert host.items == []
    cert = _setting(facts, "cert")
    assert cert.value is not None and _at(cert.value.span) == (3, 8, 3, 19)


def test_broken_line_is_a_notice_and_reading_goes_on() -> None:
    facts = _facts("[global]\njust some words\ntrusted-host = a.corp.example\n")
    assert len(facts.notices) == 1 and facts.notices[0].line == 2
    assert [s.key for s in facts.settings] == ["trusted-host"]


def test_indented_section_header_under_a_key_continues_the_value() -> None:
    facts = _facts("[global]\nfind-links =\n  [x]\n")
    assert [w.text for w in _setting(facts, "find-links").items] == ["[x]"]
