"""JSON: a plain list of findings."""

from __future__ import annotations

from typing import Any

from sslint.report.json_text import dumps
from sslint.report.model import Report, fix_summary
from sslint.report.sarif import valid_unicode


def findings_data(report: Report) -> list[dict[str, Any]]:
    """One dictionary per finding, in report order (then the suppressed ones, if shown).

    A suppressed finding has a `suppressed` object: the comment, its line and
    the justification written after it.
    """
    pairs = list(zip(report.findings, report.keys))
    if report.show_suppressed:
        pairs += zip(report.suppressed, report.suppressed_keys)
    items = []
    for finding, key in pairs:
        rule = report.rule(finding.rule_id)
        span = finding.span
        items.append(
            {
                "rule": finding.rule_id,
                "name": rule.name,
                "level": report.level(finding),
                "path": valid_unicode(finding.path),
                "line": span.start_line,
                "column": span.start_column,
                "end_line": span.end_line,
                "end_column": span.end_column,
                "message": valid_unicode(finding.message),
                "precision": finding.precision,
                "fix": fix_summary(rule),
                "fingerprint": key.fingerprint(),
            }
        )
        kept = finding.suppression
        if kept is not None:
            items[-1]["suppressed"] = {
                "comment": valid_unicode(kept.comment),
                "line": kept.line,
                "justification": valid_unicode(kept.justification),
            }
    return items


def render(report: Report) -> str:
    """The findings as a JSON array."""
    return dumps(findings_data(report)) + "\n"
