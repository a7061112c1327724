"""Inline suppressions: `# sslint: ignore[SSL101, SSL2] optional reason`.

A suppression on any line of a statement (at the end of the line), or alone
on the line directly above the statement, hides the named rules (IDs or
prefixes) for that statement, continuation lines included. It works in every
file kind, whatever its comment marker. A hidden finding is kept with the
comment that hid it (reports list it on request; SARIF marks it suppressed).
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import Optional

from sslint.linter.findings import Finding, Suppression
from sslint.linter.source import Source

_SUPPRESS_RE = re.compile(r"sslint:\s*ignore\[([A-Za-z0-9_,\s]+)\]")
_REASON_END_RE = re.compile(r"\s*(?:-->|\*/)?\s*$")
_COMMENT_PREFIXES = ("#", "//", ";", "--", "::", "rem ", "<!--", "/*", "*")


class Suppressions:
    """The suppression comments of one source."""

    def __init__(self, source: Source) -> None:
        self.source = source
        # Lines that mention sslint at all, so a statement of 10,000 lines costs a bisect.
        self._marked_lines = {source.line_of(m.start()) for m in re.finditer("sslint", source.text)}
        self._marked = sorted(self._marked_lines)

    @cache  # noqa: B019 - one instance per file, short-lived
    def _comments_on(self, line: int) -> tuple[tuple[tuple[str, ...], Suppression], ...]:
        """(rule IDs, the suppression) of each `sslint: ignore[…]` comment on a line."""
        text = self.source.line_text(line)
        if "sslint" not in text:
            return ()
        found = []
        matches = list(_SUPPRESS_RE.finditer(text))
        for number, match in enumerate(matches):
            ids = tuple(p.strip().upper() for p in match.group(1).split(",") if p.strip())
            end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
            reason = _REASON_END_RE.sub("", text[match.end() : end]).strip(" \t-:#")
            found.append((ids, Suppression(match.group(0), line, reason)))
        return tuple(found)

    def _comment_only(self, line: int) -> bool:
        stripped = self.source.line_text(line).lstrip().lower()
        return stripped.startswith(_COMMENT_PREFIXES)

    def covering(self, finding: Finding) -> Optional[Suppression]:
        """The suppression comment that covers this finding, or None."""
        if not self._marked:
            return None
        first, last = finding.statement
        first = min(first, finding.span.start_line)
        last = max(last, finding.span.end_line)
        index = bisect.bisect_left(self._marked, first)
        while index < len(self._marked) and self._marked[index] <= last:
            found = self._matching(self._marked[index], finding.rule_id)
            if found is not None:
                return found
            index += 1
        above = first - 1
        if above in self._marked_lines and self._comment_only(above):
            return self._matching(above, finding.rule_id)
        return None

    def _matching(self, line: int, rule_id: str) -> Optional[Suppression]:
        for ids, suppression in self._comments_on(line):
            if any(rule_id.startswith(i) for i in ids):
                return suppression
        return None
