"""HCL (Terraform, Packer): blocks, attributes and the strings they hold, with positions.

A small scanner instead of a full HCL parser: it knows blocks (`type "label"
{ … }`), attributes (`name = expression`), objects, lists, quoted strings
(escapes resolved, `${ … }` / `%{ … }` templates marked) and heredocs
(`<<EOT`, `<<-EOT` with its indentation removed). Any other expression
(a reference, a function call, arithmetic) is kept as an opaque value.
Comments (`#`, `//`, `/* */`) are skipped. Broken input never raises:
what cannot be scanned ends the enclosing construct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from sslint.linter.readers.scripts.words import RunBuilder, empty_word
from sslint.linter.source import Span, View

_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_HEREDOC_RE = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_\-]*)[ \t]*\r?\n")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_MAX_DEPTH = 64


@dataclass
class HclString:
    """A string or heredoc: its value (escapes resolved) and the templates in it.

    `templates` are [start, end) ranges of `view` holding `${ … }` / `%{ … }`.
    """

    view: View
    templates: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class HclList:
    """A tuple `[a, b]`."""

    items: list[HclValue] = field(default_factory=list)


@dataclass
class HclObject:
    """An object `{ k = v }`: its attributes in order."""

    attributes: list[HclAttribute] = field(default_factory=list)


@dataclass
class HclOther:
    """Any other expression, as written (a reference, a call, a number, `true`)."""

    view: View


HclValue = Union[HclString, HclList, HclObject, HclOther]


@dataclass
class HclAttribute:
    """`name = value` in a body or an object."""

    name: str
    name_span: Span
    value: HclValue
    first_line: int
    last_line: int


@dataclass
class HclBlock:
    """`type "label" … { body }`."""

    type: str
    labels: list[str]
    attributes: list[HclAttribute] = field(default_factory=list)
    blocks: list[HclBlock] = field(default_factory=list)


def parse(view: View) -> HclBlock:
    """The file as a root block (type "") holding its attributes and blocks."""
    root = HclBlock("", [])
    _Scanner(view).body(root, 0)
    return root


class _Scanner:
    """A cursor over the text of one view."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.text = view.text
        self.pos = 0

    # -- lexical helpers ------------------------------------------------------

    def skip(self, newlines: bool = True) -> None:
        """Skip blanks and comments (and line ends when `newlines`)."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            elif char == "#" or text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                self.pos = len(text) if end < 0 else end + 2
            else:
                break

    def line(self, offset: int) -> int:
        return self.view.span(offset, offset).start_line

    # -- structure --------------------------------------------------------------

    def body(self, block: HclBlock, depth: int) -> None:
        """Attributes and blocks up to the closing `}` (consumed) or the end."""
        text = self.text
        while True:
            self.skip()
            if self.pos >= len(text):
                return
            if text[self.pos] == "}":
                self.pos += 1
                return
            ident = _IDENT_RE.match(text, self.pos)
            if ident is None:
                self._skip_line()
                continue
            self.pos = ident.end()
            self.skip(newlines=False)
            if (
                self.pos < len(text)
                and text[self.pos] == "="
                and not text.startswith("==", self.pos)
            ):
                self.pos += 1
                block.attributes.append(self._attribute(ident, depth))
                continue
            labels = self._labels()
            if self.pos < len(text) and text[self.pos] == "{" and depth < _MAX_DEPTH:
                self.pos += 1
                child = HclBlock(ident.group(0), labels)
                block.blocks.append(child)
                self.body(child, depth + 1)
                continue
            self._skip_line()

    def _labels(self) -> list[str]:
        labels: list[str] = []
        text = self.text
        while self.pos < len(text):
            self.skip(newlines=False)
            if self.pos >= len(text):
                break
            if text[self.pos] == '"':
                value = self._string()
                labels.append(value.view.text)
                continue
            ident = _IDENT_RE.match(text, self.pos)
            if ident is None:
                break
            labels.append(ident.group(0))
            self.pos = ident.end()
        return labels

    def _skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def _attribute(self, ident: re.Match[str], depth: int) -> HclAttribute:
        self.skip(newlines=False)
        value = self.expression(depth)
        return HclAttribute(
            name=ident.group(0),
            name_span=self.view.span(ident.start(), ident.end()),
            value=value,
            first_line=self.line(ident.start()),
            last_line=self.line(max(ident.end(), self.pos - 1)),
        )

    # -- expressions ------------------------------------------------------------

    def expression(self, depth: int) -> HclValue:
        """One expression; a compound one (`a ? b : c`, `x + y`) is opaque."""
        start = self.pos
        value = self._primary(depth)
        self.skip(newlines=False)
        if self._at_delimiter():
            return value
        self._opaque_rest()
        return HclOther(self.view.slice(start, self.pos))

    def _at_delimiter(self) -> bool:
        text = self.text
        return (
            self.pos >= len(text)
            or text[self.pos] in "\n,}])"
            or text.startswith(("#", "//", "/*"), self.pos)
        )

    def _opaque_rest(self) -> None:
        """Skip to the end of an expression: a line end, `,` or closer outside brackets."""
        depth = 0
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == '"':
                self._string()
                continue
            if text.startswith("<<", self.pos) and _HEREDOC_RE.match(text, self.pos):
                self._heredoc()
                continue
            if char == "#" or text.startswith(("//", "/*"), self.pos):
                if depth == 0:
                    return
                self.skip(newlines=False)
                continue
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    return
                depth -= 1
            elif depth == 0 and char in "\n,":
                return
            self.pos += 1

    def _primary(self, depth: int) -> HclValue:
        text = self.text
        if self.pos >= len(text):
            return HclOther(self.view.slice(self.pos, self.pos))
        char = text[self.pos]
        if char == '"':
            return self._string()
        if char == "<" and _HEREDOC_RE.match(text, self.pos):
            return self._heredoc()
        if char == "[" and depth < _MAX_DEPTH:
            return self._list(depth)
        if char == "{" and depth < _MAX_DEPTH:
            return self._object(depth)
        start = self.pos
        self._opaque_rest()
        end = self.pos
        while end > start and text[end - 1] in " \t\r":
            end -= 1
        return HclOther(self.view.slice(start, end))

    def _list(self, depth: int) -> HclList:
        self.pos += 1
        value = HclList()
        text = self.text
        while True:
            self.skip()
            if self.pos >= len(text):
                return value
            if text[self.pos] == "]":
                self.pos += 1
                return value
            if text[self.pos] == ",":
                self.pos += 1
                continue
            before = self.pos
            value.items.append(self.expression(depth + 1))
            if self.pos == before:
                self.pos += 1

    def _object(self, depth: int) -> HclObject:
        self.pos += 1
        value = HclObject()
        text = self.text
        while True:
            self.skip()
            if self.pos >= len(text):
                return value
            if text[self.pos] == "}":
                self.pos += 1
                return value
            if text[self.pos] == ",":
                self.pos += 1
                continue
            key_start = self.pos
            if text[self.pos] == '"':
                key = self._string()
                name = key.view.text
                key_end = self.pos
            else:
                ident = _IDENT_RE.match(text, self.pos)
                if ident is None:
                    self._opaque_rest()
                    if self.pos == key_start:
                        self.pos += 1
                    continue
                name, key_end = ident.group(0), ident.end()
                self.pos = key_end
            self.skip(newlines=False)
            if self.pos < len(text) and text[self.pos] in "=:":
                self.pos += 1
                self.skip(newlines=False)
                item = self.expression(depth + 1)
                value.attributes.append(
                    HclAttribute(
                        name=name,
                        name_span=self.view.span(key_start, key_end),
                        value=item,
                        first_line=self.line(key_start),
                        last_line=self.line(max(key_end, self.pos - 1)),
                    )
                )
            else:
                self._opaque_rest()

    # -- strings ------------------------------------------------------------------

    def _template_end(self, start: int, limit: int) -> int:
        """The offset after the `}` closing the template opened at `start` (or `limit`)."""
        depth = 0
        pos = start + 1
        text = self.text
        while pos < limit:
            char = text[pos]
            if char == '"':
                saved = self.pos
                self.pos = pos
                self._string()
                pos, self.pos = self.pos, saved
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return pos + 1
            pos += 1
        return limit

    def _string(self) -> HclString:
        """A quoted string from its opening quote; the cursor ends after the closing one."""
        text = self.text
        self.pos += 1
        builder = RunBuilder(self.view)
        templates: list[tuple[int, int]] = []
        start = self.pos
        while self.pos < len(text):
            char = text[self.pos]
            if char == '"' or char == "\n":
                break
            if char == "\\" and self.pos + 1 < len(text):
                nxt = text[self.pos + 1]
                builder.synth(_ESCAPES.get(nxt, nxt), self.pos)
                self.pos += 2
                continue
            if char in "$%" and text.startswith(char + "{", self.pos + 1):
                builder.add(self.pos + 1, self.pos + 3)  # `$${` / `%%{`: a literal `${` / `%{`
                self.pos += 3
                continue
            if char in "$%" and text.startswith("{", self.pos + 1):
                newline = text.find("\n", self.pos)
                end = self._template_end(self.pos, len(text) if newline < 0 else newline)
                at = len(builder)
                builder.add(self.pos, end)
                templates.append((at, len(builder)))
                self.pos = end
                continue
            builder.add(self.pos, self.pos + 1)
            self.pos += 1
        view = builder.build() if len(builder) else empty_word(self.view, start).view
        if self.pos < len(text) and text[self.pos] == '"':
            self.pos += 1
        return HclString(view, templates)

    def _heredoc(self) -> HclString:
        text = self.text
        match = _HEREDOC_RE.match(text, self.pos)
        assert match is not None
        strip, marker = match.group(1) == "-", match.group(2)
        lines: list[tuple[int, int]] = []
        pos = match.end()
        end_of_body = len(text)
        while pos < len(text):
            newline = text.find("\n", pos)
            following = len(text) if newline < 0 else newline + 1
            if text[pos:following].strip() == marker:
                end_of_body = following
                break
            lines.append((pos, following))
            pos = following
        self.pos = end_of_body
        while self.pos > 0 and self.pos <= len(text) and text[self.pos - 1] == "\n":
            self.pos -= 1
        indent = 0
        if strip:
            blanks = [
                len(text[a:b]) - len(text[a:b].lstrip(" \t")) for a, b in lines if text[a:b].strip()
            ]
            indent = min(blanks, default=0)
        builder = RunBuilder(self.view)
        templates: list[tuple[int, int]] = []
        for line_start, line_end in lines:
            cut = line_start
            while cut < line_end and cut - line_start < indent and text[cut] in " \t":
                cut += 1
            pos = cut
            while pos < line_end:
                found = _next_template(text, pos, line_end)
                if found < 0:
                    builder.add(pos, line_end)
                    break
                builder.add(pos, found)
                if text.startswith(("$${", "%%{"), found):
                    builder.add(found + 1, found + 3)
                    pos = found + 3
                    continue
                end = self._template_end(found, line_end)
                at = len(builder)
                builder.add(found, end)
                templates.append((at, len(builder)))
                pos = end
        start = match.end()
        view = builder.build() if len(builder) else empty_word(self.view, start).view
        return HclString(view, templates)


def _next_template(text: str, start: int, end: int) -> int:
    """The offset of the next `${`, `%{`, `$${` or `%%{` in [start, end), or -1."""
    dollar = text.find("{", start, end)
    while dollar >= 0:
        if dollar > start and text[dollar - 1] in "$%":
            if dollar - 1 > start and text[dollar - 2] == text[dollar - 1]:
                return dollar - 2
            return dollar - 1
        dollar = text.find("{", dollar + 1, end)
    return -1


def string_value(value: Optional[HclValue]) -> Optional[HclString]:
    """The value when it is a string or heredoc."""
    return value if isinstance(value, HclString) else None
