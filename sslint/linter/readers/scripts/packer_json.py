"""Packer JSON templates (the legacy format: `builders`, `provisioners`).

The `inline` lines of a `shell` / `shell-local` provisioner are one shell script
(`powershell`: PowerShell, `windows-shell`: cmd), with its `environment_vars`
(`["K=V"]`) as the step's environment; a `shell-local` `command` is shell too.
`{{user `x`}}` and other `{{ … }}` templates are unknown text. The
members of each builder are builder settings (`kinds.TOOL_SETTINGS`, section
("packer", its `type`)).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.package_json import (
    JsonNode,
    member,
    member_setting,
    read_object,
)
from sslint.linter.readers.scripts.templates import mask_ranges
from sslint.linter.source import View, join_views

_TEMPLATE_RE = re.compile(r"\{\{.*?\}\}", re.S)
_ENV_ITEM_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
_INLINE_KINDS = {
    "shell": kinds.SHELL,
    "shell-local": kinds.SHELL,
    "powershell": kinds.POWERSHELL,
    "windows-shell": kinds.BATCH,
}
_VALUE_TYPES = {"true": "bool", "false": "bool", "null": "null"}


def is_template(data: Any) -> bool:
    """Whether parsed JSON is a Packer template: a `builders` list of typed objects."""
    builders = data.get("builders") if isinstance(data, dict) else None
    return (
        isinstance(builders, list)
        and bool(builders)
        and all(isinstance(b, dict) and isinstance(b.get("type"), str) for b in builders)
    )


def read(view: View, ctx: ReadContext) -> None:
    """Read a Packer JSON template's builders and provisioners."""
    root = read_object(view, ctx)
    if root is None:
        return
    for builder in _items(root, "builders"):
        kind = _text(builder, "type")
        if kind is not None:
            _settings(view, builder, ("packer", kind), ctx)
    for index, provisioner in enumerate(_items(root, "provisioners")):
        _provisioner(view, provisioner, ctx, index)


def _items(node: JsonNode, name: str) -> list[JsonNode]:
    found = member(node, name)
    return [item for item in found.items if item.kind == "object"] if found else []


def _text(node: JsonNode, name: str) -> Optional[str]:
    found = member(node, name)
    return found.word.text if found is not None and found.word is not None else None


def _settings(view: View, node: JsonNode, section: tuple[str, ...], ctx: ReadContext) -> None:
    for key, value in node.members:
        if value.kind == "object":
            continue
        value_type = {"array": "list", "string": "str"}.get(value.kind, "str")
        if value.kind == "scalar" and value.word is not None:
            value_type = _VALUE_TYPES.get(value.word.text, "int")
        ctx.add_setting(member_setting(view, kinds.TOOL_SETTINGS, section, key, value, value_type))


def _provisioner(view: View, node: JsonNode, ctx: ReadContext, index: int) -> None:
    kind = _text(node, "type") or ""
    script = ctx.new_script(f"provisioners[{index}]:{kind}")
    env = _environment(view, node, ctx, script)
    strings: list[Word] = []
    if kind == "shell-local":
        command = member(node, "command")
        if command is not None and command.word is not None:
            strings.append(command.word)
    inline = member(node, "inline")
    language = _INLINE_KINDS.get(kind)
    if inline is not None and language is not None:
        strings.extend(item.word for item in inline.items if item.word is not None)
    strings = [word for word in strings if word.text]
    if not strings or language is None:
        return
    joined = join_views([(word.view, 0, len(word.text)) for word in strings], "\n")
    ranges = [(m.start(), m.end(), None) for m in _TEMPLATE_RE.finditer(joined.text)]
    masked, unknown = mask_ranges(joined, ranges)
    ctx.embed(language, masked, env={**env, **unknown}, script=script)


def _environment(view: View, node: JsonNode, ctx: ReadContext, script: str) -> dict[str, Word]:
    """`environment_vars: ["K=V"]`: the provisioner's variables."""
    env: dict[str, Word] = {}
    found = member(node, "environment_vars")
    for item in found.items if found is not None else []:
        word = item.word
        match = _ENV_ITEM_RE.match(word.text) if word is not None else None
        if word is None or match is None:
            continue
        value = Word(
            word.view.slice(match.end(), len(word.text)),
            known=_TEMPLATE_RE.search(word.text, match.end()) is None,
        )
        env[match.group(1)] = value
        ctx.add_env(
            EnvAssign(
                name=match.group(1),
                name_span=word.view.span(0, match.end(1)),
                value=value,
                scope=Scope.STEP,
                statement=view.line_range(item.start, item.end),
                script=script,
                exported=True,
            )
        )
    return env
