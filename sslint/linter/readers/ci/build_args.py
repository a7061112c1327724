"""Build arguments linked to the Dockerfile they build.

docker/build-push-action's `build-args:` and compose's `build: args:` hand
`NAME=value` to an image build. The build takes a value only where its
Dockerfile declares `ARG NAME`; from there on the value is in the environment
of every `RUN` and pasted where a `RUN` writes `$NAME` or `${NAME}`. When the
Dockerfile built is found in the repository (read with the Dockerfile reader,
never outside the folder of the file that names it, at most 1 MiB):

- an argument the Dockerfile does not declare has no effect: no fact;
- a declared one is environment of the build (Scope.STAGE);
- each line of a shell-form `RUN` (or of its here-documents) that writes
  `$NAME` of a declared argument is read as shell here, with the value in its
  place, so a switch in the value (`PIP_ARGS=--trusted-host pypi.org` into
  `RUN pip install $PIP_ARGS …`, `FETCH_FLAGS=-k` into `RUN curl $FETCH_FLAGS …`)
  is reported where it is written. The rest of the line is the Dockerfile's,
  borrowed and anchored at the key that holds the arguments (see `callees`).

When the Dockerfile cannot be found (a context that is a URL or an expression,
a path out of the folder, no such file), every argument is environment of the
build, as a guess: what it switches off is probable.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from yaml.nodes import Node

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, FileFacts, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.callees import inside
from sslint.linter.readers.scripts.dockerfile import DockerfileReader
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import Source, ViewBuilder

_MAX_DOCKERFILE_SIZE = 1 << 20
_EXEC_FORM_RE = re.compile(r"\s*\[")
# An expression (`${{ … }}`, `${VAR}`, `{{defaultContext}}`) or a URL: not a path here.
_UNKNOWN_PATH_RE = re.compile(r"\$|\{\{|://")
_PARAMETER_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True)
class BuiltDockerfile:
    """What a Dockerfile does with build arguments: the `ARG`s it declares and the
    lines of its shell-form `RUN`s (continuations joined, here-document lines too)."""

    declared: frozenset[str]
    run_lines: tuple[str, ...]


def dockerfile_path(
    folder: str, context: Optional[str], dockerfile: Optional[str], *, in_context: bool
) -> Optional[str]:
    """The Dockerfile built from `context` (default `.`, relative to `folder`) with
    `dockerfile` (default `Dockerfile`; relative to the context when `in_context`, as
    compose has it, else to `folder`, as build-push-action has it): a file inside
    `folder`, or None when the paths are expressions, URLs, absolute or climb out of it."""
    parts = ["." if context is None else context.strip()]
    if dockerfile is None:
        parts.append("Dockerfile")
    elif in_context:
        parts.append(dockerfile.strip())
    else:
        parts = [dockerfile.strip()]
    for part in parts:
        if not part or _UNKNOWN_PATH_RE.search(part) or part.startswith(("/", "git@")):
            return None
        if ".." in part.replace("\\", "/").split("/"):
            return None
    return inside(folder, [os.path.join(folder, *parts)])


def read_built(path: Optional[str]) -> Optional[BuiltDockerfile]:
    """The declared `ARG`s and `RUN` lines of the Dockerfile at `path`, or None when
    there is none or it cannot be read."""
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_DOCKERFILE_SIZE + 1)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if len(data) > _MAX_DOCKERFILE_SIZE or "\0" in text:
        return None
    facts = FileFacts(source=Source(path, text), kind=kinds.DOCKERFILE)
    reader = DockerfileReader(facts.source.whole(), ReadContext(facts))  # its notices: not ours
    declared: set[str] = set()
    lines: list[str] = []
    for instruction in reader.instructions():
        if instruction.keyword == "ARG":
            for item in instruction.args.text.split():
                name = item.partition("=")[0]
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                    declared.add(name)
        elif instruction.keyword == "RUN":
            if not _EXEC_FORM_RE.match(instruction.args.text):
                lines.extend(instruction.args.text.splitlines())
            for heredoc in instruction.heredocs:
                lines.extend(heredoc.body.text.splitlines())
    return BuiltDockerfile(frozenset(declared), tuple(lines))


def link_build_args(
    doc: YamlFile,
    ctx: ReadContext,
    anchor: Node,
    assigns: Sequence[EnvAssign],
    path: Optional[str],
    label: str,
) -> None:
    """Record the build arguments `assigns` (written under the key `anchor`) as the
    Dockerfile at `path` takes them, and read its `RUN` lines that paste them."""
    if not assigns:
        return
    ctx.facts.depends_on_others = True  # the Dockerfile, or that there is none
    built = read_built(path)
    if built is None:
        for assign in assigns:
            ctx.guess(assign.statement)
            ctx.add_env(assign)
        return
    given: dict[str, Word] = {}
    for assign in assigns:
        if assign.name in built.declared:
            ctx.add_env(assign)
            if assign.value is not None:
                given[assign.name] = assign.value
    lines = [
        line
        for line in built.run_lines
        if any(_pasted(match) in given for match in _PARAMETER_RE.finditer(line))
    ]
    if not lines:
        return
    at = doc.offset(anchor.start_mark)
    builder = ViewBuilder(doc.view)
    for line in lines:
        _paste(builder, line, given, at)
        builder.synth("\n", at)
    where = doc.view.span(at, at)
    ctx.facts.borrowed.append((where.start_line, where.start_column))
    ctx.embed(kinds.SHELL, builder.build(), script=ctx.new_script(label))


def _pasted(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def _paste(builder: ViewBuilder, line: str, given: dict[str, Word], anchor: int) -> None:
    """The Dockerfile's line with each given value in its place (other variables as written)."""
    at = 0
    for match in _PARAMETER_RE.finditer(line):
        word = given.get(_pasted(match))
        if word is None:
            continue
        builder.synth(line[at : match.start()], anchor)
        builder.add_view(word.view, 0, len(word.view.text))
        at = match.end()
    builder.synth(line[at:], anchor)
