"""JSON: a plain list of findings."""

from __future__ import annotations

import json

from sslint.linter.engine import ScanResult
from sslint.rules import rule_by_id


def render(result: ScanResult) -> str:
    """The findings as a JSON array, one object per finding."""
    items = []
    for f in result.findings:
        rule = rule_by_id(f.rule_id)
        items.append(
            {
                "rule": f.rule_id,
                "name": rule.name,
                "level": f.level or rule.level,
                "path": f.path,
                "line": f.span.start_line,
                "column": f.span.start_column,
                "end_line": f.span.end_line,
                "end_column": f.span.end_column,
                "message": f.message,
                "precision": f.precision,
                "fix": rule.fix,
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
