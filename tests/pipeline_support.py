"""Scan inline files end to end and name findings by rule and written position."""

from __future__ import annotations

from reader_yaml_support import where

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes


def findings(text: str, path: str) -> list[tuple[str, int, int]]:
    """(rule, line, column) of every finding, sorted; the file must read without notices."""
    result = scan_bytes(text.encode(), path, Config(), prefilter=False)
    assert not result.notices, result.notices
    return sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)


def at(rule: str, text: str, needle: str, nth: int = 0) -> tuple[str, int, int]:
    """The finding `rule` expects at the `nth` occurrence of `needle` in the file."""
    return (rule, *where(text, needle, nth))
