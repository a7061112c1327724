"""GitLab Code Quality JSON (the merge-request widget's format)."""

from __future__ import annotations

from typing import Any

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
    return dumps(issues) + "\n"
