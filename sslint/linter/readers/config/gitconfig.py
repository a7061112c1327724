"""git config files (`.gitconfig`, `etc/gitconfig`, `.git/config`), read like git's config.c.

Sections `[http]`, subsections `[http "https://git.corp.example/"]` (→
section ("http", "https://git.corp.example/")) and the deprecated
`[http.https://host/]`; keys are case-insensitive for git and kept as
written; values lose their quotes, `\\t` `\\n` `\\b` `\\\\` `\\"` escapes are
resolved, a `\\` at the end of a line continues the value, `;` and `#` start a
comment outside quotes, and a key with no `=` is the boolean true (value None,
value_type "bool"). An empty value (`sslVerify =`) is the empty string, which
git reads as false.
"""

from __future__ import annotations

from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice, RunBuilder, empty_word
from sslint.linter.source import View

_ESCAPES = {"t": "\t", "n": "\n", "b": "\b", "\\": "\\", '"': '"'}


class _Reader:
    def __init__(self, view: View, ctx: ReadContext) -> None:
        self.view = view
        self.text = view.text
        self.ctx = ctx
        self.notice = OnceNotice(ctx)
        self.pos = 0
        self.section: tuple[str, ...] = ()

    def line_no(self, at: int) -> int:
        return self.view.span(at, at).start_line

    def skip_to_eol(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def run(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char in "#;":
                self.skip_to_eol()
            elif char == "[":
                if not self.header():
                    self.notice("invalid git config section header", self.line_no(self.pos))
                    self.skip_to_eol()
            elif char.isalpha():
                self.entry()
            else:
                self.notice(
                    f"unexpected {char!r} in git config; line skipped", self.line_no(self.pos)
                )
                self.skip_to_eol()

    def header(self) -> bool:
        text = self.text
        start = self.pos + 1
        pos = start
        while pos < len(text) and (text[pos].isalnum() or text[pos] in "-."):
            pos += 1
        name = text[start:pos]
        if not name:
            return False
        if pos < len(text) and text[pos] == "]":
            self.pos = pos + 1
            if "." in name:  # deprecated [section.subsection]
                head, _, tail = name.partition(".")
                self.section = (head, tail)
            else:
                self.section = (name,)
            return True
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos >= len(text) or text[pos] != '"':
            return False
        pos += 1
        sub: list[str] = []
        while pos < len(text) and text[pos] != '"':
            if text[pos] == "\n":
                return False
            if text[pos] == "\\" and pos + 1 < len(text):
                pos += 1
            sub.append(text[pos])
            pos += 1
        if not text.startswith('"]', pos):
            return False
        self.pos = pos + 2
        self.section = (name, "".join(sub))
        return True

    def entry(self) -> None:
        text = self.text
        key_start = self.pos
        pos = key_start
        while pos < len(text) and (text[pos].isalnum() or text[pos] == "-"):
            pos += 1
        key_end = pos
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        value: Optional[Word] = None
        value_type = "bool"
        end = pos
        if pos < len(text) and text[pos] == "=":
            value, end = self.value(pos + 1)
            value_type = "str"
        elif pos < len(text) and text[pos] not in "\r\n":  # git: not even a comment
            self.notice("invalid git config key", self.line_no(key_start))
            self.pos = pos
            self.skip_to_eol()
            return
        else:
            self.pos = pos
        key_view = self.view.slice(key_start, key_end)
        self.ctx.add_setting(
            Setting(
                file_kind=kinds.GITCONFIG,
                section=self.section,
                key=key_view.text,
                key_span=key_view.span(0, len(key_view.text)),
                value=value,
                statement=self.view.line_range(key_start, max(end, key_end)),
                value_type=value_type,
            )
        )

    def value(self, pos: int) -> tuple[Word, int]:
        """Parse a value from `pos`; returns it and the offset of its last character."""
        text = self.text
        builder = RunBuilder(self.view)
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        value_start = pos
        last = pos
        quote = False
        comment = False
        spaces: list[int] = []
        while pos < len(text):
            char = text[pos]
            if char == "\n" or (char == "\r" and text.startswith("\r\n", pos)):
                break
            pos += 1
            if comment:
                continue
            if char in " \t\r" and not quote:
                if len(builder):
                    spaces.append(pos - 1)
                continue
            if not quote and char in ";#":
                comment = True
                continue
            for at in spaces:  # git turns each blank between words into a space
                if text[at] == " ":
                    builder.add(at, at + 1)
                else:
                    builder.synth(" ", at)
            spaces = []
            last = pos
            if char == "\\":
                nxt = text[pos : pos + 1]
                if nxt == "\n" or text.startswith("\r\n", pos):
                    pos += 2 if nxt == "\r" else 1
                    continue
                if nxt in _ESCAPES:
                    builder.synth(_ESCAPES[nxt], pos - 1)
                    pos += 1
                    last = pos
                    continue
                self.notice("invalid escape in a git config value", self.line_no(pos - 1))
                builder.add(pos - 1, pos)
                continue
            if char == '"':
                quote = not quote
                continue
            builder.add(pos - 1, pos)
        self.pos = pos
        if quote:
            self.notice("unterminated quote in a git config value", self.line_no(value_start))
        if not len(builder):
            return empty_word(self.view, value_start), last
        return Word(builder.build()), last


def read(view: View, ctx: ReadContext) -> None:
    """Record every git config key with its section and value."""
    _Reader(view, ctx).run()
