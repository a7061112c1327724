"""GitLab Code Quality JSON (the merge-request widget's format).

A file sslint could not fully analyse is an issue too (`sslint scan
incomplete`, critical), so the merge request shows that the scan saw less.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sslint.linter.facts import Notice
from sslint.report.json_text import dumps
from sslint.report.model import Report
from sslint.report.sarif import valid_unicode


def severity(level: str, security_severity: float) -> str:
    """Code Quality severity: errors are blocker (security-severity 9.0 and up),
    critical (7.0 and up) or major; warnings minor; notes info."""
    if level == "error":
        if security_severity >= 9.0:
            return "blocker"
        return "critical" if security_severity >= 7.0 else "major"
    return "minor" if level == "warning" else "info"


def render(report: Report) -> str:
    """The Code Quality report: a JSON array of issues."""
    issues: list[dict[str, Any]] = []
    for finding, key in zip(report.findings, report.keys):
        rule = report.rule(finding.rule_id)
        issues.append(
            {
                "type": "issue",
                "check_name": f"{finding.rule_id} {rule.name}",
                "description": valid_unicode(f"{finding.rule_id}: {finding.message}"),
                "categories": ["Security"],
                "fingerprint": key.fingerprint(),
                "severity": severity(report.level(finding), rule.security_severity),
                "location": {
                    "path": valid_unicode(finding.path),
                    "lines": {"begin": finding.span.start_line, "end": finding.span.end_line},
                },
            }
        )
    issues += [_incomplete(notice) for notice in report.incomplete]
    return dumps(issues) + "\n"


def _incomplete(notice: Notice) -> dict[str, Any]:
    """The issue for a file (or folder) that was not fully analysed."""
    text = f"{notice.path}: {notice.message}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return {
        "type": "issue",
        "check_name": "sslint scan incomplete",
        "description": valid_unicode(f"not fully analysed: {text}"),
        "categories": ["Security"],
        "fingerprint": digest,
        "severity": "critical",
        "location": {"path": valid_unicode(notice.path), "lines": {"begin": notice.line or 1}},
    }
