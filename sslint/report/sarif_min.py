"""Provisional SARIF 2.1.0 (replaced by the sarif-om report)."""

from __future__ import annotations

import json
from pathlib import Path

from sslint import __version__
from sslint.linter.engine import ScanResult
from sslint.rules import all_rules


def render(result: ScanResult, root: Path) -> str:
    """A minimal SARIF log of the findings."""
    rules = list(all_rules())
    index = {r.id: i for i, r in enumerate(rules)}
    log = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sslint",
                        "version": __version__,
                        "rules": [{"id": r.id, "name": r.name} for r in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
                "results": [
                    {
                        "ruleId": f.rule_id,
                        "ruleIndex": index[f.rule_id],
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": f.uri, "uriBaseId": "%SRCROOT%"},
                                    "region": {
                                        "startLine": f.span.start_line,
                                        "startColumn": f.span.start_column,
                                        "endLine": f.span.end_line,
                                        "endColumn": f.span.end_column,
                                    },
                                }
                            }
                        ],
                    }
                    for f in result.findings
                ],
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {"level": n.level, "message": {"text": f"{n.path}: {n.message}"}}
                            for n in result.notices
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
