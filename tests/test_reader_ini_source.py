"""The shared INI scanner: dialect switches and spans."""

from __future__ import annotations

from config_reader_support import at

from sslint.linter.readers.ini_source import CONFIGPARSER, IniDialect, scan, section_path
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
