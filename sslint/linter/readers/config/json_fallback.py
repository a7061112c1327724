"""JSON files of no known format: command strings and environment maps, as a guess.

See `sources.guessed`. The standard library parses the file first; only when a
string holds a command or an environment map is in it is the file located
(positions are worked out in Python, so JSON data of no interest costs one C
parse). Text that is not JSON (JSON with comments, templates) is left alone
without a notice: the format was only a guess. A Packer JSON template of
another name (a top-level `builders` list) is read by the Packer reader, still
as a guess.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts import packer_json
from sslint.linter.readers.scripts.package_json import JsonNode, locate
from sslint.linter.readers.sources.guessed import (
    GuessedString,
    holds_a_command,
    is_env_map,
    read_guessed,
)
from sslint.linter.source import LineRange, View


def read(view: View, ctx: ReadContext) -> None:
    """Read the command strings and environment maps of a JSON file of unknown format."""
    try:
        data = json.loads(view.text)
        if packer_json.is_template(data):
            packer_json.read(view, ctx)
            return
        if not _worth_locating(data):
            return
        root = locate(view)
    except (ValueError, RecursionError):
        return
    read_guessed(ctx, _strings(view, root, ()), "json-string")


def _worth_locating(data: Any) -> bool:
    """Whether the parsed document holds a command string or an environment map."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if holds_a_command(value):
                return True
        elif isinstance(value, dict):
            if any(is_env_map(key) and isinstance(item, dict) for key, item in value.items()):
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _strings(view: View, root: JsonNode, path: tuple[str, ...]) -> Iterator[GuessedString]:
    """Every string value under `root` with the keys above it (iteratively: JSON nests deep)."""
    stack = [(root, path)]
    while stack:
        node, keys = stack.pop()
        for key, value in reversed(node.members):
            if value.kind == "string" and value.word is not None:
                lines = LineRange(key.span.start_line, view.span(value.start, value.end).end_line)
                yield GuessedString((*keys, key.text), key, value.word, lines)
            elif value.kind in ("object", "array"):
                stack.append((value, (*keys, key.text)))
        for item in reversed(node.items):
            if item.kind == "string" and item.word is not None:
                yield GuessedString(keys, None, item.word, view.line_range(item.start, item.end))
            elif item.kind in ("object", "array"):
                stack.append((item, keys))
