"""HCL files of no known format (Nomad jobs, Terragrunt, other `*.hcl`), as a guess.

See `sources.guessed`: strings that start a known command are read as shell,
lists of strings that start with one (`execute = ["pip", "install", …]`) as an
argv, and `env { NAME = "…" }` blocks or maps as environment, with every
`${ … }` template an unknown word. Terraform and Packer files have their own reader.
"""

from __future__ import annotations

from typing import Iterator, Union

from sslint.linter.facts import Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.templates import mask_ranges
from sslint.linter.readers.sources.guessed import (
    GuessedArgv,
    GuessedString,
    read_guessed,
    starts_an_argv,
    worth_reading,
)
from sslint.linter.readers.sources.hcl_source import (
    HclAttribute,
    HclBlock,
    HclList,
    HclObject,
    HclString,
    HclValue,
    parse,
)
from sslint.linter.source import LineRange, View


def read(view: View, ctx: ReadContext) -> None:
    """Read the command strings and environment blocks of an HCL file of unknown format."""
    read_guessed(ctx, _strings(view, parse(view)), "hcl-string")


def _strings(view: View, root: HclBlock) -> Iterator[Union[GuessedString, GuessedArgv]]:
    """Every string (and list of strings) with the block types and attribute names above it
    (and a variable's name)."""
    stack: list[tuple[HclBlock, tuple[str, ...]]] = [(root, ())]
    while stack:
        block, path = stack.pop()
        here = (*path, block.type) if block.type else path
        if block.type == "variable":  # its label names its value: `variable "note"` is prose
            here = (*here, *block.labels)
        for attribute in block.attributes:
            yield from _attribute(view, (*here, attribute.name), attribute, attribute.value)
        stack.extend((inner, here) for inner in reversed(block.blocks))


def _attribute(
    view: View, keys: tuple[str, ...], attribute: HclAttribute, value: HclValue
) -> Iterator[Union[GuessedString, GuessedArgv]]:
    lines = LineRange(attribute.first_line, attribute.last_line)
    if isinstance(value, HclString):
        if worth_reading(keys, True, value.view.text):
            start = view.source.offset(
                attribute.name_span.start_line, attribute.name_span.start_column
            )
            key = Word(view.slice(start, start + len(attribute.name)))
            yield GuessedString(keys, key, _word(value), lines)
    elif isinstance(value, HclList):
        strings = [item for item in value.items if isinstance(item, HclString)]
        if strings and len(strings) == len(value.items) and starts_an_argv(strings[0].view.text):
            yield GuessedArgv(keys, tuple(_word(item) for item in strings), lines)
            return
        for item in value.items:
            if isinstance(item, HclString) and worth_reading(keys, False, item.view.text):
                yield GuessedString(keys, None, _word(item), lines)
    elif isinstance(value, HclObject):
        for inner in value.attributes:
            yield from _attribute(view, (*keys, inner.name), inner, inner.value)


def _word(value: HclString) -> Word:
    """The string's value, each `${ … }` / `%{ … }` template an unknown variable."""
    masked, _ = mask_ranges(value.view, [(start, end, None) for start, end in value.templates])
    return Word(masked)
