"""GitHub Actions: workflows and composite / docker actions.

`env:` at workflow, job and step level become environment facts with their
scope and are handed to every `run:` block they reach; each `run:` block is one
script, read as shell, Python, PowerShell or cmd according to its `shell:` (or
`defaults.run.shell`). `${{ … }}` expressions stay as written, unknown text.
`with:` inputs are arguments of actions, not commands.
"""

from __future__ import annotations

from typing import Mapping, Optional

from yaml.nodes import Node

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import embed_script, env_block, merged, shell_kind
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View


def read_workflow(view: View, ctx: ReadContext) -> None:
    """Read a workflow file (`.github/workflows/*.yml`)."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        workflow_env = env_block(doc, ctx, doc.get(root, "env"), Scope.WORKFLOW)
        default_shell = doc.text(root, "defaults", "run", "shell")
        for job_key, job in doc.items(doc.get(root, "jobs")):
            _read_job(doc, ctx, str(job_key.value), job, workflow_env, default_shell)


def _read_job(
    doc: YamlFile,
    ctx: ReadContext,
    job_id: str,
    job: Node,
    inherited: Mapping[str, Word],
    default_shell: Optional[str],
) -> None:
    job_env = env_block(doc, ctx, doc.get(job, "env"), Scope.JOB)
    container_env = env_block(doc, ctx, doc.get(job, "container", "env"), Scope.JOB)
    for _, service in doc.items(doc.get(job, "services")):
        env_block(doc, ctx, doc.get(service, "env"), Scope.SERVICE)
    shell = doc.text(job, "defaults", "run", "shell") or default_shell
    fallback = kinds.SHELL
    runs_on = doc.get(job, "runs-on")
    if shell is None and any(
        "windows" in (doc.text(n) or "").lower() for n in [runs_on, *doc.sequence(runs_on)]
    ):
        fallback = kinds.POWERSHELL
    env = merged(inherited, container_env, job_env)
    read_steps(doc, ctx, doc.get(job, "steps"), env, shell, fallback, job_id)


def read_steps(
    doc: YamlFile,
    ctx: ReadContext,
    steps: Optional[Node],
    env: Mapping[str, Word],
    shell: Optional[str],
    fallback: str,
    label: str,
) -> None:
    """Read `steps:`: each `run:` is one script with the step's `env:` on top of `env`."""
    for index, step in enumerate(doc.sequence(steps)):
        run = doc.get(step, "run")
        step_shell = doc.text(step, "shell") or shell
        kind = shell_kind(step_shell, fallback)
        script = ctx.new_script(f"{label}.steps[{index}]")
        step_env = env_block(doc, ctx, doc.get(step, "env"), Scope.STEP, script=script)
        if run is None or kind is None:
            continue
        embed_script(doc, ctx, [run], merged(env, step_env), script, kind)


def read_action(view: View, ctx: ReadContext) -> None:
    """Read an action definition (`action.yml`): composite steps, docker env and args."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        runs = doc.get(root, "runs")
        if runs is None:
            continue
        env = env_block(doc, ctx, doc.get(runs, "env"), Scope.SERVICE)
        read_steps(doc, ctx, doc.get(runs, "steps"), env, None, kinds.SHELL, "runs")
