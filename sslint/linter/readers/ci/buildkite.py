"""Buildkite pipelines: every command step's `command` / `commands` and `env`.

Pipeline-level `env:` reaches every step (Scope.WORKFLOW), a step's `env:`
that step (Scope.STEP). A step's commands run in one shell session, so they
are one script. Group steps (`group:` with `steps:`) are read where they are
written; a step used through an alias is read once. Another YAML file in
`.buildkite/` (no `steps:`, not a list of steps) is read as any other YAML.
"""

from __future__ import annotations

from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node

from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import embed_script, env_block, merged
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_MAX_GROUP_DEPTH = 8


def read(view: View, ctx: ReadContext) -> None:
    """Read a Buildkite pipeline (`.buildkite/pipeline.yml`)."""
    doc = YamlFile(view, ctx)
    if doc.documents and not any(_is_pipeline(doc, root) for root in doc.documents):
        from sslint.linter.readers.sources.yaml_generic import read as read_yaml

        read_yaml(view, ctx)
        return
    for root in doc.documents:
        env = env_block(doc, ctx, doc.get(root, "env"), Scope.WORKFLOW)
        steps = doc.get(root, "steps") if isinstance(root, MappingNode) else root
        _steps(doc, ctx, steps, env, "steps", 0)


def _is_pipeline(doc: YamlFile, root: Node) -> bool:
    return doc.get(root, "steps") is not None or bool(doc.sequence(root))


def _steps(
    doc: YamlFile,
    ctx: ReadContext,
    steps: Optional[Node],
    env: Mapping[str, Word],
    label: str,
    depth: int,
) -> None:
    for index, step in enumerate(doc.sequence(steps)):
        if not isinstance(step, MappingNode) or not doc.once(step):
            continue
        if depth < _MAX_GROUP_DEPTH and doc.get(step, "steps") is not None:
            _steps(doc, ctx, doc.get(step, "steps"), env, f"{label}[{index}]", depth + 1)
            continue
        script = ctx.new_script(f"{label}[{index}]")
        step_env = env_block(doc, ctx, doc.get(step, "env"), Scope.STEP, script=script)
        items = [*doc.flatten(doc.get(step, "command")), *doc.flatten(doc.get(step, "commands"))]
        embed_script(doc, ctx, items, merged(env, step_env), script)
