"""Environment-variable switches: lookup by name, value spellings, and lifecycle."""

from __future__ import annotations

from typing import Iterator

from sslint.linter.facts import EnvAssign, FileFacts, Scope
from sslint.linter.findings import PROBABLE, PROVEN

# Scopes whose assignment outlives the command that needs it.
_LASTING = frozenset(
    {
        Scope.SCRIPT,
        Scope.IMAGE,
        Scope.STAGE,
        Scope.WORKFLOW,
        Scope.JOB,
        Scope.PROCESS,
        Scope.SERVICE,
        Scope.FILE,
    }
)

# Spellings that mean "off" to most tools reading a boolean from the environment.
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", "f"})


def assignments(facts: FileFacts, *names: str) -> Iterator[EnvAssign]:
    """The assignments of any of `names` (exact, case-sensitive as on POSIX), with a value."""
    wanted = frozenset(names)
    for assign in facts.env:
        if assign.name in wanted and assign.value is not None:
            yield assign


def assignments_folded(facts: FileFacts, *names: str) -> Iterator[EnvAssign]:
    """Like `assignments`, for tools that read their variables case-insensitively (npm)."""
    wanted = frozenset(name.lower() for name in names)
    for assign in facts.env:
        if assign.name.lower() in wanted and assign.value is not None:
            yield assign


def value_text(assign: EnvAssign) -> str:
    """The assigned value, without surrounding white space or a pair of quotes around it.

    Only a matching pair is taken off (`"0"` from a reader that keeps quotes is `0`):
    a quote that is part of the value (`"false\\""` in a shell script is `false"`)
    stays, so a value that switches nothing off is not read as one that does.
    """
    if assign.value is None:
        return ""
    return unquoted(assign.value.text)


def unquoted(text: str) -> str:
    """`text` without surrounding white space and matching pairs of quotes around it."""
    text = text.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    return text


def is_truthy(assign: EnvAssign) -> bool:
    """Set to something a tool reading a boolean flag takes as on (`1`, `true`, `yes`, any word)."""
    text = value_text(assign).lower()
    return bool(text) and text not in FALSE_WORDS


def is_left_set(assign: EnvAssign) -> bool:
    """Whether the assignment stays in force after the command that needs it.

    Left set: exported in a script and never unset, Dockerfile `ENV`/`ARG`, CI
    env at workflow or job level, a process or container environment, a
    `.env` file. Scoped: one command, one CI step, or unset again.
    """
    return assign.scope in _LASTING and assign.unset_at is None


def precision(assign: EnvAssign) -> str:
    """Proven when the value is known, probable when part of it was not resolved."""
    if assign.value is not None and not assign.value.known:
        return PROBABLE
    return PROVEN
