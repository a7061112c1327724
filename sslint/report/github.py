"""GitHub workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

`file=` is the path as sslint shows it (relative to the working directory,
which in a workflow is the checkout), so annotations land on the right file
even when the configuration sits in a sub-folder. Data and properties are
escaped exactly as GitHub's toolkit (@actions/core) escapes them, so no text
from a scanned file can end the command early or start another one.
"""

from __future__ import annotations

from sslint.report.model import Report
from sslint.rules.base import ERROR, WARNING

_COMMANDS = {ERROR: "error", WARNING: "warning"}


def escape_data(text: str) -> str:
    """Escape a command's message (`%`, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`%`, CR, LF, `:`, `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    """One workflow command per finding, then nothing else."""
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
    return "".join(lines)
