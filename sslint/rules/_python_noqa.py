"""Bandit `# nosec` and Ruff `# noqa` comments, honoured when the project asks for it.

Teams migrating from Bandit or Ruff already marked accepted cases; with
`honor-noqa = true` those marks hide the matching sslint finding. A bare
`# nosec` / `# noqa` hides everything, as it does in those tools. A hidden
finding is kept, marked with its suppression (see `linter.suppressions`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Optional

from sslint.linter.findings import Suppression

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.findings import Finding
    from sslint.linter.source import Source

# sslint rule -> Bandit and Ruff codes (and Bandit test names) for the same check.
EQUIVALENT_CODES: dict[str, frozenset[str]] = {
    "SSL301": frozenset({"B501", "S501", "REQUEST_WITH_NO_CERT_VALIDATION"}),
    "SSL302": frozenset({"B323", "S323", "B504", "S504", "SSL_WITH_NO_VERSION"}),
    "SSL303": frozenset({"B323", "S323"}),
    "SSL305": frozenset(
        {
            "B502",
            "S502",
            "B503",
            "S503",
            "B504",
            "S504",
            "SSL_WITH_BAD_VERSION",
            "SSL_WITH_BAD_DEFAULTS",
        }
    ),
}
_MARK_RE = re.compile(r"#\s*(nosec|noqa)\b(?:\s*:?\s*([A-Za-z0-9_, ]*))?", re.IGNORECASE)


def codes_on(line: str) -> list[tuple[set[str], str]]:
    """(codes, mark text) of each nosec/noqa mark on a line (no codes means "all")."""
    found = []
    for match in _MARK_RE.finditer(line):
        codes = {c.strip().upper() for c in re.split(r"[,\s]+", match.group(2) or "") if c.strip()}
        found.append((codes, match.group(0).lstrip("# ").strip()))
    return found


def noqa_mark(source: Source, finding: Finding, config: Config) -> Optional[Suppression]:
    """The Bandit/Ruff mark on the finding's statement that hides it, if honoured."""
    if not config.honor_noqa or not config.inline_ignores:
        return None
    wanted = EQUIVALENT_CODES.get(finding.rule_id, frozenset())
    first = min(finding.statement.first, finding.span.start_line)
    last = max(finding.statement.last, finding.span.end_line)
    for line in range(first, last + 1):
        text = source.line_text(line)
        if "#" not in text:
            continue
        for codes, mark in codes_on(text):
            if not codes or codes & wanted:
                return Suppression(mark, line)
    return None


def with_noqa(source: Source, finding: Finding, config: Config) -> Finding:
    """The finding, marked suppressed when an honoured Bandit/Ruff mark hides it."""
    mark = noqa_mark(source, finding, config)
    return finding if mark is None else dataclasses.replace(finding, suppression=mark)
