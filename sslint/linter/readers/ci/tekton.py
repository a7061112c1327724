"""Tekton Tasks, Pipelines and their runs (`apiVersion: tekton.dev/…`).

Every `steps:` and `sidecars:` entry (in a Task, a Pipeline's embedded
`taskSpec`, a run's spec) is a container: `script:` is a shell script (or what
its `#!` line names), `command` / `args` an argv, `env` name/value pairs with
`stepTemplate.env` beneath them. Tekton replaces `$(params.NAME)` before
the step runs: the param's `default:` (and each value a TaskRun / PipelineRun in
the same file gives it) is pasted where it is used, so a switch in it is
reported where the value is written; other `$(…)` references are unknown text. A
`sslVerify` parameter (the catalog git-clone task's switch) passed in `params`
is a Setting (`kinds.CI_CLONE`, section ("tekton",)).
"""

from __future__ import annotations

import re
from typing import Mapping, Optional, Sequence

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

# `$(params.NAME)` (group 1) and the other variable references.
_REFERENCE_RE = re.compile(
    r"\$\((?:params\.([A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?:params|context|tasks|workspaces|results|steps|inputs|outputs)\.[^)\s]*)\)"
)
_MAX_RUNS = 8


def is_tekton(doc: YamlFile, root: Node) -> bool:
    """Whether a YAML document is a Tekton resource."""
    return (doc.text(root, "apiVersion") or "").startswith("tekton.dev/")


def read_tekton(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """Every step and sidecar of a Tekton resource."""
    runs = _run_values(doc)
    for node in doc.walk(root):
        if not isinstance(node, MappingNode):
            continue
        for param in doc.sequence(doc.get(node, "params")):
            name, value = doc.get(param, "name"), doc.get(param, "value")
            named = isinstance(name, ScalarNode) and name.value == "sslVerify"
            if named and isinstance(name, ScalarNode) and isinstance(value, ScalarNode):
                ctx.add_setting(setting(doc, name, value, kinds.CI_CLONE, ("tekton",)))
        template = name_value_env(doc, ctx, doc.get(node, "stepTemplate", "env"), Scope.JOB)
        defaults = _defaults(doc, doc.get(node, "params"))
        variants = [defaults, *(merged(defaults, values) for values in runs)]
        templates = [Templates(_REFERENCE_RE, values, paste=True) for values in variants]
        for field in ("steps", "sidecars"):
            for step in doc.sequence(doc.get(node, field)):
                if isinstance(step, MappingNode) and doc.once(step):
                    step_env = name_value_env(doc, ctx, doc.get(step, "env"), Scope.STEP)
                    container(doc, ctx, step, merged(template, step_env), templates)


def _defaults(doc: YamlFile, params: Optional[Node]) -> dict[str, Word]:
    """A Task's (or embedded taskSpec's) `params:` name -> its string `default:`."""
    found: dict[str, Word] = {}
    for param in doc.sequence(params):
        name, default = doc.text(param, "name"), doc.get(param, "default")
        if name and isinstance(default, ScalarNode) and str(default.value).strip():
            found[name] = doc.word(default)
    return found


def _run_values(doc: YamlFile) -> list[dict[str, Word]]:
    """The `params:` name/value pairs of each TaskRun and PipelineRun in the file."""
    runs: list[dict[str, Word]] = []
    for root in doc.documents:
        if not is_tekton(doc, root) or not (doc.text(root, "kind") or "").endswith("Run"):
            continue
        values: dict[str, Word] = {}
        for param in doc.sequence(doc.get(root, "spec", "params")):
            name, value = doc.text(param, "name"), doc.get(param, "value")
            if name and isinstance(value, ScalarNode) and str(value.value).strip():
                values[name] = doc.word(value)
        if values:
            runs.append(values)
    return runs[:_MAX_RUNS]


def container(
    doc: YamlFile,
    ctx: ReadContext,
    step: Node,
    env: Mapping[str, Word],
    templates: Sequence[Templates],
) -> None:
    """A container-shaped step: `script` / `source` code, or `command` with `args`.

    `templates`: the references the system replaces, once per set of known values.
    """
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
            embed_script(doc, ctx, [code], env, script, kind, templates)
        return
    command, args = doc.get(step, "command"), doc.get(step, "args")
    if command is not None or args is not None:
        read_command(doc, ctx, command, env, name, args, templates)
