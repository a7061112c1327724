"""Yarn 1 `.yarnrc` files: `key value` lines in yarn's lockfile syntax.

`#` lines are comments; the key and the value are each a bare word or a
double-quoted string (`"strict-ssl" "false"`); an optional `:` may follow the
key. Bare `true` / `false` are booleans, bare numbers numbers.
"""

from __future__ import annotations

import json
import re
from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import empty_word, physical_lines, strip_range
from sslint.linter.source import View, ViewBuilder

_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?$")


def _token(view: View, pos: int, end: int) -> tuple[Optional[Word], int, bool]:
    """The word at `pos` (quoted or bare), the offset after it, and whether it was quoted."""
    text = view.text
    if pos >= end:
        return None, pos, False
    if text[pos] == '"':
        close = pos + 1
        while close < end and text[close] != '"':
            close += 2 if text[close] == "\\" else 1
        close = min(close, end)
        raw = text[pos + 1 : close]
        try:
            decoded = json.loads(f'"{raw}"')
        except ValueError:
            decoded = raw
        if decoded == raw:
            word = Word(view.slice(pos + 1, close)) if raw else empty_word(view, pos + 1)
        else:
            word = Word(ViewBuilder(view).synth(decoded, pos).build())
        return word, close + 1, True
    stop = pos
    while stop < end and text[stop] not in " \t":
        stop += 1
    return Word(view.slice(pos, stop)), stop, False


def read(view: View, ctx: ReadContext) -> None:
    """Record every `.yarnrc` key with its value."""
    text = view.text
    for line_start, line_end in physical_lines(text):
        start, end = strip_range(text, line_start, line_end)
        if start == end or text[start] == "#":
            continue
        key, pos, _ = _token(view, start, end)
        if key is None:
            continue
        if key.text.endswith(":") and len(key.text) > 1 and text[start] != '"':
            key = Word(key.view.slice(0, len(key.text) - 1))
        while pos < end and text[pos] in " \t:":
            pos += 1
        value, _, quoted = _token(view, pos, end)
        value_type = "null" if value is None else "str"
        if value is not None and not quoted:
            if value.text in ("true", "false"):
                value_type = "bool"
            elif _NUMBER_RE.match(value.text):
                value_type = "float" if "." in value.text else "int"
        ctx.add_setting(
            Setting(
                file_kind=kinds.YARNRC,
                section=(),
                key=key.text,
                key_span=key.span,
                value=value,
                statement=view.line_range(start, end),
                value_type=value_type,
            )
        )
