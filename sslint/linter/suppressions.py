"""Inline suppressions: `# sslint: ignore[SSL101, SSL2] optional reason`.

A suppression on any line of a statement (at the end of the line), or alone
on the line directly above the statement, hides the named rules (IDs or
prefixes) for that statement, continuation lines included. It works in every
file kind, whatever its comment marker.
"""

from __future__ import annotations

import bisect
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
        # Lines that mention sslint at all, so a statement of 10,000 lines costs a bisect.
        self._marked_lines = {source.line_of(m.start()) for m in re.finditer("sslint", source.text)}
        self._marked = sorted(self._marked_lines)

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
        if not self._marked:
            return False
        first, last = finding.statement
        first = min(first, finding.span.start_line)
        last = max(last, finding.span.end_line)
        index = bisect.bisect_left(self._marked, first)
        while index < len(self._marked) and self._marked[index] <= last:
            if _matches(self._ids_on(self._marked[index]), finding.rule_id):
                return True
            index += 1
        above = first - 1
        return (
            above in self._marked_lines
            and self._comment_only(above)
            and _matches(self._ids_on(above), finding.rule_id)
        )


def _matches(ids: tuple[str, ...], rule_id: str) -> bool:
    return any(rule_id.startswith(i) for i in ids)
