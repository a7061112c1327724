"""Terraform and Packer (HCL): provisioner commands, start-up scripts and provider settings.

Read as shell (PowerShell / cmd where the provisioner says so):
- `provisioner "local-exec" { command = … }` (its `interpreter` picks the
  language) with its `environment = { … }`;
- `inline = [ … ]` of `remote-exec` and of Packer's `shell`, `shell-local`,
  `powershell` and `windows-shell` provisioners, joined into one script, with
  Packer's `environment_vars = ["K=V"]` and `env = { … }`;
- `user_data` / `custom_data` that start with a shell `#!` line (one that
  starts with `#cloud-config` is read as YAML), and
  `metadata_startup_script` / `metadata = { startup-script = … }`.
`${local.x}` / `${var.x}` expand to a plain string the file gives that local
or variable (its `default`); other `${ … }` and `%{ … }` templates are unknown
text. Attributes of `provider`
blocks become settings (`section` = ("provider", name, nested block …)), those
of a Packer `source "TYPE" "NAME"` block builder settings (`kinds.TOOL_SETTINGS`,
`section` = ("packer", TYPE)).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Setting, Word
from sslint.linter.readers.scripts.templates import mask_ranges
from sslint.linter.readers.scripts.words import empty_word
from sslint.linter.readers.sources.hcl_source import (
    HclAttribute,
    HclBlock,
    HclList,
    HclObject,
    HclOther,
    HclString,
    HclValue,
    parse,
    string_value,
)
from sslint.linter.source import LineRange, Span, View, join_views

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_INLINE_KINDS = {
    "remote-exec": kinds.SHELL,
    "shell": kinds.SHELL,
    "shell-local": kinds.SHELL,
    "powershell": kinds.POWERSHELL,
    "windows-shell": kinds.BATCH,
}
_STARTUP_SCRIPTS = frozenset({"metadata_startup_script", "startup-script", "startup_script"})
_USER_DATA = frozenset({"user_data", "custom_data", "user-data"})
Values = dict[str, Word]
_ENV_ITEM_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")


def read(view: View, ctx: ReadContext) -> None:
    """Read a Terraform or Packer file."""
    root = parse(view)
    _walk(root, ctx, (), _values(root))


def _values(root: HclBlock) -> Values:
    """`local.NAME` and `var.NAME` (its default) for the plain strings the file defines."""
    values: Values = {}
    for block in root.blocks:
        if block.type == "locals":
            for attribute in block.attributes:
                found = string_value(attribute.value)
                if found is not None and not found.templates:
                    values[f"local.{attribute.name}"] = _word(found)
        elif block.type == "variable" and block.labels:
            default = _attribute(block, "default")
            found = string_value(default.value) if default is not None else None
            if found is not None and not found.templates:
                values[f"var.{block.labels[0]}"] = _word(found)
    return values


def _walk(block: HclBlock, ctx: ReadContext, path: tuple[str, ...], values: Values) -> None:
    if block.type == "provisioner" and block.labels:
        _provisioner(block, ctx, values)
    if path[:1] == ("provider",):
        _settings(block.attributes, ctx, path)
    if block.type == "source" and len(block.labels) == 2 and path == ("source",):
        _settings(block.attributes, ctx, ("packer", block.labels[0]), kinds.TOOL_SETTINGS)
    _startup_scripts(block.attributes, ctx, values)
    for child in block.blocks:
        if child.type == "provider" and not path:
            _walk(child, ctx, ("provider", child.labels[0] if child.labels else ""), values)
        elif child.type == "source" and not path:
            _walk(child, ctx, ("source",), values)
        else:
            _walk(child, ctx, (*path, child.type) if path else (), values)


def _attribute(block: HclBlock, name: str) -> Optional[HclAttribute]:
    return next((a for a in reversed(block.attributes) if a.name == name), None)


def _provisioner(block: HclBlock, ctx: ReadContext, values: Values) -> None:
    provisioner = block.labels[0]
    env = _environment(block, ctx)
    script = ctx.new_script(f"provisioner:{provisioner}")
    command = _attribute(block, "command")
    if provisioner in ("local-exec", "shell-local") and command is not None:
        found = string_value(command.value)
        if found is not None:
            _embed(ctx, _interpreter(block), [found], env, script, values)
    inline = _attribute(block, "inline")
    kind = _INLINE_KINDS.get(provisioner)
    if inline is not None and kind is not None and isinstance(inline.value, HclList):
        items = [item for item in inline.value.items if isinstance(item, HclString)]
        _embed(ctx, kind, items, env, script, values)


def _interpreter(block: HclBlock) -> str:
    """The language `interpreter = ["PowerShell", "-Command"]` runs `command` in."""
    attribute = _attribute(block, "interpreter")
    if attribute is None or not isinstance(attribute.value, HclList) or not attribute.value.items:
        return kinds.SHELL
    first = string_value(attribute.value.items[0])
    program = first.view.text.replace("\\", "/").rsplit("/", 1)[-1].lower() if first else ""
    program = re.sub(r"\.exe$", "", program)
    if program in ("powershell", "pwsh"):
        return kinds.POWERSHELL
    if program == "cmd":
        return kinds.BATCH
    if program.startswith("python"):
        return kinds.PYTHON
    return kinds.SHELL


def _environment(block: HclBlock, ctx: ReadContext) -> dict[str, Word]:
    """`environment = {…}` / `env = {…}` / `environment_vars = ["K=V"]`: the step's variables."""
    env: dict[str, Word] = {}
    for attribute in block.attributes:
        if attribute.name in ("environment", "env") and isinstance(attribute.value, HclObject):
            for entry in attribute.value.attributes:
                word = _value_word(entry.value)
                if word is None:
                    continue
                env[entry.name] = word
                _add_env(ctx, entry.name, entry.name_span, word, entry)
        elif attribute.name == "environment_vars" and isinstance(attribute.value, HclList):
            for item in attribute.value.items:
                if not isinstance(item, HclString):
                    continue
                match = _ENV_ITEM_RE.match(item.view.text)
                if match is None:
                    continue
                name = match.group(1)
                cut = match.end()
                templates = [(a - cut, b - cut) for a, b in item.templates if a >= cut]
                rest = item.view.slice(cut, len(item.view.text))
                word = Word(rest, known=not templates) if rest.text else empty_word(item.view, cut)
                env[name] = word
                _add_env(ctx, name, item.view.span(0, match.end(1)), word, attribute)
    return env


def _add_env(ctx: ReadContext, name: str, span: Span, value: Word, where: HclAttribute) -> None:
    ctx.add_env(
        EnvAssign(
            name=name,
            name_span=span,
            value=value,
            scope=Scope.STEP,
            statement=LineRange(where.first_line, where.last_line),
            exported=True,
        )
    )


def _word(value: HclString) -> Word:
    return Word(value.view, known=not value.templates)


def _value_word(value: HclValue) -> Optional[Word]:
    """A string as its value; any other expression with text as unknown; None otherwise."""
    if isinstance(value, HclString):
        return _word(value)
    if isinstance(value, HclOther) and value.view.text.strip():
        return Word(value.view, known=False)
    return None


def _embed(
    ctx: ReadContext,
    kind: str,
    strings: list[HclString],
    env: dict[str, Word],
    script: str,
    values: Values,
) -> None:
    """Read strings as one script of `kind` (lines joined); `${local.x}` / `${var.x}` as
    `values` says, other templates unknown."""
    strings = [s for s in strings if s.view.text]
    if not strings:
        return
    joined = join_views([(s.view, 0, len(s.view.text)) for s in strings], "\n")
    ranges: list[tuple[int, int, Optional[Word]]] = []
    offset = 0
    for string in strings:
        text = string.view.text
        ranges.extend(
            (offset + a, offset + b, values.get(text[a + 2 : b - 1].strip()))
            for a, b in string.templates
        )
        offset += len(string.view.text) + 1
    masked, values = mask_ranges(joined, ranges)
    ctx.embed(kind, masked, env={**env, **values}, script=script)


def _startup_scripts(attributes: list[HclAttribute], ctx: ReadContext, values: Values) -> None:
    for attribute in attributes:
        if attribute.name == "metadata" and isinstance(attribute.value, HclObject):
            _startup_scripts(attribute.value.attributes, ctx, values)
            continue
        value = string_value(attribute.value)
        if value is None:
            continue
        if attribute.name in _STARTUP_SCRIPTS:
            kind: Optional[str] = kinds.SHELL
        elif attribute.name in _USER_DATA and value.view.text.startswith("#!"):
            kind = kinds.kind_from_shebang(value.view.text.encode("utf-8", "replace"))
        elif attribute.name in _USER_DATA and value.view.text.startswith("#cloud-config"):
            kind = kinds.YAML  # the YAML reader knows cloud-init documents by this line
        else:
            continue
        if kind is not None:
            _embed(ctx, kind, [value], {}, ctx.new_script(attribute.name), values)


def _settings(
    attributes: list[HclAttribute],
    ctx: ReadContext,
    path: tuple[str, ...],
    file_kind: str = kinds.TERRAFORM,
) -> None:
    for attribute in attributes:
        if isinstance(attribute.value, HclObject):
            _settings(attribute.value.attributes, ctx, (*path, attribute.name), file_kind)
            continue
        if isinstance(attribute.value, HclString):
            value, value_type = _word(attribute.value), "str"
        elif isinstance(attribute.value, HclOther) and attribute.value.view.text:
            text = attribute.value.view.text.strip()
            value_type = "bool" if text in ("true", "false") else "str"
            value = Word(attribute.value.view, known=value_type == "bool")
        else:
            continue
        ctx.add_setting(
            Setting(
                file_kind=file_kind,
                section=path,
                key=attribute.name,
                key_span=attribute.name_span,
                value=value,
                statement=LineRange(attribute.first_line, attribute.last_line),
                value_type=value_type,
            )
        )
