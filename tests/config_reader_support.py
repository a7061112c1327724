"""Helpers for the config-file reader tests: read text as a kind, compare spans."""

from __future__ import annotations

from sslint.linter.engine import read_facts
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.source import Source, Span


def read(text: str, kind: str, path: str = "file") -> FileFacts:
    """The facts the reader of `kind` derives from `text` (all of them: not narrowed to
    what the rules' tokens can make matter)."""
    return read_facts(Source(path, text), kind, narrow=False)


def at(span: Span) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column) of a span."""
    return (span.start_line, span.start_column, span.end_line, span.end_column)


def setting(facts: FileFacts, key: str, section: tuple[str, ...] = ()) -> Setting:
    """The only setting with this section and key."""
    found = [s for s in facts.settings if s.key == key and s.section == section]
    assert len(found) == 1, [(s.section, s.key) for s in facts.settings]
    return found[0]


def value_at(item: Setting) -> tuple[str, tuple[int, int, int, int]]:
    """A setting's value text and span."""
    assert item.value is not None
    return item.value.text, at(item.value.span)
