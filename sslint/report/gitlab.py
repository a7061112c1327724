"""GitLab Code Quality JSON (the merge-request widget's format).

A file sslint could not fully analyse is an issue too (`sslint scan
incomplete`, critical), so the merge request shows that the scan saw less.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterator, Optional

from sslint.linter.baseline import FindingKey
from sslint.linter.facts import Notice
from sslint.linter.findings import Finding
from sslint.report.json_text import Template, array_pieces, dumps_at, encode_string
from sslint.report.model import Report
from sslint.report.parts import PartsRender
from sslint.report.sarif import valid_unicode


def severity(level: str, security_severity: float) -> str:
    """Code Quality severity: errors are blocker (security-severity 9.0 and up),
    critical (7.0 and up) or major; warnings minor; notes info."""
    if level == "error":
        if security_severity >= 9.0:
            return "blocker"
        return "critical" if security_severity >= 7.0 else "major"
    return "minor" if level == "warning" else "info"


def render_pieces(report: Report) -> Iterator[str]:
    """The text of `render` in parts, a batch of issues each."""
    yield from array_pieces(_issue_texts(report, "\n  "), "\n")
    yield "\n"


def _issue_texts(report: Report, newline: str) -> Iterator[str]:
    """The text of each issue at `newline`: one per finding, filled into the template
    of its file, rule and level; then one per file not fully analysed."""
    templates: dict[tuple[str, str, Optional[str]], Optional[Template]] = {}
    encode = encode_string
    for finding, key in zip(report.findings, report.keys):
        shape = (finding.path, finding.rule_id, finding.level)
        if shape in templates:
            template = templates[shape]
        else:
            template = templates[shape] = _template(report, finding, key, newline)
        if template is None:
            yield dumps_at(_issue(report, finding, key), newline)
            continue
        yield template.format.format(
            encode(valid_unicode(f"{finding.rule_id}: {finding.message}")),
            encode(key.fingerprint()),
            finding.span.start_line,
            finding.span.end_line,
        )
    for notice in report.incomplete:
        yield dumps_at(_incomplete(notice), newline)


def _issue(report: Report, finding: Finding, key: FindingKey) -> dict[str, Any]:
    rule = report.rule(finding.rule_id)
    return {
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


def _template(
    report: Report, finding: Finding, key: FindingKey, newline: str
) -> Optional[Template]:
    """The template of issues like `finding`'s (None if its constants will not do)."""
    issue = _issue(report, finding, key)
    issue["description"] = Template.slot(0)
    issue["fingerprint"] = Template.slot(1)
    issue["location"]["lines"] = {"begin": Template.slot(2), "end": Template.slot(3)}
    return Template.of(issue, newline, 4)


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


# The Code Quality report: a JSON array of issues.
render = PartsRender(render_pieces)
