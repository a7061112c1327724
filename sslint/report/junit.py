"""JUnit XML: the test tabs of Jenkins, Azure Pipelines and CircleCI.

One test case per rule and file (class name: the file, name: the rule), with
one `<failure>` per finding. A scan without findings is one passing case, so
the test tab shows that sslint ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from sslint.linter.findings import Finding
from sslint.report.model import Report, fix_summary
from sslint.report.parts import PartsRender
from sslint.report.safe_text import safe
from sslint.rules.base import Rule

# Characters XML 1.0 cannot hold even escaped; `safe` shows the controls among
# them as visible escapes, this catches what is left (U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """`text` safe for a terminal and valid in XML; line breaks kept."""
    return "\n".join(_NOT_XML.sub("\ufffd", safe(line)) for line in text.split("\n"))


def _failure(report: Report, rule: Rule, finding: Finding, fix: str) -> ET.Element:
    """A finding's `<failure>`; `fix` is its rule's fix summary, already made `_xml`
    (which works line by line, so the text of a whole is that of its lines)."""
    span = finding.span
    where = f"{finding.path}:{span.start_line}:{span.start_column}"
    failure = ET.Element(
        "failure",
        message=_xml(f"{where}: {finding.message}"),
        type=_xml(f"{rule.id} {report.level(finding)}"),
    )
    failure.text = _xml(f"{where}: {rule.id} {finding.message}") + "\n\n" + fix
    return failure


def _open_tag(element: ET.Element) -> str:
    """`<name attributes>`, as the element's own text starts."""
    text = ET.tostring(element, encoding="unicode", short_empty_elements=False)
    return text[: -len(f"</{element.tag}>")]


def render_pieces(report: Report) -> Iterator[str]:
    """A `<testsuites>` document with one `sslint` suite, in parts: indented as
    `ET.indent` indents it, each failure written as it comes."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.path, finding.rule_id), []).append(finding)
    counts = {
        "tests": str(len(groups) or 1),
        "failures": str(len(report.findings)),
        "errors": "0",
        "skipped": "0",
    }
    suites = ET.Element("testsuites", {"name": "sslint", **counts})
    suite = ET.Element("testsuite", {"name": "sslint", **counts})
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n{_open_tag(suites)}\n  {_open_tag(suite)}'
    if not groups:
        passed = ET.Element("testcase", classname="sslint", name="no verification switched off")
        yield "\n    " + ET.tostring(passed, encoding="unicode")
    for (path, rule_id), found in groups.items():
        rule = report.rule(rule_id)
        case = ET.Element("testcase", classname=_xml(path), name=_xml(f"{rule_id} {rule.name}"))
        yield f"\n    {_open_tag(case)}"
        fix = _xml(fix_summary(rule))
        for start in range(0, len(found), 1000):
            failures = [
                _failure(report, rule, finding, fix) for finding in found[start : start + 1000]
            ]
            yield "".join(
                "\n      " + ET.tostring(failure, encoding="unicode") for failure in failures
            )
        yield "\n    </testcase>"
    yield "\n  </testsuite>\n</testsuites>\n"


# A `<testsuites>` document with one `sslint` suite.
render = PartsRender(render_pieces)
