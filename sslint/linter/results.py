"""What scanning gives: one file's findings and notices, and a whole scan's.

These types sit below the engine, the cache and the worker processes, which
all pass them around; none of those modules imports another for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sslint.linter.facts import Notice
from sslint.linter.findings import Finding


@dataclass
class ScanResult:
    """Findings and notices of a scan, in report order."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    files_scanned: int = 0
    suppressed: list[Finding] = field(default_factory=list)  # hidden by in-file comments

    @property
    def incomplete(self) -> list[Notice]:
        """Notices of files (or folders) that could not be fully analysed."""
        return [notice for notice in self.notices if notice.level == "error"]


@dataclass
class FileResult:
    """What scanning one file gave."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    scanned: bool = False
    suppressed: list[Finding] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)  # `-r f` / `-c f`, relative to the file
    depends_on_others: bool = False  # read another file too (never cached)
