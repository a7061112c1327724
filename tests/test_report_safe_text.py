"""Terminal-safe text: the one-test shortcuts give what escaping every character gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sslint.report.safe_text import TAB_WIDTH, char_width, escape_char, render_line, safe

_TEXT = st.text(
    st.sampled_from("ab é中\u0301\t\x1b\x07\x9b\u202e\u2028\ufeff\ud800\u061c~") | st.characters(),
    max_size=40,
)


def _render_each(text: str) -> tuple[str, list[int]]:
    """Character by character, as `render_line` is specified."""
    out, starts, column = [], [], 0
    for char in text:
        starts.append(column)
        if char == "\t":
            width = TAB_WIDTH - column % TAB_WIDTH
            out.append(" " * width)
        else:
            shown = escape_char(char)
            out.append(shown)
            width = len(shown) if shown != char else char_width(char)
        column += width
    starts.append(column)
    return "".join(out), starts


@given(_TEXT)
def test_safe_escapes_exactly_what_escape_char_escapes(text: str) -> None:
    assert safe(text) == "".join(escape_char(c) for c in text)


@given(_TEXT)
def test_render_line_agrees_with_the_character_walk(text: str) -> None:
    assert render_line(text) == _render_each(text)


def test_controls_are_shown_not_sent() -> None:
    assert safe("pip \x1b[2J\tok\u202e") == "pip \\x1b[2J\\x09ok\\u202e"
    assert render_line("a\tb") == ("a   b", [0, 1, 4, 5])
    assert render_line("ok") == ("ok", [0, 1, 2])
