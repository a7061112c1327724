"""Tekton Tasks, Pipelines and their runs (`apiVersion: tekton.dev/…`).

Every `steps:` and `sidecars:` entry (in a Task, a Pipeline's embedded
`taskSpec`, a run's spec) is a container: `script:` is a shell script (or what
its `#!` line names), `command` / `args` an argv, `env` name/value pairs with
`stepTemplate.env` beneath them. `$(params.…)` and other `$(…)` variable
references are unknown text Tekton replaces before the step runs. A
`sslVerify` parameter (the catalog git-clone task's switch) passed in `params`
is a Setting (`kinds.CI_CLONE`, section ("tekton",)).
"""

from __future__ import annotations

import re
from typing import Mapping

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import (
    Templates,
    embed_script,
    merged,
    name_value_env,
    shell_kind,
)
from sslint.linter.readers.scripts.compose import read_command
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile

_REFERENCE_RE = re.compile(
    r"\$\((?:params|context|tasks|workspaces|results|steps|inputs|outputs)\.[^)\s]*\)"
)


def is_tekton(doc: YamlFile, root: Node) -> bool:
    """Whether a YAML document is a Tekton resource."""
    return (doc.text(root, "apiVersion") or "").startswith("tekton.dev/")


def read_tekton(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """Every step and sidecar of a Tekton resource."""
    for node in doc.walk(root):
        if not isinstance(node, MappingNode):
            continue
        for param in doc.sequence(doc.get(node, "params")):
            name, value = doc.get(param, "name"), doc.get(param, "value")
            named = isinstance(name, ScalarNode) and name.value == "sslVerify"
            if named and isinstance(name, ScalarNode) and isinstance(value, ScalarNode):
                ctx.add_setting(setting(doc, name, value, kinds.CI_CLONE, ("tekton",)))
        template = name_value_env(doc, ctx, doc.get(node, "stepTemplate", "env"), Scope.JOB)
        for field in ("steps", "sidecars"):
            for step in doc.sequence(doc.get(node, field)):
                if isinstance(step, MappingNode) and doc.once(step):
                    step_env = name_value_env(doc, ctx, doc.get(step, "env"), Scope.STEP)
                    container(doc, ctx, step, merged(template, step_env), _REFERENCE_RE)


def container(
    doc: YamlFile,
    ctx: ReadContext,
    step: Node,
    env: Mapping[str, Word],
    references: re.Pattern[str],
) -> None:
    """A container-shaped step: `script` / `source` code, or `command` with `args`."""
    name = doc.text(step, "name") or "step"
    code = doc.get(step, "script")
    if not isinstance(code, ScalarNode):
        code = doc.get(step, "source")
    if isinstance(code, ScalarNode):
        first = str(code.value).lstrip().split("\n", 1)[0]
        runner = doc.sequence(doc.get(step, "command"))
        spec = doc.text(runner[0]) if runner else None
        if first.startswith("#!"):
            spec = first[2:].strip()
        kind = shell_kind(spec, kinds.SHELL)
        if kind is not None:
            script = ctx.new_script(name)
            embed_script(doc, ctx, [code], env, script, kind, Templates(references))
        return
    command, args = doc.get(step, "command"), doc.get(step, "args")
    if command is not None or args is not None:
        read_command(doc, ctx, command, env, name, args)
