"""Strings and environment maps in structured files of no known format, read as a guess.

The next pipeline or dev-environment format still runs its commands from
strings and sets variables from maps. In a YAML, JSON or TOML file sslint knows
no format for, each string value is looked at with the keys that lead to it:

- under an `env` / `environment` / `variables` map, a `NAME: value` entry is an
  environment assignment;
- a string one of whose lines starts with a command a rule knows (pip, conda,
  curl, wget, git, npm, uv, apt-get, …, after an optional `sudo`) is read as
  shell;
- a list of strings whose first one is such a command (or a shell, `python`,
  `sudo`, `env`) is read as an argv (`GuessedArgv`: `["pip", "install", …]`).

Both are guesses: what is found there is probable, and an error only a warning
(`ReadContext.guess`). Prose is not a command: the values of keys that hold
text for people (`description`, `name`, `help`, `example`, …) are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Union

from sslint.linter import kinds
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Templates, substitute
from sslint.linter.source import LineRange

_COMMAND_WORDS = (
    r"pip[0-9.]*|python[0-9.]*[ \t]+-m[ \t]+pip|uv|uvx|curl|wget|git|conda|mamba|micromamba"
    r"|npm|npx|yarn|pnpm|apt-get|apt|yum|dnf|apk|poetry|pipx|pixi|helm|kubectl|ansible-galaxy"
)
# A line that starts a command a rule knows (`sudo -E pip …`, `/usr/bin/curl …`).
_COMMAND_LINE_RE = re.compile(
    r"^[ \t]*(?:sudo[ \t]+(?:-\S+[ \t]+)*)?(?:\S*/)?(?:" + _COMMAND_WORDS + r")[ \t]",
    re.MULTILINE,
)
_ENV_MAPS = frozenset({"env", "environment", "variables", "env_vars", "environment_variables"})
_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Keys whose values are text for people or quoted samples, not something a program runs
# (a key anywhere above a string counts: `x-code-samples: [{source: "curl -k …"}]`).
_PROSE_KEYS = frozenset(
    {
        "about",
        "comment",
        "comments",
        "description",
        "detail",
        "details",
        "doc",
        "docs",
        "documentation",
        "example",
        "examples",
        "help",
        "hint",
        "info",
        "label",
        "line_text",
        "message",
        "msg",
        "name",
        "note",
        "notes",
        "placeholder",
        "sample",
        "samples",
        "snippet",
        "snippets",
        "summary",
        "text",
        "title",
        "tooltip",
        "usage",
        "x-code-samples",
        "x-codesamples",
    }
)


# The first word of a guessed argv: a command a rule knows, or one that runs another.
_ARGV_HEAD_RE = re.compile(
    r"(?:\S*/)?(?:" + _COMMAND_WORDS + r"|python[0-9.]*|sh|bash|dash|sudo|env)\Z"
)


def starts_an_argv(first: str) -> bool:
    """Whether `first`, the first string of a list, names a command an argv list runs."""
    return _ARGV_HEAD_RE.match(first) is not None


def starts_a_command(text: str) -> bool:
    """Whether the first line of `text` starts a command a rule knows."""
    match = _COMMAND_LINE_RE.search(text)
    return match is not None and not text[: match.start()].strip()


def is_env_map(key: str) -> bool:
    """Whether a key names a map of environment variables (`env`, `environment`, …)."""
    return key.lower() in _ENV_MAPS


def holds_a_command(text: str) -> bool:
    """Whether a line of `text` starts a command a rule knows."""
    return _COMMAND_LINE_RE.search(text) is not None


@dataclass(frozen=True)
class GuessedString:
    """A string value, the keys that lead to it (list items take their list's key) and
    the key word that names it (None for a list item)."""

    path: tuple[str, ...]
    key: Optional[Word]
    value: Word
    statement: LineRange


@dataclass(frozen=True)
class GuessedArgv:
    """A list of strings that reads as an argv, with the keys that lead to it."""

    path: tuple[str, ...]
    words: tuple[Word, ...]
    statement: LineRange


def worth_reading(path: tuple[str, ...], named: bool, value: str) -> bool:
    """Whether a string value under `path` (`named`: the last key names it) is read:
    an environment entry or a command, under no prose key (a cheap look, before any
    position is worked out)."""
    if not (_is_env_entry(path, named) or holds_a_command(value)):
        return False
    return not any(part.lower() in _PROSE_KEYS for part in path)


def _is_env_entry(path: tuple[str, ...], named: bool) -> bool:
    return named and len(path) > 1 and is_env_map(path[-2]) and bool(_ENV_NAME_RE.match(path[-1]))


def read_guessed(
    ctx: ReadContext, strings: Iterable[Union[GuessedString, GuessedArgv]], label: str
) -> None:
    """Record the environment maps and read the command strings and argvs, each as a guess."""
    from sslint.linter.commands import invocation
    from sslint.linter.readers.scripts.shell import embed_inline

    for string in strings:
        if isinstance(string, GuessedArgv):
            if any(part.lower() in _PROSE_KEYS for part in string.path):
                continue
            ctx.guess(string.statement)
            script = ctx.new_script(label)
            command = Command(words=list(string.words), statement=string.statement, script=script)
            ctx.add_command(command)
            found = invocation(command)
            if found is not None:
                embed_inline(ctx.child(script=script), command, found, dict)
            continue
        named = string.key is not None
        if not worth_reading(string.path, named, string.value.text):
            continue
        if string.key is not None and _is_env_entry(string.path, named):
            ctx.guess(string.statement)
            ctx.add_env(
                EnvAssign(
                    name=string.key.text,
                    name_span=string.key.span,
                    value=string.value,
                    scope=Scope.FILE,
                    statement=string.statement,
                )
            )
        elif holds_a_command(string.value.text):
            ctx.guess(string.statement)
            # `${{ … }}` of a CI template: unknown words, as the CI readers read them.
            text, values = substitute(string.value.view, Templates())
            ctx.embed(kinds.SHELL, text, env=values, script=ctx.new_script(label))
