"""`with:` values handed to a local reusable workflow or composite action.

A job `uses: ./.github/workflows/build.yml` (or a step `uses: ./.github/actions/setup`)
passes `with:` values that GitHub pastes as text wherever the callee's `run:`
scripts write `${{ inputs.NAME }}`. Each line of the callee that pastes one of
the values given is read as shell here, in the calling file: the value keeps
its place, so a switch in it (`pip-args: --trusted-host pypi.corp.example`) is
reported where it is written. The rest of the line is the callee's text,
borrowed and anchored at the `uses:` key; a switch written there belongs to the
callee and is reported when the callee is read (`FileFacts.borrowed`).

Only callees in the same repository (`./…`) are read, from the folder that
holds `.github/`, never outside it, at most 1 MiB; a callee that cannot be read
or parsed is skipped without a notice (the caller itself was read).
"""

from __future__ import annotations

import os
import re
from typing import Optional

from yaml.nodes import Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import FileFacts, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import Source, ViewBuilder

_INPUT = re.compile(r"\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}")
_MAX_CALLEE_SIZE = 1 << 20
_UNKNOWN_INPUT = "__input__"


def read_with(doc: YamlFile, ctx: ReadContext, holder: Node, label: str) -> None:
    """Read the callee lines that paste the `with:` values of a job or step `holder`."""
    uses = doc.pair(holder, "uses")
    if uses is None or not isinstance(uses[1], ScalarNode):
        return
    given = {
        str(key.value).lower(): doc.word(value)
        for key, value in doc.items(doc.get(holder, "with"))
        if isinstance(value, ScalarNode) and str(value.value).strip()
    }
    if not given:
        return
    scripts = _callee_scripts(ctx.path, str(uses[1].value))
    lines = [line for script in scripts for line in script.splitlines() if _pastes(line, given)]
    if not lines:
        return
    anchor = doc.offset(uses[0].start_mark)
    builder = ViewBuilder(doc.view)
    for line in lines:
        _paste(builder, line, given, anchor)
        builder.synth("\n", anchor)
    where = doc.view.span(anchor, anchor)
    ctx.facts.borrowed.append((where.start_line, where.start_column))
    ctx.embed(kinds.SHELL, builder.build(), script=ctx.new_script(f"{label}.with"))


def _pastes(line: str, given: dict[str, Word]) -> bool:
    return any(match.group(1).lower() in given for match in _INPUT.finditer(line))


def _paste(builder: ViewBuilder, line: str, given: dict[str, Word], anchor: int) -> None:
    """The callee's line with each given value in its place (other inputs: an unknown word)."""
    at = 0
    for match in _INPUT.finditer(line):
        builder.synth(line[at : match.start()], anchor)
        word = given.get(match.group(1).lower())
        if word is None:
            builder.synth(_UNKNOWN_INPUT, anchor)
        else:
            builder.add_view(word.view, 0, len(word.view.text))
        at = match.end()
    builder.synth(line[at:], anchor)


def _callee_scripts(caller: str, uses: str) -> list[str]:
    """The `run:` scripts of the local workflow or composite action `uses` names."""
    path = _callee_path(caller, uses)
    if path is None:
        return []
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
    scripts: list[str] = []
    for root in doc.documents:
        jobs = [job for _, job in doc.items(doc.get(root, "jobs"))]
        steps = [doc.get(job, "steps") for job in jobs] + [doc.get(root, "runs", "steps")]
        for step in (step for each in steps for step in doc.sequence(each)):
            run = doc.get(step, "run")
            if isinstance(run, ScalarNode):
                scripts.append(str(run.value))
    return scripts


def _callee_path(caller: str, uses: str) -> Optional[str]:
    """The file a local `uses: ./…` names, inside the caller's repository, or None."""
    uses = uses.strip()
    if not uses.startswith("./") or ".." in uses.split("/") or "@" in uses:
        return None
    parts = caller.replace("\\", "/").split("/")
    if ".github" not in parts:
        return None
    root = "/".join(parts[: parts.index(".github")]) or "."
    target = os.path.join(root, uses[2:])
    if uses.endswith((".yml", ".yaml")):
        candidates = [target]
    else:
        candidates = [os.path.join(target, "action.yml"), os.path.join(target, "action.yaml")]
    top = os.path.realpath(root)
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if os.path.isfile(real) and os.path.commonpath([top, real]) == top:
            return real
    return None
