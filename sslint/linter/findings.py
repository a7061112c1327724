"""Findings: what rules report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from sslint.linter.source import SLOTS, LineRange, Span

PROVEN = "proven"
PROBABLE = "probable"


@dataclass(frozen=True, **SLOTS)
class Suppression:
    """An in-file comment that hides a finding: `# sslint: ignore[…] reason`, `# nosec`, `# noqa`.

    `line` is where the comment is; `justification` the reason written after
    it (empty when none was given).
    """

    comment: str
    line: int
    justification: str = ""


@dataclass(frozen=True, **SLOTS)
class Finding:
    """One reported switch: a rule, where it is written, and what it does.

    Rules fill `rule_id`, `span`, `message`, `statement` (the lines a
    suppression comment covers) and `precision`. The engine fills `path` (the
    display path), `uri` (repository-relative, `/`-separated) and `line_text`
    (the offending line with white space folded, for fingerprints and
    baselines). `level` overrides the rule's default level when set.
    `suppression` is the in-file comment that hides it, if any: a suppressed
    finding is kept apart from the reported ones, never dropped.
    """

    rule_id: str
    span: Span
    message: str
    statement: LineRange
    precision: str = PROVEN
    level: Optional[str] = None
    path: str = ""
    uri: str = ""
    line_text: str = ""
    suppression: Optional[Suppression] = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order of findings in every report: path, position, rule, message."""
        return (self.path, self.span.start_line, self.span.start_column, self.rule_id, self.message)


_FindingMaker = Callable[
    [str, Span, str, LineRange, str, Optional[str], str, str, str, Optional[Suppression]], Finding
]


def _finding_maker() -> _FindingMaker:
    """A function that makes a `Finding` from all its fields in order, as `Finding(...)`
    does without the class call and a lookup per field (a dense file has 100,000
    findings). Without slots (Python 3.9) it is `Finding` itself."""
    if not SLOTS:
        return Finding
    new = object.__new__
    (
        rule_id_,
        span_,
        message_,
        statement_,
        precision_,
        level_,
        path_,
        uri_,
        line_text_,
        suppression_,
    ) = (
        getattr(Finding, name).__set__
        for name in (
            "rule_id",
            "span",
            "message",
            "statement",
            "precision",
            "level",
            "path",
            "uri",
            "line_text",
            "suppression",
        )
    )

    def make(
        rule_id: str,
        span: Span,
        message: str,
        statement: LineRange,
        precision: str,
        level: Optional[str],
        path: str,
        uri: str,
        line_text: str,
        suppression: Optional[Suppression],
    ) -> Finding:
        finding = new(Finding)
        rule_id_(finding, rule_id)
        span_(finding, span)
        message_(finding, message)
        statement_(finding, statement)
        precision_(finding, precision)
        level_(finding, level)
        path_(finding, path)
        uri_(finding, uri)
        line_text_(finding, line_text)
        suppression_(finding, suppression)
        return finding

    return make


make_finding = _finding_maker()
