"""Azure Pipelines: stages → jobs → steps, variables at every level, script steps.

`variables:` (a map, or a list of `name`/`value` entries; `group:` and
`template:` entries are skipped) become environment variables of every step
below them, under the name Azure gives them (upper-cased, `.` → `_`):
pipeline level is Scope.WORKFLOW, stage and job level Scope.JOB, a step's
`env:` Scope.STEP. `$(name)` macros are replaced by Azure before the script
runs, so they expand to the variable's value where it is written, as does
`${{ parameters.NAME }}` to the parameter's `default:` in the same file.
Template files holding only `steps:`, `jobs:` or `stages:` are read the same
way (also where another YAML file is one: `is_template`), and the `parameters:`
a `- template:` entry or `extends:` hands over are read where the template's
scripts paste `${{ parameters.NAME }}` (`callees`).
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.callees import AZURE, read_callee_values
from sslint.linter.readers.ci.yaml_ci import (
    Env,
    Templates,
    add_env,
    embed_script,
    env_block,
    merged,
)
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

# `$(name)` macros and `${{ parameters.NAME }}` template expressions.
_MACRO_RE = re.compile(
    r"\$\(([A-Za-z_][A-Za-z0-9_.]*)\)"
    r"|\$\{\{\s*(parameters\.[A-Za-z_][A-Za-z0-9_-]*)\s*\}\}"
)
# What every item of a template's `steps:`, `jobs:` or `stages:` list starts with.
_STEP_KEYS = frozenset(
    {
        "script", "bash", "pwsh", "powershell", "task", "checkout", "download",
        "downloadBuild", "getPackage", "publish", "reviewApp", "template",
    }
)  # fmt: skip
_TEMPLATE_LISTS = {
    "steps": _STEP_KEYS,
    "jobs": frozenset({"job", "deployment", "template"}),
    "stages": frozenset({"stage", "template"}),
}
_STEP_KINDS = {
    "script": kinds.SHELL,
    "bash": kinds.SHELL,
    "pwsh": kinds.POWERSHELL,
    "powershell": kinds.POWERSHELL,
}
_TASK_KINDS = {
    "cmdline": kinds.SHELL,
    "bash": kinds.SHELL,
    "shellscript": kinds.SHELL,
    "powershell": kinds.POWERSHELL,
}
# Deployment job strategies: each lifecycle hook holds steps.
_STRATEGY_HOOKS = ("preDeploy", "deploy", "routeTraffic", "postRouteTraffic")


def read(view: View, ctx: ReadContext) -> None:
    """Read an Azure Pipelines file (or a template)."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        read_document(doc, ctx, root)


def read_document(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """Read one Azure Pipelines document."""
    if isinstance(root, MappingNode):
        _Pipeline(doc, ctx).read(root)


def is_template(doc: YamlFile, root: Node) -> bool:
    """Whether a YAML document of another kind is an Azure Pipelines template.

    Its top level holds `steps:`, `jobs:` or `stages:` (and nothing but those and
    `parameters:` / `variables:`), each a list whose every item starts with one
    of Azure's own keys (`- script:`, `- task:`, `- job:`, `- template:` …).
    """
    keys = {str(key.value) for key, _ in doc.items(root)}
    lists = keys & _TEMPLATE_LISTS.keys()
    if not lists or keys - lists - {"parameters", "variables"}:
        return False
    for name in lists:
        items = doc.sequence(doc.get(root, name))
        first_keys = [doc.items(item)[:1] for item in items]
        if not items or not all(
            first and str(first[0][0].value) in _TEMPLATE_LISTS[name] for first in first_keys
        ):
            return False
    return True


def env_name(name: str) -> str:
    """The environment variable Azure makes of a pipeline variable."""
    return name.upper().replace(".", "_")


class _Pipeline:
    def __init__(self, doc: YamlFile, ctx: ReadContext) -> None:
        self.doc = doc
        self.ctx = ctx
        self.windows = False
        self.parameters: Env = {}

    def read(self, root: MappingNode) -> None:
        doc = self.doc
        self.windows = _windows(doc, doc.get(root, "pool"))
        self.parameters = _parameter_defaults(doc, doc.get(root, "parameters"))
        env = self.variables(doc.get(root, "variables"), Scope.WORKFLOW)
        extends = doc.get(root, "extends")
        if extends is not None:
            read_callee_values(doc, self.ctx, extends, AZURE, "extends")
        for index, stage in enumerate(doc.sequence(doc.get(root, "stages"))):
            stage_env = merged(env, self.variables(doc.get(stage, "variables"), Scope.JOB))
            self.jobs(doc.get(stage, "jobs"), stage_env)
            read_callee_values(doc, self.ctx, stage, AZURE, f"stages[{index}]")
        self.jobs(doc.get(root, "jobs"), env)
        self.steps(doc.get(root, "steps"), env, "steps")

    def jobs(self, jobs: Optional[Node], env: Mapping[str, Word]) -> None:
        doc = self.doc
        for job in doc.sequence(jobs):
            name = doc.text(job, "job") or doc.text(job, "deployment") or "job"
            job_env = merged(env, self.variables(doc.get(job, "variables"), Scope.JOB))
            self.steps(doc.get(job, "steps"), job_env, name)
            read_callee_values(doc, self.ctx, job, AZURE, name)
            for _, strategy in doc.items(doc.get(job, "strategy")):
                for hook in _STRATEGY_HOOKS:
                    self.steps(doc.get(strategy, hook, "steps"), job_env, f"{name}.{hook}")
                for _, handler in doc.items(doc.get(strategy, "on")):
                    self.steps(doc.get(handler, "steps"), job_env, name)

    def variables(self, node: Optional[Node], scope: Scope) -> Env:
        """Variables as a map or as a list of `name`/`value` entries."""
        doc = self.doc
        if not isinstance(node, SequenceNode):
            return env_block(doc, self.ctx, node, scope, rename=env_name)
        visible: Env = {}
        for entry in node.value:
            pair = doc.pair(entry, "name")
            value = doc.get(entry, "value")
            if pair is None or not isinstance(pair[1], ScalarNode):
                continue
            name = env_name(str(pair[1].value))
            word = doc.word(value) if isinstance(value, ScalarNode) else None
            if word is not None:
                visible[name] = word
            add_env(doc, self.ctx, pair[1], entry, name, word, scope)
        return visible

    def steps(self, steps: Optional[Node], env: Mapping[str, Word], label: str) -> None:
        doc = self.doc
        for index, step in enumerate(doc.sequence(steps)):
            script = self.ctx.new_script(f"{label}.steps[{index}]")
            step_env = env_block(doc, self.ctx, doc.get(step, "env"), Scope.STEP, script=script)
            read_callee_values(doc, self.ctx, step, AZURE, script)
            found = self.code(step)
            if found is None:
                continue
            node, kind = found
            all_env = merged(env, step_env)
            templates = Templates(_MACRO_RE, merged(all_env, self.parameters), env_name)
            embed_script(doc, self.ctx, [node], all_env, script, kind, templates)

    def code(self, step: Node) -> Optional[tuple[Node, str]]:
        """The inline script of a step and its language, or None."""
        doc = self.doc
        for key, kind in _STEP_KINDS.items():
            node = doc.get(step, key)
            if isinstance(node, ScalarNode):
                if key == "script" and self.windows:
                    kind = kinds.BATCH
                return node, kind
        task = doc.text(step, "task")
        if task is None:
            return None
        name = task.split("@", 1)[0].lower()
        task_kind = _TASK_KINDS.get(name)
        inputs = doc.get(step, "inputs")
        script = doc.get(inputs, "script") or doc.get(inputs, "inlineScript")
        if task_kind is None or not isinstance(script, ScalarNode):
            return None
        if (doc.text(inputs, "targetType") or "inline").lower() == "filepath":
            return None  # a script file of the repository, read as a file of its own
        if name == "cmdline" and self.windows:
            task_kind = kinds.BATCH
        return script, task_kind


def _parameter_defaults(doc: YamlFile, node: Optional[Node]) -> Env:
    """`parameters:` (a list of `name` / `default`, or a map of defaults) by the name
    `${{ parameters.NAME }}` takes once normalised (`env_name`)."""
    pairs: list[tuple[Optional[str], Optional[Node]]] = [
        (doc.text(item, "name"), doc.get(item, "default")) for item in doc.sequence(node)
    ]
    if isinstance(node, MappingNode):
        pairs = [(str(key.value), value) for key, value in doc.items(node)]
    return {
        env_name(f"parameters.{name}"): doc.word(default)
        for name, default in pairs
        if name and isinstance(default, ScalarNode) and str(default.value).strip()
    }


def _windows(doc: YamlFile, pool: Optional[Node]) -> bool:
    image = doc.text(pool, "vmImage") or doc.text(pool) or ""
    return "windows" in image.lower() or image.lower().startswith("vs20")
