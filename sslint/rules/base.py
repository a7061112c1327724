"""What a rule module declares: rule metadata and one checker."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from sslint.linter.findings import Finding

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.facts import FileFacts

ERROR = "error"
WARNING = "warning"
NOTE = "note"


# Said after the fix of every rule about certificate verification (CWE-295).
DOCTOR_HINT = (
    "Not sure which CA the proxy uses? `sslint doctor` finds it, checks it against every "
    "trust store the tools use, and `sslint doctor --write-bundle PATH` writes the bundle."
)


@dataclass(frozen=True)
class Rule:
    """A rule's public metadata (RULES.md): ID, name, level, documentation.

    The documentation fields follow one shape everywhere (`sslint explain`,
    SARIF `help`, docs/rules.md): `summary` (one line), `description` (what it
    finds), `why` (why it is dangerous), `example` (offending code), `fix`
    (what to do instead, with the tool's own commands) and `references`.
    """

    id: str
    name: str
    level: str
    security_severity: float
    summary: str
    description: str
    why: str
    example: str
    fix: str
    references: tuple[str, ...] = ()
    precision: str = "high"
    cwe: str = "CWE-295"
    tags: tuple[str, ...] = ()

    @property
    def certificate_rule(self) -> bool:
        """Whether the rule is about certificate verification (what `sslint doctor` helps)."""
        return self.cwe == "CWE-295"

    @property
    def full_fix(self) -> str:
        """The fix, followed by the `sslint doctor` hint for certificate rules."""
        fix = textwrap.dedent(self.fix).strip()
        return f"{fix}\n\n{DOCTOR_HINT}" if self.certificate_rule else fix


CheckFunction = Callable[["FileFacts", "Config"], Iterable[Finding]]


@dataclass(frozen=True)
class Checker:
    """The check of one rule module, and what it needs to be worth running.

    `tokens` are lower-case byte strings; a file containing none of them can
    never give this checker a finding, so it is not parsed for it. An empty
    tuple means "always run". `kinds`, when set, limits the file kinds the
    checker is asked about. In `unfiltered_kinds` the tokens are not consulted
    (a .curlrc holding only `-sk` has no telling word but is always read).
    `reads_code`: the checker reads Python code itself (`facts.python`); the
    others only see the commands and environment a Python file sets up, which
    its reader finds only behind its gate words (`readers.READER_GATES`).
    """

    rules: tuple[Rule, ...]
    check: CheckFunction
    tokens: tuple[bytes, ...] = ()
    kinds: Optional[frozenset[str]] = None
    unfiltered_kinds: frozenset[str] = frozenset()
    name: str = field(default="")
    reads_code: bool = False
