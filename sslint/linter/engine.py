"""The engine: discover files, read each into facts, run the rules, filter findings."""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pathspec

from sslint.linter import kinds
from sslint.linter.config import Config, relative_posix
from sslint.linter.discovery import Candidate, Walker, display_path
from sslint.linter.facts import FileFacts, Notice
from sslint.linter.findings import Finding
from sslint.linter.readers import ReadContext, reader_for
from sslint.linter.source import Source, decode
from sslint.linter.suppressions import Suppressions
from sslint.rules import checkers
from sslint.rules.base import Checker

_BINARY_SNIFF = 8192
_SPACE_RE = re.compile(r"\s+")
# A requirements file naming others (`-r f`, `-c f`) is read even when it holds no
# token a rule needs: the files it names must be scanned.
_INCLUDE_RE = re.compile(rb"(?m)^[ \t]*(?:-[rc]|--requirement|--constraint)")


@dataclass
class ScanResult:
    """Findings and notices of a scan, in report order."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    files_scanned: int = 0


@dataclass
class FileResult:
    """What scanning one file gave."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    scanned: bool = False
    includes: list[str] = field(default_factory=list)  # `-r f` / `-c f`, relative to the file


def applicable_checkers(kind: str) -> list[Checker]:
    """The checkers that may fire in a file of `kind`."""
    return [c for c in checkers() if c.kinds is None or kind in c.kinds]


def worth_reading(data: bytes, kind_checkers: list[Checker], kind: str = "") -> bool:
    """Prefilter: can any checker fire, judging by the tokens it needs?"""
    lowered = data.lower()
    for checker in kind_checkers:
        if not checker.tokens or kind in checker.unfiltered_kinds:
            return True
        if any(token in lowered for token in checker.tokens):
            return True
    return False


def read_facts(source: Source, kind: str) -> FileFacts:
    """Run the reader of `kind` over a whole source."""
    facts = FileFacts(source=source, kind=kind)
    reader = reader_for(kind)
    if reader is not None:
        reader(source.whole(), ReadContext(facts))
    return facts


def scan_bytes(
    data: bytes,
    display: str,
    config: Config,
    kind: Optional[str] = None,
    uri: Optional[str] = None,
    prefilter: bool = True,
) -> FileResult:
    """Scan the content of one file named `display` (the kind is detected if not given)."""
    result = FileResult()
    if kind is None:
        kind = kinds.detect(display, data[:256])
    if kind is None:
        return result
    if b"\x00" in data[:_BINARY_SNIFF] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.notices.append(Notice(display, "binary content (NUL bytes); skipped"))
        return result
    kind_checkers = applicable_checkers(kind)
    if (
        prefilter
        and not worth_reading(_filter_text(data), kind_checkers, kind)
        and not (kind == kinds.REQUIREMENTS and _INCLUDE_RE.search(data))
    ):
        result.scanned = True
        return result
    decoded = decode(data, python=kind == kinds.PYTHON)
    if decoded.warning:
        result.notices.append(Notice(display, decoded.warning))
    source = Source(display, decoded.text)
    try:
        facts = read_facts(source, kind)
    except RecursionError:
        result.notices.append(Notice(display, "nested too deeply to read; skipped", "error"))
        return result
    except Exception as exc:  # a reader bug must not end the scan
        result.notices.append(
            Notice(display, f"internal error while reading: {_describe(exc)}", "error")
        )
        return result
    result.notices.extend(facts.notices)
    result.scanned = True
    result.includes = [str(name) for name in facts.extra.get("includes", [])]
    findings: list[Finding] = []
    for checker in kind_checkers:
        try:
            findings.extend(checker.check(facts, config))
        except Exception as exc:  # a rule bug must not end the scan
            ids = ",".join(r.id for r in checker.rules)
            result.notices.append(
                Notice(display, f"internal error in {ids}: {_describe(exc)}", "error")
            )
    result.findings = _finish(findings, source, config, uri or display)
    return result


def _filter_text(data: bytes) -> bytes:
    """The bytes the prefilter looks at: UTF-16 files are tested as their UTF-8 text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data).text.encode("utf-8", "replace")
    return data


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _finish(findings: Iterable[Finding], source: Source, config: Config, uri: str) -> list[Finding]:
    """Fill in path fields, drop disabled, per-file-ignored, suppressed and repeated findings."""
    suppressions = Suppressions(source)
    ignored = _per_file_ignores(config, uri)
    seen: set[tuple[str, int, int, int, int]] = set()
    done: list[Finding] = []
    for finding in findings:
        rule_id = finding.rule_id
        if not config.rule_enabled(rule_id) or any(rule_id.startswith(p) for p in ignored):
            continue
        if suppressions.hides(finding):
            continue
        key = (
            rule_id,
            finding.span.start_line,
            finding.span.start_column,
            finding.span.end_line,
            finding.span.end_column,
        )
        if key in seen:
            continue
        seen.add(key)
        line_text = _SPACE_RE.sub(" ", source.line_text(finding.span.start_line)).strip()
        done.append(dataclasses.replace(finding, path=source.path, uri=uri, line_text=line_text))
    done.sort(key=lambda f: f.sort_key)
    return done


def _per_file_ignores(config: Config, uri: str) -> tuple[str, ...]:
    ids: list[str] = []
    for glob, rule_ids in config.per_file_ignores.items():
        if pathspec.PathSpec.from_lines("gitwildmatch", [glob]).match_file(uri):
            ids.extend(rule_ids)
    return tuple(ids)


def scan_file(candidate: Candidate, config: Config, kind: Optional[str] = None) -> FileResult:
    """Read one discovered file from disk and scan it (as `kind` when given)."""
    display = candidate.display
    try:
        size = candidate.path.stat().st_size
        if size > config.max_file_size:
            return FileResult(
                notices=[
                    Notice(
                        display,
                        f"larger than max-file-size ({size} > {config.max_file_size} bytes); "
                        "skipped",
                    )
                ]
            )
        with open(candidate.path, "rb") as handle:
            data = handle.read(config.max_file_size + 1)
    except OSError as exc:
        return FileResult(notices=[Notice(display, f"cannot read: {exc.strerror or exc}", "error")])
    uri = relative_posix(candidate.path, config.root)
    return scan_bytes(data, display, config, kind=kind, uri=uri)


class _Includes:
    """Files named by `-r` / `-c` in requirements files, to be read as requirements too.

    An included file is scanned once, whatever its name, when it lies inside
    a scanned folder (or the project root), is not excluded and was not
    already scanned; includes of includes follow, so cycles end.
    """

    def __init__(
        self, walker: Walker, candidates: list[Candidate], paths: Iterable[Path], config: Config
    ) -> None:
        self.walker = walker
        self.done = {os.path.realpath(c.path) for c in candidates}
        self.roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
        self.roots.append(os.path.realpath(config.root))
        self.pending: list[Candidate] = []

    def add(self, including: Candidate, names: list[str]) -> None:
        for name in names:
            if "://" in name or "$" in name:
                continue
            path = including.path.parent / name
            real = os.path.realpath(path)
            if real in self.done or not os.path.isfile(real):
                continue
            if not any(real == root or real.startswith(root + os.sep) for root in self.roots):
                continue
            if self.walker._excluded(path, False):
                continue
            self.done.add(real)
            self.pending.append(Candidate(path, display_path(path), False))


def scan(paths: Iterable[Path], config: Config, force_exclude: bool = False) -> ScanResult:
    """Scan files and directories; findings and notices come back sorted."""
    paths = list(paths)
    walker = Walker(config, force_exclude=force_exclude)
    candidates = walker.walk(paths)
    result = ScanResult(notices=list(walker.notices))
    includes = _Includes(walker, candidates, paths, config)
    for candidate in candidates:
        file_result = scan_file(candidate, config)
        result.findings.extend(file_result.findings)
        result.notices.extend(file_result.notices)
        result.files_scanned += int(file_result.scanned)
        includes.add(candidate, file_result.includes)
    while includes.pending:
        candidate = includes.pending.pop(0)
        file_result = scan_file(candidate, config, kinds.REQUIREMENTS)
        result.findings.extend(file_result.findings)
        result.notices.extend(file_result.notices)
        result.files_scanned += int(file_result.scanned)
        includes.add(candidate, file_result.includes)
    result.findings.sort(key=lambda f: f.sort_key)
    result.notices.sort(key=lambda n: (n.path, n.line or 0, n.message))
    return result
