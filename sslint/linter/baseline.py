"""Baselines: record today's findings, then report only new ones.

An entry is keyed by rule, repository-relative path, the offending line's
text with white space folded, and the occurrence index among findings with
that same rule, path and text. So entries survive lines moving up or down;
editing the offending line itself makes its finding new again. The file is
JSON, sorted, indented, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

from sslint.linter.config import ConfigError
from sslint.linter.findings import Finding

FORMAT_VERSION = 1


class FindingKey(NamedTuple):
    """What identifies a finding across edits: rule, path, line text, occurrence."""

    rule: str
    path: str
    line_text: str
    occurrence: int

    def fingerprint(self) -> str:
        """The `sslint/v1` fingerprint of this key."""
        data = "\x1f".join((self.rule, self.path, self.line_text, str(self.occurrence)))
        return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def finding_keys(findings: Iterable[Finding]) -> list[FindingKey]:
    """The key of each finding, in order; occurrences counted in position order."""
    items = list(findings)
    positions = [finding.sort_key for finding in items]
    order = sorted(range(len(items)), key=positions.__getitem__)
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    keys: list[FindingKey] = [FindingKey("", "", "", 0)] * len(items)
    for i in order:
        f = items[i]
        base = (f.rule_id, f.uri or f.path, f.line_text)
        keys[i] = FindingKey(*base, seen[base])
        seen[base] += 1
    return keys


def _order(key: FindingKey) -> tuple[str, str, str, int]:
    return (key.path, key.rule, key.line_text, key.occurrence)


def _entry(key: FindingKey) -> dict[str, Any]:
    return {
        "rule": key.rule,
        "path": key.path,
        "line_text": key.line_text,
        "occurrence": key.occurrence,
    }


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file's content for `findings`."""
    keys = sorted(set(finding_keys(findings)), key=_order)
    document = {
        "tool": "sslint",
        "version": FORMAT_VERSION,
        "findings": [_entry(key) for key in keys],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write the baseline atomically; the number of entries written."""
    text = baseline_text(findings)
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # only here: writing a baseline is rare, and the module is slow to import

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(json.loads(text)["findings"])


@dataclass
class Baseline:
    """The entries of a baseline file."""

    path: Path
    keys: frozenset[FindingKey]

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], int, list[FindingKey]]:
        """(new findings, how many were baselined, stale entries never matched)."""
        new: list[Finding] = []
        matched: set[FindingKey] = set()
        for finding, key in zip(findings, finding_keys(findings)):
            if key in self.keys:
                matched.add(key)
            else:
                new.append(finding)
        stale = sorted(self.keys - matched, key=_order)
        return new, len(matched), stale


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; ConfigError naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: baseline is not valid JSON: {exc}") from exc
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("version") != FORMAT_VERSION:
        raise ConfigError(
            f"{path}: not an sslint baseline (expected an object with version "
            f"{FORMAT_VERSION} and a list of findings; write one with --write-baseline)"
        )
    keys = set()
    for number, entry in enumerate(entries):
        try:
            keys.add(
                FindingKey(
                    str(entry["rule"]),
                    str(entry["path"]),
                    str(entry["line_text"]),
                    int(entry["occurrence"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: findings[{number}]: malformed entry ({exc})") from exc
    return Baseline(path, frozenset(keys))
