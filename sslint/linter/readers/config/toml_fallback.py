"""TOML files of no known format: command strings and environment tables, as a guess.

See `sources.guessed`. Text that is not TOML is left alone without a notice:
the format was only a guess.
"""

from __future__ import annotations

from typing import Iterator

from sslint.linter.facts import Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.guessed import GuessedString, read_guessed, worth_reading
from sslint.linter.readers.sources.toml_source import TomlEntry, TomlValue, locate
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read the command strings and environment tables of a TOML file of unknown format."""
    try:
        _, entries = locate(view)
    except (ValueError, RecursionError):  # TOMLDecodeError and TomlLocateError are both
        return
    read_guessed(ctx, _strings(view, entries), "toml-string")


def _strings(view: View, entries: list[TomlEntry]) -> Iterator[GuessedString]:
    """Every string value with the keys above it (the located entries are flat already:
    inline tables' entries follow their key; array items take their array's key)."""
    for entry in entries:
        keys = (*entry.section, entry.key)
        value = entry.value
        if value.kind == "string" and value.word is not None:
            if not worth_reading(keys, True, value.word.text):
                continue
            key = Word(view.slice(entry.key_start, entry.key_end))
            lines = view.line_range(entry.key_start, value.end)
            yield GuessedString(keys, key, value.word, lines)
        elif value.kind == "array":
            yield from _items(view, value, keys)


def _items(view: View, value: TomlValue, keys: tuple[str, ...]) -> Iterator[GuessedString]:
    """The strings of an array (and of arrays in it), with the array's keys."""
    stack = list(reversed(value.items))
    while stack:
        item = stack.pop()
        if item.kind == "string" and item.word is not None:
            yield GuessedString(keys, None, item.word, view.line_range(item.start, item.end))
        elif item.kind == "array":
            stack.extend(reversed(item.items))
