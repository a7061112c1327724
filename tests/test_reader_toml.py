"""TOML locator and TOML readers: every key and value at its exact span."""

from __future__ import annotations

import pytest

from sslint.linter import kinds
from sslint.linter.engine import read_facts
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.source import Source, Span


def _facts(text: str, kind: str = kinds.PYPROJECT, path: str = "pyproject.toml") -> FileFacts:
    return read_facts(Source(path, text), kind)


def _at(span: Span) -> tuple[int, int, int, int]:
    return (span.start_line, span.start_column, span.end_line, span.end_column)


def _get(facts: FileFacts, section: tuple[str, ...], key: str) -> Setting:
    return next(s for s in facts.settings if s.section == section and s.key == key)


TORTURE = '''\
# comment
title = "a \\"quoted\\" \\u00e9 word" # trailing comment
literal = 'C:\\no\\escapes'
multi = """
first \\
    second"""
multi_literal = \'\'\'
raw \\n line\'\'\'
int = 1_000
neg = 0x1F
flt = 6.02e23
inf = -inf
when = 1979-05-27 07:32:00Z
day = 1979-05-27
hosts = [
    "pypi.corp.example",  # a comment
    'files.corp.example',
    ["nested.corp.example"],
]
"quoted key" = true
site."dotted.part".leaf = false
inline = { url = "http://a.corp.example", nested = { verify = false } }

[tool.uv]
allow-insecure-host = ["x.corp.example"]

[[tool.uv.index]]
url = "http://one.corp.example/simple"

[[tool.uv.index]]
url = "https://two.corp.example/simple"
subs = [{ url = "http://three.corp.example" }]

[[tool.uv.index.extra]]
name = "deep"
'''


def test_string_kinds_and_escapes() -> None:
    facts = _facts(TORTURE)
    assert facts.notices == []
    title = _get(facts, (), "title")
    assert title.value is not None
    assert title.value.text == 'a "quoted" é word'
    assert _at(title.value.span) == (2, 10, 2, 34)
    literal = _get(facts, (), "literal")
    assert literal.value is not None and literal.value.text == "C:\\no\\escapes"
    assert _at(literal.value.span) == (3, 12, 3, 25)
    multi = _get(facts, (), "multi")
    assert multi.value is not None and multi.value.text == "first second"
    assert _at(multi.value.span) == (5, 1, 6, 11)
    raw = _get(facts, (), "multi_literal")
    assert raw.value is not None and raw.value.text == "raw \\n line"
    assert raw.statement == (7, 8)


def test_scalars_keep_their_toml_text_and_types() -> None:
    facts = _facts(TORTURE)
    expected = {
        "int": ("1_000", "int"),
        "neg": ("0x1F", "int"),
        "flt": ("6.02e23", "float"),
        "inf": ("-inf", "float"),
        "when": ("1979-05-27 07:32:00Z", "str"),
        "day": ("1979-05-27", "str"),
        "quoted key": ("true", "bool"),
    }
    for key, (text, value_type) in expected.items():
        setting = _get(facts, (), key)
        assert setting.value is not None and setting.value.text == text, key
        assert setting.value_type == value_type, key
    assert _at(_get(facts, (), "quoted key").key_span) == (20, 1, 20, 13)


def test_multiline_array_items_flatten_nested_arrays() -> None:
    hosts = _get(_facts(TORTURE), (), "hosts")
    assert hosts.value is None and hosts.value_type == "list"
    assert [w.text for w in hosts.items] == [
        "pypi.corp.example",
        "files.corp.example",
        "nested.corp.example",
    ]
    assert _at(hosts.items[1].span) == (17, 6, 17, 24)
    assert hosts.statement == (15, 19)


def test_dotted_and_quoted_keys_extend_the_section() -> None:
    facts = _facts(TORTURE)
    leaf = _get(facts, ("site", "dotted.part"), "leaf")
    assert _at(leaf.key_span) == (21, 1, 21, 24)
    assert leaf.value is not None and leaf.value.text == "false" and leaf.value_type == "bool"


def test_inline_tables_give_nested_settings() -> None:
    facts = _facts(TORTURE)
    assert _get(facts, (), "inline").value_type == "map"
    url = _get(facts, ("inline",), "url")
    assert url.value is not None and _at(url.value.span) == (22, 19, 22, 40)
    verify = _get(facts, ("inline", "nested"), "verify")
    assert _at(verify.key_span) == (22, 54, 22, 60)


def test_tables_and_arrays_of_tables_are_indexed() -> None:
    facts = _facts(TORTURE)
    assert _get(facts, ("tool", "uv"), "allow-insecure-host").items[0].text == "x.corp.example"
    first = _get(facts, ("tool", "uv", "index", "0"), "url")
    second = _get(facts, ("tool", "uv", "index", "1"), "url")
    assert first.value is not None and first.value.text == "http://one.corp.example/simple"
    assert second.value is not None and second.key_span.start_line == 31
    sub = _get(facts, ("tool", "uv", "index", "1", "subs", "0"), "url")
    assert sub.value is not None and sub.value.text == "http://three.corp.example"
    assert _get(facts, ("tool", "uv", "index", "1", "extra", "0"), "name").key_span.start_line == 35


def test_crlf_positions() -> None:
    facts = _facts('[[source]]\r\nurl = "http://a.corp.example"\r\nverify_ssl = false\r\n')
    verify = _get(facts, ("source", "0"), "verify_ssl")
    assert _at(verify.key_span) == (3, 1, 3, 11)
    assert verify.value is not None and _at(verify.value.span) == (3, 14, 3, 19)


@pytest.mark.parametrize(
    "text",
    ['a = "unterminated\n', "[t]\nb = 1\n[t]\nb = 2\n", "= 1\n", "a = [1,,]\n", "a = 1 b = 2\n"],
)
def test_invalid_toml_is_one_notice(text: str) -> None:
    facts = _facts(text)
    assert len(facts.notices) == 1
    assert facts.notices[0].message.startswith("invalid TOML")
    assert facts.settings == []


@pytest.mark.parametrize(
    ("kind", "path", "text", "section", "key", "line"),
    [
        (
            kinds.PIPFILE,
            "Pipfile",
            '[[source]]\nurl = "u"\nverify_ssl = false\n',
            ("source", "0"),
            "verify_ssl",
            3,
        ),
        (kinds.UV_TOML, "uv.toml", 'allow-insecure-host = ["h"]\n', (), "allow-insecure-host", 1),
        (
            kinds.POETRY_TOML,
            "poetry.toml",
            "certificates.corp.cert = false\n",
            ("certificates", "corp"),
            "cert",
            1,
        ),
        (kinds.PIXI, ".pixi/config.toml", "tls-no-verify = true\n", (), "tls-no-verify", 1),
        (
            kinds.PIXI,
            "pixi.toml",
            '[pypi-config]\nallow-insecure-host = ["h"]\n',
            ("pypi-config",),
            "allow-insecure-host",
            2,
        ),
    ],
)
def test_each_toml_kind_is_read(
    kind: str, path: str, text: str, section: tuple[str, ...], key: str, line: int
) -> None:
    assert kinds.detect(path) == kind
    setting = _get(_facts(text, kind, path), section, key)
    assert setting.file_kind == kind
    assert setting.key_span.start_line == line
