"""GitHub Actions: workflows and composite / docker actions.

`env:` at workflow, job and step level become environment facts with their
scope and are handed to every `run:` block they reach; each `run:` block is one
script, read as shell, Python, PowerShell or cmd according to its `shell:` (or
`defaults.run.shell`). GitHub pastes `${{ env.X }}`, `${{ matrix.X }}` and
`${{ inputs.X }}` into the script as text before the shell runs, so values
written in the same file are pasted where they are used (a matrix with several
values is read once per value); other `${{ … }}` expressions stay as written,
unknown text. `with:` inputs are arguments of actions, not commands, except
`docker/build-push-action`'s `build-args` (the image build's `ARG`s) and the
inputs of a local reusable workflow or composite action, read where its scripts
paste them (`callees`).
"""

from __future__ import annotations

import re
from typing import Mapping, Optional, Sequence

from yaml.nodes import Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.build_args import dockerfile_path, link_build_args
from sslint.linter.readers.ci.callees import GITHUB, github_root, read_callee_values
from sslint.linter.readers.ci.yaml_ci import (
    Templates,
    embed_script,
    env_block,
    merged,
    shell_kind,
)
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

# `${{ env.NAME }}`, `${{ matrix.NAME }}`, `${{ inputs.NAME }}` (GitHub pastes them as text).
_PASTED = re.compile(r"\$\{\{\s*((?:env|matrix|inputs)\.[A-Za-z_][A-Za-z0-9_-]*)\s*\}\}")
_MAX_VARIANTS = 8

Values = Mapping[str, Word]


def read_workflow(view: View, ctx: ReadContext) -> None:
    """Read a workflow file (`.github/workflows/*.yml`)."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        workflow_env = env_block(doc, ctx, doc.get(root, "env"), Scope.WORKFLOW)
        default_shell = doc.text(root, "defaults", "run", "shell")
        on = doc.get(root, "on")
        inputs = merged(
            _input_defaults(doc, doc.get(on, "workflow_call", "inputs")),
            _input_defaults(doc, doc.get(on, "workflow_dispatch", "inputs")),
        )
        for job_key, job in doc.items(doc.get(root, "jobs")):
            _read_job(doc, ctx, str(job_key.value), job, workflow_env, default_shell, inputs)


def _input_defaults(doc: YamlFile, node: Optional[Node]) -> dict[str, Word]:
    """`inputs.NAME` -> the input's `default:` as written."""
    found: dict[str, Word] = {}
    for key, spec in doc.items(node):
        default = doc.get(spec, "default")
        if isinstance(default, ScalarNode) and default.value:
            found[f"inputs.{key.value}".lower()] = doc.word(default)
    return found


def _matrix_variants(doc: YamlFile, matrix: Optional[Node]) -> list[dict[str, Word]]:
    """Values of `matrix.NAME` for a few runs, so that every written value is pasted once."""
    columns: dict[str, list[Word]] = {}
    for key, value in doc.items(matrix):
        name = str(key.value)
        if name in ("include", "exclude"):
            continue
        items = doc.sequence(value) if not isinstance(value, ScalarNode) else [value]
        columns[name] = [doc.word(item) for item in items if isinstance(item, ScalarNode)]
    for entry in doc.sequence(doc.get(matrix, "include")):
        for key, value in doc.items(entry):
            if isinstance(value, ScalarNode):
                columns.setdefault(str(key.value), []).append(doc.word(value))
    longest = min(_MAX_VARIANTS, max((len(v) for v in columns.values()), default=0))
    return [
        {
            f"matrix.{name}".lower(): values[min(i, len(values) - 1)]
            for name, values in columns.items()
            if values
        }
        for i in range(max(1, longest))
    ]


def _read_job(
    doc: YamlFile,
    ctx: ReadContext,
    job_id: str,
    job: Node,
    inherited: Mapping[str, Word],
    default_shell: Optional[str],
    inputs: Values,
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
    variants = [
        merged(inputs, matrix)
        for matrix in _matrix_variants(doc, doc.get(job, "strategy", "matrix"))
    ]
    read_steps(doc, ctx, doc.get(job, "steps"), env, shell, fallback, job_id, variants)
    read_callee_values(doc, ctx, job, GITHUB, job_id)  # a local reusable workflow's inputs


def read_steps(
    doc: YamlFile,
    ctx: ReadContext,
    steps: Optional[Node],
    env: Mapping[str, Word],
    shell: Optional[str],
    fallback: str,
    label: str,
    variants: Sequence[Values] = ({},),
) -> None:
    """Read `steps:`: each `run:` is one script with the step's `env:` on top of `env`.

    `variants` are the `matrix.*` / `inputs.*` values of each run of the job to paste.
    """
    for index, step in enumerate(doc.sequence(steps)):
        run = doc.get(step, "run")
        step_shell = doc.text(step, "shell") or shell
        kind = shell_kind(step_shell, fallback)
        script = ctx.new_script(f"{label}.steps[{index}]")
        step_env = env_block(doc, ctx, doc.get(step, "env"), Scope.STEP, script=script)
        _build_args(doc, ctx, step, script)
        read_callee_values(doc, ctx, step, GITHUB, script)  # a local composite action's inputs
        if run is None or kind is None:
            continue
        visible = merged(env, step_env)
        pasted = {f"env.{name}".lower(): word for name, word in visible.items()}
        embed_script(
            doc,
            ctx,
            [run],
            visible,
            script,
            kind,
            [Templates(_PASTED, merged(pasted, v), str.lower, paste=True) for v in variants],
        )


def _build_args(doc: YamlFile, ctx: ReadContext, step: Node, script: str) -> None:
    """`docker/build-push-action` `build-args:` lines: the `ARG`s of the image build,
    linked to the Dockerfile it builds (`build_args`)."""
    if "build-push-action" not in (doc.text(step, "uses") or ""):
        return
    pair = doc.pair(doc.get(step, "with"), "build-args")
    if pair is None or not isinstance(pair[1], ScalarNode) or not doc.once(pair[1]):
        return
    view = doc.scalar(pair[1])
    text = view.text
    assigns = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        start = pos + len(line) - len(line.lstrip())
        name, sep, _ = text[start:end].partition("=")
        if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            value_start = start + len(name) + 1
            assigns.append(
                EnvAssign(
                    name=name,
                    name_span=view.span(start, start + len(name)),
                    value=Word(view.slice(value_start, len(text[:end].rstrip()))),
                    scope=Scope.STAGE,
                    statement=view.line_range(start, end),
                    script=script,
                )
            )
        pos = end + 1
    root = github_root(ctx.path)
    path = None
    if root is not None:
        context, file = doc.text(step, "with", "context"), doc.text(step, "with", "file")
        path = dockerfile_path(root, context, file, in_context=False)
    link_build_args(doc, ctx, pair[0], assigns, path, f"{script}.build-args")


def read_action(view: View, ctx: ReadContext) -> None:
    """Read an action definition (`action.yml`): composite steps, docker env and args."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        runs = doc.get(root, "runs")
        if runs is None:
            continue
        env = env_block(doc, ctx, doc.get(runs, "env"), Scope.SERVICE)
        inputs = _input_defaults(doc, doc.get(root, "inputs"))
        steps = doc.get(runs, "steps")
        read_steps(doc, ctx, steps, env, None, kinds.SHELL, "runs", [inputs])
