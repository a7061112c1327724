"""`.npmrc` files, read like npm's `ini` parser.

Lines starting with `;` or `#` are comments; `[section]` headers exist but npm
rarely uses them; `key=value` splits at the first `=` (keys such as
`//registry.corp.example/:_authToken` and `@corp:registry` stay whole); a
quoted value loses its quotes, an unquoted one ends at an unescaped `;` or
`#` and `\\;` `\\#` `\\\\` are unescaped; `true`, `false` and `null` are typed;
a key without `=` is true (value None). `${VAR}` references stay as written.
"""

from __future__ import annotations

import json
import re
from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import RunBuilder, empty_word, physical_lines, strip_range
from sslint.linter.source import View, ViewBuilder

_SECTION_RE = re.compile(r"\[([^\]]*)\]\s*$")


def value_word(view: View, start: int, end: int) -> tuple[Optional[Word], str]:
    """npm's `unsafe()` of view[start:end]: the value Word and its type."""
    text = view.text
    start, end = strip_range(text, start, end)
    raw = text[start:end]
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        inner_start, inner_end = start + 1, end - 1
        decoded = raw[1:-1]
        if raw[0] == '"':
            try:
                loaded = json.loads(raw)
            except ValueError:
                loaded = raw  # npm keeps the quotes when JSON.parse fails
                inner_start, inner_end = start, end
            decoded = loaded if isinstance(loaded, str) else raw
        if decoded == text[inner_start:inner_end]:
            if inner_end == inner_start:
                return empty_word(view, inner_start), "str"
            return Word(view.slice(inner_start, inner_end)), "str"
        return Word(ViewBuilder(view).synth(decoded, start).build()), "str"
    kept: list[int] = []
    pos = start
    while pos < end:
        char = text[pos]
        if char in ";#":
            break
        if char == "\\" and pos + 1 < end:
            if text[pos + 1] not in "\\;#":
                kept.append(pos)
            kept.append(pos + 1)
            pos += 2
            continue
        kept.append(pos)
        pos += 1
    while kept and text[kept[-1]] in " \t":
        kept.pop()
    if not kept:
        return empty_word(view, start), "str"
    builder = RunBuilder(view)
    for at in kept:
        builder.add(at, at + 1)
    word = Word(builder.build())
    value_type = {"true": "bool", "false": "bool", "null": "null"}.get(word.text, "str")
    return word, value_type


def read(view: View, ctx: ReadContext) -> None:
    """Record every `.npmrc` key with its value."""
    text = view.text
    section: tuple[str, ...] = ()
    for line_start, line_end in physical_lines(text):
        start, end = strip_range(text, line_start, line_end)
        if start == end or text[start] in ";#":
            continue
        match = _SECTION_RE.match(text, start, end)
        if text[start] == "[" and match:
            section = (match.group(1).strip(),)
            continue
        equals = text.find("=", start, end)
        key_end = end if equals < 0 else equals
        key_start, key_end = strip_range(text, start, key_end)
        if key_start == key_end:
            continue
        value: Optional[Word] = None
        value_type = "bool"
        if equals >= 0:
            value, value_type = value_word(view, equals + 1, end)
        key_view = view.slice(key_start, key_end)
        ctx.add_setting(
            Setting(
                file_kind=kinds.NPMRC,
                section=section,
                key=key_view.text,
                key_span=key_view.span(0, len(key_view.text)),
                value=value,
                statement=view.line_range(start, end),
                value_type=value_type,
            )
        )
