"""The commands of a file with their normalised invocation, computed once for every rule."""

from __future__ import annotations

from typing import Iterator

from sslint.linter.commands import Invocation, invocation
from sslint.linter.facts import Command, FileFacts

_KEY = "rules.invocations"


def _by_program(facts: FileFacts) -> dict[str, list[tuple[Command, Invocation]]]:
    cached = facts.extra.get(_KEY)
    if cached is None:
        cached = {}
        for command in facts.commands:
            found = invocation(command)
            if found is not None:
                cached.setdefault(found.program, []).append((command, found))
        facts.extra[_KEY] = cached
    return cached


def invocations(facts: FileFacts, *programs: str) -> Iterator[tuple[Command, Invocation]]:
    """(command, invocation) of every command running one of `programs`, in file order."""
    table = _by_program(facts)
    found = [pair for program in programs for pair in table.get(program, ())]
    if len(programs) > 1:
        found.sort(key=lambda pair: pair[0].seq)
    return iter(found)


def run_through(facts: FileFacts, runner: str) -> Iterator[tuple[Command, Invocation]]:
    """(command, invocation) of every command started by `runner` (`pipx run … pkg`)."""
    found = [
        pair for pairs in _by_program(facts).values() for pair in pairs if pair[1].runner == runner
    ]
    found.sort(key=lambda pair: pair[0].seq)
    return iter(found)
