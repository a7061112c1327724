"""AWS CodeBuild buildspecs: `phases.*.commands` and `env.variables`.

In buildspec version 0.2 every command of every phase runs in one shell
instance, so the phases (with their `finally` blocks) are one script, in
phase order. `env.variables` reach the whole build (Scope.JOB);
`env.shell` chooses bash/sh, PowerShell or cmd. Batch builds'
`build-list` / `build-graph` variables are job-scoped too.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import embed_script, env_block, shell_kind
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_PHASES = ("install", "pre_build", "build", "post_build")


def read(view: View, ctx: ReadContext) -> None:
    """Read a `buildspec.yml`."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if isinstance(root, MappingNode):
            _buildspec(doc, ctx, root)


def _buildspec(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    env = env_block(doc, ctx, doc.get(root, "env", "variables"), Scope.JOB)
    batch = doc.get(root, "batch")
    for field in ("build-list", "build-graph"):
        for entry in doc.sequence(doc.get(batch, field)):
            env_block(doc, ctx, doc.get(entry, "env", "variables"), Scope.JOB)
    items: list[Node] = []
    for phase in _PHASES:
        for block in ("commands", "finally"):
            items.extend(doc.flatten(doc.get(root, "phases", phase, block)))
    kind = shell_kind(doc.text(root, "env", "shell"), kinds.SHELL) or kinds.SHELL
    embed_script(doc, ctx, items, env, ctx.new_script("phases"), kind)
