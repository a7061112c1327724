"""Task (taskfile.dev) Taskfiles: `cmds`, `env`, `vars` and dynamic values.

Each command of a task runs in its own shell (`cmds:` items as strings or
`{cmd: …}`, `defer:`), as do `preconditions` / `status` checks and dynamic
variables (`{sh: …}`). Top-level `env:` reaches every task (Scope.WORKFLOW),
a task's its commands (Scope.JOB). `{{.NAME}}` templates expand to a static
variable's value where it is written, other templates are unknown text.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Env, Templates, embed_script, env_block, merged
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_TEMPLATE_RE = re.compile(r"\{\{-?\s*(?:\.([A-Za-z_]\w*)\s*)?[^}]*?-?\}\}")


def read(view: View, ctx: ReadContext) -> None:
    """Read a Taskfile."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if not isinstance(root, MappingNode):
            continue
        values = _vars(doc, ctx, doc.get(root, "vars"), {})
        env = _env(doc, ctx, doc.get(root, "env"), Scope.WORKFLOW)
        for key, task in doc.items(doc.get(root, "tasks")):
            _task(doc, ctx, str(key.value), task, env, values)


def _task(
    doc: YamlFile,
    ctx: ReadContext,
    name: str,
    task: Node,
    inherited: Mapping[str, Word],
    values: Mapping[str, Word],
) -> None:
    if not isinstance(task, MappingNode):  # `build: [go build ./…]` or `build: make`
        _commands(doc, ctx, doc.flatten(task), inherited, values, f"{name}.cmds")
        return
    if not doc.once(task):
        return
    values = merged(values, _vars(doc, ctx, doc.get(task, "vars"), inherited))
    env = merged(inherited, _env(doc, ctx, doc.get(task, "env"), Scope.JOB))
    commands: list[Node] = []
    for item in doc.sequence(doc.get(task, "cmds")) or doc.flatten(doc.get(task, "cmds")):
        if isinstance(item, ScalarNode):
            commands.append(item)
        for field in ("cmd", "defer"):
            found = doc.get(item, field)
            commands.extend(doc.flatten(found) + doc.flatten(doc.get(found, "cmd")))
    for item in doc.sequence(doc.get(task, "preconditions")):
        commands.extend(doc.flatten(item) + doc.flatten(doc.get(item, "sh")))
    commands.extend(doc.flatten(doc.get(task, "status")))
    _commands(doc, ctx, commands, env, values, f"{name}.cmds")


def _commands(
    doc: YamlFile,
    ctx: ReadContext,
    commands: list[Node],
    env: Mapping[str, Word],
    values: Mapping[str, Word],
    label: str,
) -> None:
    templates = Templates(_TEMPLATE_RE, values)
    for index, node in enumerate(commands):
        embed_script(
            doc, ctx, [node], env, ctx.new_script(f"{label}[{index}]"), templates=templates
        )


def _vars(doc: YamlFile, ctx: ReadContext, node: Optional[Node], env: Mapping[str, Word]) -> Env:
    """Static `vars:` values by name; each dynamic `{sh: …}` command is read as shell."""
    values: Env = {}
    for key, value in doc.items(node):
        if isinstance(value, ScalarNode):
            values[str(key.value)] = doc.word(value)
        shell = doc.get(value, "sh")
        if isinstance(shell, ScalarNode):
            embed_script(doc, ctx, [shell], env, ctx.new_script(f"vars.{key.value}"))
    return values


def _env(doc: YamlFile, ctx: ReadContext, node: Optional[Node], scope: Scope) -> Env:
    """`env:` entries: static ones are assignments, `{sh: …}` ones commands."""
    _vars(doc, ctx, node, {})
    return env_block(doc, ctx, node, scope)
