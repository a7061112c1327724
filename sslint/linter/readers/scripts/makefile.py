"""Makefile reader: make variables, `export`, and recipes handed to the shell reader.

Recipe lines (tab- or `.RECIPEPREFIX`-prefixed) lose their `@`/`-`/`+`
prefixes, get `$(VAR)` / `${VAR}` replaced by the text of the variable's
assignment (so a flag held in a make variable maps to where it is written)
and `$$` turned into `$`, and are read as shell, one script per rule.
Make functions are make, not shell: `$(shell cmd)` becomes the shell's
`$(cmd)`, and every one (in recipes, variables or elsewhere) and the value of
`VAR != cmd` are read as shell where they are written; any other function
call (`$(if …)`, `$(call …)`, `$(wildcard …)`) is unknown text.
Variables take their last value in the file, as make expands recipes after
reading the whole Makefile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers.scripts.shell_words import Piece
from sslint.linter.source import LineRange, View, ViewBuilder

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_ASSIGN_RE = re.compile(
    r"[ \t]*((?:(?:export|override|private)[ \t]+)*)"
    r"([A-Za-z0-9_.\-/]+)[ \t]*(:::=|::=|:=|\?=|\+=|!=|=)[ \t]*"
)
_TARGET_ASSIGN_RE = re.compile(r"([^:=#\t][^:=#]*?):(?!=)[ \t]*")
_NAME_RE = re.compile(r"[A-Za-z0-9_.\-]+")
_DIRECTIVE_RE = re.compile(
    r"[ \t]*(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|vpath)\b"
)
_MAX_DEPTH = 8
# GNU make's built-in functions: `$(name args)` calls one.
_FUNCTIONS = frozenset(
    [
        "subst",
        "patsubst",
        "strip",
        "findstring",
        "filter",
        "filter-out",
        "sort",
        "word",
        "wordlist",
        "words",
        "firstword",
        "lastword",
        "dir",
        "notdir",
        "suffix",
        "basename",
        "addsuffix",
        "addprefix",
        "join",
        "wildcard",
        "realpath",
        "abspath",
        "error",
        "warning",
        "info",
        "shell",
        "origin",
        "flavor",
        "let",
        "foreach",
        "file",
        "call",
        "value",
        "eval",
        "if",
        "or",
        "and",
        "intcmp",
        "guile",
    ]
)
_FUNCTION_RE = re.compile(r"([a-z-]+)[ \t]")
_SHELL_CALL_RE = re.compile(r"(?<!\$)\$[({]shell[ \t]")
# What a function call is in a recipe read as shell: a word whose value is not known.
_UNKNOWN_WORD = "${_}"


@dataclass
class MakeVar:
    """A make variable: its unexpanded value (as written) and where it is assigned."""

    value: Word
    exported: bool = False


@dataclass
class Rule:
    """A rule's targets and its recipe lines (views with the recipe prefix removed)."""

    target: str
    lines: list[View] = field(default_factory=list)
    local: dict[str, MakeVar] = field(default_factory=dict)


def read(view: View, ctx: ReadContext) -> None:
    """Read a Makefile."""
    MakefileReader(view, ctx).read()


class MakefileReader:
    """Two passes: variables and rules first, then every recipe expanded and read as shell."""

    def __init__(self, view: View, ctx: ReadContext) -> None:
        self.view = view
        self.ctx = ctx
        self.text = view.text
        self.vars: dict[str, MakeVar] = {}
        self.target_vars: dict[str, dict[str, MakeVar]] = {}
        self.rules: list[Rule] = []
        self.prefix = "\t"
        self.shell_assignments: list[View] = []  # `VAR != cmd`: cmd runs in a shell

    def read(self) -> None:
        """Collect variables and recipes, then hand every recipe to the shell reader."""
        self._scan()
        env = {
            name: self._expand_word(var.value, None, 0)
            for name, var in self.vars.items()
            if var.exported
        }
        for command in [*self._shell_calls(), *self.shell_assignments]:
            script = self.ctx.new_script("make:shell")
            self.ctx.embed(kinds.SHELL, self._expand(command, None, 0), env=env, script=script)
        for rule in self.rules:
            script = self.ctx.new_script(f"make:{rule.target}")
            local = self.target_vars.get(rule.target)
            for line in rule.lines:
                expanded = self._expand(line, local, 0)
                before = len(self.ctx.facts.commands)
                self.ctx.embed(kinds.SHELL, expanded, env=env, script=script)
                self._own_lines(line, before)

    def _shell_calls(self) -> list[View]:
        """The command of every `$(shell cmd)` / `${shell cmd}` outside comments."""
        text = self.text
        found: list[View] = []
        for match in _SHELL_CALL_RE.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if text[line_start : match.start()].lstrip().startswith("#"):
                continue
            close = _closing(text, match.start() + 1)
            if close > match.end():
                found.append(self.view.slice(match.end(), close))
        return found

    def _own_lines(self, line: View, before: int) -> None:
        """A command whose text came partly from a variable keeps its recipe line's statement."""
        own = line.line_range(0, len(line.text))
        for cmd in self.ctx.facts.commands[before:]:
            if cmd.statement.first < own.first or cmd.statement.last > own.last:
                cmd.statement = own

    # -- first pass ---------------------------------------------------------

    def _lines(self) -> list[tuple[int, int]]:
        bounds: list[tuple[int, int]] = []
        pos = 0
        while pos < len(self.text):
            newline = self.text.find("\n", pos)
            end = len(self.text) if newline < 0 else newline
            bounds.append((pos, end - 1 if end > pos and self.text[end - 1] == "\r" else end))
            pos = end + 1
        return bounds

    def _scan(self) -> None:
        lines = self._lines()
        index = 0
        rule: Optional[Rule] = None
        while index < len(lines):
            start, end = lines[index]
            line = self.text[start:end]
            if rule is not None and line.startswith(self.prefix):
                first, index = self._logical(lines, index, recipe=True)
                rule.lines.append(first)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                index += 1
                continue
            if re.match(r"[ \t]*define\b", line):
                index = self._skip_define(lines, index)
                continue
            logical, index = self._logical(lines, index, recipe=False)
            if _DIRECTIVE_RE.match(logical.text):
                continue
            if self._assignment(logical, None):
                rule = None
                continue
            rule = self._rule(logical) or rule

    def _skip_define(self, lines: list[tuple[int, int]], index: int) -> int:
        while index < len(lines):
            start, end = lines[index]
            index += 1
            if self.text[start:end].strip() == "endef":
                break
        return index

    def _logical(self, lines: list[tuple[int, int]], index: int, recipe: bool) -> tuple[View, int]:
        """One logical line: a recipe keeps `\\`+newline for the shell, others join with a space."""
        builder = ViewBuilder(self.view)
        first = True
        while index < len(lines):
            start, end = lines[index]
            index += 1
            if recipe:
                if self.text.startswith(self.prefix, start):
                    start += len(self.prefix)
                if first:
                    while start < end and self.text[start] in "@-+ \t":
                        start += 1
            elif not first:
                while start < end and self.text[start] in " \t":
                    start += 1
            first = False
            continues = _continues(self.text[start:end])
            if recipe:
                following = lines[index][0] if index < len(lines) else len(self.text)
                builder.add(start, following if continues else end)
            elif continues:
                builder.add(start, end - 1)
                builder.synth(" ", end - 1)
            else:
                builder.add(start, end)
            if not continues:
                break
        return builder.build(), index

    def _assignment(self, logical: View, target: Optional[str]) -> bool:
        text = logical.text
        match = _ASSIGN_RE.match(text)
        if match is None:
            return False
        modifiers, name, operator = match.group(1).split(), match.group(2), match.group(3)
        if name == ".RECIPEPREFIX":
            value_text = text[match.end() :].strip()
            self.prefix = value_text[:1] or "\t"
            return True
        end = len(text.rstrip(" \t"))
        comment = _comment_start(text, match.end())
        end = min(end, len(text[:comment].rstrip(" \t")))
        value = Word(logical.slice(match.end(), max(match.end(), end)))
        table = self.vars if target is None else self.target_vars.setdefault(target, {})
        previous = table.get(name) or (self.vars.get(name) if target is not None else None)
        exported = "export" in modifiers or (previous is not None and previous.exported)
        if operator == "?=" and previous is not None:
            return True
        if operator == "+=" and previous is not None:
            piece = Piece()
            piece.add(previous.value.view, 0, len(previous.value.text))
            piece.synth(" ", logical.to_source(match.end()))
            piece.add(value.view, 0, len(value.text))
            value = piece.word(self.view.source)
        if operator == "!=":
            self.shell_assignments.append(value.view)
            value = Word(value.view, known=False)
        table[name] = MakeVar(value, exported)
        if "export" in modifiers:
            span = logical.span(match.start(2), match.end(2))
            self.ctx.add_env(
                EnvAssign(
                    name=name,
                    name_span=span,
                    value=self._expand_word(value, None, 0),
                    scope=Scope.SCRIPT,
                    statement=LineRange(span.start_line, logical.span(0, len(text)).end_line),
                    exported=True,
                )
            )
        return True

    def _rule(self, logical: View) -> Optional[Rule]:
        text = logical.text
        match = _TARGET_ASSIGN_RE.match(text)
        if match is None:
            return None
        targets = match.group(1).split()
        rest = logical.slice(match.end(), len(text))
        for target in targets:
            if self._assignment(rest, target):
                return None
        rule = Rule(target=targets[0] if targets else "")
        self.rules.append(rule)
        semicolon = rest.text.find(";")
        if semicolon >= 0:
            start = semicolon + 1
            while start < len(rest.text) and rest.text[start] in "@-+ \t":
                start += 1
            rule.lines.append(rest.slice(start, len(rest.text)))
        return rule

    # -- expansion ------------------------------------------------------------

    def _lookup(self, name: str, local: Optional[dict[str, MakeVar]]) -> Optional[MakeVar]:
        if local is not None and name in local:
            return local[name]
        return self.vars.get(name)

    def _expand_word(self, word: Word, local: Optional[dict[str, MakeVar]], depth: int) -> Word:
        view = self._expand(word.view, local, depth)
        return Word(view, known=word.known and "$(" not in view.text)

    def _expand(self, view: View, local: Optional[dict[str, MakeVar]], depth: int) -> View:
        """`$(VAR)`/`${VAR}` replaced by the variable's text, `$$` by `$`."""
        text = view.text
        if "$" not in text:
            return view
        piece = Piece()
        pos = 0
        i = 0
        while i < len(text):
            if text[i] != "$" or i + 1 >= len(text):
                i += 1
                continue
            nxt = text[i + 1]
            if nxt == "$":
                piece.add(view, pos, i + 1)
                i += 2
                pos = i
                continue
            if nxt not in "({":
                i += 2
                continue
            close = _closing(text, i + 1)
            if close < 0:
                break
            function = _FUNCTION_RE.match(text, i + 2)
            if function is not None and function.group(1) in _FUNCTIONS:
                piece.add(view, pos, i)
                if function.group(1) == "shell":  # its output: the shell's `$(cmd)`
                    inner = self._expand(view.slice(function.end(), close), local, depth + 1)
                    piece.synth("$(", view.to_source(i))
                    piece.add(inner, 0, len(inner.text))
                    piece.synth(")", view.to_source(close))
                else:  # make's own: text the shell cannot know
                    piece.synth(_UNKNOWN_WORD, view.to_source(i))
                pos = i = close + 1
                continue
            name = text[i + 2 : close]
            var = self._lookup(name, local) if _NAME_RE.fullmatch(name) else None
            if var is not None and depth < _MAX_DEPTH:
                piece.add(view, pos, i)
                inner = self._expand(var.value.view, local, depth + 1)
                piece.add(inner, 0, len(inner.text))
                pos = close + 1
            i = close + 1
        piece.add(view, pos, len(text))
        return piece.word(view.source).view


def _continues(line: str) -> bool:
    """Whether a line ends with an odd number of backslashes."""
    stripped = line.rstrip("\r")
    count = len(stripped) - len(stripped.rstrip("\\"))
    return count % 2 == 1


def _comment_start(text: str, start: int) -> int:
    """Where an unescaped `#` starts a comment in a variable value (or len(text))."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "#":
            return i
        i += 1
    return len(text)


def _closing(text: str, opening: int) -> int:
    """The index of the bracket closing the one at `opening` (nesting counted), or -1."""
    pair = {"(": ")", "{": "}"}[text[opening]]
    depth = 0
    for i in range(opening, len(text)):
        if text[i] == text[opening]:
            depth += 1
        elif text[i] == pair:
            depth -= 1
            if depth == 0:
                return i
    return -1
