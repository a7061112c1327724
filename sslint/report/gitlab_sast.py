"""GitLab SAST report (security report schema 15.x): the security widget's format.

GitLab shows a finding in the merge-request security widget, the pipeline's
Security tab and the vulnerability report only from `artifacts: reports: sast`.
Each finding is one vulnerability with a stable `id` (derived from the
`sslint/v1` fingerprint, so it survives unrelated edits), the rule and its CWE
as identifiers, and the rule's fix as `solution`.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any, Iterator, Optional

from sslint import __version__
from sslint.linter.findings import Finding
from sslint.report.json_text import Raw, Template, array_pieces, dumps_at, encode_string, pieces
from sslint.report.model import Report, fix_summary
from sslint.report.parts import PartsRender
from sslint.report.rule_docs import REPOSITORY, help_uri
from sslint.report.sarif import valid_unicode
from sslint.rules.base import ERROR, WARNING, Rule

SCHEMA_VERSION = "15.0.7"
SCHEMA_URL = (
    "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
    f"v{SCHEMA_VERSION}/dist/sast-report-format.json"
)
_TOOL = {
    "id": "sslint",
    "name": "sslint",
    "url": REPOSITORY,
    "vendor": {"name": "sslint developers"},
    "version": __version__,
}
_SOLUTION_LIMIT = 7000  # the schema's maxLength of `solution`
_NAMESPACE = uuid.UUID("6f1c52a0-4a36-4c1e-9a8e-5e3d7a7b2f10")


def severity(level: str, security_severity: float) -> str:
    """GitLab severity: the CVSS band of the security-severity, capped by the level.

    A warning is at most Medium and a note at most Low, so a finding whose level
    was lowered (a probable finding) never shows as High.
    """
    if security_severity >= 9.0:
        band = "Critical"
    elif security_severity >= 7.0:
        band = "High"
    elif security_severity >= 4.0:
        band = "Medium"
    else:
        band = "Low" if security_severity > 0 else "Info"
    order = ("Info", "Low", "Medium", "High", "Critical")
    cap = "Critical" if level == ERROR else "Medium" if level == WARNING else "Low"
    return min(band, cap, key=order.index)


def _timestamp(seconds: float) -> str:
    """The schema's time format (UTC, no zone, no fraction)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def _scan_times(report: Report) -> tuple[str, str]:
    """Start and end of the scan; SOURCE_DATE_EPOCH pins both (reproducible output)."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        stamp = _timestamp(int(pinned))
        return stamp, stamp
    now = time.time()
    started = report.started if report.started is not None else now
    return _timestamp(started), _timestamp(now)


def _identifiers(rule: Rule) -> list[dict[str, str]]:
    number = rule.cwe.upper().replace("CWE-", "")
    return [
        {
            "type": "sslint_rule_id",
            "name": f"sslint {rule.id} {rule.name}",
            "value": rule.id,
            "url": help_uri(rule),
        },
        {
            "type": "cwe",
            "name": f"CWE-{number}",
            "value": number,
            "url": f"https://cwe.mitre.org/data/definitions/{number}.html",
        },
    ]


def _description(report: Report, finding: Finding) -> str:
    return f"{finding.message}\n\n{report.rule(finding.rule_id).description.strip()}"


def _vulnerability(report: Report, finding: Finding, fingerprint: str) -> dict[str, Any]:
    rule = report.rule(finding.rule_id)
    span = finding.span
    path = valid_unicode(finding.uri or finding.path)
    return {
        "id": str(uuid.uuid5(_NAMESPACE, fingerprint)),
        "name": f"{finding.rule_id} {rule.name}"[:255],
        "description": valid_unicode(_description(report, finding)),
        "severity": severity(report.level(finding), rule.security_severity),
        "solution": valid_unicode(fix_summary(rule))[:_SOLUTION_LIMIT],
        "location": {"file": path, "start_line": span.start_line, "end_line": span.end_line},
        "identifiers": _identifiers(rule),
    }


def render_pieces(report: Report) -> Iterator[str]:
    """The text of `render` in parts, a batch of vulnerabilities each."""
    start, end = _scan_times(report)
    messages = [
        {"level": "warn", "value": valid_unicode(f"{n.path}: {n.message}")} for n in report.notices
    ]
    scan: dict[str, Any] = {
        "analyzer": _TOOL,
        "scanner": _TOOL,
        "type": "sast",
        "start_time": start,
        "end_time": end,
        "status": "success",
    }
    if messages:
        scan["messages"] = messages
    document = {
        "schema": SCHEMA_URL,
        "version": SCHEMA_VERSION,
        "scan": scan,
        "vulnerabilities": Raw(lambda newline: _vulnerabilities(report, newline)),
    }
    yield from pieces(document)
    yield "\n"


def _vulnerabilities(report: Report, newline: str) -> Iterator[str]:
    """The vulnerabilities array at `newline`; each vulnerability filled into the
    template of its file, rule and level (all of it but its ID, message and lines)."""
    inner = newline + "  "
    templates: dict[tuple[str, str, Optional[str]], Optional[Template]] = {}
    encode = encode_string

    def texts() -> Iterator[str]:
        for finding, key in zip(report.findings, report.keys):
            fingerprint = key.fingerprint()
            shape = (finding.uri or finding.path, finding.rule_id, finding.level)
            if shape in templates:
                template = templates[shape]
            else:
                template = templates[shape] = _template(report, finding, fingerprint, inner)
            if template is None:
                yield dumps_at(_vulnerability(report, finding, fingerprint), inner)
                continue
            yield template.format.format(
                encode(str(uuid.uuid5(_NAMESPACE, fingerprint))),
                encode(valid_unicode(_description(report, finding))),
                finding.span.start_line,
                finding.span.end_line,
            )

    return array_pieces(texts(), newline)


def _template(
    report: Report, finding: Finding, fingerprint: str, newline: str
) -> Optional[Template]:
    """The template of vulnerabilities like `finding`'s (None if its constants will not do)."""
    data = _vulnerability(report, finding, fingerprint)
    data["id"] = Template.slot(0)
    data["description"] = Template.slot(1)
    data["location"]["start_line"] = Template.slot(2)
    data["location"]["end_line"] = Template.slot(3)
    return Template.of(data, newline, 4)


# The SAST report: the scan, then one vulnerability per finding.
render = PartsRender(render_pieces)
