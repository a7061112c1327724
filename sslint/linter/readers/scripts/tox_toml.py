"""tox configured in TOML: `tox.toml` and `[tool.tox]` in pyproject.toml.

In the native TOML format a command is an array of strings (one argv), so
`commands = [["pip", "install", "--trusted-host", "h"]]` becomes a Command
whose words are those strings at their exact spans (tox runs no shell);
non-string parts (`{ replace = "posargs" }`) are left out. `set_env` members
are environment assignments of scope JOB, each `deps` string is read as a
requirements line. A `legacy_tox_ini` string is read as a tox.ini.
Environments: `env_run_base`, `env_pkg_base` and `env.<name>`.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.facts import Command, EnvAssign, Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.toml_source import TomlEntry, TomlValue
from sslint.linter.source import View

_COMMAND_KEYS = frozenset(
    {"commands", "commands_pre", "commands_post", "install_command", "list_dependencies_command"}
)
_SETENV_KEYS = frozenset({"set_env", "setenv"})


def _environment(section: tuple[str, ...]) -> bool:
    return section in (("env_run_base",), ("env_pkg_base",)) or (
        len(section) == 2 and section[0] == "env"
    )


def _argv(view: View, value: TomlValue, ctx: ReadContext, script: str) -> None:
    words = [item.word for item in value.items if item.kind == "string" and item.word is not None]
    if words:
        statement = view.line_range(value.start, value.end)
        ctx.add_command(Command(words=words, statement=statement, script=script))


def _command_key(view: View, value: TomlValue, ctx: ReadContext, script: str, key: str) -> None:
    if key == "install_command" or key == "list_dependencies_command":
        _argv(view, value, ctx, script)
        return
    for item in value.items:
        if item.kind == "array":
            _argv(view, item, ctx, script)


def _set_env(view: View, entry: TomlEntry, ctx: ReadContext) -> None:
    if entry.value.kind != "string" or entry.value.word is None:
        return
    ctx.add_env(
        EnvAssign(
            name=entry.key,
            name_span=view.span(entry.key_start, entry.key_end),
            value=entry.value.word,
            scope=Scope.JOB,
            statement=view.line_range(entry.key_start, entry.value.end),
        )
    )


def read_tox_entries(
    view: View, ctx: ReadContext, entries: list[TomlEntry], prefix: tuple[str, ...]
) -> None:
    """Read the tox configuration found under the table `prefix` of located TOML entries."""
    scripts: dict[tuple[str, ...], str] = {}
    for entry in entries:
        if entry.section[: len(prefix)] != prefix:
            continue
        section = entry.section[len(prefix) :]
        key = entry.key.replace("-", "_")
        if not section and key == "legacy_tox_ini" and entry.value.word is not None:
            ctx.embed(kinds.TOX, entry.value.word.view)
        elif _environment(section) and key in _COMMAND_KEYS:
            if section not in scripts:
                scripts[section] = ctx.new_script("tox:" + ".".join(section))
            _command_key(view, entry.value, ctx, scripts[section], key)
        elif _environment(section) and key == "deps":
            for item in entry.value.items:
                if item.kind == "string" and item.word is not None and item.word.text:
                    ctx.embed(kinds.REQUIREMENTS, item.word.view)
        elif section[-1:] and section[-1] in _SETENV_KEYS and _environment(section[:-1]):
            _set_env(view, entry, ctx)
