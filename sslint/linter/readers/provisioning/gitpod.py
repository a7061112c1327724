"""Gitpod configuration (`.gitpod.yml`): workspace tasks and their `env`.

A task's `before`, `init` and `command` run in one terminal session, so they
are one script; the task's `env:` reaches them (Scope.JOB).
"""

from __future__ import annotations

from yaml.nodes import MappingNode

from sslint.linter.facts import Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import embed_script, env_block
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_PHASES = ("before", "init", "command")


def read(view: View, ctx: ReadContext) -> None:
    """Read a `.gitpod.yml`."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        for index, task in enumerate(doc.sequence(doc.get(root, "tasks"))):
            if not isinstance(task, MappingNode) or not doc.once(task):
                continue
            script = ctx.new_script(f"tasks[{index}]")
            env = env_block(doc, ctx, doc.get(task, "env"), Scope.JOB, script=script)
            items = [node for phase in _PHASES for node in doc.flatten(doc.get(task, phase))]
            embed_script(doc, ctx, items, env, script)
