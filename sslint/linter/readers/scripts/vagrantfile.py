"""Vagrantfile reader: the shell provisioners of a Ruby Vagrantfile.

`config.vm.provision "shell", inline: …` (also `:shell`, `(…)`, and the block
form `do |s| s.inline = … end`) is read as shell with its `env: { … }`. The
script is a Ruby string: a here-document (`<<-SHELL`, `<<~SHELL` with its
indentation removed, `<<-'SHELL'` without interpolation), a quoted string, or
a variable assigned one of those earlier in the file (`$script = <<-SCRIPT`).
Double-quoted strings and unquoted here-documents resolve backslash escapes;
`#{ … }` interpolations are unknown text. Other Ruby is not interpreted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers.scripts.blocks import line_spans
from sslint.linter.readers.scripts.templates import mask_ranges
from sslint.linter.readers.scripts.words import RunBuilder, empty_word
from sslint.linter.source import View

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_HEREDOC_RE = re.compile(r"<<([~-]?)(['\"`]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_ASSIGN_RE = re.compile(r"^[ \t]*(\$?[A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?=[\"'<])", re.M)
_PROVISION_RE = re.compile(
    r"^[ \t]*[A-Za-z_][\w.]*\.provision[ \t(]+(?::shell\b|([\"'])shell\1)([^\n]*)", re.M
)
_BLOCK_RE = re.compile(r"\bdo[ \t]*\|[ \t]*([A-Za-z_]\w*)[ \t]*\|")
_INLINE_RE = re.compile(r"(?:\binline:|:inline[ \t]*=>)[ \t]*")
_ENV_RE = re.compile(r"(?:\benv:|:env[ \t]*=>)[ \t]*\{")
_ENV_KEY_RE = re.compile(
    r"(?:([\"'])([A-Za-z_]\w*)\1[ \t]*(?:=>|:)|:([A-Za-z_]\w*)[ \t]*=>|([A-Za-z_]\w*):)[ \t]*"
)
_NAME_RE = re.compile(r"\$?[A-Za-z_][A-Za-z0-9_]*")
_INDENT_RE = re.compile(r"[ \t]*")
_END_RE = re.compile(r"^([ \t]*)end\b", re.M)
_ESCAPES = {"n": "\n", "t": "\t", "s": " ", "0": "\0", "e": "\x1b", "a": "\a", "r": "\r"}


@dataclass
class RubyString:
    """A string's value (escapes resolved) and the `#{ … }` interpolations in it."""

    view: View
    templates: list[tuple[int, int]] = field(default_factory=list)


def read(view: View, ctx: ReadContext) -> None:
    """Read a Vagrantfile."""
    VagrantfileReader(view, ctx).read()


class VagrantfileReader:
    """Here-documents and string variables first, then every shell provisioner."""

    def __init__(self, view: View, ctx: ReadContext) -> None:
        self.view = view
        self.ctx = ctx
        self.text = view.text
        self.lines = line_spans(self.text)
        # marker offset -> (value, offset after the marker, offset after the terminator)
        self.heredocs: dict[int, tuple[RubyString, int, int]] = {}
        self.variables: dict[str, RubyString] = {}
        self._end_offsets: Optional[dict[str, list[int]]] = None

    def read(self) -> None:
        """Find the here-documents and variables, then read each shell provisioner."""
        self._heredocs()
        for match in _ASSIGN_RE.finditer(self.text):
            if self._commented(match.start()):
                continue
            value = self._string(match.end())
            if value is not None:
                self.variables[match.group(1)] = value[0]
        provisions = [
            match
            for match in _PROVISION_RE.finditer(self.text)
            if not self._commented(match.start()) and not self._in_heredoc(match.start())
        ]
        for number, match in enumerate(provisions):
            following = provisions[number + 1].start() if number + 1 < len(provisions) else None
            self._provision(match, len(self.text) if following is None else following)

    # -- strings ------------------------------------------------------------

    def _commented(self, offset: int) -> bool:
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text[line_start:offset].lstrip().startswith("#")

    def _in_heredoc(self, offset: int) -> bool:
        return any(after < offset < body_end for _, after, body_end in self.heredocs.values())

    def _heredocs(self) -> None:
        """Every `<<ID` marker outside comment lines: its body and where it ends."""
        index = 0
        while index < len(self.lines):
            start, end, _ = self.lines[index]
            index += 1
            line = self.text[start:end]
            if line.lstrip().startswith("#"):
                continue
            for match in _HEREDOC_RE.finditer(line):
                squiggly, quote, marker = match.group(1), match.group(2), match.group(3)
                body_lines: list[tuple[int, int, int]] = []
                while index < len(self.lines):
                    body = self.lines[index]
                    index += 1
                    content = self.text[body[0] : body[1]]
                    if (content.strip() if squiggly else content) == marker:
                        break
                    body_lines.append(body)
                body_end = self.lines[index - 1][2] if index > 0 else len(self.text)
                value = self._heredoc_value(body_lines, squiggly == "~", quote != "'")
                self.heredocs[start + match.start()] = (value, start + match.end(), body_end)

    def _heredoc_value(
        self, lines: list[tuple[int, int, int]], dedent: bool, interpolates: bool
    ) -> RubyString:
        indent = 0
        if dedent:
            blanks = [
                len(self.text[a:b]) - len(self.text[a:b].lstrip(" \t"))
                for a, b, _ in lines
                if self.text[a:b].strip()
            ]
            indent = min(blanks, default=0)
        builder = RunBuilder(self.view)
        templates: list[tuple[int, int]] = []
        for start, _, following in lines:
            cut = start
            while cut < following and cut - start < indent and self.text[cut] in " \t":
                cut += 1
            if interpolates:
                _double_quoted(self.text, cut, following, builder, templates, None)
            else:
                builder.add(cut, following)
        at = lines[0][0] if lines else 0
        view = builder.build() if len(builder) else empty_word(self.view, at).view
        return RubyString(view, templates)

    def _string(self, pos: int) -> Optional[tuple[RubyString, int]]:
        """The string literal, here-document or variable at `pos`, and the offset after it."""
        text = self.text
        marker = self.heredocs.get(pos)
        if marker is not None:
            return marker[0], marker[1]
        if pos < len(text) and text[pos] in "\"'":
            builder = RunBuilder(self.view)
            templates: list[tuple[int, int]] = []
            if text[pos] == '"':
                end = _double_quoted(text, pos + 1, len(text), builder, templates, '"')
            else:
                end = _single_quoted(text, pos + 1, builder)
            view = builder.build() if len(builder) else empty_word(self.view, pos + 1).view
            return RubyString(view, templates), end
        name = _NAME_RE.match(text, pos)
        if name is not None and name.group(0) in self.variables:
            return self.variables[name.group(0)], name.end()
        return None

    # -- provisioners ---------------------------------------------------------

    def _provision(self, match: re.Match[str], limit: int) -> None:
        """One provisioner statement; provisioners do not nest, so it ends before `limit`."""
        start = match.start()
        end = min(self._statement_end(match), max(limit, match.end()))
        region = self.text[start:end]
        block = _BLOCK_RE.search(region)
        inline_patterns = [_INLINE_RE]
        env_patterns = [_ENV_RE]
        if block is not None:
            name = re.escape(block.group(1))
            inline_patterns.append(re.compile(rf"\b{name}\.inline[ \t]*=[ \t]*"))
            env_patterns.append(re.compile(rf"\b{name}\.env[ \t]*=[ \t]*\{{"))
        env = self._env(region, start, env_patterns)
        for pattern in inline_patterns:
            consumed = start  # text inside a string already read is not an argument
            for found in pattern.finditer(region):
                if start + found.start() < consumed or self._commented(start + found.start()):
                    continue
                value = self._string(start + found.end())
                if value is not None:
                    consumed = value[1]
                    self._embed(value[0], env)

    def _statement_end(self, match: re.Match[str]) -> int:
        """Where a provisioner statement ends: its line (and here-documents), or its `end`."""
        line_end = self.text.find("\n", match.end())
        line_end = len(self.text) if line_end < 0 else line_end
        while self.text[:line_end].rstrip().endswith((",", "\\", "(")):
            following = self.text.find("\n", line_end + 1)
            if following < 0:
                line_end = len(self.text)
                break
            line_end = following
        for marker, (_, _, body_end) in self.heredocs.items():
            if match.start() <= marker < line_end:
                line_end = max(line_end, body_end)
        if _BLOCK_RE.search(self.text, match.start(), line_end) is None:
            return line_end
        indent = _INDENT_RE.match(self.text, match.start())
        ends = self._ends().get(indent.group(0) if indent else "", [])
        found = bisect.bisect_left(ends, line_end)
        return ends[found] if found < len(ends) else len(self.text)

    def _ends(self) -> dict[str, list[int]]:
        """Indentation -> the offsets after each `end` line with that indentation, in order."""
        if self._end_offsets is None:
            self._end_offsets = {}
            for found in _END_RE.finditer(self.text):
                self._end_offsets.setdefault(found.group(1), []).append(found.end())
        return self._end_offsets

    def _env(self, region: str, offset: int, patterns: list[re.Pattern[str]]) -> dict[str, Word]:
        env: dict[str, Word] = {}
        for pattern in patterns:
            consumed = offset  # a hash already read is not searched again
            for found in pattern.finditer(region):
                pos = offset + found.end()
                if offset + found.start() < consumed:
                    continue
                close = self.text.find("}", pos)
                close = len(self.text) if close < 0 else close
                consumed = close
                while pos < close:
                    key = _ENV_KEY_RE.search(self.text, pos, close)
                    if key is None:
                        break
                    name = key.group(2) or key.group(3) or key.group(4)
                    value = self._string(key.end())
                    pos = key.end() + 1
                    if value is None:
                        continue
                    word = Word(value[0].view, known=not value[0].templates)
                    pos = value[1]
                    env[name] = word
                    name_start = key.start(2) if key.group(2) else key.start()
                    self.ctx.add_env(
                        EnvAssign(
                            name=name,
                            name_span=self.view.span(name_start, name_start + len(name)),
                            value=word,
                            scope=Scope.STEP,
                            statement=self.view.line_range(key.start(), value[1]),
                            exported=True,
                        )
                    )
        return env

    def _embed(self, value: RubyString, env: dict[str, Word]) -> None:
        if not value.view.text:
            return
        masked, values = mask_ranges(value.view, [(a, b, None) for a, b in value.templates])
        script = self.ctx.new_script("provision:shell")
        self.ctx.embed(kinds.SHELL, masked, env={**env, **values}, script=script)


def _double_quoted(
    text: str,
    pos: int,
    end: int,
    builder: RunBuilder,
    templates: list[tuple[int, int]],
    quote: Optional[str],
) -> int:
    """Append a double-quoted string's value from `pos`; the offset after its closing quote."""
    while pos < end:
        char = text[pos]
        if quote is not None and char == quote:
            return pos + 1
        if char == "\\" and pos + 1 < end:
            nxt = text[pos + 1]
            if nxt == "\n":
                pos += 2
                continue
            builder.synth(_ESCAPES.get(nxt, nxt), pos)
            pos += 2
            continue
        if char == "#" and text.startswith("{", pos + 1):
            close = _closing_brace(text, pos + 1, end)
            at = len(builder)
            builder.add(pos, close)
            templates.append((at, len(builder)))
            pos = close
            continue
        builder.add(pos, pos + 1)
        pos += 1
    return pos


def _single_quoted(text: str, pos: int, builder: RunBuilder) -> int:
    """Append a single-quoted string's value (only `\\'` and `\\\\` escape); the offset after it."""
    while pos < len(text):
        char = text[pos]
        if char == "'":
            return pos + 1
        if char == "\\" and text[pos + 1 : pos + 2] in ("'", "\\"):
            builder.synth(text[pos + 1], pos)
            pos += 2
            continue
        builder.add(pos, pos + 1)
        pos += 1
    return pos


def _closing_brace(text: str, opening: int, end: int) -> int:
    """The offset after the `}` that closes the `{` at `opening` (or `end`)."""
    depth = 0
    for pos in range(opening, end):
        if text[pos] == "{":
            depth += 1
        elif text[pos] == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
    return end
