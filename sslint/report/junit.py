"""JUnit XML: the test tabs of Jenkins, Azure Pipelines and CircleCI.

One test case per rule and file (class name: the file, name: the rule), with
one `<failure>` per finding. A scan without findings is one passing case, so
the test tab shows that sslint ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sslint.linter.findings import Finding
from sslint.report.model import Report, fix_summary
from sslint.report.safe_text import safe

# Characters XML 1.0 cannot hold even escaped; `safe` shows the controls among
# them as visible escapes, this catches what is left (U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """`text` safe for a terminal and valid in XML; line breaks kept."""
    return "\n".join(_NOT_XML.sub("\ufffd", safe(line)) for line in text.split("\n"))


def _case(report: Report, path: str, rule_id: str, findings: list[Finding]) -> ET.Element:
    rule = report.rule(rule_id)
    case = ET.Element("testcase", classname=_xml(path), name=_xml(f"{rule_id} {rule.name}"))
    for finding in findings:
        span = finding.span
        where = f"{finding.path}:{span.start_line}:{span.start_column}"
        failure = ET.SubElement(
            case,
            "failure",
            message=_xml(f"{where}: {finding.message}"),
            type=_xml(f"{rule_id} {report.level(finding)}"),
        )
        failure.text = _xml(f"{where}: {rule_id} {finding.message}\n\n{fix_summary(rule)}")
    return case


def render(report: Report) -> str:
    """A `<testsuites>` document with one `sslint` suite."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.path, finding.rule_id), []).append(finding)
    cases = [_case(report, path, rule_id, found) for (path, rule_id), found in groups.items()]
    if not cases:
        cases = [ET.Element("testcase", classname="sslint", name="no verification switched off")]
    counts = {
        "tests": str(len(cases)),
        "failures": str(len(report.findings)),
        "errors": "0",
        "skipped": "0",
    }
    suites = ET.Element("testsuites", {"name": "sslint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "sslint", **counts})
    suite.extend(cases)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
