"""Command-line option grammar shared by the rule modules.

Tools parse their arguments in a few well-known ways: Python's optparse and
GNU getopt_long accept any unique prefix of a long option (`--trusted` is
`--trusted-host`), `--opt=value` and `--opt value`, short options clustered
(`-fsSLk`) where an option that takes an argument swallows the rest of the
cluster (`-ok`: `k` is the argument of `-o`) or the next word, and options
after positional arguments. click and clap (pip-tools, uv) take no prefixes.
`parse` implements that once; each rule module gives it the tool's real
option table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping, Optional, Sequence

from sslint.linter.facts import Word
from sslint.linter.source import Span


@dataclass(frozen=True)
class Grammar:
    """One tool's options: name -> takes a value, for long and short spellings.

    `long` keys are spelled with their dashes (`--trusted-host`), `short` keys
    too (`-i`). `abbreviate` accepts unique prefixes of long options.
    """

    long: Mapping[str, bool]
    short: Mapping[str, bool]
    abbreviate: bool = True

    def merged(self, other: Grammar) -> Grammar:
        """This grammar extended by another tool or subcommand's options."""
        return Grammar(
            long={**self.long, **other.long},
            short={**self.short, **other.short},
            abbreviate=self.abbreviate and other.abbreviate,
        )

    def resolve_long(self, written: str) -> Optional[str]:
        """The long option a spelling names (exact, or a unique prefix), or None."""
        if written in self.long:
            return written
        if not self.abbreviate or len(written) < 3:
            return None
        matches = [name for name in self.long if name.startswith(written)]
        return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class Option:
    """One option as the tool sees it.

    `name` is the canonical spelling (`--trusted-host`, `-k`); unknown options
    keep their written spelling. `word` holds the option, `value` its argument
    (a slice of `word` for `--opt=v` / `-iURL`, or the next word), `inline`
    tells which.
    """

    name: str
    word: Word
    value: Optional[Word] = None
    inline: bool = False

    def __init__(
        self, name: str, word: Word, value: Optional[Word] = None, inline: bool = False
    ) -> None:
        # What the frozen dataclass's own `__init__` does, without a call per field: an
        # option is made for every option word of every command.
        fields = self.__dict__
        fields["name"] = name
        fields["word"] = word
        fields["value"] = value
        fields["inline"] = inline

    @property
    def span(self) -> Span:
        """Where the option is written: the whole option word.

        When an inline value comes from elsewhere (`--opt="$var"`, the variable
        assigned on an earlier line), only the option's own spelling is.
        """
        whole = self.word.span
        if self.inline and self.value is not None:
            text = self.word.text
            own = text.partition("=")[0] if text.startswith("--") else text
            head = self.word.view.span(0, min(len(own), len(text) - len(self.value.text)))
            if whole.end < head.end:
                return head
        return whole

    @property
    def value_span(self) -> Span:
        """Where the value is written: its own word, or the option word for `--opt=v`."""
        if self.value is None or self.inline:
            return self.word.span
        return self.value.span


@dataclass
class Parsed:
    """Options and positional arguments of one parse, and where it stopped."""

    options: list[Option]
    positionals: list[Word]
    end: int

    def named(self, *names: str) -> Iterator[Option]:
        """The options with one of the canonical `names`, in order."""
        return (opt for opt in self.options if opt.name in names)


def sub_word(word: Word, start: int, end: Optional[int] = None) -> Word:
    """Characters [start, end) of a word as a word of their own (same origin)."""
    return word.part(start, len(word.text) if end is None else end)


def parse(
    args: Sequence[Word],
    grammar: Grammar,
    start: int = 0,
    stop_at_positional: bool = False,
) -> Parsed:
    """Parse `args[start:]` with `grammar`.

    With `stop_at_positional` the parse ends at the first positional argument
    (a subcommand); `end` is its index. `--` ends the options.
    """
    options: list[Option] = []
    positionals: list[Word] = []
    i = start
    count = len(args)
    while i < count:
        word = args[i]
        text = word.text
        if text[:1] == "-" and len(text) > 1:
            if text == "--":
                positionals.extend(args[i + 1 :])
                return Parsed(options, positionals, count)
            if text[1] == "-":
                i = _long(args, i, grammar, options)
            else:
                i = _cluster(args, i, grammar, options)
            continue
        if stop_at_positional:
            return Parsed(options, positionals, i)
        positionals.append(word)
        i += 1
    return Parsed(options, positionals, i)


def _long(args: Sequence[Word], i: int, grammar: Grammar, options: list[Option]) -> int:
    word = args[i]
    written, eq, _ = word.text.partition("=")
    name = grammar.resolve_long(written)
    if eq:
        value = sub_word(word, len(written) + 1)
        options.append(Option(name or written, word, value, inline=True))
        return i + 1
    if name is not None and grammar.long[name] and i + 1 < len(args):
        options.append(Option(name, word, args[i + 1]))
        return i + 2
    options.append(Option(name or written, word))
    return i + 1


def _cluster(args: Sequence[Word], i: int, grammar: Grammar, options: list[Option]) -> int:
    word = args[i]
    text = word.text
    short = grammar.short
    for pos in range(1, len(text)):
        name = "-" + text[pos]
        if short.get(name, False):
            if pos + 1 < len(text):
                options.append(Option(name, word, sub_word(word, pos + 1), inline=True))
                return i + 1
            if i + 1 < len(args):
                options.append(Option(name, word, args[i + 1]))
                return i + 2
            options.append(Option(name, word))
            return i + 1
        options.append(Option(name, word))
    return i + 1


def split_items(word: Word, separators: str = " \t\n\r,") -> list[Word]:
    """The items of a list value (`"a b"`, `a,b`), each as a word with its own span."""
    items: list[Word] = []
    text = word.text
    begin: Optional[int] = None
    for pos, char in enumerate(text + separators[0]):
        if char in separators:
            if begin is not None:
                items.append(sub_word(word, begin, pos))
                begin = None
        elif begin is None:
            begin = pos
    return items


def split_args(word: Word) -> list[Word]:
    """Re-split a string of arguments (`--pip-args "--trusted-host h"`) into words.

    Quotes inside the string are dropped from the items' edges; each item
    keeps the span of the characters it was cut from.
    """
    items = []
    for item in split_items(word, " \t\n\r"):
        text = item.text
        lead = len(text) - len(text.lstrip("'\""))
        trail = len(text) - len(text.rstrip("'\""))
        if lead or trail:
            if len(text) - lead - trail <= 0:
                continue
            item = sub_word(item, lead, len(text) - trail)
        items.append(item)
    return items


def option_table(takes_value: Sequence[str], flags: Sequence[str] = ()) -> dict[str, bool]:
    """An option table from the options that take a value and those that do not."""
    table = {name: False for name in flags}
    table.update({name: True for name in takes_value})
    return table
