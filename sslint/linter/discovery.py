"""Discovery: which files a scan reads.

In a git work tree the files of a directory are what `git ls-files -co
--exclude-standard` lists (tracked files, and untracked ones no ignore rule
excludes); elsewhere the directory is walked honouring every `.gitignore` on
the way (pathspec). Either way the configured `exclude` / `extend-exclude`
globs and the default skips apply, hidden files and folders are scanned,
links to directories are not followed and links to files are read only when
they point inside the scanned tree. Only names that can be a kind (by path,
or extension-less names that may have a `#!` line) become candidates. Files
named on the command line are always scanned (unless `force_exclude` asks for
the excludes to apply to them too, as the pre-commit hook does).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Union

from sslint.linter.config import Config
from sslint.linter.facts import Notice
from sslint.linter.gitfiles import start_listing
from sslint.linter.kinds import kind_from_path

if TYPE_CHECKING:
    import pathspec

    GitSpec = pathspec.PathSpec[Any]

StrPath = Union[str, Path]

BROKEN_LINK = "broken link: its target does not exist; skipped"


@dataclass(frozen=True)
class Candidate:
    """A file to scan: where it is, how to name it, and (when known) its size and kind.

    `path` is kept as discovery found it (a string for a walked file: making
    and sending a `Path` per file costs more than the rest of discovery).
    `uri` is the path relative to the project root with `/` separators (empty:
    the engine works it out); `size` is -1 when discovery did not stat it.
    `kind` is what `kind_from_path(display)` gives, when discovery worked it
    out (`kind_known`); the engine works it out otherwise. `plain`: discovery
    saw a regular file, not a link (its real path ends in its own name).
    """

    path: StrPath
    display: str
    explicit: bool
    uri: str = ""
    size: int = -1
    kind: Optional[str] = None
    kind_known: bool = False
    plain: bool = False


def display_path(path: Path) -> str:
    """The path as reports show it: relative to the working directory when inside it."""
    return _relative(os.path.abspath(path), os.getcwd())


def _relative(absolute: str, base: str) -> str:
    """`absolute` relative to `base` with `/` separators, or itself when outside it."""
    if absolute == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if absolute.startswith(prefix):
        return absolute[len(prefix) :].replace(os.sep, "/")
    return Path(absolute).as_posix()


def _join(prefix: str, rel: str) -> str:
    return rel if prefix in ("", ".") else f"{prefix}/{rel}"


def _spec(patterns: Iterable[str]) -> GitSpec:
    import pathspec  # only here: slow to import, and the default excludes do without it

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


# `name/` or `*.egg-info/`: folders of that name at any depth, and all below them (the
# default excludes). A letter or digit at least; `*` and `?` stand for one name's characters.
_FOLDER_NAME = re.compile(r"(?=[^/]*[A-Za-z0-9])(?![^/]*\*\*)[A-Za-z0-9._*?-]+/")
_WILDCARDS = {"*": "[^/]*", "?": "[^/]"}


def _folder_names_regex(patterns: list[str]) -> Optional[re.Pattern[str]]:
    """The patterns as one expression when each names a folder by its name (else None).

    It matches what pathspec's `GitIgnoreSpec` matches for them (a test compares
    the two): the folder's path with its `/`, and everything below it.
    """
    if not all(_FOLDER_NAME.fullmatch(p) for p in patterns):
        return None
    names = "|".join(
        "".join(_WILDCARDS.get(c) or re.escape(c) for c in p[:-1]) for p in dict.fromkeys(patterns)
    )
    return re.compile(f"^(?:.+/)?(?:{names})/" if names else "(?!)")


class _Excludes:
    """`exclude` globs as one regular expression when none is negated (else pathspec's)."""

    def __init__(self, patterns: list[str]) -> None:
        self.regex: Optional[re.Pattern[str]] = _folder_names_regex(patterns)
        if self.regex is not None:
            return
        self.spec = _spec(patterns)
        compiled = [p for p in self.spec.patterns if p.include is not None]
        regexes = [getattr(p, "regex", None) for p in compiled]
        if all(p.include for p in compiled) and all(isinstance(r, re.Pattern) for r in regexes):
            joined = "|".join(
                f"(?:{_GROUP_RE.sub('(?:', r.pattern)})"  # type: ignore[union-attr]
                for r in regexes
            )
            self.regex = re.compile(joined or "(?!)")

    def match_file(self, path: str) -> bool:
        if self.regex is not None:
            return self.regex.search(path) is not None
        return self.spec.match_file(path)


_GROUP_RE = re.compile(r"\(\?P<\w+>")
_DISPLAY = attrgetter("display")


def _maybe_scannable(name: str, kind: Optional[str]) -> bool:
    """Cheap test: does the path name a kind, or could a shebang name one?"""
    return kind is not None or "." not in name.lstrip(".")


class Walker:
    """Finds the files of one scan."""

    def __init__(
        self,
        config: Config,
        force_exclude: bool = False,
        use_git: bool = True,
        while_listing: Optional[Callable[[], object]] = None,
    ) -> None:
        """`while_listing` is called once while git lists a folder's files (work that
        would come later anyway, done while waiting)."""
        self.config = config
        self.while_listing = while_listing
        self.force_exclude = force_exclude
        self.use_git = use_git
        self.root = os.path.realpath(config.root)
        patterns = [*config.exclude, *config.extend_exclude]
        self.excludes = _Excludes(patterns)
        # Directory-only patterns (`build/`) exclude a file only through a folder
        # above it, which is tested once per folder; others are tested per file.
        self._file_patterns = any(not p.rstrip().endswith("/") or "!" in p for p in patterns)
        self._dir_verdicts: dict[str, bool] = {}
        self.notices: list[Notice] = []

    def walk(self, paths: Iterable[Path]) -> list[Candidate]:
        """All candidates under `paths`, sorted by display path, without repeats."""
        return sorted(self.each(paths), key=_DISPLAY)

    def each(self, paths: Iterable[Path]) -> Iterator[Candidate]:
        """The candidates under `paths` as they are found, without repeats (the first wins)."""
        seen: set[str] = set()
        for path in paths:
            for candidate in self._walk_one(path):
                if candidate.display not in seen:
                    seen.add(candidate.display)
                    yield candidate

    # -- excludes -------------------------------------------------------------

    def _root_rel(self, absolute: str) -> str:
        """A path relative to the project root (its name alone when outside it)."""
        rel = _relative(absolute, self.root)
        return rel if not os.path.isabs(rel) else os.path.basename(absolute)

    def _excluded(self, path: Path, is_dir: bool) -> bool:
        rel = self._root_rel(os.path.abspath(path))
        return self.excludes.match_file(rel + "/" if is_dir else rel)

    def _dir_excluded(self, root_rel: str) -> bool:
        """Whether a folder (relative to the root) or any folder above it is excluded."""
        verdict = self._dir_verdicts.get(root_rel)
        if verdict is None:
            parent = root_rel.rpartition("/")[0]
            verdict = (bool(parent) and self._dir_excluded(parent)) or self.excludes.match_file(
                root_rel + "/"
            )
            self._dir_verdicts[root_rel] = verdict
        return verdict

    def _file_excluded(self, root_rel: str) -> bool:
        folder = root_rel.rpartition("/")[0]
        if folder and self._dir_excluded(folder):
            return True
        return self._file_patterns and self.excludes.match_file(root_rel)

    # -- one argument ---------------------------------------------------------

    def _walk_one(self, path: Path) -> Iterator[Candidate]:
        try:
            st = os.stat(path)
        except FileNotFoundError as exc:
            if os.path.islink(path):  # nothing to read, nothing hidden: as in a folder walk
                self.notices.append(Notice(display_path(path), BROKEN_LINK))
            else:
                self.notices.append(Notice(str(path), f"cannot read: {exc.strerror}", "error"))
            return
        except OSError as exc:
            self.notices.append(Notice(str(path), f"cannot read: {exc.strerror or exc}", "error"))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self._walk_dir(path)
        elif stat.S_ISREG(st.st_mode):
            if self.force_exclude and self._excluded(path, False):
                return
            yield Candidate(path, display_path(path), True, size=st.st_size)
        else:
            self.notices.append(Notice(display_path(path), "not a regular file; skipped"))

    def _walk_dir(self, top: Path) -> Iterator[Candidate]:
        tree = _Tree(self, top)
        listing = start_listing(tree.top_abs) if self.use_git else None
        if listing is not None and self.while_listing is not None:
            self.while_listing()
            self.while_listing = None
        listed = listing.files() if listing is not None else None
        if listed:
            yield from tree.from_list(listed)
        else:
            yield from tree.walk(tree.top_abs, [])


class _Tree:
    """One directory argument: turns paths relative to it into candidates."""

    def __init__(self, walker: Walker, top: Path) -> None:
        self.walker = walker
        self.top_abs = os.path.abspath(top)
        # `os.path.join(top_abs, rel)` for a relative `rel`, as one concatenation.
        self.top_prefix = self.top_abs if self.top_abs.endswith(os.sep) else self.top_abs + os.sep
        self.top_real = os.path.realpath(top)
        self.display_prefix = _relative(self.top_abs, os.getcwd())
        root_rel = _relative(self.top_real, walker.root)
        self.inside_root = not os.path.isabs(root_rel)
        self.root_prefix = root_rel if self.inside_root else ""
        self.uri_prefix = root_rel if self.inside_root else Path(self.top_abs).as_posix()

    def _root_rel(self, rel: str) -> str:
        if self.inside_root:
            return _join(self.root_prefix, rel)
        return rel

    def from_list(self, listed: list[str]) -> Iterator[Candidate]:
        """Candidates from a file list (git's), with the walk's excludes and link rules."""
        walker = self.walker
        for rel in listed:
            name = rel.rpartition("/")[2]
            if walker._file_excluded(self._root_rel(rel)):
                continue
            absolute = self.top_prefix + rel
            try:
                st = os.lstat(absolute)
            except OSError:
                continue  # deleted since it was committed
            if stat.S_ISDIR(st.st_mode):  # a submodule or a nested repository
                if not walker._dir_excluded(self._root_rel(rel)):
                    yield from self.walk(absolute, [])
                continue
            kind = kind_from_path(rel)
            if not _maybe_scannable(name, kind):
                continue
            candidate = self._candidate(absolute, rel, st, kind)
            if candidate is not None:
                yield candidate

    def walk(self, folder: str, specs: list[tuple[str, GitSpec]]) -> Iterator[Candidate]:
        """Walk `folder` honouring `.gitignore` files on the way down."""
        walker = self.walker
        stack: list[tuple[str, list[tuple[str, GitSpec]]]] = [(folder, specs)]
        while stack:
            current, specs = stack.pop()
            specs = specs + _gitignore(current)
            try:
                with os.scandir(current) as scanner:
                    entries = list(scanner)
            except OSError as exc:
                walker.notices.append(
                    Notice(
                        self._display(current),
                        f"cannot read directory: {exc.strerror or exc}",
                        "error",
                    )
                )
                continue
            for entry in entries:
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                rel = _relative(entry.path, self.top_abs)
                root_rel = self._root_rel(rel)
                if is_dir:
                    if not walker._dir_excluded(root_rel) and not _ignored(specs, entry.path, True):
                        stack.append((entry.path, specs))
                    continue
                if walker._file_excluded(root_rel) or _ignored(specs, entry.path, False):
                    continue
                kind = kind_from_path(rel)
                if not _maybe_scannable(entry.name, kind):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                candidate = self._candidate(entry.path, rel, st, kind)
                if candidate is not None:
                    yield candidate

    def _display(self, absolute: str) -> str:
        return _join(self.display_prefix, _relative(absolute, self.top_abs))

    def _candidate(
        self, absolute: str, rel: str, st: os.stat_result, kind: Optional[str]
    ) -> Optional[Candidate]:
        """A candidate for a file that lstat gave `st`, or None (with a notice if worth one).

        `kind` is the kind `rel` names; it is the display path's too when the two are one.
        """
        walker = self.walker
        display = _join(self.display_prefix, rel)
        plain = not stat.S_ISLNK(st.st_mode)
        if not plain:
            target = os.path.realpath(absolute)
            if not (target == self.top_real or target.startswith(self.top_real + os.sep)):
                walker.notices.append(
                    Notice(display, "link points outside the scanned tree; not followed")
                )
                return None
            try:
                st = os.stat(absolute)
            except FileNotFoundError:
                walker.notices.append(Notice(display, BROKEN_LINK))
                return None
            except OSError as exc:
                walker.notices.append(Notice(display, f"cannot read: {exc.strerror or exc}"))
                return None
            if stat.S_ISDIR(st.st_mode):
                return None  # a link to a directory inside the tree: its target is walked anyway
        if not stat.S_ISREG(st.st_mode):
            walker.notices.append(Notice(display, "not a regular file; skipped"))
            return None
        uri = _join(self.uri_prefix, rel)
        if display == rel:
            return Candidate(absolute, display, False, uri, st.st_size, kind, True, plain)
        return Candidate(absolute, display, False, uri, st.st_size, plain=plain)


def _gitignore(folder: str) -> list[tuple[str, GitSpec]]:
    path = os.path.join(folder, ".gitignore")
    try:
        if not os.path.isfile(path):
            return []
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    return [(folder, _spec(lines))]


def _ignored(specs: list[tuple[str, GitSpec]], path: str, is_dir: bool) -> bool:
    """Whether the .gitignore files above `path` ignore it (the deepest match decides)."""
    verdict = False
    for base, spec in specs:
        rel = _relative(path, base) + ("/" if is_dir else "")
        include = spec.check_file(rel).include
        if include is not None:
            verdict = include
    return verdict


def real_paths(paths: Iterable[StrPath]) -> set[str]:
    """`os.path.realpath` of each path, resolving each folder once for all its files.

    `realpath` looks at every component of every path again; a tree's files
    share their folders, so those are resolved once and only each file itself
    is looked at (and followed, where it is a link).
    """
    folders: dict[str, str] = {}

    def resolved(path: str) -> str:
        head, tail = os.path.split(path)
        if not tail:  # the file-system root
            return path
        folder = folders.get(head)
        if folder is None:
            folder = folders[head] = resolved(head)
        joined = os.path.join(folder, tail)
        return os.path.realpath(joined) if os.path.islink(joined) else joined

    found = set()
    for path in paths:
        name = os.fspath(path)
        # `..` after a link means the link's parent: only `realpath` gets that right.
        found.add(os.path.realpath(name) if ".." in name else resolved(os.path.abspath(name)))
    return found
