"""apt sources: one-line `sources.list` entries and deb822 `.sources` stanzas.

One-line: `deb [trusted=yes arch=amd64] http://host/debian suite comp…`; `#`
starts a comment. Each option in the brackets becomes a Setting with section
(type, URI), key = the option name as written (`trusted`, `signed-by`;
`arch+=` and `arch-=` keep their operator out of the key) and value = its
value; the URI itself is a Setting with key "uri".

deb822: stanzas of `Field: value` separated by blank lines, continuation lines
start with a blank, `#` lines are comments. Each field becomes a Setting
with section (stanza index,), key as written, the value and its
whitespace-separated items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice, empty_word, physical_lines, strip_range
from sslint.linter.source import View, ViewBuilder

_ONE_LINE_RE = re.compile(r"\s*(deb|deb-src)\s")
_FIELD_RE = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:")
_OPTION_RE = re.compile(r"([^\s=\]+-]+(?:-[^\s=\]+-]+)*)([+-]?=)([^\s\]]*)")


def _is_deb822(view: View) -> bool:
    for start, end in physical_lines(view.text):
        line = view.text[start:end]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        return _ONE_LINE_RE.match(line) is None and _FIELD_RE.match(line) is not None
    return False


def _setting(
    view: View, section: tuple[str, ...], key: tuple[int, int], value: Word, lines: tuple[int, int]
) -> Setting:
    key_view = view.slice(*key)
    return Setting(
        file_kind=kinds.APT_SOURCES,
        section=section,
        key=key_view.text,
        key_span=key_view.span(0, len(key_view.text)),
        value=value,
        statement=view.line_range(*lines),
    )


def _one_line(view: View, ctx: ReadContext) -> None:
    text = view.text
    notice = OnceNotice(ctx)
    for line_start, line_end in physical_lines(text):
        hash_at = text.find("#", line_start, line_end)
        start, end = strip_range(text, line_start, line_end if hash_at < 0 else hash_at)
        if start == end:
            continue
        match = _ONE_LINE_RE.match(text, start, end)
        if not match:
            notice("not an apt source line", view.span(start, start).start_line)
            continue
        pos = match.end()
        while pos < end and text[pos] in " \t":
            pos += 1
        options: list[tuple[int, int, int, int]] = []
        if pos < end and text[pos] == "[":
            close = text.find("]", pos, end)
            if close < 0:
                notice("unclosed '[' in an apt source line", view.span(pos, pos).start_line)
                continue
            for option in _OPTION_RE.finditer(text, pos + 1, close):
                options.append((option.start(1), option.end(1), option.start(3), option.end(3)))
            pos = close + 1
        while pos < end and text[pos] in " \t":
            pos += 1
        uri_end = pos
        while uri_end < end and text[uri_end] not in " \t":
            uri_end += 1
        section = (match.group(1), text[pos:uri_end])
        for key_start, key_end, value_start, value_end in options:
            value = (
                Word(view.slice(value_start, value_end))
                if value_end > value_start
                else empty_word(view, value_start)
            )
            ctx.add_setting(_setting(view, section, (key_start, key_end), value, (start, end)))
        if uri_end > pos:
            uri = Word(view.slice(pos, uri_end))
            setting = _setting(view, section, (pos, uri_end), uri, (start, end))
            setting.key = "uri"
            ctx.add_setting(setting)


@dataclass
class _Field:
    stanza: int
    key_start: int
    key_end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)


def _deb822(view: View, ctx: ReadContext) -> None:
    text = view.text
    notice = OnceNotice(ctx)
    stanza = 0
    fields: list[_Field] = []
    for line_start, line_end in physical_lines(text):
        start, end = strip_range(text, line_start, line_end)
        if start == end:
            if fields and fields[-1].stanza == stanza:
                stanza += 1
            continue
        if text[line_start] == "#":
            continue
        if start > line_start and fields and fields[-1].stanza == stanza:
            fields[-1].pieces.append((start, end))  # a continuation line
            continue
        match = _FIELD_RE.match(text, start, end)
        if not match:
            notice("not a deb822 field", view.span(start, start).start_line)
            continue
        value_start, value_end = strip_range(text, match.end(), end)
        fields.append(_Field(stanza, start, match.end(1), [(value_start, value_end)]))
    for item in fields:
        pieces = [(s, e) for s, e in item.pieces if e > s]
        if pieces:
            builder = ViewBuilder(view)
            for index, (piece_start, piece_end) in enumerate(pieces):
                if index:
                    builder.synth("\n", pieces[index - 1][1])
                builder.add(piece_start, piece_end)
            value = Word(builder.build())
        else:
            value = empty_word(view, item.pieces[0][0])
        last = max(e for _, e in item.pieces)
        setting = _setting(
            view, (str(item.stanza),), (item.key_start, item.key_end), value, (item.key_start, last)
        )
        setting.items = [
            Word(view.slice(m.start() + s, m.end() + s))
            for s, e in pieces
            for m in re.finditer(r"\S+", text[s:e])
        ]
        ctx.add_setting(setting)


def read(view: View, ctx: ReadContext) -> None:
    """Record the options of one-line entries or the fields of deb822 stanzas."""
    if _is_deb822(view):
        _deb822(view, ctx)
    else:
        _one_line(view, ctx)
