"""Helpers for the Python reader and rule tests: scan inline code, list findings."""

from __future__ import annotations

import textwrap
from typing import Optional

from sslint.linter.config import Config
from sslint.linter.engine import read_facts, scan_bytes
from sslint.linter.facts import FileFacts
from sslint.linter.findings import Finding
from sslint.linter.source import Source


def scan(code: str, path: str = "app/client.py", config: Optional[Config] = None) -> list[Finding]:
    """Findings of every rule for a dedented piece of code."""
    data = textwrap.dedent(code).lstrip("\n").encode("utf-8")
    return scan_bytes(data, path, config or Config()).findings


def hits(
    code: str, prefix: str = "SSL3", path: str = "app/client.py"
) -> list[tuple[str, int, int]]:
    """(rule, line, column) of the findings whose rule starts with `prefix`."""
    return [
        (f.rule_id, f.span.start_line, f.span.start_column)
        for f in scan(code, path)
        if f.rule_id.startswith(prefix)
    ]


def facts(code: str, path: str = "app/tool.py") -> FileFacts:
    """The facts the Python reader finds in a dedented piece of code."""
    text = textwrap.dedent(code).lstrip("\n")
    return read_facts(Source(path, text), "python")
