"""Docker Compose files: service commands, entrypoints, health checks and environment.

`environment:` (a map or a list of `NAME=value`) reaches every process of the
container (Scope.SERVICE); `build.args` reach the image build's `RUN`s
(Scope.STAGE) where its Dockerfile declares them (`build_args`). A string
`command:` is read as shell; a list is an argv, whose `sh -c` / `python -c`
code is read as well.
"""

from __future__ import annotations

import os
from typing import Mapping, Optional, Sequence

from yaml.nodes import Node, ScalarNode, SequenceNode

from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.build_args import dockerfile_path, link_build_args
from sslint.linter.readers.ci.yaml_ci import (
    Templates,
    argv_command,
    embed_script,
    list_env,
    merged,
)
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read a compose file."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        for key, service in doc.items(doc.get(root, "services")):
            _read_service(doc, ctx, str(key.value), service)


def _read_service(doc: YamlFile, ctx: ReadContext, name: str, service: Node) -> None:
    _build_args(doc, ctx, name, doc.get(service, "build"))
    env = list_env(doc, ctx, doc.get(service, "environment"), Scope.SERVICE)
    for field in ("entrypoint", "command"):
        read_command(doc, ctx, doc.get(service, field), env, f"{name}.{field}")
    test = doc.get(service, "healthcheck", "test")
    if isinstance(test, SequenceNode) and test.value:
        form = doc.text(test.value[0])
        if form == "CMD-SHELL":
            embed_script(doc, ctx, test.value[1:2], env, ctx.new_script(f"{name}.healthcheck"))
        elif form == "CMD":
            argv_command(doc, ctx, test.value[1:], env, ctx.new_script(f"{name}.healthcheck"))
    else:
        read_command(doc, ctx, test, env, f"{name}.healthcheck")


def _build_args(doc: YamlFile, ctx: ReadContext, name: str, build: Optional[Node]) -> None:
    """`build: args:`: the `ARG`s of the image build, linked to the Dockerfile it builds
    (`build_args`; `build: ./dir` names the context alone)."""
    pair = doc.pair(build, "args")
    if pair is None:
        return
    first = len(ctx.facts.env)
    list_env(doc, ctx, pair[1], Scope.STAGE)
    assigns = ctx.facts.env[first:]
    del ctx.facts.env[first:]  # recorded again as the Dockerfile takes them
    if doc.get(build, "dockerfile_inline") is not None:
        path = None  # not a file: what it declares is not looked at
    else:
        folder = os.path.dirname(ctx.path) or "."
        context, dockerfile = doc.text(build, "context"), doc.text(build, "dockerfile")
        path = dockerfile_path(folder, context, dockerfile, in_context=True)
    link_build_args(doc, ctx, pair[0], assigns, path, f"{name}.build.args")


def read_command(
    doc: YamlFile,
    ctx: ReadContext,
    node: Optional[Node],
    env: Mapping[str, Word],
    label: str,
    args: Optional[Node] = None,
    templates: Sequence[Templates] = (),
) -> None:
    """A command given as a string (shell) or as a list (argv, with `args` appended).

    `templates`: text the system replaces before the command runs (`embed_script`),
    pasted into argv words too (`argv_command`).
    """
    if isinstance(node, ScalarNode) and args is None:
        embed_script(
            doc, ctx, [node], merged(env), ctx.new_script(label), templates=templates or None
        )
    elif isinstance(node, SequenceNode) or isinstance(args, SequenceNode):
        head = [node] if isinstance(node, ScalarNode) else doc.sequence(node)
        argv = head + doc.sequence(args)
        argv_command(doc, ctx, argv, env, ctx.new_script(label), paste=templates)
