"""Nix reader (shell.nix, flake.nix, default.nix …): the shell code and environment of derivations.

Read as shell: the strings of `shellHook` and of the build phases and hooks
(`buildPhase`, `postInstall` …), NixOS service scripts (`script`, `preStart` …), `text` of
`writeShellApplication`, and the
script of `writeShellScript`/`writeShellScriptBin "name"`. An attribute whose
name is an environment variable (`PIP_TRUSTED_HOST = "…";`, upper case, as
`mkShell` and `mkDerivation` export them), also inside `env = { … }`, is an
assignment of the shell's environment. Strings are `"…"` (backslash escapes)
or indented `''…''` (common indentation removed, `'''` / `''$` / `''\\n`
escapes); `${ … }` interpolations are unknown text. Nix itself is not
evaluated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers.scripts.templates import mask_ranges
from sslint.linter.readers.scripts.words import RunBuilder, empty_word
from sslint.linter.source import LineRange, View

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_SHELL_ATTRIBUTES = frozenset(
    {
        "shellHook", "script", "preStart", "postStart", "preStop", "postStop", "reload",
        "unpackPhase", "patchPhase", "configurePhase", "buildPhase", "checkPhase",
        "installPhase", "fixupPhase", "installCheckPhase", "distPhase",
        "preUnpack", "postUnpack", "prePatch", "postPatch", "preConfigure",
        "postConfigure", "preBuild", "postBuild", "preCheck", "postCheck",
        "preInstall", "postInstall", "preFixup", "postFixup", "preShellHook",
        "postShellHook",
    }
)  # fmt: skip
_ENV_NAME_RE = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
_ATTRIBUTE_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_'\-]*)[ \t\r\n]*=[ \t\r\n]*\Z")
_WRITER_RE = re.compile(r"writeShellScript(?:Bin)?[ \t\r\n]+\"[^\"\n]*\"[ \t\r\n]*\Z")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}
_LOOKBEHIND = 200


def read(view: View, ctx: ReadContext) -> None:
    """Read a Nix file."""
    text = view.text
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            pos = len(text) if close < 0 else close + 2
        elif char == '"' or text.startswith("''", pos):
            before = text[max(0, pos - _LOOKBEHIND) : pos]
            opening = pos
            indented = char == "'"
            value, templates, pos = (
                _indented_string(view, pos + 2) if indented else _string(view, pos + 1)
            )
            _use(view, ctx, (before, opening), value, templates)
        else:
            pos += 1


def _use(
    view: View,
    ctx: ReadContext,
    context: tuple[str, int],
    value: View,
    templates: list[tuple[int, int]],
) -> None:
    """Read a string as shell or record it as an environment value, as its attribute says.

    `context` is the text before the string's opening quote and that quote's offset.
    """
    before, opening = context
    attribute = _ATTRIBUTE_RE.search(before)
    name = attribute.group(1) if attribute is not None else None
    shell = name in _SHELL_ATTRIBUTES or _WRITER_RE.search(before) is not None
    if name == "text" and "writeShellApplication" in before:
        shell = True
    if shell:
        if value.text.strip():
            masked, values = mask_ranges(value, [(a, b, None) for a, b in templates])
            ctx.embed(kinds.SHELL, masked, env=values, script=ctx.new_script(f"nix:{name}"))
        return
    if attribute is None or name is None or not _ENV_NAME_RE.match(name):
        return
    start = opening - len(before) + attribute.start(1)
    span = view.span(start, start + len(name))
    ctx.add_env(
        EnvAssign(
            name=name,
            name_span=span,
            value=Word(value, known=not templates),
            scope=Scope.PROCESS,
            statement=LineRange(
                span.start_line, max(span.start_line, value.span(0, len(value.text)).end_line)
            ),
            exported=True,
        )
    )


def _interpolation_end(text: str, pos: int) -> int:
    """The offset after the `}` closing the `${` at `pos` (nesting counted), or the end."""
    depth = 0
    for index in range(pos + 1, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _string(view: View, pos: int) -> tuple[View, list[tuple[int, int]], int]:
    """A `"…"` string from after its quote: value, interpolations, offset after it."""
    text = view.text
    builder = RunBuilder(view)
    templates: list[tuple[int, int]] = []
    start = pos
    while pos < len(text) and text[pos] != '"':
        if text[pos] == "\\" and pos + 1 < len(text):
            builder.synth(_ESCAPES.get(text[pos + 1], text[pos + 1]), pos)
            pos += 2
        elif text.startswith("${", pos):
            end = _interpolation_end(text, pos)
            at = len(builder)
            builder.add(pos, end)
            templates.append((at, len(builder)))
            pos = end
        else:
            builder.add(pos, pos + 1)
            pos += 1
    value = builder.build() if len(builder) else empty_word(view, start).view
    return value, templates, pos + 1


def _indented_string(view: View, pos: int) -> tuple[View, list[tuple[int, int]], int]:
    """A `''…''` string from after its quotes: value, interpolations, offset after it."""
    text = view.text
    end = _indented_end(text, pos)
    indent = _common_indent(text, pos, end)
    if re.match(r"[ \t]*\n", text[pos:end]):
        pos = text.index("\n", pos) + 1
    builder = RunBuilder(view)
    templates: list[tuple[int, int]] = []
    start = pos
    line_start = True
    while pos < end:
        if line_start:
            skipped = 0
            while pos < end and skipped < indent and text[pos] in " \t":
                pos += 1
                skipped += 1
            line_start = False
            continue
        char = text[pos]
        if text.startswith("'''", pos):
            builder.synth("''", pos)
            pos += 3
        elif text.startswith("''$", pos):
            builder.add(pos + 2, pos + 3)
            pos += 3
        elif text.startswith("''\\", pos) and pos + 3 < len(text):
            builder.synth(_ESCAPES.get(text[pos + 3], text[pos + 3]), pos)
            pos += 4
        elif text.startswith("${", pos):
            close = min(_interpolation_end(text, pos), end)
            at = len(builder)
            builder.add(pos, close)
            templates.append((at, len(builder)))
            pos = close
        else:
            builder.add(pos, pos + 1)
            pos += 1
            line_start = char == "\n"
    value = builder.build() if len(builder) else empty_word(view, start).view
    return value, templates, min(len(text), end + 2)


def _indented_end(text: str, pos: int) -> int:
    """The offset of the `''` closing an indented string (escapes skipped), or the end."""
    while pos < len(text):
        found = text.find("''", pos)
        if found < 0:
            return len(text)
        following = text[found + 2 : found + 3]
        if following in ("'", "$"):
            pos = found + 3
        elif following == "\\":
            pos = found + 4
        else:
            return found
    return len(text)


def _common_indent(text: str, start: int, end: int) -> int:
    """The smallest indentation of the string's non-blank lines (its first line if on `''`)."""
    widths: list[int] = []
    for number, line in enumerate(text[start:end].split("\n")):
        if number == 0 or not line.strip():
            continue
        widths.append(len(line) - len(line.lstrip(" \t")))
    return min(widths, default=0)
