"""Word-level reader for PowerShell (`.ps1`) and cmd (`.bat`, `.cmd`) scripts.

Not a parser: it splits statements into words (quotes removed, escapes
resolved, continuations joined) so that the flags of `pip`, `curl`, `git` …
are found with exact spans, and records `$env:NAME = "v"` / `set NAME=v` as
environment assignments for the rest of the script. A cmd word that expands a
variable (`%PYTHON%`, `%~dp0`) is not known: it holds the variable's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Union

from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers.scripts.shell_words import Piece
from sslint.linter.source import LineRange, Span, View

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_PS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "e": "\x1b"}
_BATCH_COMMENT_RE = re.compile(r"[ \t@]*(?:rem(?=[ \t:]|$)|::)", re.IGNORECASE)
_PS_ENV_RE = re.compile(r"\$env:([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Runs of characters that `tokenize` and the quoted-string readers take as they are.
_PS_PLAIN_RE = re.compile("[^` \t\r\n|;&'\"<]+")
_BATCH_PLAIN_RE = re.compile('[^^ \t\r\n|&()"]+')
_PS_DOUBLE_PLAIN_RE = re.compile('[^"`]+')
_BATCH_DOUBLE_PLAIN_RE = re.compile('[^"\n]+')
# cmd expansions: `%NAME%` (also `%NAME:~0,4%`), `%1`, `%~dp0`, `%*`; `%%` is a literal `%`.
_BATCH_VAR_RE = re.compile(r"%%|%(?:[A-Za-z_][^%\s\"]*%|~[A-Za-z$]*[0-9]|[0-9*])")


@dataclass
class _Statement:
    words: list[Word] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)


class _Extent:
    """Stands in for a `Piece` while statements are only delimited: it counts, builds nothing."""

    def __init__(self) -> None:
        self.length = 0

    def anchor_at(self, source_offset: int) -> None:
        pass

    def add(self, view: View, start: int, end: int) -> None:
        if end > start:
            self.length += end - start

    def synth(self, text: str, source_offset: int) -> None:
        self.length += len(text)

    def mark(self, known: bool, via: Optional[str], used_at: Optional[Span]) -> None:
        pass


def read_powershell(view: View, ctx: ReadContext) -> None:
    """Read a PowerShell script."""
    _WordReader(view, ctx, powershell=True).read()


def read_batch(view: View, ctx: ReadContext) -> None:
    """Read a cmd batch script."""
    _WordReader(view, ctx, powershell=False).read()


class _WordReader:
    def __init__(self, view: View, ctx: ReadContext, powershell: bool) -> None:
        self.view = view
        self.ctx = ctx
        self.text = view.text
        self.ps = powershell
        self.escape = "`" if powershell else "^"
        self.plain = _PS_PLAIN_RE if powershell else _BATCH_PLAIN_RE
        self.double_plain = _PS_DOUBLE_PLAIN_RE if powershell else _BATCH_DOUBLE_PLAIN_RE
        self.statements: list[_Statement] = []
        self.cur = _Statement()
        self.piece: Optional[Union[Piece, _Extent]] = None
        self.quoted = False
        self.exports: dict[str, list[EnvAssign]] = {}
        # While only delimiting statements: where each one that has words ends.
        self.ends: Optional[list[int]] = None
        self.ended = False
        self.has_words = False

    # -- tokenising --------------------------------------------------------------

    def _new_piece(self) -> Union[Piece, _Extent]:
        return Piece() if self.ends is None else _Extent()

    def _word_end(self) -> None:
        if self.piece is not None and (self.piece.length or self.quoted):
            if isinstance(self.piece, Piece):
                self.cur.words.append(self.piece.word(self.view.source))
                self.cur.quoted.append(self.quoted)
            else:
                self.has_words = True
        self.piece = None
        self.quoted = False

    def _statement_end(self) -> None:
        self._word_end()
        if self.cur.words:
            self.statements.append(self.cur)
        self.cur = _Statement()
        self.ended = True

    def _at_start(self) -> bool:
        return not (self.cur.words or self.has_words) and self.piece is None

    def _add(self, start: int, end: int) -> None:
        if self.piece is None:
            self.piece = self._new_piece()
        self.piece.add(self.view, start, end)
        if not self.ps and "%" in self.text[start:end] and self._expands(start, end):
            # `"%PYTHON%" -m pip`: the value is the variable's, not known here.
            self.piece.mark(False, None, None)

    def _expands(self, start: int, end: int) -> bool:
        """Whether cmd text [start, end) holds a variable expansion."""
        matches = _BATCH_VAR_RE.finditer(self.text, start, end)
        return any(match.group() != "%%" for match in matches)

    def _synth(self, text: str, at: int) -> None:
        if self.piece is None:
            self.piece = self._new_piece()
        self.piece.synth(text, self.view.to_source(at) if self.ends is None else at)

    def _line_end(self, i: int) -> int:
        end = self.text.find("\n", i)
        return len(self.text) if end < 0 else end

    def statement_ends(self) -> list[int]:
        """Where each statement with words ends (the offset its reading stops at), found
        by reading the text without building words."""
        self.ends = []
        self.tokenize(0, len(self.text))
        ends, self.ends = self.ends, None
        return ends

    def tokenize(self, start: int, stop: int) -> None:
        """Read text [start, stop) into statements; `start` must be where one begins."""
        text = self.text
        n = len(text)
        i = start
        while i < stop:
            if self.ended:
                self.ended = False
                if self.ends is not None and self.has_words:
                    self.ends.append(i)
                self.has_words = False
            c = text[i]
            at_start = self._at_start()
            if at_start and not self.ps and _BATCH_COMMENT_RE.match(text, i):
                i = self._line_end(i)
                continue
            if at_start and not self.ps and c == "@":
                i += 1
                continue
            if c == self.escape:
                rest = text[i + 1 : i + 3]
                if rest.startswith("\n") or rest == "\r\n":
                    self._word_end()
                    i += 1 + (2 if rest == "\r\n" else 1)
                    continue
                if i + 1 < n:
                    nxt = text[i + 1]
                    if self.ps and nxt in _PS_ESCAPES:
                        self._synth(_PS_ESCAPES[nxt], i)
                    else:
                        self._add(i + 1, i + 2)
                    i += 2
                    continue
            if c in " \t\r":
                self._word_end()
            elif c == "\n":
                self._statement_end()
            elif c == "#" and self.ps and self.piece is None:
                i = self._line_end(i)
                continue
            elif c == "<" and self.ps and text.startswith("<#", i):
                close = text.find("#>", i + 2)
                i = n if close < 0 else close + 2
                continue
            elif c == "|" or (c == ";" and self.ps) or (c in "()" and not self.ps):
                self._statement_end()
            elif c == "&":
                if self.ps and not text.startswith("&&", i) and at_start:
                    pass  # the call operator: `& "C:\\py\\python.exe" -m pip`
                else:
                    self._statement_end()
                    if text.startswith("&&", i):
                        i += 1
            elif c == "'" and self.ps:
                i = self._single_quoted(i)
                continue
            elif c == '"':
                i = self._double_quoted(i)
                continue
            else:
                # A run of plain characters goes into the word at once.
                plain = self.plain.match(text, i + 1)
                end = plain.end() if plain else i + 1
                self._add(i, end)
                i = end
                continue
            i += 1
        self._statement_end()
        self.ended = False
        if self.ends is not None and self.has_words:
            self.ends.append(stop)
        self.has_words = False

    def _single_quoted(self, i: int) -> int:
        text = self.text
        self.quoted = True
        if self.piece is None:
            self.piece = self._new_piece()
        if self.ends is None:
            self.piece.anchor_at(self.view.to_source(i))
        j = i + 1
        while j < len(text):
            if text[j] == "'":
                if text.startswith("''", j):
                    self._add(j, j + 1)
                    j += 2
                    continue
                return j + 1
            close = text.find("'", j)
            end = len(text) if close < 0 else close
            self._add(j, end)
            j = end
        return j

    def _double_quoted(self, i: int) -> int:
        text = self.text
        self.quoted = True
        if self.piece is None:
            self.piece = self._new_piece()
        if self.ends is None:
            self.piece.anchor_at(self.view.to_source(i))
        j = i + 1
        while j < len(text):
            c = text[j]
            if c == '"':
                if self.ps and text.startswith('""', j):
                    self._add(j, j + 1)
                    j += 2
                    continue
                return j + 1
            if c == "`" and self.ps and j + 1 < len(text):
                nxt = text[j + 1]
                if nxt in _PS_ESCAPES:
                    self._synth(_PS_ESCAPES[nxt], j)
                else:
                    self._add(j + 1, j + 2)
                j += 2
                continue
            if c == "\n" and not self.ps:
                return j
            plain = self.double_plain.match(text, j + 1)
            end = plain.end() if plain else j + 1
            self._add(j, end)
            j = end
        return j

    # -- facts ---------------------------------------------------------------

    def read(self) -> None:
        tokens = self.ctx.facts.tokens if self.ctx.facts.narrow else None
        if tokens is None:
            self.tokenize(0, len(self.text))
        else:
            start = 0
            for end in self.statement_ends():
                if not self._idle(self.text[start:end].lower(), tokens):
                    self.tokenize(start, end)
                start = end
        for statement in self.statements:
            words = statement.words
            first, last = words[0].span, words[-1].span
            lines = LineRange(first.start_line, last.end_line)
            if self.ps and self._powershell_env(words, lines):
                continue
            if not self.ps and self._batch_env(words, lines):
                continue
            self.ctx.add_command(Command(words=words, statement=lines))

    def _idle(self, text: str, tokens: tuple[str, ...]) -> bool:
        """Whether a statement can matter to no rule and changes nothing later ones see.

        Its text holds no token a rule needs and nothing that changes the environment
        (`$env:NAME = …`, `Remove-Item Env:NAME`, `set`) or could bring a token in (a
        cmd `%VAR%`, a PowerShell block comment inside a word); escapes, continuations
        and quotes are taken out before the tokens are looked for (`cu`rl`, `"cu"rl`
        spell `curl`). A PowerShell `$name` is kept as written, so it brings in nothing.
        """
        if self.ps and ("env:" in text or "<#" in text):
            return False
        if not self.ps and ("%" in text or "set" in text):
            return False
        for mark in ("`\r\n", "`\n", "^\r\n", "^\n", "`", "^", "'", '"'):
            if mark in text:
                text = text.replace(mark, "")
        return not any(token in text for token in tokens)

    def _assign(self, name: str, span: Span, value: Optional[Word], lines: LineRange) -> None:
        if value is None or not value.text:
            for assign in self.exports.get(name.upper(), []):
                if assign.unset_at is None:
                    assign.unset_at = span
            return
        assign = EnvAssign(
            name=name, name_span=span, value=value, scope=Scope.SCRIPT, statement=lines
        )
        self.ctx.add_env(assign)
        self.exports.setdefault(name.upper(), []).append(assign)

    def _powershell_env(self, words: list[Word], lines: LineRange) -> bool:
        """`$env:NAME = "v"`, `$env:NAME="v"`, `Remove-Item Env:NAME`; other `$x = …` too."""
        head = words[0]
        match = _PS_ENV_RE.match(head.text)
        if match:
            name = match.group(1)
            span = head.sub_span(match.start(1), match.end(1))
            rest = head.text[match.end() :]
            value: Optional[Word] = None
            if rest.startswith("="):
                value = Word(head.view.slice(match.end() + 1, len(head.text)))
                if not value.text and len(words) > 1:
                    value = words[1]
            elif len(words) > 2 and words[1].text == "=":
                value = words[2]
            elif len(words) > 1 and words[1].text.startswith("="):
                value = Word(words[1].view.slice(1, len(words[1].text)))
            else:
                return False
            if value is not None and value.text.lower() == "$null":
                value = None
            self._assign(name, span, value, lines)
            return True
        if head.text.lower() in ("remove-item", "ri", "del", "rm") and len(words) > 1:
            target = words[1].text
            if target.lower().startswith("env:"):
                self._assign(target[4:], words[1].sub_span(4, len(target)), None, lines)
        return head.text.startswith("$") and len(words) > 1 and words[1].text == "="

    def _batch_env(self, words: list[Word], lines: LineRange) -> bool:
        """`set NAME=value` (the value runs to the end of the statement), `setx NAME value`."""
        head = words[0].text.lower()
        if head == "setx" and len(words) >= 3 and _NAME_RE.fullmatch(words[1].text):
            self._assign(words[1].text, words[1].span, words[2], lines)
            return True
        if head != "set" or len(words) < 2 or words[1].text.startswith("/"):
            return False
        first = words[1]
        name, sep, _ = first.text.partition("=")
        if not sep or not _NAME_RE.fullmatch(name):
            return head == "set"
        piece = Piece()
        piece.add(first.view, len(name) + 1, len(first.text))
        for word in words[2:]:
            piece.synth(" ", word.view.to_source(0))
            piece.add(word.view, 0, len(word.text))
        value = piece.word(self.view.source)
        if not value.text:
            value = Word(first.view.slice(len(first.text), len(first.text)))
        self._assign(name, first.sub_span(0, len(name)), value if value.text else None, lines)
        return True
