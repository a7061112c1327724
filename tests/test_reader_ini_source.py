"""The shared INI scanner: dialect switches and spans."""

from __future__ import annotations

import configparser

from config_reader_support import at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslint.linter.readers.sources.ini_source import CONFIGPARSER, IniDialect, scan, section_path
from sslint.linter.source import Source

TEXT = """\
[a]
key = value ; tail
flag
  [not-a-section]
[b]
k: v
"""


def test_inline_comments_only_where_the_dialect_has_them() -> None:
    view = Source("x.ini", TEXT).whole()
    plain = scan(view, IniDialect(allow_no_value=True))
    plain_word = plain[0].value_word(view)
    assert plain_word is not None and plain_word.text == "value ; tail"
    inline = scan(view, IniDialect(inline_comment_prefixes=(";",), allow_no_value=True))
    word = inline[0].value_word(view)
    assert word is not None and word.text == "value" and at(word.span) == (2, 7, 2, 12)


def test_bare_keys_continuations_and_colon_delimiter() -> None:
    view = Source("x.ini", TEXT).whole()
    entries = scan(view, IniDialect(allow_no_value=True))
    flag = entries[1]
    assert flag.key == "flag" and not flag.has_value
    assert [w.text for w in flag.item_words(view)] == ["[not-a-section]"]
    assert (entries[2].section, entries[2].key) == (("b",), "k")
    notices: list[tuple[str, int]] = []
    strict = scan(view, CONFIGPARSER, lambda message, line: notices.append((message, line)))
    assert [line for _, line in notices] == [3]
    assert [e.key for e in strict] == ["key", "k"]


def test_git_style_subsections() -> None:
    dialect = IniDialect(subsections=True)
    assert section_path('http "https://h.corp.example/"', dialect) == (
        "http",
        "https://h.corp.example/",
    )
    assert section_path("core", dialect) == ("core",)
    assert section_path('http "x"', CONFIGPARSER) == ('http "x"',)


_NAME = st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True)
_VALUE = st.from_regex(r"[a-z0-9:/.#; -]{0,12}", fullmatch=True).map(str.strip)


@st.composite
def _ini(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for section in draw(st.lists(_NAME, min_size=1, max_size=3, unique=True)):
        lines.append(f"[{section}]")
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["# comment", "; comment", "", "  # indented"])))
        for key in draw(st.lists(_NAME, max_size=4, unique=True)):
            delimiter = draw(st.sampled_from(["=", " = ", ": ", ":"]))
            lines.append(f"{key}{delimiter}{draw(_VALUE)}")
            for extra in draw(st.lists(_VALUE.filter(bool), max_size=2)):
                lines.append(draw(st.sampled_from(["  ", "\t", "    "])) + extra)
                if draw(st.booleans()):
                    lines.append(draw(st.sampled_from(["", "    # inner comment"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ini(), st.booleans())
def test_scanner_agrees_with_configparser(text: str, inline: bool) -> None:
    prefixes = (";",) if inline else ()
    parser = configparser.RawConfigParser(inline_comment_prefixes=prefixes or None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    view = Source("x.ini", text).whole()
    entries = scan(view, IniDialect(inline_comment_prefixes=prefixes))
    expected = [
        ((section,), key, parser.get(section, key).strip("\n"))
        for section in parser.sections()
        for key in parser.options(section)
    ]
    got = []
    for entry in entries:
        word = entry.value_word(view)
        assert word is not None
        got.append((entry.section, entry.key, word.text))
    # configparser keeps blank lines inside a value; the scanner joins the non-blank ones
    assert [
        (s, k, "\n".join(line for line in v.split("\n") if line)) for s, k, v in expected
    ] == got
