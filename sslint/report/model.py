"""What every report renders: findings, notices, the rule catalogue, source texts."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional, Sequence

from sslint.linter import kinds
from sslint.linter.baseline import FindingKey, finding_keys
from sslint.linter.config import Config
from sslint.linter.facts import Notice
from sslint.linter.findings import Finding
from sslint.linter.source import Source, decode
from sslint.report.fingerprints import line_hashes
from sslint.rules.base import DOCTOR_HINT, ERROR, NOTE, WARNING, Rule

LEVELS = (ERROR, WARNING, NOTE)


class SourceTexts:
    """The texts of scanned files, read again only for code frames and line hashes.

    Texts that did not come from disk (standard input) are registered with `add`.
    """

    def __init__(self) -> None:
        self._sources: dict[str, Optional[Source]] = {}
        self._boms: set[str] = set()
        self._hashes: dict[str, dict[int, str]] = {}

    def add(self, path: str, data: bytes) -> None:
        """Register the content of `path` (e.g. standard input read as that file)."""
        self._sources[path] = self._decode(path, data)

    def _decode(self, path: str, data: bytes) -> Source:
        if data.startswith(codecs.BOM_UTF8):
            self._boms.add(path)
        python = kinds.detect(path, data[:256]) == kinds.PYTHON
        return Source(path, decode(data, python=python).text)

    def source(self, path: str) -> Optional[Source]:
        """The decoded file of display path `path`, or None if it cannot be read."""
        if path not in self._sources:
            try:
                data = Path(path).read_bytes()
            except OSError:
                self._sources[path] = None
            else:
                self._sources[path] = self._decode(path, data)
        return self._sources[path]

    def line(self, path: str, line: int) -> str:
        """Text of a 1-based line of `path` ("" if unreadable)."""
        source = self.source(path)
        return "" if source is None else source.line_text(line)

    def line_hash(self, path: str, line: int, upto: int = 0) -> Optional[str]:
        """GitHub's `primaryLocationLineHash` of `line` in `path`.

        Lines are hashed as far as `line` or `upto`, whichever is further (pass
        the last line that will be asked for, to hash each file once).
        """
        known = self._hashes.get(path)
        if known is None or (line not in known and len(known) < max(line, upto)):
            known = self.line_hashes(path, max(line, upto))
        return known.get(line)

    def line_hashes(self, path: str, upto: int) -> dict[int, str]:
        """Line → GitHub's `primaryLocationLineHash` for the lines of `path` as far as
        `upto` at least (none if it cannot be read).

        GitHub reads the file as UTF-8 without dropping a byte-order mark, so one
        found on disk takes part in the first line's hash.
        """
        known = self._hashes.get(path)
        if known is None or len(known) < upto:
            source = self.source(path)
            if source is None:
                known = {}
            else:
                bom = "\ufeff" if path in self._boms else ""
                known = line_hashes(bom + source.text, upto)
            self._hashes[path] = known
        return known


@dataclass(frozen=True)
class AddedByChange:
    """What the change under review (since commit `base`) adds that hides findings.

    `suppressions`: suppressed findings whose comment is on a line the change
    added; `settings`: (key, value) of hiding settings the configuration file
    `config` did not have in the base.
    """

    base: str
    suppressions: tuple[Finding, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    config: str = ""


@dataclass
class Report:
    """Everything a report format needs."""

    findings: list[Finding]
    rules: Sequence[Rule]
    root: Path
    notices: list[Notice] = field(default_factory=list)
    files_scanned: int = 0
    sources: SourceTexts = field(default_factory=SourceTexts)
    color: bool = False
    quiet: bool = False
    baselined: int = 0
    suppressed: list[Finding] = field(default_factory=list)  # hidden by in-file comments
    show_suppressed: bool = False  # list them in text and JSON too (SARIF always has them)
    config: Optional[Config] = None  # the settings of the scan (the job summary shows them)
    added: Optional[AddedByChange] = None  # with --diff-base: what the change adds that hides

    @cached_property
    def incomplete(self) -> list[Notice]:
        """The notices of files (or folders) that were not fully analysed."""
        return [notice for notice in self.notices if notice.level == "error"]

    @cached_property
    def incomplete_files(self) -> int:
        """How many files (or folders) were not fully analysed."""
        return len({notice.path for notice in self.incomplete})

    @cached_property
    def suppressed_keys(self) -> list[FindingKey]:
        """The stable key of each suppressed finding."""
        return finding_keys(self.suppressed)

    started: Optional[float] = None  # when the scan began (seconds since the epoch)

    @cached_property
    def last_lines(self) -> dict[str, int]:
        """Path → the last line on which a finding starts."""
        last: dict[str, int] = {}
        for finding in self.findings:
            last[finding.path] = max(last.get(finding.path, 0), finding.span.start_line)
        return last

    @cached_property
    def rule_index(self) -> dict[str, int]:
        """Rule ID → index in `rules`."""
        return {rule.id: i for i, rule in enumerate(self.rules)}

    def rule(self, rule_id: str) -> Rule:
        """The rule of `rule_id` (KeyError if the catalogue lacks it)."""
        return self.rules[self.rule_index[rule_id]]

    def level(self, finding: Finding) -> str:
        """The finding's level: its own, else its rule's."""
        return finding.level or self.rule(finding.rule_id).level

    @cached_property
    def keys(self) -> list[FindingKey]:
        """The stable key of each finding (rule, path, line text, occurrence)."""
        return finding_keys(self.findings)

    def counts(self) -> dict[str, int]:
        """Findings per level."""
        counts = dict.fromkeys(LEVELS, 0)
        for finding in self.findings:
            counts[self.level(finding)] = counts.get(self.level(finding), 0) + 1
        return counts


def fix_summary(rule: Rule) -> str:
    """The first paragraph of a rule's fix, on one line (with the doctor hint where it helps)."""
    paragraph = rule.fix.strip().split("\n\n", 1)[0]
    if rule.certificate_rule:
        paragraph += " " + DOCTOR_HINT
    return " ".join(paragraph.split())
