"""The engine: discover files, read each into facts, run the rules, filter findings."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

from sslint.linter import kinds
from sslint.linter.budget import FileTimeout, time_budget, timeout_message
from sslint.linter.cache import ContentCache, cacheable, open_cache
from sslint.linter.collection import paused_collection
from sslint.linter.config import Config, relative_posix
from sslint.linter.discovery import Candidate, StrPath, Walker, display_path, real_paths
from sslint.linter.facts import FileFacts, Notice
from sslint.linter.findings import PROBABLE, Finding, make_finding
from sslint.linter.readers import (
    READER_GATE_TESTS,
    READER_GATES,
    READER_LINKS,
    ReadContext,
    reader_for,
)
from sslint.linter.results import FileResult, ScanResult
from sslint.linter.source import LineRange, Source, decode
from sslint.linter.suppressions import Suppressions
from sslint.linter.token_search import TokenGroups
from sslint.rules import checkers
from sslint.rules.base import ERROR, WARNING, Checker
from sslint.rules.token_fallback import has_fallback, token_findings

if TYPE_CHECKING:
    import pathspec

_BINARY_SNIFF = 8192
_HEAD = 512
_SPACE_RE = re.compile(r"\s+")
_SORT_KEY = attrgetter("sort_key")
# A requirements file naming others (`-r f`, `-c f`) is read even when it holds no
# token a rule needs: the files it names must be scanned.
_INCLUDE_RE = re.compile(rb"(?m)^[ \t]*(?:-[rc]|--requirement|--constraint)")


@dataclass(frozen=True)
class _Plan:
    """The checkers of one kind and the tokens that make a file of it worth reading.

    A file is read when it holds one of `tokens`, or one of `gate` and one of
    `gated` (the tokens of the checkers that only see what the kind's reader
    derives behind its gate; see `readers.READER_GATES`) where `gate_test` (if
    any) agrees, or one of `links` (its reader reads another file then; see
    `readers.READER_LINKS`). `tokens` None: always read.
    """

    checkers: tuple[Checker, ...]
    tokens: Optional[tuple[bytes, ...]]
    gate: tuple[bytes, ...] = ()
    gated: tuple[bytes, ...] = ()
    links: tuple[bytes, ...] = ()
    gate_test: Optional[Callable[[bytes], bool]] = None

    @cached_property
    def text_tokens(self) -> Optional[tuple[str, ...]]:
        """The tokens as text, for a reader narrowing what it reads (kinds without a gate)."""
        if self.tokens is None or self.gate:
            return None
        return tuple(token.decode("utf-8", "replace") for token in self.tokens)

    @cached_property
    def text_gated(self) -> Optional[tuple[str, ...]]:
        """The gated tokens as text, for a reader with a gate (None: the kind has none)."""
        if not self.gate:
            return None
        return tuple(token.decode("utf-8", "replace") for token in self.gated)

    @cached_property
    def _groups(self) -> TokenGroups:
        """Direct and link tokens (bit 0), the gate (bit 1), the gated tokens (bit 2)."""
        return TokenGroups((*(self.tokens or ()), *self.links), self.gate, self.gated)

    def worth_reading(self, data: bytes) -> bool:
        if self.tokens is None:
            return True
        lowered = data.lower()
        found = self._groups.found(lowered)
        if found & 1:
            return True
        if found & 6 != 6:  # a gate token and a gated one, or nothing the reader can use
            return False
        return self.gate_test is None or self.gate_test(lowered)


def _fewest(tokens: Iterable[bytes]) -> tuple[bytes, ...]:
    """The tokens without those that hold another one (`ssl` finds `ssl_verify` too)."""
    unique = tuple(dict.fromkeys(tokens))
    return tuple(t for t in unique if not any(o != t and o in t for o in unique))


_POSITION = attrgetter("sort_key")  # a finding's place in every report
_DISPLAY = attrgetter("display")

_PER_KIND: dict[str, _Plan] = {}
_PER_KIND_OWNER: list[tuple[Checker, ...]] = []


def _kind_plan(kind: str) -> _Plan:
    """The checkers of `kind` and the tokens that can make one fire, worked out once."""
    current = checkers()
    if not _PER_KIND_OWNER or _PER_KIND_OWNER[0] is not current:
        _PER_KIND.clear()
        _PER_KIND_OWNER[:] = [current]
    plan = _PER_KIND.get(kind)
    if plan is None:
        chosen = tuple(c for c in current if c.kinds is None or kind in c.kinds)
        if any(not c.tokens or kind in c.unfiltered_kinds for c in chosen):
            plan = _Plan(chosen, None)
        elif kind in READER_GATES:
            direct = _fewest(t for c in chosen if c.reads_code for t in c.tokens)
            gated = _fewest(t for c in chosen if not c.reads_code for t in c.tokens)
            gate = _fewest(READER_GATES[kind])
            plan = _Plan(chosen, direct, gate, gated, gate_test=READER_GATE_TESTS.get(kind))
        else:
            tokens = _fewest(t for c in chosen for t in c.tokens)
            plan = _Plan(chosen, tokens, links=READER_LINKS.get(kind, ()))
        _PER_KIND[kind] = plan
    return plan


def _kind_checkers(kind: str) -> tuple[Checker, ...]:
    return _kind_plan(kind).checkers


def read_facts(source: Source, kind: str, narrow: bool = True) -> FileFacts:
    """Run the reader of `kind` over a whole source."""
    plan = _kind_plan(kind)
    facts = FileFacts(
        source=source, kind=kind, narrow=narrow, tokens=plan.text_tokens, gated=plan.text_gated
    )
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
    budget: bool = True,
    cache: Optional[ContentCache] = None,
) -> FileResult:
    """Scan the content of one file named `display` (the kind is detected if not given).

    With `prefilter`, a file in which no applicable checker's token occurs is
    not decoded or read. With `budget`, reading and checking it may take at
    most `config.file_timeout` seconds where an in-process timer is possible.
    With `cache`, a file read before with the same bytes and settings gives
    its kept result.
    """
    result = FileResult()
    if kind is None:
        kind = kinds.detect(display, data[:256])
    if kind is None or (kind == kinds.JSON_FALLBACK and kinds.is_own_document(data[:512])):
        return result
    if b"\x00" in data[:_BINARY_SNIFF] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.notices.append(Notice(display, "binary content (NUL bytes); skipped"))
        return result
    if (
        prefilter
        and not _kind_plan(kind).worth_reading(_filter_text(data))
        and not (kind == kinds.REQUIREMENTS and _INCLUDE_RE.search(data))
    ):
        result.scanned = True
        return result
    digest = ""
    if cache is not None and prefilter:
        digest = cache.digest(data)
        kept = cache.get(display, uri or "", kind, digest)
        if kept is not None:
            return kept
    try:
        with time_budget(config.file_timeout if budget else 0), paused_collection():
            _read_and_check(result, data, display, config, kind, uri, prefilter)
    except FileTimeout:
        return _timed_out(data, display, config, kind, uri)
    if digest and cache is not None and cacheable(result):
        cache.put(display, uri or "", kind, digest, result)
    return result


def _timed_out(
    data: bytes, display: str, config: Config, kind: str, uri: Optional[str]
) -> FileResult:
    """A file past its time budget: an error notice, and what its tokens still show."""
    message = timeout_message(config.file_timeout)
    if not has_fallback(kind):
        return FileResult(notices=[Notice(display, message, "error")])
    message = message.replace("; skipped", "; only token-level checks ran")
    source = Source(display, decode(data, python=kind == kinds.PYTHON).text)
    findings, suppressed = _finish(token_findings(source, kind), source, config, uri or display)
    notices = [Notice(display, message, "error")]
    return FileResult(findings=findings, notices=notices, scanned=True, suppressed=suppressed)


_CACHES: dict[tuple[Path, str], Optional[ContentCache]] = {}


def _cache_for(config: Config) -> Optional[ContentCache]:
    """This process's cache for the settings (None when the cache is off)."""
    if not config.cache:
        return None
    key = (config.root, config.fingerprint())
    if key not in _CACHES:
        _CACHES[key] = open_cache(config.root, config)
    return _CACHES[key]


def _read_and_check(
    result: FileResult,
    data: bytes,
    display: str,
    config: Config,
    kind: str,
    uri: Optional[str],
    narrow: bool,
) -> None:
    """Decode, read and check one file that passed the prefilter, filling `result`."""
    kind_checkers = _kind_checkers(kind)
    decoded = decode(data, python=kind == kinds.PYTHON)
    if decoded.warning:
        result.notices.append(Notice(display, decoded.warning))
    source = Source(display, decoded.text)
    try:
        facts = read_facts(source, kind, narrow)
    except RecursionError:
        result.notices.append(Notice(display, "nested too deeply to read; skipped", "error"))
        return
    except Exception as exc:  # a reader bug must not end the scan
        result.notices.append(
            Notice(display, f"internal error while reading: {_describe(exc)}", "error")
        )
        return
    result.scanned = True
    result.includes = [str(name) for name in facts.extra.get("includes", [])]
    findings: list[Finding] = []
    failures: list[Notice] = []
    for checker in kind_checkers:
        try:
            findings.extend(checker.check(facts, config))
        except RecursionError:
            ids = _rule_ids(checker)
            failures.append(Notice(display, f"nested too deeply for {ids}; not checked", "error"))
        except Exception as exc:  # a rule bug must not end the scan
            ids = _rule_ids(checker)
            failures.append(Notice(display, f"internal error in {ids}: {_describe(exc)}", "error"))
    # After the rules: code a rule was first to parse may have added one.
    result.notices.extend(facts.notices)
    result.notices.extend(failures)
    result.depends_on_others = facts.depends_on_others or bool(facts.borrowed)
    if facts.borrowed:
        borrowed = set(facts.borrowed)
        findings = [f for f in findings if (f.span.start_line, f.span.start_column) not in borrowed]
    if kind in kinds.GUESSED:
        findings = [_guessed(finding) for finding in findings]
    elif facts.guessed:
        findings = [
            _guessed(finding) if _within(finding, facts.guessed) else finding
            for finding in findings
        ]
    facts.extra.clear()  # parses and analyses: freed before the findings are finished
    del facts
    result.findings, result.suppressed = _finish(findings, source, config, uri or display)


def _rule_ids(checker: Checker) -> str:
    return ",".join(r.id for r in checker.rules)


@lru_cache(maxsize=1)
def _rule_levels() -> dict[str, str]:
    return {rule.id: rule.level for checker in checkers() for rule in checker.rules}


def _guessed(finding: Finding) -> Finding:
    """A finding in a file whose kind is a guess: probable, and an error only a warning."""
    level = finding.level or _rule_levels().get(finding.rule_id)
    return replace(finding, precision=PROBABLE, level=WARNING if level == ERROR else level)


def _within(finding: Finding, regions: list[LineRange]) -> bool:
    """Whether the finding's span lies in one of the line ranges."""
    span = finding.span
    return any(r.first <= span.start_line and span.end_line <= r.last for r in regions)


def _filter_text(data: bytes) -> bytes:
    """The bytes the prefilter looks at: UTF-16 files are tested as their UTF-8 text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data).text.encode("utf-8", "replace")
    return data


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _finish(
    findings: Iterable[Finding], source: Source, config: Config, uri: str
) -> tuple[list[Finding], list[Finding]]:
    """Fill in path fields, drop disabled, per-file-ignored and repeated findings.

    Gives the reported findings and, apart, those an in-file comment suppresses
    (with `config.inline_ignores` off, no comment suppresses anything).
    """
    inline = config.inline_ignores
    suppressions = Suppressions(source) if inline else None
    ignored = _per_file_ignores(config, uri)
    seen: set[tuple[str, int, int, int, int]] = set()
    texts: dict[int, str] = {}  # line -> its text with white space folded
    enabled: dict[str, bool] = {}  # rule ID -> reported in this file
    done: list[Finding] = []
    hidden: list[Finding] = []
    path = source.path
    for finding in findings:
        rule_id = finding.rule_id
        reported = enabled.get(rule_id)
        if reported is None:
            reported = enabled[rule_id] = config.rule_enabled(rule_id) and not any(
                rule_id.startswith(p) for p in ignored
            )
        if not reported:
            continue
        span = finding.span
        line = span.start_line
        key = (rule_id, line, span.start_column, span.end_line, span.end_column)
        if key in seen:
            continue
        seen.add(key)
        suppression = finding.suppression if inline else None
        if suppression is None and suppressions is not None:
            suppression = suppressions.covering(finding)
        line_text = texts.get(line)
        if line_text is None:
            line_text = source.line_text(line)
            if "  " in line_text or not line_text.isprintable():
                # White space other than single spaces (`\s` matches no printable character
                # but the space): fold it.
                line_text = _SPACE_RE.sub(" ", line_text)
            line_text = texts[line] = line_text.strip()
        (done if suppression is None else hidden).append(
            make_finding(
                rule_id,
                span,
                finding.message,
                finding.statement,
                finding.precision,
                finding.level,
                path,
                uri,
                line_text,
                suppression,
            )
        )
    del seen, texts  # freed before sorting makes a key for each finding (a dense file has 100,000)
    done.sort(key=_SORT_KEY)
    hidden.sort(key=_SORT_KEY)
    return done, hidden


def _per_file_ignores(config: Config, uri: str) -> tuple[str, ...]:
    ids: list[str] = []
    for glob, rule_ids in config.per_file_ignores.items():
        if _glob_spec(glob).match_file(uri):
            ids.extend(rule_ids)
    return tuple(ids)


@lru_cache(maxsize=256)
def _glob_spec(glob: str) -> pathspec.PathSpec[Any]:
    import pathspec  # only here: slow to import, and most scans set no per-file ignores

    return pathspec.GitIgnoreSpec.from_lines([glob])


def _too_large(display: str, size: int, config: Config) -> FileResult:
    message = f"larger than max-file-size ({size} > {config.max_file_size} bytes); skipped"
    return FileResult(notices=[Notice(display, message, "error")])


def read_file(path: StrPath, limit: int) -> bytes:
    """Up to `limit` bytes of a regular file (never blocks on a FIFO); OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks: list[bytes] = []
        remaining = limit
        # Ask for the size stat gave (plus one, to see a file that grew): one read,
        # and no buffer far larger than the file.
        wanted = max(info.st_size + 1, 4096)
        while remaining > 0:
            asked = min(remaining, wanted, 1 << 20)
            chunk = os.read(fd, asked)
            chunks.append(chunk)
            remaining -= len(chunk)
            if len(chunk) < asked:  # a short read of a regular file: its end
                break
        return b"".join(chunks)
    finally:
        os.close(fd)


def scan_file(
    candidate: Candidate,
    config: Config,
    kind: Optional[str] = None,
    prefilter: bool = True,
    budget: bool = True,
) -> FileResult:
    """Read one discovered file from disk and scan it (as `kind` when given)."""
    display = candidate.display
    if candidate.size > config.max_file_size:
        return _too_large(display, candidate.size, config)
    if kind is None:
        kind = candidate.kind if candidate.kind_known else kinds.kind_from_path(display)
    try:
        if kind is None:  # only a `#!` line can give it a kind: look at the head first
            kind = kinds.detect(display, read_file(candidate.path, _HEAD))
            if kind is None:
                return FileResult()
        limit = config.max_file_size
        if kind in kinds.GUESSED:
            limit = min(limit, kinds.GUESSED_MAX_SIZE)
        data = read_file(candidate.path, limit + 1)
        if kind in kinds.GUESSED and len(data) > limit:
            return FileResult()  # data of no known format, not configuration: not read
    except OSError as exc:
        return FileResult(notices=[Notice(display, f"cannot read: {exc.strerror or exc}", "error")])
    if len(data) > config.max_file_size:
        size = candidate.size
        with contextlib.suppress(OSError):
            size = os.stat(candidate.path).st_size
        return _too_large(display, max(size, len(data)), config)
    uri = candidate.uri or relative_posix(Path(candidate.path), config.root)
    try:
        return scan_bytes(data, display, config, kind, uri, prefilter, budget, _cache_for(config))
    except RecursionError:
        return FileResult(notices=[Notice(display, "nested too deeply to read; skipped", "error")])
    except Exception as exc:  # never let one file end the scan
        return FileResult(notices=[Notice(display, f"internal error: {_describe(exc)}", "error")])


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
        self.candidates = candidates
        self.paths = list(paths)
        self.config = config
        self.pending: list[Candidate] = []
        self.done: set[str] = set()  # real paths known to be scanned

    @cached_property
    def _linked(self) -> set[str]:
        """Real paths of the candidates that may be links (few: resolved when first asked)."""
        return real_paths(c.path for c in self.candidates if not c.plain)

    @cached_property
    def _plain_by_name(self) -> dict[str, list[Candidate]]:
        """The other candidates by file name: a real path ends in the name of such a file."""
        by_name: dict[str, list[Candidate]] = {}
        for candidate in self.candidates:
            if candidate.plain:
                by_name.setdefault(os.path.basename(candidate.path), []).append(candidate)
        return by_name

    def _scanned(self, real: str) -> bool:
        """Is `real` a file scanned already? Only the files of its name are resolved, once."""
        if real in self.done or real in self._linked:
            return True
        named = self._plain_by_name.pop(os.path.basename(real), None)
        if named:
            self.done.update(real_paths(c.path for c in named))
        return real in self.done

    @cached_property
    def roots(self) -> list[str]:
        roots = [os.path.realpath(p) for p in self.paths if os.path.isdir(p)]
        return [*roots, os.path.realpath(self.config.root)]

    def add(self, including: Candidate, names: list[str]) -> None:
        for name in names:
            if "://" in name or "$" in name:
                continue
            path = Path(including.path).parent / name
            real = os.path.realpath(path)
            if self._scanned(real) or not os.path.isfile(real):
                continue
            if not any(real == root or real.startswith(root + os.sep) for root in self.roots):
                continue
            if self.walker._excluded(path, False):
                continue
            self.done.add(real)
            self.pending.append(Candidate(path, display_path(path), False))


def scan(
    paths: Iterable[Path],
    config: Config,
    force_exclude: bool = False,
    prefilter: bool = True,
) -> ScanResult:
    """Scan files and directories; findings and notices come back sorted.

    `config.jobs` worker processes share the files (0: one per CPU); a small
    scan stays in this process. The result is the same whatever the number.
    """
    paths = list(paths)
    walker = Walker(config, force_exclude=force_exclude, while_listing=checkers)
    candidates, file_results = _scan_found(walker.each(paths), config, prefilter)
    result = ScanResult(notices=list(walker.notices))
    includes = _Includes(walker, candidates, paths, config)
    found: list[list[Finding]] = []
    hidden: list[list[Finding]] = []
    for candidate, file_result in zip(candidates, file_results):
        _gather(result, file_result, found, hidden)
        includes.add(candidate, file_result.includes)
    while includes.pending:
        candidate = includes.pending.pop(0)
        file_result = scan_file(candidate, config, kinds.REQUIREMENTS, prefilter)
        _gather(result, file_result, found, hidden)
        includes.add(candidate, file_result.includes)
    result.findings = _in_order(found)
    result.suppressed = _in_order(hidden)
    result.notices.sort(key=lambda n: (n.path, n.line or 0, n.message))
    return result


def _gather(
    result: ScanResult,
    file_result: FileResult,
    found: list[list[Finding]],
    hidden: list[list[Finding]],
) -> None:
    """Add one file's result to the scan's (its findings to `found` and `hidden`)."""
    if file_result.findings:
        found.append(file_result.findings)
    if file_result.suppressed:
        hidden.append(file_result.suppressed)
    result.notices.extend(file_result.notices)
    result.files_scanned += int(file_result.scanned)


def _in_order(per_file: list[list[Finding]]) -> list[Finding]:
    """The findings of every file in report order (`Finding.sort_key`).

    Each file's come sorted and share its path, so ordering the files by path
    orders them all; only files read twice under one name are sorted together.
    """
    paths = [findings[0].path for findings in per_file]
    if len(set(paths)) < len(paths):
        return sorted(chain.from_iterable(per_file), key=_POSITION)
    per_file.sort(key=lambda findings: findings[0].path)
    return list(chain.from_iterable(per_file))


SMALL_SCAN_FILES = 20
SMALL_SCAN_BYTES = 1 << 20


def _scan_found(
    found: Iterator[Candidate], config: Config, prefilter: bool
) -> tuple[list[Candidate], Iterable[FileResult]]:
    """The candidates sorted by display path, and their results (computed as they are read).

    A small scan (at most `SMALL_SCAN_FILES` files or `SMALL_SCAN_BYTES` bytes) and
    `jobs` 1 stay in this process; otherwise workers start while the walk goes on.
    """
    jobs = config.jobs if config.jobs > 0 else (os.cpu_count() or 1)
    first: list[Candidate] = []
    size = 0
    if jobs > 1:
        for candidate in found:
            first.append(candidate)
            size += max(candidate.size, 0)
            if len(first) > SMALL_SCAN_FILES and size >= SMALL_SCAN_BYTES:
                from sslint.linter.parallel import scan_as_found

                scan_one = partial(scan_file, config=config, prefilter=prefilter)
                return scan_as_found(chain(first, found), config, jobs, scan_one)
    candidates = sorted(chain(first, found), key=_DISPLAY)
    return candidates, (scan_file(c, config, prefilter=prefilter) for c in candidates)
