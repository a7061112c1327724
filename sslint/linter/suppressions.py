"""Inline suppressions: `# sslint: ignore[SSL101, SSL2] optional reason`.

A suppression on any line of a statement (at the end of the line), or alone
on the line directly above the statement, hides the named rules (IDs or
prefixes) for that statement, continuation lines included. It works in every
file kind, whatever its comment marker.
"""

from __future__ import annotations

import re
from functools import cache

from sslint.linter.findings import Finding
from sslint.linter.source import Source

_SUPPRESS_RE = re.compile(r"sslint:\s*ignore\[([A-Za-z0-9_,\s]+)\]")
_COMMENT_PREFIXES = ("#", "//", ";", "--", "::", "rem ", "<!--", "/*", "*")


class Suppressions:
    """The suppression comments of one source."""

    def __init__(self, source: Source) -> None:
        self.source = source

    @cache  # noqa: B019 - one instance per file, short-lived
    def _ids_on(self, line: int) -> tuple[str, ...]:
        text = self.source.line_text(line)
        if "sslint" not in text:
            return ()
        ids: list[str] = []
        for match in _SUPPRESS_RE.finditer(text):
            ids.extend(part.strip().upper() for part in match.group(1).split(",") if part.strip())
        return tuple(ids)

    def _comment_only(self, line: int) -> bool:
        stripped = self.source.line_text(line).lstrip().lower()
        return stripped.startswith(_COMMENT_PREFIXES)

    def hides(self, finding: Finding) -> bool:
        """Whether a suppression comment covers this finding."""
        first, last = finding.statement
        first = min(first, finding.span.start_line)
        last = max(last, finding.span.end_line)
        for line in range(first, last + 1):
            if _matches(self._ids_on(line), finding.rule_id):
                return True
        above = first - 1
        return (
            above >= 1
            and self._comment_only(above)
            and _matches(self._ids_on(above), finding.rule_id)
        )


def _matches(ids: tuple[str, ...], rule_id: str) -> bool:
    return any(rule_id.startswith(i) for i in ids)
