"""package.json: npm `scripts` read as shell, `config` keys as Settings.

`json` checks the document; a small locator then finds where each member is
written. A string's view resolves JSON escapes (`\\"`, `\\\\`, `\\n`, `\\uXXXX`
including surrogate pairs), each mapped to the escape that wrote it, so a
flag inside `"scripts": {"setup": "pip install --trusted-host h"}` is
reported at its column in the file. Each script is its own shell script.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import RunBuilder, empty_word
from sslint.linter.source import LineRange, View

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_PLAIN_RUN = re.compile(r'[^"\\]+')  # a string's characters up to its end or an escape
_BLANKS = re.compile(r"[ \t\r\n]*")
_SCALAR_RE = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def _run_end(run: re.Pattern[str], text: str, start: int) -> int:
    """Where the run of `run` that starts at `start` ends (`start` when there is none)."""
    found = run.match(text, start)
    return found.end() if found else start


class JsonLocateError(ValueError):
    """The locator met text it does not understand."""


@dataclass
class JsonNode:
    """A located JSON value: kind, view range, string Word, members or items."""

    kind: str  # "object", "array", "string" or "scalar"
    start: int
    end: int
    word: Optional[Word] = None
    members: list[tuple[Word, JsonNode]] = field(default_factory=list)
    items: list[JsonNode] = field(default_factory=list)


class _Locator:
    def __init__(self, view: View) -> None:
        self.view = view
        self.text = view.text
        self.pos = 0

    def skip(self) -> None:
        self.pos = _run_end(_BLANKS, self.text, self.pos)

    def value(self) -> JsonNode:
        self.skip()
        start = self.pos
        char = self.text[start : start + 1]
        if char == "{":
            return self.obj()
        if char == "[":
            return self.array()
        if char == '"':
            word = self.string()
            return JsonNode("string", start, self.pos, word)
        match = _SCALAR_RE.match(self.text, start)
        if not match:
            raise JsonLocateError(f"unexpected text at offset {start}")
        self.pos = match.end()
        return JsonNode("scalar", start, self.pos, Word(self.view.slice(start, self.pos)))

    def expect(self, char: str) -> None:
        self.skip()
        if self.text[self.pos : self.pos + 1] != char:
            raise JsonLocateError(f"expected {char!r} at offset {self.pos}")
        self.pos += 1

    def obj(self) -> JsonNode:
        node = JsonNode("object", self.pos, self.pos)
        self.pos += 1
        self.skip()
        if self.text[self.pos : self.pos + 1] == "}":
            self.pos += 1
        else:
            while True:
                self.skip()
                key = self.string()
                self.expect(":")
                node.members.append((key, self.value()))
                self.skip()
                if self.text[self.pos : self.pos + 1] == ",":
                    self.pos += 1
                    continue
                self.expect("}")
                break
        node.end = self.pos
        return node

    def array(self) -> JsonNode:
        node = JsonNode("array", self.pos, self.pos)
        self.pos += 1
        self.skip()
        if self.text[self.pos : self.pos + 1] == "]":
            self.pos += 1
        else:
            while True:
                node.items.append(self.value())
                self.skip()
                if self.text[self.pos : self.pos + 1] == ",":
                    self.pos += 1
                    continue
                self.expect("]")
                break
        node.end = self.pos
        return node

    def string(self) -> Word:
        text = self.text
        if text[self.pos : self.pos + 1] != '"':
            raise JsonLocateError(f"expected a string at offset {self.pos}")
        self.pos += 1
        start = self.pos
        builder = RunBuilder(self.view)
        while self.pos < len(text) and text[self.pos] != '"':
            at = self.pos
            if text[at] != "\\":
                self.pos = _run_end(_PLAIN_RUN, text, at)
                builder.add(at, self.pos)
                continue
            nxt = text[at + 1 : at + 2]
            if nxt == "u":
                code = int(text[at + 2 : at + 6], 16)
                self.pos = at + 6
                if 0xD800 <= code < 0xDC00 and text[self.pos : self.pos + 2] == "\\u":
                    low = int(text[self.pos + 2 : self.pos + 6], 16)
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        self.pos += 6
                builder.synth(chr(code), at)
            else:
                builder.synth(_ESCAPES.get(nxt, nxt), at)
                self.pos = at + 2
        self.pos += 1
        if not len(builder):
            return empty_word(self.view, start)
        return Word(builder.build())


def locate(view: View) -> JsonNode:
    """The located document (raises ValueError on invalid JSON)."""
    json.loads(view.text)
    return _Locator(view).value()


def member(node: JsonNode, name: str) -> Optional[JsonNode]:
    """The value of member `name` of an object node (JSON: the last duplicate wins)."""
    found = None
    for key, value in node.members:
        if key.text == name:
            found = value  # JSON: the last duplicate wins
    return found


def _settings(view: View, node: JsonNode, section: tuple[str, ...], ctx: ReadContext) -> None:
    for key, value in node.members:
        value_type = {"object": "map", "array": "list"}.get(value.kind, "str")
        if value.kind == "scalar" and value.word is not None:
            value_type = {"true": "bool", "false": "bool", "null": "null"}.get(
                value.word.text, "float" if re.search(r"[.eE]", value.word.text) else "int"
            )
        ctx.add_setting(member_setting(view, kinds.PACKAGE_JSON, section, key, value, value_type))
        if value.kind == "object":
            _settings(view, value, (*section, key.text), ctx)


def member_setting(
    view: View,
    file_kind: str,
    section: tuple[str, ...],
    key: Word,
    value: JsonNode,
    value_type: str,
) -> Setting:
    """The setting one member of a JSON object makes (`key` and its value)."""
    return Setting(
        file_kind=file_kind,
        section=section,
        key=key.text,
        key_span=key.span,
        value=value.word,
        statement=LineRange(key.span.start_line, view.span(value.start, value.end).end_line),
        value_type=value_type,
        items=[item.word for item in value.items if item.word is not None],
    )


def read_object(view: View, ctx: ReadContext) -> Optional[JsonNode]:
    """The top-level JSON object of a view; None (with a notice when it is not JSON) otherwise."""
    try:
        root = locate(view)
    except json.JSONDecodeError as exc:
        ctx.notice(f"invalid JSON: {exc.msg}", view.span(exc.pos, exc.pos).start_line)
        return None
    except ValueError as exc:
        ctx.notice(f"JSON positions unavailable: {exc}")
        return None
    return root if root.kind == "object" else None


def read(view: View, ctx: ReadContext) -> None:
    """Read npm scripts as shell and `config` members as settings."""
    root = read_object(view, ctx)
    if root is None:
        return
    scripts = member(root, "scripts")
    if scripts is not None:
        for name, script in scripts.members:
            if script.kind == "string" and script.word is not None and script.word.text:
                ctx.embed(kinds.SHELL, script.word.view, script=ctx.new_script(f"npm:{name.text}"))
    config = member(root, "config")
    if config is not None and config.kind == "object":
        _settings(view, config, ("config",), ctx)
