"""Build facts by hand for rule tests, with real views and exact spans."""

from __future__ import annotations

from typing import Iterable, Optional

from sslint.linter.config import Config
from sslint.linter.facts import Command, EnvAssign, FileFacts, Scope, Setting, Word
from sslint.linter.source import LineRange, Source, View, ViewBuilder
from sslint.rules.base import Checker


def split_words(view: View, start: int, end: int) -> list[Word]:
    """Shell-like words of view[start:end]: white space separates, quotes are removed."""
    words: list[Word] = []
    text = view.text
    i = start
    while i < end:
        while i < end and text[i] in " \t":
            i += 1
        if i >= end:
            break
        builder = ViewBuilder(view)
        quote = ""
        while i < end and (quote or text[i] not in " \t"):
            char = text[i]
            if quote and char == quote:
                quote = ""
            elif not quote and char in "'\"":
                quote = char
            else:
                builder.add(i, i + 1)
            i += 1
        words.append(Word(builder.build()))
    return words


class FactBuilder:
    """One source and the facts a reader would derive from it."""

    def __init__(self, text: str, path: str = "x.sh", kind: str = "shell") -> None:
        self.source = Source(path, text)
        self.view = self.source.whole()
        self.facts = FileFacts(source=self.source, kind=kind)
        self._seq = 0

    def _line_bounds(self, line: int) -> tuple[int, int]:
        start = self.source.offset(line, 1)
        end = start + len(self.source.line_text(line))
        return start, end

    def _find(self, needle: str, line: int, nth: int = 0) -> int:
        start, end = self._line_bounds(line)
        at = start - 1
        for _ in range(nth + 1):
            at = self.source.text.index(needle, at + 1, end)
        return at

    def word(self, text: str, line: int, nth: int = 0) -> Word:
        """The word `text` as written on `line`."""
        at = self._find(text, line, nth)
        return Word(self.view.slice(at, at + len(text)))

    def command(self, line: int, script: str = "main") -> Command:
        """Line `line` read as one command (quotes removed from words)."""
        start, end = self._line_bounds(line)
        self._seq += 1
        command = Command(
            words=split_words(self.view, start, end),
            statement=LineRange(line, line),
            script=script,
            seq=self._seq,
        )
        self.facts.commands.append(command)
        return command

    def commands(self, script: str = "main") -> FileFacts:
        """Every non-blank, non-comment line as a command of one script."""
        for line in range(1, self.source.line_count + 1):
            stripped = self.source.line_text(line).strip()
            if stripped and not stripped.startswith("#"):
                self.command(line, script)
        return self.facts

    def env(
        self,
        line: int,
        name: str,
        scope: Scope,
        value: Optional[str] = None,
        unset_at: Optional[int] = None,
    ) -> EnvAssign:
        """`NAME=value` (or `NAME: value`) as written on `line`."""
        at = self._find(name, line)
        value_word = None
        if value is not None:
            vat = self.source.text.index(value, at + len(name)) if value else at + len(name) + 1
            value_word = Word(self.view.slice(vat, vat + len(value)))
        self._seq += 1
        assign = EnvAssign(
            name=name,
            name_span=self.view.span(at, at + len(name)),
            value=value_word,
            scope=scope,
            statement=LineRange(line, line),
            unset_at=self.view.span(*self._line_bounds(unset_at)) if unset_at else None,
            seq=self._seq,
        )
        self.facts.env.append(assign)
        return assign

    def setting(
        self,
        kind: str,
        line: int,
        key: str,
        value: Optional[str] = None,
        section: tuple[str, ...] = (),
        value_type: str = "str",
        items: Iterable[tuple[str, int]] = (),
        last_line: Optional[int] = None,
    ) -> Setting:
        """A config key on `line` with its value (found after the key) and list items."""
        at = self._find(key, line)
        value_word = None
        if value is not None:
            vat = self.source.text.index(value, at + len(key))
            value_word = Word(self.view.slice(vat, vat + len(value)))
        setting = Setting(
            file_kind=kind,
            section=section,
            key=key,
            key_span=self.view.span(at, at + len(key)),
            value=value_word,
            statement=LineRange(line, last_line or line),
            value_type=value_type,
            items=[self.word(text, item_line) for text, item_line in items],
        )
        self.facts.settings.append(setting)
        return setting


def run(checker: Checker, facts: FileFacts, config: Optional[Config] = None) -> list[tuple]:
    """(rule, line, start column, end column) of every finding, sorted; a finding
    reported twice appears twice."""
    return [(rule, line, start, end) for rule, line, start, _, end in spans(checker, facts, config)]


def spans(
    checker: Checker, facts: FileFacts, config: Optional[Config] = None
) -> list[tuple[str, int, int, int, int]]:
    """(rule, start line, start column, end line, end column) of every finding, sorted,
    duplicates kept."""
    found = checker.check(facts, config or Config())
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_line, f.span.end_column)
        for f in found
    )


def lines(checker: Checker, facts: FileFacts, config: Optional[Config] = None) -> list[tuple]:
    """(rule, line) of every finding, sorted."""
    return sorted({(rule, line) for rule, line, _, _ in run(checker, facts, config)})
