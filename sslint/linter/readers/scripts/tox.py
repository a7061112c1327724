"""tox.ini: the commands tox runs, the environment it sets and the pip options in `deps`.

The file is INI (configparser, as tox reads it); every key is also recorded
as a Setting of kind TOX (`[tox] indexserver`, …). In `[testenv]` and
`[testenv:*]` sections, tox's own value processing applies: a `#` not
escaped as `\\#` starts a comment, a line ending in `\\` continues on the next
line, and a `factor:` prefix makes a line conditional (either way it may
run, so it is read).

- `commands`, `commands_pre`, `commands_post`, `install_command`,
  `list_dependencies_command`: each line is one command, read as shell code
  with tox's substitutions resolved where they matter (`{envpython}` is the
  interpreter `python`, `{posargs}` drops out, `{posargs:x}` gives `x`; other
  `{…}` stay as written). A leading `-` or `!` (ignore / negate the exit code)
  is not part of the command. The commands of one section share one script.
- `setenv` / `set_env`: `NAME = value` lines → EnvAssign of scope JOB.
- `deps`: read as a requirements file, so `-i http://…` and
  `--trusted-host h` lines become `pip install` commands.
"""

from __future__ import annotations

import re

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice, empty_word, strip_range
from sslint.linter.readers.sources.ini_source import CONFIGPARSER, IniEntry, scan, settings
from sslint.linter.source import View, ViewBuilder, join_views

_COMMENT_RE = re.compile(r"\s*(?<!\\)#.*")
_FACTOR_RE = re.compile(r"([\w{}.!,-]+):\s+")
_SETENV_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*")
_COMMAND_KEYS = frozenset(
    {"commands", "commands_pre", "commands_post", "install_command", "list_dependencies_command"}
)
_SETENV_KEYS = frozenset({"setenv", "set_env"})


def _logical_lines(view: View, entry: IniEntry) -> list[View]:
    """tox's processing of a value: comments removed, `\\` lines joined, factors dropped."""
    text = view.text
    lines: list[View] = []
    pending: list[tuple[int, int]] = []
    for start, end in entry.pieces:
        comment = _COMMENT_RE.search(text, start, end)
        if comment is not None:
            end = comment.start()
        start, end = strip_range(text, start, end)
        if end > start and text[end - 1] == "\\":
            pending.append((start, end - 1))
            continue
        pending.append((start, end))
        lines.append(_line_view(view, pending))
        pending = []
    if pending:
        lines.append(_line_view(view, pending))
    out: list[View] = []
    for line in lines:
        factor = _FACTOR_RE.match(line.text)
        begin = factor.end() if factor else 0
        begin, finish = strip_range(line.text, begin, len(line.text))
        if finish > begin:
            out.append(line.slice(begin, finish))
    return out


def _line_view(view: View, pieces: list[tuple[int, int]]) -> View:
    builder = ViewBuilder(view)
    for start, end in pieces:
        builder.add(start, end)
    return builder.build()


def _substituted(line: View) -> View:
    """A command line with `{envpython}` and `{posargs}` resolved, other `{…}` kept."""
    text = line.text
    builder = ViewBuilder(line)
    pos = 0
    copied = 0
    while pos < len(text):
        if text[pos] == "\\" and pos + 1 < len(text):
            pos += 2
            continue
        if text[pos] != "{":
            pos += 1
            continue
        close = _closing_brace(text, pos)
        if close < 0:
            break
        inner = text[pos + 1 : close]
        name, colon, _default = inner.partition(":")
        if inner in ("envpython", "env_python"):
            builder.add(copied, pos)
            builder.synth("python", pos)
            copied = close + 1
        elif name == "posargs":
            builder.add(copied, pos)
            if colon:
                builder.add(pos + len("{posargs:"), close)
            copied = close + 1
        pos = close + 1
    builder.add(copied, len(text))
    return builder.build()


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for pos in range(start, len(text)):
        if text[pos] == "{":
            depth += 1
        elif text[pos] == "}":
            depth -= 1
            if depth == 0:
                return pos
    return -1


def _commands(view: View, entry: IniEntry, ctx: ReadContext, script: str) -> None:
    for line in _logical_lines(view, entry):
        command = _substituted(line)
        text = command.text
        if text.startswith("!") or (text.startswith("-") and not text.startswith("--")):
            command = command.slice(1, len(text))
        if command.text.strip():
            ctx.embed(kinds.SHELL, command, script=script)


def _setenv(view: View, entry: IniEntry, ctx: ReadContext) -> None:
    for line in _logical_lines(view, entry):
        match = _SETENV_RE.match(line.text)
        if not match:
            continue  # `file|path.env` and the like
        value_start, value_end = strip_range(line.text, match.end(), len(line.text))
        value = (
            Word(line.slice(value_start, value_end))
            if value_end > value_start
            else empty_word(line, value_start)
        )
        ctx.add_env(
            EnvAssign(
                name=match.group(1),
                name_span=line.span(match.start(1), match.end(1)),
                value=value,
                scope=Scope.JOB,
                statement=line.line_range(0, len(line.text)),
            )
        )


def _deps(view: View, entry: IniEntry, ctx: ReadContext) -> None:
    lines = _logical_lines(view, entry)
    if lines:
        ctx.embed(kinds.REQUIREMENTS, join_views(((v, 0, len(v.text)) for v in lines), "\n"))


def read(view: View, ctx: ReadContext) -> None:
    """Record tox's settings, commands, environment and pip options."""
    entries = scan(view, CONFIGPARSER, OnceNotice(ctx))
    for setting in settings(view, kinds.TOX, entries):
        ctx.add_setting(setting)
    scripts: dict[tuple[str, ...], str] = {}
    for entry in entries:
        section = entry.section[0] if entry.section else ""
        if section != "testenv" and not section.startswith("testenv:"):
            continue
        key = entry.key.lower().replace("-", "_")
        if key in _COMMAND_KEYS:
            if entry.section not in scripts:
                scripts[entry.section] = ctx.new_script(f"tox:{section}")
            _commands(view, entry, ctx, scripts[entry.section])
        elif key in _SETENV_KEYS:
            _setenv(view, entry, ctx)
        elif key == "deps":
            _deps(view, entry, ctx)
