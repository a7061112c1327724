"""TOML with positions: tomllib decides what each value is, this locator says where it is.

`tomllib` parses a document but keeps no positions. This module tokenizes
the same text just far enough to find the span of every key and value:
strings of all four kinds (escapes mapped back to where they are written),
numbers, booleans, dates, arrays (multi-line, nested), inline tables, tables,
arrays of tables and dotted or quoted keys. Every located value is checked
against tomllib's parse; tomllib wins when they disagree.

Each key/value becomes a `TomlEntry` whose `section` is the path of tables
above it, dotted-key prefixes included and array-of-tables elements named by
their index as a string: `[[source]] url` → ("source", "0"), `url`;
`certificates.corp.cert = false` → ("certificates", "corp"), `cert`.
"""

from __future__ import annotations

import datetime
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Optional

from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import RunBuilder, garbled
from sslint.linter.source import LineRange, View, ViewBuilder

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
)
_SCALAR_RE = re.compile(r"[A-Za-z0-9_+\-.:]+")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}
_LINE_ERROR_RE = re.compile(r"line (\d+)")


class TomlLocateError(ValueError):
    """The text is not TOML the locator understands."""


@dataclass
class TomlValue:
    """A located value: its kind, its view range, the decoded Word, and children."""

    kind: str  # "string", "scalar", "array" or "table"
    start: int
    end: int
    word: Optional[Word] = None
    items: list[TomlValue] = field(default_factory=list)
    entries: list[TomlEntry] = field(default_factory=list)
    parsed: Any = None


@dataclass
class TomlEntry:
    """`key = value` with the table path above it (see the module docstring)."""

    section: tuple[str, ...]
    key: str
    key_start: int
    key_end: int
    value: TomlValue


class _Locator:
    def __init__(self, view: View) -> None:
        self.view = view
        self.text = view.text
        self.pos = 0
        self.entries: list[TomlEntry] = []
        self.aot_counts: dict[tuple[str, ...], int] = {}
        self.table: tuple[str, ...] = ()

    # -- low level -------------------------------------------------------
    def error(self, message: str) -> TomlLocateError:
        line = self.view.span(self.pos, self.pos).start_line
        return TomlLocateError(f"{message} (line {line})")

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def skip_blanks(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def skip_comment(self) -> None:
        if self.peek() == "#":
            newline = self.text.find("\n", self.pos)
            self.pos = len(self.text) if newline < 0 else newline

    def skip_space_newlines_comments(self) -> None:
        while True:
            self.skip_blanks()
            self.skip_comment()
            if self.peek() == "\n":
                self.pos += 1
            elif self.peek(2) == "\r\n":
                self.pos += 2
            else:
                return

    def end_of_line(self) -> None:
        self.skip_blanks()
        self.skip_comment()
        if self.peek() == "\r":
            self.pos += 1
        if self.pos < len(self.text) and self.peek() != "\n":
            raise self.error("expected the end of the line")

    # -- document --------------------------------------------------------
    def document(self) -> list[TomlEntry]:
        while True:
            self.skip_space_newlines_comments()
            if self.pos >= len(self.text):
                return self.entries
            if self.peek(2) == "[[":
                self.pos += 2
                self.header(array=True)
            elif self.peek() == "[":
                self.pos += 1
                self.header(array=False)
            else:
                self.entries.extend(self.key_value(self.table))
                self.end_of_line()

    def header(self, array: bool) -> None:
        self.skip_blanks()
        parts = [name for name, _, _ in self.key_parts()]
        self.skip_blanks()
        close = "]]" if array else "]"
        if self.peek(len(close)) != close:
            raise self.error("unclosed table header")
        self.pos += len(close)
        self.end_of_line()
        concrete: tuple[str, ...] = ()
        for index, part in enumerate(parts):
            concrete += (part,)
            last = index == len(parts) - 1
            if last and array:
                count = self.aot_counts.get(concrete, 0) + 1
                self.aot_counts[concrete] = count
                concrete += (str(count - 1),)
            elif concrete in self.aot_counts:
                concrete += (str(self.aot_counts[concrete] - 1),)
        self.table = concrete

    def key_parts(self) -> list[tuple[str, int, int]]:
        parts = [self.simple_key()]
        while True:
            save = self.pos
            self.skip_blanks()
            if self.peek() != ".":
                self.pos = save
                return parts
            self.pos += 1
            self.skip_blanks()
            parts.append(self.simple_key())

    def simple_key(self) -> tuple[str, int, int]:
        start = self.pos
        char = self.peek()
        if char in ('"', "'"):
            if self.peek(3) in ('"""', "'''"):
                raise self.error("multi-line strings cannot be keys")
            word = self.string()
            return word.text, start, self.pos
        match = _BARE_KEY_RE.match(self.text, self.pos)
        if not match:
            raise self.error("expected a key")
        self.pos = match.end()
        return match.group(0), start, self.pos

    def key_value(self, table: tuple[str, ...]) -> list[TomlEntry]:
        parts = self.key_parts()
        key_start, key_end = parts[0][1], parts[-1][2]
        self.skip_blanks()
        if self.peek() != "=":
            raise self.error("expected '=' after a key")
        self.pos += 1
        self.skip_blanks()
        section = table + tuple(name for name, _, _ in parts[:-1])
        key = parts[-1][0]
        value = self.value((*section, key))
        entry = TomlEntry(section, key, key_start, key_end, value)
        return [entry, *self.nested(value)]

    @staticmethod
    def nested(value: TomlValue) -> list[TomlEntry]:
        """Entries inside inline tables, also inside arrays, in file order."""
        out: list[TomlEntry] = []
        for entry in value.entries:
            out.append(entry)
            out.extend(_Locator.nested(entry.value))
        for item in value.items:
            out.extend(_Locator.nested(item))
        return out

    # -- values ----------------------------------------------------------
    def value(self, path: tuple[str, ...]) -> TomlValue:
        start = self.pos
        char = self.peek()
        if char in ('"', "'"):
            word = self.string()
            return TomlValue("string", start, self.pos, word)
        if char == "[":
            return self.array(path)
        if char == "{":
            return self.inline_table(path)
        match = _DATETIME_RE.match(self.text, self.pos) or _SCALAR_RE.match(self.text, self.pos)
        if not match:
            raise self.error("expected a value")
        self.pos = match.end()
        return TomlValue("scalar", start, self.pos, Word(self.view.slice(start, self.pos)))

    def array(self, path: tuple[str, ...]) -> TomlValue:
        start = self.pos
        self.pos += 1
        items: list[TomlValue] = []
        while True:
            self.skip_space_newlines_comments()
            if self.peek() == "]":
                self.pos += 1
                return TomlValue("array", start, self.pos, items=items)
            items.append(self.value((*path, str(len(items)))))
            self.skip_space_newlines_comments()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.error("expected ',' or ']' in an array")

    def inline_table(self, path: tuple[str, ...]) -> TomlValue:
        start = self.pos
        self.pos += 1
        entries: list[TomlEntry] = []
        while True:
            self.skip_space_newlines_comments()
            if self.peek() == "}":
                self.pos += 1
                return TomlValue("table", start, self.pos, entries=entries)
            entries.append(self.key_value(path)[0])
            self.skip_space_newlines_comments()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise self.error("expected ',' or '}' in an inline table")

    def string(self) -> Word:
        text = self.text
        quote = text[self.pos]
        multi = text.startswith(quote * 3, self.pos)
        self.pos += 3 if multi else 1
        if multi:
            if text.startswith("\r\n", self.pos):
                self.pos += 2
            elif text.startswith("\n", self.pos):
                self.pos += 1
        builder = RunBuilder(self.view)
        while True:
            if self.pos >= len(text):
                raise self.error("unterminated string")
            char = text[self.pos]
            if char == quote and (not multi or text.startswith(quote * 3, self.pos)):
                if not multi:
                    self.pos += 1
                    return Word(builder.build())
                run = 3
                while run < 5 and text.startswith(quote, self.pos + run):
                    run += 1
                builder.add(self.pos, self.pos + run - 3)
                self.pos += run
                return Word(builder.build())
            if char == "\n" and not multi:
                raise self.error("newline in a single-line string")
            if char == "\\" and quote == '"':
                self.escape(builder, multi)
                continue
            if char == "\r" and multi and text.startswith("\r\n", self.pos):
                builder.synth("\n", self.pos)  # tomllib normalises CRLF in strings
                self.pos += 2
                continue
            builder.add(self.pos, self.pos + 1)
            self.pos += 1

    def escape(self, builder: RunBuilder, multi: bool) -> None:
        text = self.text
        at = self.pos
        nxt = text[at + 1 : at + 2]
        if multi and (nxt in (" ", "\t", "\r", "\n")):
            probe = at + 1
            while probe < len(text) and text[probe] in " \t":
                probe += 1
            if text.startswith(("\n", "\r\n"), probe):
                while probe < len(text) and text[probe] in " \t\r\n":
                    probe += 1
                self.pos = probe
                return
        if nxt in _ESCAPES:
            builder.synth(_ESCAPES[nxt], at)
            self.pos = at + 2
            return
        width = {"u": 4, "U": 8, "x": 2}.get(nxt)
        digits = text[at + 2 : at + 2 + width] if width else ""
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            builder.synth(chr(int(digits, 16)), at)
            self.pos = at + 2 + width
            return
        raise self.error("invalid escape in a string")


def _lookup(doc: Any, path: tuple[str, ...]) -> Any:
    node = doc
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(part)
    return node


def _value_type(parsed: Any) -> str:
    if isinstance(parsed, bool):
        return "bool"
    if isinstance(parsed, int):
        return "int"
    if isinstance(parsed, float):
        return "float"
    if isinstance(parsed, list):
        return "list"
    if isinstance(parsed, dict):
        return "map"
    return "str"


def _checked_word(view: View, value: TomlValue, parsed: Any) -> Optional[Word]:
    """The value's Word; when the locator's text differs from tomllib's string, tomllib wins."""
    if value.word is None:
        return None
    if isinstance(parsed, str) and value.word.text != parsed:
        return Word(ViewBuilder(view).synth(parsed, value.start).build())
    return value.word


def _scalar_items(view: View, value: TomlValue, parsed: Any) -> list[Word]:
    words: list[Word] = []
    if not isinstance(parsed, list):
        return words
    for item, item_parsed in zip(value.items, parsed):
        if item.kind == "array":
            words.extend(_scalar_items(view, item, item_parsed))
        elif item.kind != "table":
            word = _checked_word(view, item, item_parsed)
            if word is not None:
                words.append(word)
    return words


def locate(view: View) -> tuple[dict[str, Any], list[TomlEntry]]:
    """tomllib's document and the located entries (raises on invalid TOML)."""
    doc = tomllib.loads(view.text)
    entries = _Locator(view).document()
    return doc, entries


def settings(view: View, ctx: ReadContext, file_kind: str) -> list[tuple[TomlEntry, Setting]]:
    """Every located entry with its Setting; invalid TOML gives one notice and nothing else."""
    try:
        doc, entries = locate(view)
    except tomllib.TOMLDecodeError as exc:
        match = _LINE_ERROR_RE.search(str(exc))
        line = view.span(0, 0).start_line + int(match.group(1)) - 1 if match else None
        if line is None or not garbled(ctx.facts.source.line_text(line)):
            ctx.notice(f"invalid TOML: {exc}", line)
        return []
    except TomlLocateError as exc:
        ctx.notice(f"TOML positions unavailable: {exc}")
        return []
    out: list[tuple[TomlEntry, Setting]] = []
    for entry in entries:
        try:
            parsed = _lookup(doc, (*entry.section, entry.key))
        except KeyError:
            continue
        if isinstance(parsed, (datetime.date, datetime.time)):
            parsed = None
        key_view = view.slice(entry.key_start, entry.key_end)
        value = entry.value
        setting = Setting(
            file_kind=file_kind,
            section=entry.section,
            key=entry.key,
            key_span=key_view.span(0, len(key_view.text)),
            value=_checked_word(view, value, parsed),
            statement=LineRange(*view.line_range(entry.key_start, value.end)),
            value_type=_value_type(parsed) if parsed is not None else "str",
            items=_scalar_items(view, value, parsed),
        )
        out.append((entry, setting))
    return out


def read_settings(view: View, ctx: ReadContext, file_kind: str) -> list[TomlEntry]:
    """Record every key of a TOML file as a Setting of `file_kind`; the located entries."""
    entries: list[TomlEntry] = []
    for entry, setting in settings(view, ctx, file_kind):
        ctx.add_setting(setting)
        entries.append(entry)
    return entries
