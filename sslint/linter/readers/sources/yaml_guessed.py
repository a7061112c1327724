"""The string values of YAML of no known format, with their keys (see `guessed`)."""

from __future__ import annotations

from typing import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter.readers.sources.guessed import (
    GuessedString,
    names_a_command,
    names_an_env_map,
    worth_reading,
)
from sslint.linter.readers.sources.yaml_source import YamlFile


def may_hold_guesses(text: str) -> bool:
    """Whether the YAML `text` may hold a string `guessed_strings` yields (False only when
    none can: a cheap look before any walk).

    Without a backslash no scalar has an escape, so each key and each word of a value is
    written in the text as it is (quotes doubled in '…' are no letters), and a blank
    between words is written as a blank or a line break that folds into one.
    """
    return "\\" in text or names_an_env_map(text) or names_a_command(text)


def guessed_strings(doc: YamlFile, root: Node) -> Iterator[GuessedString]:
    """Every string scalar under `root` that no reader took, with the keys above it."""
    stack: list[tuple[Node, tuple[str, ...], Node]] = [(root, (), root)]
    seen: set[int] = set()
    while stack:
        node, path, holder = stack.pop()
        if id(node) in seen or doc.was_read(node):
            continue  # an alias met again, or what a reader already read
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in reversed(doc.items(node)):
                name = str(key.value) if isinstance(key, ScalarNode) else ""
                stack.append((value, (*path, name), key))
        elif isinstance(node, SequenceNode):
            for item in reversed(node.value):
                stack.append((item, path, item))
        elif isinstance(node, ScalarNode) and node.value:
            named = holder if holder is not node and isinstance(holder, ScalarNode) else None
            if not worth_reading(path, named is not None, str(node.value)) or not doc.once(node):
                continue
            word = None if named is None else doc.word(named)
            yield GuessedString(path, word, doc.word(node), doc.lines(holder, node))
