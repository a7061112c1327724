"""Concourse pipelines and task configs.

A task's `run:` executes `path` with `args` (`sh -c '…'` code is read as
shell); its `params:` are the task's environment (Scope.STEP). Task configs
are found in a pipeline's job plans (`config:` of a `task:` step, inside
`do`, `in_parallel`, `try`, hooks …) or as a task file of their own
(`platform:` with `run:`). `((var))` references are unknown text. A git
resource's `source.skip_ssl_verification` is a Setting (`kinds.CI_CLONE`,
section ("concourse",)); the `source` entries of other resources are Settings
(`kinds.TOOL_SETTINGS`, section ("concourse", the resource type)).
"""

from __future__ import annotations

from typing import Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import argv_command, env_block, merged
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile


def is_concourse(doc: YamlFile, root: Node) -> bool:
    """Whether a YAML document is a Concourse pipeline or task config."""
    if isinstance(doc.get(root, "run"), MappingNode) and doc.get(root, "platform") is not None:
        return True
    jobs = doc.sequence(doc.get(root, "jobs"))
    return bool(jobs) and all(doc.get(job, "plan") is not None for job in jobs)


def read_concourse(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """Every task config of a pipeline's plans, or the task config the file is."""
    if isinstance(doc.get(root, "run"), MappingNode):
        _task(doc, ctx, root, None)
    for resource in doc.sequence(doc.get(root, "resources")):
        source, kind = doc.get(resource, "source"), doc.text(resource, "type") or ""
        if kind == "git":
            pair = doc.pair(source, "skip_ssl_verification")
            if pair is not None:
                ctx.add_setting(setting(doc, pair[0], pair[1], kinds.CI_CLONE, ("concourse",)))
            continue
        for key, value in doc.items(source):
            if isinstance(key, ScalarNode):
                section = ("concourse", kind)
                ctx.add_setting(setting(doc, key, value, kinds.TOOL_SETTINGS, section))
    for node in doc.walk(root):
        config = doc.get(node, "config") if isinstance(node, MappingNode) else None
        if config is not None and isinstance(doc.get(config, "run"), MappingNode):
            _task(doc, ctx, config, doc.get(node, "params"))


def _task(doc: YamlFile, ctx: ReadContext, config: Node, step_params: Optional[Node]) -> None:
    """One task: `params` of the config, then of the step, over `run`."""
    run = doc.get(config, "run")
    path = doc.get(run, "path")
    if run is None or not isinstance(path, ScalarNode) or not doc.once(run):
        return
    script = ctx.new_script(f"task:{path.value}")
    env = merged(
        env_block(doc, ctx, doc.get(config, "params"), Scope.STEP, script=script),
        env_block(doc, ctx, step_params, Scope.STEP, script=script),
    )
    argv_command(doc, ctx, [path, *doc.sequence(doc.get(run, "args"))], env, script)
