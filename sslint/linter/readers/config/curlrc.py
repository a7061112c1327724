"""curl config files (`.curlrc`, `_curlrc`, `-K file`), read like curl's `parseconfig`.

One option per line: leading blanks skipped, `#` starts a comment line, the
option is the first word (long options may drop their dashes: `insecure`;
short ones keep theirs: `-k`). For an option without a dash `=` or `:` may
separate it from the parameter. A parameter in double quotes loses them and
has `\\t` `\\n` `\\r` `\\v` and `\\<char>` resolved; an unquoted one ends at the
first blank. Each line becomes a Setting: key = the option as written,
value = the parameter (None when there is none).
"""

from __future__ import annotations

from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import RunBuilder, empty_word, physical_lines
from sslint.linter.source import View

_BLANKS = " \t\f\v\r"
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "v": "\v"}


def _quoted(view: View, pos: int, end: int) -> tuple[Word, int]:
    """The parameter in quotes starting after the opening quote at `pos`."""
    text = view.text
    builder = RunBuilder(view)
    start = pos
    while pos < end and text[pos] != '"':
        if text[pos] == "\\" and pos + 1 < end:
            nxt = text[pos + 1]
            if nxt in _ESCAPES:
                builder.synth(_ESCAPES[nxt], pos)
            else:
                builder.add(pos + 1, pos + 2)
            pos += 2
            continue
        builder.add(pos, pos + 1)
        pos += 1
    if not len(builder):
        return empty_word(view, start), pos
    return Word(builder.build()), pos


def _line(view: View, start: int, end: int) -> Optional[Setting]:
    text = view.text
    while start < end and text[start] in _BLANKS:
        start += 1
    if start >= end or text[start] == "#":
        return None
    dashed = text[start] == "-"
    pos = start
    while pos < end and text[pos] not in _BLANKS and (dashed or text[pos] not in "=:"):
        pos += 1
    option_end = pos
    while pos < end and (text[pos] in _BLANKS or (not dashed and text[pos] in "=:")):
        pos += 1
    value: Optional[Word] = None
    last = option_end
    if pos < end and text[pos] == '"':
        value, last = _quoted(view, pos + 1, end)
        last += 1
    elif pos < end:
        param_end = pos
        while param_end < end and text[param_end] not in _BLANKS:
            param_end += 1
        value = Word(view.slice(pos, param_end))
        last = param_end
    key_view = view.slice(start, option_end)
    return Setting(
        file_kind=kinds.CURLRC,
        section=(),
        key=key_view.text,
        key_span=key_view.span(0, len(key_view.text)),
        value=value,
        statement=view.line_range(start, max(last, option_end)),
        value_type="str" if value is not None else "null",
    )


def read(view: View, ctx: ReadContext) -> None:
    """Record every option line of a curl config file."""
    for start, end in physical_lines(view.text):
        setting = _line(view, start, end)
        if setting is not None:
            ctx.add_setting(setting)
