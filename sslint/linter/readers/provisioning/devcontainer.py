"""Dev Container configuration (`devcontainer.json`, JSON with comments).

Lifecycle commands (`initializeCommand`, `onCreateCommand`,
`updateContentCommand`, `postCreateCommand`, `postStartCommand`,
`postAttachCommand`) are a string (run by a shell), an array (run directly,
an argv) or an object of named commands of either form, each its own script.
`containerEnv` reaches every process of the container (Scope.SERVICE),
`remoteEnv` the tools' processes (Scope.JOB) and `build.args` the image build
(Scope.STAGE). Comments and trailing commas are blanked before the JSON is
located, so every position stays that of the file.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from sslint.linter import kinds
from sslint.linter.commands import invocation
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.package_json import JsonNode, read_object
from sslint.linter.source import LineRange, View, ViewBuilder

_LIFECYCLE = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)
# A string, a comment, or a comma that only comments and a closing bracket follow.
_COMMENT = r"//[^\n]*(?:\n|\Z)|/\*(?:[^*]|\*(?!/))*\*/"  # whole comments only
_JSONC_RE = re.compile(
    r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?(?:\*/|\Z)|,(?=(?:\s|' + _COMMENT + r")*[\]}])", re.S
)


def read(view: View, ctx: ReadContext) -> None:
    """Read a `devcontainer.json`."""
    root = read_object(without_comments(view), ctx)
    if root is None:
        return
    env = _env(ctx, member(root, "containerEnv"), Scope.SERVICE)
    env = {**env, **_env(ctx, member(root, "remoteEnv"), Scope.JOB)}
    _env(ctx, member(member(root, "build"), "args"), Scope.STAGE)
    for name in _LIFECYCLE:
        command = member(root, name)
        if command is not None and command.kind == "object":
            for key, value in command.members:
                _command(ctx, value, env, f"{name}.{key.text}")
        elif command is not None:
            _command(ctx, command, env, name)


def without_comments(view: View) -> View:
    """JSONC as JSON: `//` and `/* */` comments and trailing commas become spaces."""
    builder = ViewBuilder(view)
    last = 0
    for match in _JSONC_RE.finditer(view.text):
        if match.group().startswith('"'):
            continue
        builder.add(last, match.start())
        builder.synth(re.sub(r"[^\n]", " ", match.group()), match.start())
        last = match.end()
    if last == 0:
        return view
    builder.add(last, len(view.text))
    return builder.build()


def member(node: Optional[JsonNode], name: str) -> Optional[JsonNode]:
    """The value of an object's member (the last one of that name), or None."""
    found = None
    for key, value in node.members if node is not None else ():
        if key.text == name:
            found = value
    return found


def _env(ctx: ReadContext, node: Optional[JsonNode], scope: Scope) -> dict[str, Word]:
    visible: dict[str, Word] = {}
    for key, value in node.members if node is not None else ():
        word = value.word if value.kind in ("string", "scalar") else None
        if word is not None:
            visible[key.text] = word
        ctx.add_env(
            EnvAssign(
                name=key.text,
                name_span=key.span,
                value=word,
                scope=scope,
                statement=key.view.line_range(0, len(key.text)),
            )
        )
    return visible


def _command(ctx: ReadContext, node: JsonNode, env: Mapping[str, Word], label: str) -> None:
    script = ctx.new_script(label)
    if node.kind == "string" and node.word is not None and node.word.text.strip():
        ctx.embed(kinds.SHELL, node.word.view, env=env, script=script)
    elif node.kind == "array":
        from sslint.linter.readers.scripts.shell import embed_inline

        words = [item.word for item in node.items if item.word is not None]
        if not words:
            return
        first, last = words[0].span, words[-1].span
        statement = LineRange(first.start_line, last.end_line)
        command = Command(words=words, statement=statement, script=script)
        ctx.add_command(command)
        found = invocation(command)
        if found is not None:
            embed_inline(ctx.child(env=env, script=script), command, found, lambda: env)
