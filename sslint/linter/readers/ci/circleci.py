"""CircleCI: jobs, reusable commands, executors and inline orbs.

`environment:` of an executor or a job (and its primary container) is
job-scoped; a `run` step's own `environment:` is step-scoped. Each `run` is one
script. Reusable commands are read where they are defined, once; `<< … >>`
parameters are unknown text substituted before the shell runs.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import (
    Env,
    Templates,
    embed_script,
    env_block,
    merged,
    shell_kind,
)
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_PARAMETER_RE = re.compile(r"<<\s*[A-Za-z_][\w.-]*(?:\s*\|[^>]*)?\s*>>")
_MAX_ORB_DEPTH = 4


def read(view: View, ctx: ReadContext) -> None:
    """Read a CircleCI config."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if isinstance(root, MappingNode):
            _config(doc, ctx, root, 0)


def _config(doc: YamlFile, ctx: ReadContext, root: Node, depth: int) -> None:
    executors: dict[str, Env] = {}
    for key, definition in doc.items(doc.get(root, "executors")):
        executors[str(key.value)] = _environment(doc, ctx, definition)
    for key, command in doc.items(doc.get(root, "commands")):
        _steps(doc, ctx, doc.get(command, "steps"), {}, f"commands.{key.value}")
    for key, job in doc.items(doc.get(root, "jobs")):
        uses = doc.get(job, "executor")
        name = doc.text(uses) or doc.text(uses, "name") or ""
        env = merged(executors.get(name, {}), _environment(doc, ctx, job))
        _steps(doc, ctx, doc.get(job, "steps"), env, f"jobs.{key.value}")
    if depth < _MAX_ORB_DEPTH:
        for _, orb in doc.items(doc.get(root, "orbs")):
            if isinstance(orb, MappingNode):
                _config(doc, ctx, orb, depth + 1)


def _environment(doc: YamlFile, ctx: ReadContext, owner: Node) -> Env:
    """An executor's or job's environment, with that of its containers."""
    env = env_block(doc, ctx, doc.get(owner, "environment"), Scope.JOB)
    for image in doc.sequence(doc.get(owner, "docker")):
        env = merged(env_block(doc, ctx, doc.get(image, "environment"), Scope.JOB), env)
    return env


def _steps(
    doc: YamlFile, ctx: ReadContext, steps: Optional[Node], env: Mapping[str, Word], label: str
) -> None:
    for index, step in enumerate(doc.sequence(steps)):
        run = doc.get(step, "run")
        if run is None:
            continue
        script = ctx.new_script(f"{label}.steps[{index}]")
        command: Optional[Node] = run
        step_env: Env = {}
        kind = shell_kind(None)
        if isinstance(run, MappingNode):
            command = doc.get(run, "command")
            step_env = env_block(doc, ctx, doc.get(run, "environment"), Scope.STEP, script=script)
            kind = shell_kind(doc.text(run, "shell"))
        if isinstance(command, ScalarNode) and kind is not None:
            all_env = merged(env, step_env)
            embed_script(doc, ctx, [command], all_env, script, kind, Templates(_PARAMETER_RE))
