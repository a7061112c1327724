"""Shared helpers for the report, CLI and baseline tests."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

import pytest

import sslint.rules
from sslint.linter import engine
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange, Source
from sslint.report.model import Report, SourceTexts
from sslint.rules.base import Rule

FAKE_RULES_DIR = Path(__file__).parent / "fixtures" / "reports" / "fake_rules"


def _clear_caches() -> None:
    sslint.rules.checkers.cache_clear()
    sslint.rules.all_rules.cache_clear()


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Add the test-only rules SSL991 (error), SSL992 (warning), SSL993 (note).

    They read the file's text, so the readers are switched off: these tests
    exercise the CLI and the reports, whatever the readers do.
    """
    monkeypatch.setattr(engine, "reader_for", lambda kind: None)
    sslint.rules.__path__.append(str(FAKE_RULES_DIR))
    _clear_caches()
    try:
        yield
    finally:
        sslint.rules.__path__.remove(str(FAKE_RULES_DIR))
        _clear_caches()


def make_rule(rule_id: str = "SSL991", level: str = "error", name: str = "danger") -> Rule:
    """A rule with every documentation field filled."""
    return Rule(
        id=rule_id,
        name=name,
        level=level,
        security_severity=7.4,
        summary="A dangerous switch.",
        description="Finds the dangerous switch.",
        why="It turns verification off.",
        example="tool --danger",
        fix="Remove the switch.\n\nUse a CA bundle instead.",
        references=("https://docs.example/danger",),
    )


def finding_at(
    source: Source,
    needle: str,
    rule_id: str = "SSL991",
    occurrence: int = 0,
    message: Optional[str] = None,
    uri: Optional[str] = None,
) -> Finding:
    """A finding on the `occurrence`-th `needle` in `source`, filled like the engine does."""
    start = -1
    for _ in range(occurrence + 1):
        start = source.text.index(needle, start + 1)
    span = source.whole().span(start, start + len(needle))
    line_text = " ".join(source.line_text(span.start_line).split())
    return Finding(
        rule_id,
        span,
        message or f"`{needle}` switches checks off",
        LineRange(span.start_line, span.end_line),
        path=source.path,
        uri=uri or source.path,
        line_text=line_text,
    )


def make_report(
    files: dict[str, str],
    findings: list[Finding],
    rules: Optional[list[Rule]] = None,
    root: Path = Path("/repo"),
    **extra: object,
) -> Report:
    """A report over in-memory files."""
    sources = SourceTexts()
    for path, text in files.items():
        sources.add(path, text.encode("utf-8"))
    return Report(
        findings=findings,
        rules=rules or [make_rule()],
        root=root,
        sources=sources,
        files_scanned=len(files),
        **extra,  # type: ignore[arg-type]
    )
