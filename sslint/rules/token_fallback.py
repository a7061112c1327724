"""What is still checked in a file that ran out of its time budget: plain token matches.

Padding a file until its analysis times out must not hide the switches in it.
Python has a token-level fallback (see `_python_fallback`); its findings are
reported at precision "probable". Other kinds have none yet.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.findings import Finding
from sslint.linter.source import Source
from sslint.rules._python_fallback import view_findings

_PYTHON_RULES = ("SSL301", "SSL302", "SSL303")


def has_fallback(kind: str) -> bool:
    """Whether a file of `kind` gets token-level checks when its analysis times out."""
    return kind == kinds.PYTHON


def token_findings(source: Source, kind: str) -> list[Finding]:
    """The token-level findings of a whole file of `kind` (none for kinds without any)."""
    if not has_fallback(kind):
        return []
    view = source.whole()
    why = "the file ran out of its time budget"
    return [f for rule_id in _PYTHON_RULES for f in view_findings(view, rule_id, why)]
