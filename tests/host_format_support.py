"""Scan one file of a host format through the engine and list what it found."""

from __future__ import annotations

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.results import FileResult


def scan(name: str, text: str) -> FileResult:
    """Scan `text` as the file `name`, asserting the prefilter hides nothing."""
    data = text.encode("utf-8")
    filtered = scan_bytes(data, name, Config(), prefilter=True)
    unfiltered = scan_bytes(data, name, Config(), prefilter=False)
    assert found(filtered) == found(unfiltered)
    return filtered


def found(result: FileResult) -> list[tuple[str, int, int, int, int]]:
    """(rule, start line, start column, end line, end column) of every finding, in order."""
    return sorted(
        (
            f.rule_id,
            f.span.start_line,
            f.span.start_column,
            f.span.end_line,
            f.span.end_column,
        )
        for f in result.findings
    )


def notices(result: FileResult) -> list[str]:
    """The messages of every notice."""
    return [notice.message for notice in result.notices]
