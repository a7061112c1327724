"""The content cache: what scanning a file gave, kept for the next run.

One entry per scanned file under `.sslint_cache/` in the project root, named
after the file's path and kind and holding a digest of sslint's version, the
settings that change findings and the file's bytes, next to the result. An
entry is used only when that digest matches, so it is never stale; a file
that changes replaces its entry, so the cache does not grow with edits.

Entries are JSON (a cache found in a scanned repository is data, never code),
written to a temporary file and renamed into place, so concurrent runs never
see half an entry. Digests are keyed with a secret kept outside the project
(`sslint/key` in the user's cache folder), so entries committed to a scanned
repository can never stand in for a scan: a checkout that brings its own
`.sslint_cache/` is simply scanned. A cache that cannot be read or written is
left alone: the scan goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from sslint import __version__
from sslint.linter.facts import Notice
from sslint.linter.findings import Finding, Suppression
from sslint.linter.results import FileResult
from sslint.linter.source import LineRange, Span

if TYPE_CHECKING:
    from sslint.linter.config import Config

CACHE_DIR = ".sslint_cache"
_FORMAT = "1"
_SECRET_BYTES = 32
_README = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file marks sslint's cache folder (https://bford.info/cachedir/).\n"
)


class ContentCache:
    """Scan results of files, keyed by their content and the settings."""

    def __init__(self, root: Path, config: Config, secret: bytes) -> None:
        self.folder = root / CACHE_DIR / f"v{_FORMAT}"
        self.salt = f"{__version__}\0{_FORMAT}\0{config.fingerprint()}\0".encode()
        self.secret = secret
        self._ready = False
        self._usable: Optional[bool] = None

    def digest(self, data: bytes) -> str:
        """The key an entry must hold to be used for a file of these bytes."""
        return hashlib.blake2b(self.salt + data, digest_size=20, key=self.secret).hexdigest()

    def usable(self) -> bool:
        """False when the cache folder is a link or not a folder: it is then never used.

        (A scanned repository could make `.sslint_cache` a link to anywhere.)
        """
        if self._usable is None:
            self._usable = all(
                _real_folder_or_missing(p) for p in (self.folder.parent, self.folder)
            )
        return self._usable

    def _entry(self, display: str, uri: str, kind: str) -> Path:
        named = f"{display}\0{uri}\0{kind}".encode("utf-8", "surrogatepass")
        name = hashlib.blake2b(named, digest_size=16).hexdigest()
        return self.folder / name[:2] / f"{name[2:]}.json"

    def get(self, display: str, uri: str, kind: str, digest: str) -> Optional[FileResult]:
        """The cached result for the file, if its entry holds `digest`."""
        if not self.usable():
            return None
        try:
            with open(self._entry(display, uri, kind), encoding="ascii") as handle:
                entry = json.load(handle)
            if not isinstance(entry, dict) or entry.get("digest") != digest:
                return None
            return _result(entry["result"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):  # UnicodeError too
            return None

    def put(self, display: str, uri: str, kind: str, digest: str, result: FileResult) -> None:
        """Keep `result` for the file (best effort: errors leave the cache as it was)."""
        path = self._entry(display, uri, kind)
        if not self.usable():
            return
        try:
            self._prepare()
            path.parent.mkdir(exist_ok=True)
            if not _real_folder_or_missing(path.parent):
                return
            # ASCII: names and messages may hold lone surrogates (undecodable file names).
            text = json.dumps({"digest": digest, "result": _encode(result)})
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="ascii") as out:
                    out.write(text)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return

    def _prepare(self) -> None:
        """Create the cache folder, marked as a cache and ignored by git."""
        if self._ready:
            return
        top = self.folder.parent
        if not top.is_dir():
            top.mkdir(exist_ok=True)
            (top / ".gitignore").write_text("# Created by sslint\n*\n", encoding="utf-8")
            (top / "CACHEDIR.TAG").write_text(_README, encoding="utf-8")
        self.folder.mkdir(exist_ok=True)
        self._usable = None
        if not self.usable():
            raise OSError("the cache folder is a link")
        self._ready = True


def _real_folder_or_missing(path: Path) -> bool:
    """Is `path` a real folder (not a link to one), or not there at all?"""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(mode)


def open_cache(root: Path, config: Config) -> Optional[ContentCache]:
    """The cache of a project, or None when no secret can be kept for it."""
    secret = _secret()
    return None if secret is None else ContentCache(root, config, secret)


def _secret() -> Optional[bytes]:
    """This user's cache key (made on first use), or None if it cannot be kept."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~/AppData/Local")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    path = os.path.join(base, "sslint", "key")
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "wb") as out:
                out.write(os.urandom(_SECRET_BYTES))
        with open(path, "rb") as key:
            secret = key.read(_SECRET_BYTES + 1)
    except OSError:
        return None
    return secret if len(secret) == _SECRET_BYTES else None


def cacheable(result: FileResult) -> bool:
    """Results of a timeout or an internal error depend on the run, and those that read
    another file depend on it: they are not kept."""
    if result.depends_on_others:
        return False
    return all(notice.level != "error" for notice in result.notices)


def _encode(result: FileResult) -> dict[str, Any]:
    return {
        "findings": [_encode_finding(f) for f in result.findings],
        "notices": [[n.path, n.message, n.level, n.line] for n in result.notices],
        "scanned": result.scanned,
        "includes": list(result.includes),
        "suppressed": [_encode_finding(f) for f in result.suppressed],
    }


def _encode_finding(finding: Finding) -> list[Any]:
    span = finding.span
    return [
        finding.rule_id,
        [span.start, span.end, span.start_line, span.start_column, span.end_line, span.end_column],
        finding.message,
        list(finding.statement),
        finding.precision,
        finding.level,
        finding.path,
        finding.uri,
        finding.line_text,
        _encode_suppression(finding.suppression),
    ]


def _encode_suppression(kept: Optional[Suppression]) -> Optional[list[Any]]:
    return None if kept is None else [kept.comment, kept.line, kept.justification]


def _result(data: dict[str, Any]) -> FileResult:
    return FileResult(
        findings=[_finding(item) for item in data["findings"]],
        notices=[_notice(item) for item in data["notices"]],
        scanned=bool(data["scanned"]),
        includes=[str(name) for name in data["includes"]],
        suppressed=[_finding(item) for item in data["suppressed"]],
    )


def _finding(item: list[Any]) -> Finding:
    rule_id, span, message, statement, precision, level, path, uri, line_text, kept = item
    suppression = None
    if kept is not None:
        suppression = Suppression(str(kept[0]), int(kept[1]), str(kept[2]))
    return Finding(
        rule_id=str(rule_id),
        span=Span(*(int(n) for n in span)),
        message=str(message),
        statement=LineRange(int(statement[0]), int(statement[1])),
        precision=str(precision),
        level=None if level is None else str(level),
        path=str(path),
        uri=str(uri),
        line_text=str(line_text),
        suppression=suppression,
    )


def _notice(item: list[Any]) -> Notice:
    path, message, level, line = item
    return Notice(str(path), str(message), str(level), None if line is None else int(line))
