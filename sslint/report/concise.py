"""One line per finding, `path:line:col: RULE message`: for large result sets and grep."""

from __future__ import annotations

from sslint.report.model import Report
from sslint.report.safe_text import safe


def render(report: Report) -> str:
    """The findings, one per line, in report order; nothing else."""
    return "".join(
        f"{safe(f.path)}:{f.span.start_line}:{f.span.start_column}: {f.rule_id} {safe(f.message)}\n"
        for f in report.findings
    )
