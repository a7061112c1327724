"""Discovery: which files a scan reads.

Directories are walked honouring every `.gitignore` on the way (pathspec),
the configured `exclude` / `extend-exclude` globs and the default skips.
Hidden files and folders are scanned. Links to directories are not followed
and links to files are read only when they point inside the scanned tree.
Files named on the command line are always scanned (unless `force_exclude`
asks for the excludes to apply to them too, as the pre-commit hook does).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

import pathspec

from sslint.linter.config import Config
from sslint.linter.facts import Notice
from sslint.linter.kinds import kind_from_path

GitSpec = pathspec.PathSpec[Any]


@dataclass(frozen=True)
class Candidate:
    """A file to scan: where it is and how to name it."""

    path: Path
    display: str
    explicit: bool


def display_path(path: Path) -> str:
    """The path as reports show it: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _spec(patterns: Iterable[str]) -> GitSpec:
    return pathspec.PathSpec.from_lines("gitwildmatch", list(patterns))


def _maybe_scannable(name: str, relpath: str) -> bool:
    """Cheap test: does the path name a kind, or could a shebang name one?"""
    if kind_from_path(relpath) is not None:
        return True
    return "." not in name.lstrip(".")


class Walker:
    """Walks the paths of one scan."""

    def __init__(self, config: Config, force_exclude: bool = False) -> None:
        self.config = config
        self.force_exclude = force_exclude
        self.root = config.root.resolve()
        self.excludes = _spec([*config.exclude, *config.extend_exclude])
        self.notices: list[Notice] = []

    def _rel_to_root(self, path: Path) -> Optional[str]:
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def _excluded(self, path: Path, is_dir: bool) -> bool:
        rel = self._rel_to_root(path)
        if rel is None:
            rel = path.name
        return self.excludes.match_file(rel + "/" if is_dir else rel)

    def walk(self, paths: Iterable[Path]) -> list[Candidate]:
        """All candidates under `paths`, sorted by display path, without repeats."""
        seen: dict[str, Candidate] = {}
        for path in paths:
            for candidate in self._walk_one(path):
                seen.setdefault(candidate.display, candidate)
        return [seen[key] for key in sorted(seen)]

    def _walk_one(self, path: Path) -> Iterable[Candidate]:
        try:
            st = os.stat(path)
        except OSError as exc:
            self.notices.append(Notice(str(path), f"cannot read: {exc.strerror or exc}", "error"))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self._walk_dir(path)
        elif stat.S_ISREG(st.st_mode):
            if self.force_exclude and self._excluded(path, False):
                return
            yield Candidate(path, display_path(path), True)
        else:
            self.notices.append(Notice(display_path(path), "not a regular file; skipped"))

    def _walk_dir(self, top: Path) -> Iterable[Candidate]:
        top_real = Path(os.path.realpath(top))
        # Ignore specs of each directory on the way down: (dir, spec) pairs.
        stack: list[tuple[Path, list[tuple[Path, GitSpec]]]] = [(top, [])]
        while stack:
            folder, specs = stack.pop()
            specs = specs + self._gitignore(folder)
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                self.notices.append(
                    Notice(display_path(folder), f"cannot read directory: {exc.strerror or exc}")
                )
                continue
            subdirs: list[Path] = []
            for entry in entries:
                path = Path(entry.path)
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if self._excluded(path, is_dir) or _ignored(specs, path, is_dir):
                    continue
                if is_dir:
                    subdirs.append(path)
                    continue
                relpath = path.relative_to(top).as_posix()
                if not _maybe_scannable(entry.name, relpath):
                    continue
                if is_link and not self._link_inside(path, top_real):
                    self.notices.append(
                        Notice(
                            display_path(path),
                            "link points outside the scanned tree; not followed",
                        )
                    )
                    continue
                try:
                    mode = (
                        os.stat(path).st_mode
                        if is_link
                        else entry.stat(follow_symlinks=False).st_mode
                    )
                except OSError as exc:
                    self.notices.append(
                        Notice(display_path(path), f"cannot read: {exc.strerror or exc}")
                    )
                    continue
                if stat.S_ISDIR(mode):
                    continue  # a link to a directory inside the tree: its target is walked anyway
                if not stat.S_ISREG(mode):
                    self.notices.append(Notice(display_path(path), "not a regular file; skipped"))
                    continue
                yield Candidate(path, display_path(path), False)
            for sub in reversed(subdirs):
                stack.append((sub, specs))

    @staticmethod
    def _link_inside(path: Path, top_real: Path) -> bool:
        target = Path(os.path.realpath(path))
        return target == top_real or top_real in target.parents

    @staticmethod
    def _gitignore(folder: Path) -> list[tuple[Path, GitSpec]]:
        ignore_file = folder / ".gitignore"
        try:
            if not ignore_file.is_file():
                return []
            lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return []
        return [(folder, _spec(lines))]


def _ignored(specs: list[tuple[Path, GitSpec]], path: Path, is_dir: bool) -> bool:
    """Whether the .gitignore files above `path` ignore it (the deepest match decides)."""
    verdict = False
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        include = spec.check_file(rel).include
        if include is not None:
            verdict = include
    return verdict
