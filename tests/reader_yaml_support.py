"""Run a YAML reader on inline text and see what it embeds and records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional

import pytest

from sslint.linter.facts import FileFacts, Word
from sslint.linter.readers import ReadContext, Reader
from sslint.linter.source import Source, Span, View


@dataclass
class Embedded:
    """One `ctx.embed` call."""

    kind: str
    view: View
    env: Mapping[str, Word]
    script: Optional[str]

    def at(self, needle: str, nth: int = 0) -> tuple[int, int]:
        """(line, column) in the file of the `nth` occurrence of `needle` in the view."""
        index = -1
        for _ in range(nth + 1):
            index = self.view.text.index(needle, index + 1)
        span = self.view.span(index, index + len(needle))
        return span.start_line, span.start_column


@dataclass
class Result:
    facts: FileFacts
    embedded: list[Embedded] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [e.view.text for e in self.embedded]

    def env(self) -> dict[str, tuple[str, str, int, int]]:
        """name -> (value, scope, line, column of the name)."""
        return {
            a.name: (
                a.value.text if a.value else "",
                a.scope.value,
                a.name_span.start_line,
                a.name_span.start_column,
            )
            for a in self.facts.env
        }


def read(reader: Reader, text: str, monkeypatch: pytest.MonkeyPatch, path: str = "f.yml") -> Result:
    """Run `reader` over `text`, recording embeds instead of reading them."""
    source = Source(path, text)
    result = Result(FileFacts(source, "yaml"))

    def embed(
        self: ReadContext,
        kind: str,
        view: View,
        *,
        env: Optional[Mapping[str, Word]] = None,
        script: Optional[str] = None,
    ) -> None:
        result.embedded.append(Embedded(kind, view, dict(env or {}), script))

    monkeypatch.setattr(ReadContext, "embed", embed)
    reader(source.whole(), ReadContext(result.facts))
    return result


def pos(span: Span) -> tuple[int, int]:
    return span.start_line, span.start_column


def where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the `nth` occurrence of `needle` in the file text itself."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    source = Source("f", text)
    return source.position(index)
