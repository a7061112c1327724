"""Findings: what rules report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sslint.linter.source import SLOTS, LineRange, Span, direct_constructor

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


make_finding = direct_constructor(Finding)
