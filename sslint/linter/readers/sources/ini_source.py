"""INI files with configparser semantics and exact spans, shared by the INI-like readers.

pip.conf, `.repo` files, ansible.cfg and tox.ini are all read by Python's
`configparser` (or a close relative): sections `[name]`, `key = value` or
`key: value`, indented lines that continue the value, full-line `#` / `;`
comments, and inline comments only where the tool turns them on. This module
scans that syntax once and keeps, for every entry, where its key and each
line of its value are written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from sslint.linter.facts import Setting, Word
from sslint.linter.readers.scripts.words import empty_word, physical_lines, strip_range
from sslint.linter.source import LineRange, View, ViewBuilder

_SUBSECTION_RE = re.compile(r'^\s*([^\s"]+)\s+"((?:[^"\\]|\\.)*)"\s*$')


@dataclass(frozen=True)
class IniDialect:
    """How one tool's INI parser reads a file.

    `inline_comment_prefixes` start a comment only after whitespace (the
    configparser rule). `subsections` splits `[http "https://host/"]` into
    ("http", "https://host/"). `allow_no_value` accepts a bare key.
    """

    delimiters: str = "=:"
    comment_prefixes: tuple[str, ...] = ("#", ";")
    inline_comment_prefixes: tuple[str, ...] = ()
    continuation: bool = True
    allow_no_value: bool = False
    subsections: bool = False


CONFIGPARSER = IniDialect()


@dataclass
class IniEntry:
    """One `key = value` entry: view offsets of the key and of each value line."""

    section: tuple[str, ...]
    key: str
    key_start: int
    key_end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    has_value: bool = True
    value_anchor: int = 0

    def value_word(self, view: View) -> Optional[Word]:
        """The value as the tool sees it: value lines joined by newlines."""
        if not self.has_value:
            return None
        pieces = [(s, e) for s, e in self.pieces if e > s]
        if not pieces:
            return empty_word(view, self.value_anchor)
        builder = ViewBuilder(view)
        for index, (start, end) in enumerate(pieces):
            if index:
                builder.synth("\n", pieces[index - 1][1])
            builder.add(start, end)
        return Word(builder.build())

    def item_words(self, view: View, separators: str = r"\s+") -> list[Word]:
        """The value split into items (whitespace by default), each with its own span."""
        words: list[Word] = []
        splitter = re.compile(separators)
        for start, end in self.pieces:
            text = view.text[start:end]
            pos = 0
            for match in splitter.finditer(text):
                if match.start() > pos:
                    words.append(Word(view.slice(start + pos, start + match.start())))
                pos = max(pos, match.end())
            if pos < len(text):
                words.append(Word(view.slice(start + pos, end)))
        return words

    def statement(self, view: View) -> LineRange:
        """The lines from the key to the last value line."""
        end = max([self.key_end] + [e for _, e in self.pieces])
        return view.line_range(self.key_start, end)


def _inline_comment(text: str, start: int, end: int, prefixes: tuple[str, ...]) -> int:
    """Where an inline comment starts in text[start:end] (after whitespace), or `end`."""
    if not prefixes:
        return end
    for pos in range(start + 1, end):
        if text[pos - 1] in " \t" and text.startswith(prefixes, pos):
            return pos
    return end


def section_path(name: str, dialect: IniDialect) -> tuple[str, ...]:
    """The section tuple of a header's text (git-style subsections when the dialect has them)."""
    if dialect.subsections:
        match = _SUBSECTION_RE.match(name)
        if match:
            sub = re.sub(r"\\(.)", r"\1", match.group(2))
            return (match.group(1).strip(), sub)
        stripped = name.strip()
        if "." in stripped:  # deprecated git `[section.subsection]`
            head, _, tail = stripped.partition(".")
            return (head, tail)
        return (stripped,)
    return (name,)


def scan(
    view: View,
    dialect: IniDialect = CONFIGPARSER,
    notice: Optional[Callable[[str, int], None]] = None,
) -> list[IniEntry]:
    """Every entry of an INI view, in file order."""
    text = view.text
    entries: list[IniEntry] = []
    section: tuple[str, ...] = ()
    current: Optional[IniEntry] = None
    key_indent = 0
    for line_start, line_end in physical_lines(text):
        start, end = strip_range(text, line_start, line_end)
        if start == end:
            continue  # a blank line does not end a value (configparser keeps reading)
        if text.startswith(dialect.comment_prefixes, start):
            continue
        end = strip_range(
            text, start, _inline_comment(text, start, end, dialect.inline_comment_prefixes)
        )[1]
        indent = start - line_start
        if dialect.continuation and current is not None and indent > key_indent:
            current.pieces.append((start, end))
            continue
        current = None
        if text[start] == "[":
            close = text.rfind("]", start, end)
            if close > start + 1:
                section = section_path(text[start + 1 : close], dialect)
                continue
        entry = _entry(text, start, end, section, dialect)
        if entry is None:
            if notice is not None:
                line = view.span(start, start).start_line
                notice(f"line is neither a section, a key nor a comment: {text[start:end]!r}", line)
            continue
        entries.append(entry)
        current = entry
        key_indent = indent
    return entries


def _entry(
    text: str, start: int, end: int, section: tuple[str, ...], dialect: IniDialect
) -> Optional[IniEntry]:
    delim = -1
    for pos in range(start, end):
        if text[pos] in dialect.delimiters:
            delim = pos
            break
    if delim < 0:
        if not dialect.allow_no_value:
            return None
        return IniEntry(section, text[start:end], start, end, [], False, end)
    key_start, key_end = strip_range(text, start, delim)
    if key_end == key_start:
        return None
    value_start, value_end = strip_range(text, delim + 1, end)
    return IniEntry(
        section,
        text[key_start:key_end],
        key_start,
        key_end,
        [(value_start, value_end)],
        True,
        value_start,
    )


def settings(
    view: View,
    file_kind: str,
    entries: list[IniEntry],
    *,
    items: bool = True,
) -> list[Setting]:
    """Settings for INI entries: key as written, value Word and whitespace-separated items."""
    out: list[Setting] = []
    for entry in entries:
        key_view = view.slice(entry.key_start, entry.key_end)
        value = entry.value_word(view)
        out.append(
            Setting(
                file_kind=file_kind,
                section=entry.section,
                key=entry.key,
                key_span=key_view.span(0, len(key_view.text)),
                value=value,
                statement=entry.statement(view),
                value_type="str" if value is not None else "null",
                items=entry.item_words(view) if items else [],
            )
        )
    return out
