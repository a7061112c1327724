"""Terminal-safe text: nothing from a scanned file may drive the terminal.

File names, messages and code lines can hold escape sequences (ESC, CSI, OSC),
BEL, C0/C1 control characters and bidirectional overrides. Every such
character is shown as a visible escape (`\\x1b`, `\\u202e`), which also
defuses the multi-character sequences it starts.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
TAB_WIDTH = 4
# Every character `escape_char` changes (C0 and C1 controls, bidi controls, line and
# paragraph separators, the byte-order mark, lone surrogates).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ud800-\udfff]"
)


def escape_char(char: str) -> str:
    """`char` itself, or a visible escape when it is a control or bidi character."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if char in _BIDI_CONTROLS or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return char


def safe(text: str) -> str:
    """`text` with every control, escape and bidi character made visible (tabs too)."""
    if text.isprintable() and text.isascii():
        return text
    return _UNSAFE.sub(lambda match: escape_char(match.group()), text)


def char_width(char: str) -> int:
    """Columns a printable character takes in a terminal (wide CJK: 2, combining: 0)."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def render_line(text: str) -> tuple[str, list[int]]:
    """A code line made safe to print, and the display column where each character starts.

    Tabs expand to the next tab stop. The returned list has one entry per
    character of `text`, plus one for the end of the line.
    """
    if text.isascii() and text.isprintable():  # no tab, control or wide character
        return text, list(range(len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    column = 0
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
