"""Python string literals as views: the value of `"a\\tb"` mapped back to where it is written.

A literal's value differs from its text (quotes, prefixes, escapes, implicit
concatenation, f-string replacement fields). `literal_view` builds a view whose
text is the value and whose map points every character at the character (or
escape sequence) that produced it, so a flag inside a string is reported
exactly where it is written.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple, Optional

from sslint.linter.source import View, ViewBuilder

_PREFIX_RE = re.compile(r"[rRbBuUfFtT]{0,2}(?=['\"])")
_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_OCTAL_RE = re.compile(r"[0-7]{1,3}")
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}


class Literal(NamedTuple):
    """A string literal's value as a view; `known` is False for f-string fields."""

    view: View
    known: bool


def literal_view(view: View, start: int, end: int) -> Optional[Literal]:
    """The value of the string literal(s) written in view range [start, end).

    Returns None when the range is not a (possibly implicitly concatenated,
    possibly parenthesised) sequence of string literals.
    """
    text = view.text
    builder = ViewBuilder(view)
    known = True
    pos = start
    found = False
    while True:
        pos = _skip_blank(text, pos, end)
        if pos >= end:
            break
        prefix = _PREFIX_RE.match(text, pos, end)
        if prefix is None:
            return None
        flags = prefix.group(0).lower()
        pos = prefix.end()
        quote = text[pos : pos + 3] if text[pos : pos + 3] in ('"""', "'''") else text[pos]
        pos += len(quote)
        closed = _read_body(text, pos, end, quote, flags, builder)
        if closed is None:
            return None
        pos, body_known = closed
        known = known and body_known
        found = True
    if not found:
        return None
    return Literal(builder.build(), known)


def _skip_blank(text: str, pos: int, end: int) -> int:
    """Skip white space, parentheses, comments and backslash continuations."""
    while pos < end:
        char = text[pos]
        if char in " \t\r\n\f()":
            pos += 1
        elif char == "\\" and pos + 1 < end and text[pos + 1] in "\r\n":
            pos += 2
        elif char == "#":
            newline = text.find("\n", pos, end)
            pos = end if newline < 0 else newline
        else:
            break
    return pos


def _read_body(
    text: str, pos: int, end: int, quote: str, flags: str, builder: ViewBuilder
) -> Optional[tuple[int, bool]]:
    """Add one literal body to `builder`; the position after its closing quote."""
    raw = "r" in flags
    formatted = "f" in flags or "t" in flags
    known = True
    run_start = pos
    depth = 0
    while pos < end:
        if depth == 0 and text.startswith(quote, pos):
            builder.add(run_start, pos)
            return pos + len(quote), known
        char = text[pos]
        if formatted and char in "{}":
            if depth == 0 and text.startswith(char * 2, pos):
                builder.add(run_start, pos + 1)
                pos += 2
                run_start = pos
                continue
            # A replacement field stays as written and makes the value unknown.
            known = False
            depth += 1 if char == "{" else -1
            depth = max(depth, 0)
            pos += 1
            continue
        if char == "\\" and not raw and depth == 0:
            builder.add(run_start, pos)
            pos = _escape(text, pos, end, builder)
            run_start = pos
            continue
        if char == "\\" and pos + 1 < end:
            pos += 2
            continue
        pos += 1
    return None


def _escape(text: str, pos: int, end: int, builder: ViewBuilder) -> int:
    """Resolve the escape sequence at `pos`; the position after it."""
    if pos + 1 >= end:
        builder.add(pos, pos + 1)
        return pos + 1
    char = text[pos + 1]
    if char == "\n":
        return pos + 2
    if char == "\r":
        return pos + 3 if text.startswith("\n", pos + 2) else pos + 2
    if char in _SIMPLE_ESCAPES:
        builder.synth(_SIMPLE_ESCAPES[char], pos)
        return pos + 2
    octal = _OCTAL_RE.match(text, pos + 1, min(end, pos + 4))
    if octal:
        builder.synth(chr(int(octal.group(0), 8)), pos)
        return octal.end()
    if char in _HEX_LENGTHS:
        digits = text[pos + 2 : pos + 2 + _HEX_LENGTHS[char]]
        try:
            builder.synth(chr(int(digits, 16)), pos)
            return pos + 2 + len(digits)
        except ValueError:
            pass
    if char == "N" and text.startswith("{", pos + 2):
        close = text.find("}", pos + 3, end)
        if close > 0:
            try:
                builder.synth(unicodedata.lookup(text[pos + 3 : close]), pos)
                return close + 1
            except KeyError:
                pass
    # An unknown escape keeps its backslash, as Python does.
    builder.add(pos, pos + 2)
    return pos + 2
