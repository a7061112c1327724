"""The lines a change touches, from `git diff --unified=0 REF` (for `--diff-base`).

A finding is new when its span meets a line added or changed since REF.
Renames are followed (`--find-renames`), so a renamed file's untouched lines
are not new, and an added line whose text (white space folded) was removed
elsewhere in the same diff only moved: it is not new either. Binary files
count as changed throughout (nothing is hidden that git cannot show line by
line). Files git does not track (untracked or ignored) have no history to
compare with: all their findings stay, and the caller says so.

git runs as in `gitfiles`: no `GIT_*` variable of the caller, no file-system
monitor, no external diff or text conversion driver, so nothing configured in
the scanned repository gets to run.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from sslint.linter.findings import Finding
from sslint.linter.gitfiles import GIT_TIMEOUT, _environment, _git

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, '"': 34, "\\": 92}


class DiffError(Exception):
    """`--diff-base` cannot be answered (no git, not a work tree, unknown REF)."""


@dataclass
class FileChange:
    """What changed in one file: added line numbers, or everything (binary)."""

    added: set[int] = field(default_factory=set)
    whole: bool = False


@dataclass
class ChangedLines:
    """The lines of a work tree changed since a commit."""

    toplevel: str
    base: str
    files: dict[str, FileChange]
    tracked: frozenset[str]

    def relative(self, path: str) -> str:
        """`path` relative to the work tree's top level, `/`-separated."""
        real = os.path.realpath(path)
        return os.path.relpath(real, self.toplevel).replace(os.sep, "/")

    def is_tracked(self, path: str) -> bool:
        """Whether git tracks `path` (a file git does not know has no history)."""
        return self.relative(path) in self.tracked

    def changed(self, path: str) -> bool:
        """Whether `path` differs from the base (or git does not track it)."""
        rel = self.relative(path)
        return rel not in self.tracked or rel in self.files

    def at_base(self, path: str) -> Optional[bytes]:
        """The content `path` had in the base commit (None when it was not there)."""
        rel = self.relative(path)
        if rel.startswith("../"):
            return None
        done = _run(["cat-file", "blob", f"{self.base}:{rel}"], self.toplevel)
        return done.stdout if done.returncode == 0 else None

    def touches(self, path: str, first_line: int, last_line: int) -> bool:
        """Whether lines `first_line`..`last_line` of `path` hold an added or changed line."""
        rel = self.relative(path)
        if rel not in self.tracked:
            return True
        change = self.files.get(rel)
        if change is None:
            return False
        if change.whole:
            return True
        return any(line in change.added for line in range(first_line, last_line + 1))


def _run(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    git = _git()
    if git is None:
        raise DiffError("--diff-base needs git, and git is not installed")
    command = [git, "-c", "core.fsmonitor=false", "-c", "core.quotePath=false", *args]
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise DiffError(f"git failed: {exc}") from exc


def _stdout(args: list[str], cwd: str, problem: str) -> bytes:
    done = _run(args, cwd)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"{problem}: {detail[-1] if detail else 'git failed'}")
    return done.stdout


def _unquote(name: bytes) -> bytes:
    """A path as git prints it in a diff header (C-quoted when it holds odd bytes)."""
    if not (name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2):
        return name
    text = name[1:-1].decode("latin-1")
    out = bytearray()
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in "01234567":
                out.append(int(text[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        out.append(ord(char))
        i += 1
    return bytes(out)


def _fold(line: bytes) -> bytes:
    return b" ".join(line.split())


def _new_path(target: bytes) -> str:
    """The path of a `b/…` header name, unquoted, without its prefix."""
    return os.fsdecode(_unquote(target))[2:]


def parse_diff(patch: bytes) -> dict[str, FileChange]:
    """Added line numbers per new path from `git diff --unified=0` text.

    Added lines whose folded text is also a removed line of the patch only
    moved, and are left out.
    """
    files: dict[str, FileChange] = {}
    added_text: list[tuple[FileChange, int, bytes]] = []
    removed: Counter[bytes] = Counter()
    current: Optional[FileChange] = None
    line_no = 0
    in_header = False
    for raw in patch.split(b"\n"):
        if raw.startswith(b"diff --git "):
            current, in_header = None, True
        elif in_header and raw.startswith(b"+++ "):
            target = raw[4:]
            if target != b"/dev/null":  # a deleted file: nothing of it can be scanned
                current = files.setdefault(_new_path(target), FileChange())
        elif in_header and raw.startswith(b"Binary files ") and raw.endswith(b" differ"):
            target = raw[len(b"Binary files ") : -len(b" differ")].rsplit(b" and ", 1)[-1]
            if target != b"/dev/null":
                files.setdefault(_new_path(target), FileChange()).whole = True
        elif raw.startswith(b"@@ "):
            in_header = False
            match = _HUNK.match(raw)
            line_no = int(match.group(1)) if match else 0
        elif in_header:
            continue
        elif raw.startswith(b"+") and current is not None:
            added_text.append((current, line_no, _fold(raw[1:])))
            line_no += 1
        elif raw.startswith(b"-"):
            removed[_fold(raw[1:])] += 1
    for change, number, text in added_text:
        if text and removed[text] > 0:
            removed[text] -= 1
            continue
        change.added.add(number)
    return files


def changed_lines(base: str, folder: str) -> ChangedLines:
    """The lines of the work tree holding `folder` added or changed since commit `base`."""
    if not base or base.startswith("-"):
        raise DiffError(f"--diff-base {base!r}: expected a commit, branch or tag")
    if not os.path.isdir(folder):
        folder = os.path.dirname(os.path.abspath(folder)) or "."
    done = _run(["rev-parse", "--show-toplevel"], folder)
    if done.returncode != 0:
        raise DiffError(
            f"--diff-base: {os.path.abspath(folder)} is not in a git work tree "
            "(a scan without --diff-base reports every finding)"
        )
    toplevel = os.path.realpath(os.fsdecode(done.stdout.rstrip(b"\r\n")))
    resolved = _run(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], toplevel)
    if resolved.returncode != 0:
        raise DiffError(
            f"--diff-base {base!r}: no such commit in {toplevel} "
            f"(a shallow clone may lack it: fetch it, e.g. `git fetch origin {base}`)"
        )
    sha = resolved.stdout.decode("ascii", "replace").strip()
    patch = _stdout(
        [
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--find-renames",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            sha,
            "--",
        ],
        toplevel,
        f"--diff-base {base!r}: git diff failed",
    )
    listing = _stdout(["ls-files", "-z", "--cached"], toplevel, "--diff-base: git ls-files failed")
    tracked = frozenset(os.fsdecode(name) for name in listing.split(b"\0") if name)
    return ChangedLines(toplevel, sha, parse_diff(patch), tracked)


def split_new(
    findings: list[Finding], changes: ChangedLines
) -> tuple[list[Finding], int, list[str]]:
    """The findings on changed lines, how many others were left out, and the
    paths git does not track (all of their findings are kept)."""
    kept: list[Finding] = []
    untracked: dict[str, None] = {}
    for finding in findings:
        span = finding.span
        if not changes.is_tracked(finding.path):
            untracked[finding.path] = None
            kept.append(finding)
        elif changes.touches(finding.path, span.start_line, span.end_line):
            kept.append(finding)
    return kept, len(findings) - len(kept), list(untracked)
