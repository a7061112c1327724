"""Values a pipeline file hands to a template or reusable workflow in another file.

A GitHub job `uses: ./.github/workflows/build.yml` (or a step `uses:
./.github/actions/setup`) passes `with:` values that GitHub pastes as text
wherever the callee's `run:` scripts write `${{ inputs.NAME }}`; an Azure
`- template: steps/build.yml` passes `parameters:` pasted where the template's
scripts write `${{ parameters.NAME }}`. Each line of the callee that pastes one
of the values given is read as shell here, in the calling file: the value keeps
its place, so a switch in it (`pip-args: --trusted-host pypi.corp.example`) is
reported where it is written. The rest of the line is the callee's text,
borrowed and anchored at the key that names the callee; a switch written there
belongs to the callee and is reported when the callee is read
(`FileFacts.borrowed`).

Only callees in the same repository are read, never outside the folder that
holds the pipeline files, at most 1 MiB; a callee that cannot be read or parsed
is skipped without a notice (the caller itself was read).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from yaml.nodes import Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import FileFacts, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import Source, ViewBuilder

_MAX_CALLEE_SIZE = 1 << 20
_UNKNOWN_VALUE = "__input__"
# Azure step keys that hold an inline script.
_AZURE_SCRIPTS = ("script", "bash", "pwsh", "powershell")


@dataclass(frozen=True)
class CallStyle:
    """How a CI system names a callee and hands it values.

    `ref_key` names the callee (`uses`, `template`), `values_key` the values
    (`with`, `parameters`), `paste` matches where the callee pastes one (group 1:
    its name); `locate` finds the callee's file from the caller's path and the
    reference, `scripts` lists the callee's inline scripts.
    """

    ref_key: str
    values_key: str
    paste: re.Pattern[str]
    locate: Callable[[str, str], Optional[str]]
    scripts: Callable[[YamlFile, Node], Iterator[Node]]


def read_callee_values(
    doc: YamlFile, ctx: ReadContext, holder: Node, style: CallStyle, label: str
) -> None:
    """Read the callee lines that paste the values a job, stage or step `holder` hands over."""
    ref = doc.pair(holder, style.ref_key)
    if ref is None or not isinstance(ref[1], ScalarNode):
        return
    values = {
        str(key.value).lower(): value
        for key, value in doc.items(doc.get(holder, style.values_key))
        if isinstance(value, ScalarNode) and str(value.value).strip()
    }
    if not values:
        return
    path = style.locate(ctx.path, str(ref[1].value))
    scripts = _callee_scripts(path, style) if path is not None else []
    lines = [
        line
        for script in scripts
        for line in script.splitlines()
        if any(m.group(1).lower() in values for m in style.paste.finditer(line))
    ]
    if not lines:
        return
    given = {name: doc.word(value) for name, value in values.items()}  # once a line pastes one
    anchor = doc.offset(ref[0].start_mark)
    builder = ViewBuilder(doc.view)
    for line in lines:
        _paste(builder, style.paste, line, given, anchor)
        builder.synth("\n", anchor)
    where = doc.view.span(anchor, anchor)
    ctx.facts.borrowed.append((where.start_line, where.start_column))
    ctx.embed(kinds.SHELL, builder.build(), script=ctx.new_script(f"{label}.{style.values_key}"))


def _paste(
    builder: ViewBuilder, paste: re.Pattern[str], line: str, given: dict[str, Word], anchor: int
) -> None:
    """The callee's line with each given value in its place (others: an unknown word)."""
    at = 0
    for match in paste.finditer(line):
        builder.synth(line[at : match.start()], anchor)
        word = given.get(match.group(1).lower())
        if word is None:
            builder.synth(_UNKNOWN_VALUE, anchor)
        else:
            builder.add_view(word.view, 0, len(word.view.text))
        at = match.end()
    builder.synth(line[at:], anchor)


def _callee_scripts(path: str, style: CallStyle) -> list[str]:
    """The inline scripts of the callee file at `path` (none when it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_CALLEE_SIZE + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    if len(data) > _MAX_CALLEE_SIZE:
        return []
    facts = FileFacts(source=Source(path, text), kind=kinds.YAML)
    doc = YamlFile(facts.source.whole(), ReadContext(facts))  # its notices are not this file's
    return [str(node.value) for root in doc.documents for node in style.scripts(doc, root)]


def inside(root: str, candidates: list[str]) -> Optional[str]:
    """The first candidate that is a file inside `root` (links resolved), or None."""
    top = os.path.realpath(root)
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if os.path.isfile(real) and os.path.commonpath([top, real]) == top:
            return real
    return None


# -- GitHub Actions ---------------------------------------------------------------------


def github_root(path: str) -> Optional[str]:
    """The repository folder of a file under `.github/` (the workspace of its jobs), or None."""
    parts = path.replace("\\", "/").split("/")
    if ".github" not in parts:
        return None
    return "/".join(parts[: parts.index(".github")]) or "."


def _github_callee(caller: str, uses: str) -> Optional[str]:
    """The file a local `uses: ./…` names, inside the caller's repository, or None."""
    uses = uses.strip()
    root = github_root(caller)
    if root is None or not uses.startswith("./") or ".." in uses.split("/") or "@" in uses:
        return None
    target = os.path.join(root, uses[2:])
    if uses.endswith((".yml", ".yaml")):
        return inside(root, [target])
    return inside(root, [os.path.join(target, "action.yml"), os.path.join(target, "action.yaml")])


def _github_scripts(doc: YamlFile, root: Node) -> Iterator[Node]:
    """`run:` of a reusable workflow's jobs, or of a composite action's steps."""
    lists = [doc.get(job, "steps") for _, job in doc.items(doc.get(root, "jobs"))]
    lists.append(doc.get(root, "runs", "steps"))
    for steps in lists:
        for step in doc.sequence(steps):
            run = doc.get(step, "run")
            if isinstance(run, ScalarNode):
                yield run


GITHUB = CallStyle(
    "uses",
    "with",
    re.compile(r"\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}"),
    _github_callee,
    _github_scripts,
)


# -- Azure Pipelines --------------------------------------------------------------------


def _azure_callee(caller: str, template: str) -> Optional[str]:
    """The template file `template:` names, relative to the caller's folder, or None.

    Templates in other repositories (`file.yml@repo`) and paths from the repository
    root (`/templates/x.yml`, whose root the caller's path does not show) are not read.
    """
    template = template.strip()
    if not template or "@" in template or template.startswith("/") or "${{" in template:
        return None
    folder = os.path.dirname(caller) or "."
    if ".." in template.replace("\\", "/").split("/"):
        return None
    return inside(folder, [os.path.join(folder, template)])


def _azure_scripts(doc: YamlFile, root: Node) -> Iterator[Node]:
    """Inline scripts of a template's steps, jobs' steps and stages' jobs' steps."""
    jobs = [*doc.sequence(doc.get(root, "jobs"))]
    for stage in doc.sequence(doc.get(root, "stages")):
        jobs.extend(doc.sequence(doc.get(stage, "jobs")))
    lists = [doc.get(root, "steps"), *(doc.get(job, "steps") for job in jobs)]
    for steps in lists:
        for step in doc.sequence(steps):
            for key in _AZURE_SCRIPTS:
                node = doc.get(step, key)
                if isinstance(node, ScalarNode):
                    yield node
            inputs = doc.get(step, "inputs")
            for key in ("script", "inlineScript"):
                node = doc.get(inputs, key)
                if isinstance(node, ScalarNode):
                    yield node


AZURE = CallStyle(
    "template",
    "parameters",
    re.compile(r"\$\{\{\s*parameters\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}"),
    _azure_callee,
    _azure_scripts,
)
