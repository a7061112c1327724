"""GitHub workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

`file=` is the path as sslint shows it (relative to the working directory,
which in a workflow is the checkout), so annotations land on the right file
even when the configuration sits in a sub-folder. Data and properties are
escaped exactly as GitHub's toolkit (@actions/core) escapes them, so no text
from a scanned file can end the command early or start another one.
"""

from __future__ import annotations

import re

from sslint.report.model import Report
from sslint.rules.base import ERROR, WARNING

_COMMANDS = {ERROR: "error", WARNING: "warning"}
# Other control characters (ESC, BEL, C1 …) would reach the log raw; the runner
# leaves `%1B` as it is, so they show as text and never drive the terminal.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_data(text: str) -> str:
    """Escape a command's message (`%`, CR, LF as the toolkit does; other controls as `%XX`)."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL_RE.sub(lambda m: f"%{ord(m.group()):02X}", escaped)


def escape_property(text: str) -> str:
    """Escape a property value (`%`, CR, LF, `:`, `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    """One workflow command per finding, then one `::error` per file not fully analysed."""
    lines = []
    for finding in report.findings:
        rule = report.rule(finding.rule_id)
        span = finding.span
        properties = {
            "file": finding.path,
            "line": str(span.start_line),
            "endLine": str(span.end_line),
            "col": str(span.start_column),
            "endColumn": str(span.end_column),
            "title": f"{finding.rule_id} {rule.name}",
        }
        if span.start_line != span.end_line:  # GitHub rejects columns on multi-line spans
            del properties["col"], properties["endColumn"]
        props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
        command = _COMMANDS.get(report.level(finding), "notice")
        lines.append(f"::{command} {props}::{escape_data(finding.message)}\n")
    for notice in report.incomplete:
        line = f",line={notice.line}" if notice.line else ""
        props = f"file={escape_property(notice.path)}{line},title=sslint scan incomplete"
        lines.append(f"::error {props}::{escape_data(f'{notice.path}: {notice.message}')}\n")
    return "".join(lines)
