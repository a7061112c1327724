"""justfile reader: `just` recipes read as shell, variables and settings honoured.

A recipe is an unindented `name params: deps` line followed by indented
lines. Each logical line (joined across a final `\\`) runs in its own shell,
without its `@` / `-` prefixes; a body opening with `#!`, or the body of a
`[script("…")]` recipe, is one script for that interpreter. `{{ expression }}`
interpolations become the value of the justfile variable they name (as
written) or unknown text. `export NAME := value` (or any variable under `set
export`) is in the environment of every recipe; `set shell := ["pwsh", …]`
picks the language recipes are read as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers.scripts.blocks import dedented, indent_of, line_spans
from sslint.linter.readers.scripts.templates import mask
from sslint.linter.readers.scripts.words import empty_word
from sslint.linter.source import View

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_ASSIGN_RE = re.compile(rf"(export[ \t]+)?({_NAME})[ \t]*:=[ \t]*")
_SET_RE = re.compile(rf"set[ \t]+({_NAME})(?:[ \t]*:=[ \t]*(.*))?")
_RECIPE_RE = re.compile(rf"@?({_NAME})\b[^:]*:(?!=)")
_SKIPPED_RE = re.compile(r"(?:alias|import|mod)\b|\[|#")
# An interpolation ends at the first `}}`; its text never holds `{{` (so a line of
# unclosed `{{` costs linear time).
_INTERPOLATION_RE = re.compile(
    rf"\{{\{{(?!\{{)[ \t]*(?:({_NAME})[ \t]*\}}\}}|(?:[^{{}}\n]|\{{(?!\{{)|\}}(?!\}}))*\}}\}})"
)
_SCRIPT_ATTRIBUTE_RE = re.compile(r"\[(?:[^\]]*,)?[ \t]*script\b(?:[ \t]*\([ \t]*[\"']([^\"']*))?")
_SHELL_KINDS = {"pwsh": kinds.POWERSHELL, "powershell": kinds.POWERSHELL, "cmd": kinds.BATCH}


@dataclass
class Recipe:
    """One recipe: its name and the lines of its body."""

    name: str
    body: list[tuple[int, int, int]] = field(default_factory=list)
    script_kind: Optional[str] = None  # a `[script(…)]` recipe: the body is one script


def read(view: View, ctx: ReadContext) -> None:
    """Read a justfile."""
    JustfileReader(view, ctx).read()


class JustfileReader:
    """First the variables, settings and recipes; then every recipe read in its language."""

    def __init__(self, view: View, ctx: ReadContext) -> None:
        self.view = view
        self.ctx = ctx
        self.text = view.text
        self.values: dict[str, Word] = {}
        self.exported: set[str] = set()
        self.export_all = False
        self.shell = kinds.SHELL
        self.recipes: list[Recipe] = []
        self.assigns: list[EnvAssign] = []

    def read(self) -> None:
        """Collect the file's parts, then read every recipe."""
        self._scan()
        for assign in self.assigns:
            if self.export_all or assign.name in self.exported:
                self.ctx.add_env(assign)
        env = {
            name: word
            for name, word in self.values.items()
            if self.export_all or name in self.exported
        }
        for recipe in self.recipes:
            self._recipe(recipe, env)

    def _scan(self) -> None:
        recipe: Optional[Recipe] = None
        script_kind: Optional[str] = None
        for line in line_spans(self.text):
            start, end, _ = line
            content = self.text[start:end]
            if recipe is not None and (not content.strip() or content[:1] in " \t"):
                recipe.body.append(line)
                continue
            recipe = None
            attribute = _SCRIPT_ATTRIBUTE_RE.match(content)
            if attribute is not None:
                script_kind = _interpreter_kind(attribute.group(1) or "sh")
            if not content.strip() or _SKIPPED_RE.match(content):
                continue
            setting = _SET_RE.match(content)
            if setting is not None:
                self._setting(setting.group(1), setting.group(2))
                continue
            assign = _ASSIGN_RE.match(content)
            if assign is not None:
                self._assign(assign, start, end)
                continue
            header = _RECIPE_RE.match(content)
            if header is not None:
                recipe = Recipe(header.group(1), script_kind=script_kind)
                self.recipes.append(recipe)
            script_kind = None

    def _setting(self, name: str, value: Optional[str]) -> None:
        if name == "export":
            self.export_all = value is None or value.strip() == "true"
        elif name == "shell" and value:
            program = re.match(r"\[[ \t]*[\"']([^\"']*)", value.strip())
            if program is not None:
                self.shell = _interpreter_kind(program.group(1))

    def _assign(self, match: re.Match[str], start: int, end: int) -> None:
        name = match.group(2)
        value = _value(self.view, start + match.end(), end)
        self.values[name] = value
        if match.group(1):
            self.exported.add(name)
        self.assigns.append(
            EnvAssign(
                name=name,
                name_span=self.view.span(start + match.start(2), start + match.end(2)),
                value=value,
                scope=Scope.SCRIPT,
                statement=self.view.line_range(start, end),
                exported=True,
            )
        )

    def _recipe(self, recipe: Recipe, env: dict[str, Word]) -> None:
        body = list(recipe.body)
        while body and not self.text[body[-1][0] : body[-1][1]].strip():
            body.pop()
        if not body:
            return
        indent = indent_of(self.text, body[0][0], body[0][1])
        script = self.ctx.new_script(f"just:{recipe.name}")
        first = self.text[body[0][0] + indent : body[0][1]]
        if recipe.script_kind is not None:
            self._embed(recipe.script_kind, dedented(self.view, body, indent), env, script)
            return
        if first.startswith("#!"):
            kind = kinds.kind_from_shebang(first.encode("utf-8", "replace"))
            if kind is not None:
                self._embed(kind, dedented(self.view, body, indent), env, script)
            return
        for logical in _logical_lines(self.text, body):
            view = dedented(self.view, logical, indent)
            prefix = len(view.text) - len(view.text.lstrip("@-"))
            self._embed(self.shell, view.slice(prefix, len(view.text)), env, script)

    def _embed(self, kind: str, view: View, env: dict[str, Word], script: str) -> None:
        masked, values = mask(view, _INTERPOLATION_RE, self.values)
        self.ctx.embed(kind, masked, env={**env, **values}, script=script)


def _interpreter_kind(program: str) -> str:
    """The kind of code an interpreter (`bash`, `pwsh.exe`, `/usr/bin/python3`) runs."""
    base = program.strip().split(" ")[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    base = re.sub(r"\.exe$", "", base)
    if re.match(r"python[\d.]*$", base):
        return kinds.PYTHON
    return _SHELL_KINDS.get(base, kinds.SHELL)


def _logical_lines(text: str, body: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """The body's lines grouped into logical lines (a final `\\` continues one)."""
    groups: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    for line in body:
        start, end, _ = line
        if not current and not text[start:end].strip():
            continue
        current.append(line)
        stripped = text[start:end].rstrip(" \t")
        trailing = len(stripped) - len(stripped.rstrip("\\"))
        if trailing % 2 == 0:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _value(view: View, start: int, end: int) -> Word:
    """A variable's value: a plain string literal as written, anything else unknown."""
    text = view.text
    comment = re.search(r"[ \t]#", text[start:end])
    if comment is not None and not re.search(r"[\"'`]", text[start : start + comment.start()]):
        end = start + comment.start()
    while end > start and text[end - 1] in " \t":
        end -= 1
    literal = re.fullmatch(r"'([^'\n]*)'|\"([^\"\\\n]*)\"", text[start:end])
    if literal is not None:
        inner_start, inner_end = start + 1, end - 1
        if inner_end == inner_start:
            return empty_word(view, inner_start)
        return Word(view.slice(inner_start, inner_end))
    if end <= start:
        return empty_word(view, start)
    return Word(view.slice(start, end), known=False)
