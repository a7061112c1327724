"""Drone and Woodpecker pipelines: each step's `commands` and `environment`.

A pipeline's `environment:` reaches every step (Scope.WORKFLOW), a step's its
own commands (Scope.STEP); it is a map (`from_secret` values are unknown) or a
list of `NAME=value`. A step's commands run as one shell script. Drone files
hold one pipeline per YAML document;
Woodpecker's `steps:` (older `pipeline:`) may be a list or a map of named steps.
Services' commands and environment are read the same way. The clone step's
`skip_verify` (Drone's `clone:`, Woodpecker's clone plugin `settings:`) is a
Setting (`kinds.CI_CLONE`, section = the system).
"""

from __future__ import annotations

from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import embed_script, list_env, merged
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_STEP_LISTS = ("steps", "pipeline", "services", "clone")


def read_drone(view: View, ctx: ReadContext) -> None:
    """Read a `.drone.yml`."""
    _read(view, ctx, "drone")


def read_woodpecker(view: View, ctx: ReadContext) -> None:
    """Read a `.woodpecker.yml` or a file in `.woodpecker/`."""
    _read(view, ctx, "woodpecker")


def _read(view: View, ctx: ReadContext, system: str) -> None:
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        env = list_env(doc, ctx, doc.get(root, "environment"), Scope.WORKFLOW)
        for field in _STEP_LISTS:
            _steps(doc, ctx, doc.get(root, field), env, field)
        clone = doc.get(root, "clone")
        steps = [step for _, step in doc.items(clone)] + doc.sequence(clone)
        for owner in [clone, *(doc.get(step, "settings") for step in steps)]:
            pair = doc.pair(owner, "skip_verify")
            if pair is not None:
                ctx.add_setting(setting(doc, pair[0], pair[1], kinds.CI_CLONE, (system,)))


def _steps(
    doc: YamlFile, ctx: ReadContext, steps: Optional[Node], env: Mapping[str, Word], label: str
) -> None:
    named = [(str(key.value), step) for key, step in doc.items(steps)]
    listed = [
        (doc.text(step, "name") or str(i), step) for i, step in enumerate(doc.sequence(steps))
    ]
    for name, step in named or listed:
        if not isinstance(step, MappingNode) or not doc.once(step):
            continue
        script = ctx.new_script(f"{label}.{name}")
        step_env = list_env(doc, ctx, doc.get(step, "environment"), Scope.STEP, script=script)
        items = doc.flatten(doc.get(step, "commands"))
        embed_script(doc, ctx, items, merged(env, step_env), script)
