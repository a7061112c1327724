"""Real trees for the benchmark: pinned sdists, each made a git repository.

Every sdist is fetched once from the package registry with
`pip download --no-deps --no-binary :all: NAME==VERSION`, unpacked and
committed to a fresh git repository with a fixed identity and date, so that
`.gitignore` and `git ls-files` behave as in a checkout and the same tree
(the same commit) comes out on every machine. A cache folder keeps it all:
`sdists/`, `trees/`, and `tools/`, a small virtualenv with `setuptools<70`
and `wheel`: pip needs an sdist's metadata, and some of these sdists fail
that step under build isolation with a current setuptools, so pip first
runs from that virtualenv with `--no-build-isolation`, then as it is.

Any local git checkout can be measured too (`checkout`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

# The commit identity and date of every tree made from an sdist.
IDENTITY = {
    "GIT_AUTHOR_NAME": "sslint benchmark",
    "GIT_AUTHOR_EMAIL": "bench@sslint.invalid",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00+0000",
    "GIT_COMMITTER_NAME": "sslint benchmark",
    "GIT_COMMITTER_EMAIL": "bench@sslint.invalid",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00+0000",
}
# Settings that would make the repository depend on the user's git configuration.
_GIT = (
    "git",
    "-c",
    "init.defaultBranch=main",
    "-c",
    "core.autocrlf=false",
    "-c",
    "core.excludesFile=/dev/null",
    "-c",
    "commit.gpgSign=false",
)
_TOOLS = ("setuptools<70", "wheel")
_ARCHIVES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")


@dataclass(frozen=True)
class Sdist:
    """A pinned source distribution; `name` also names its tree."""

    name: str
    version: str
    large: bool = False

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


PINNED = (
    Sdist("ansible-core", "2.17.0"),
    Sdist("apache-libcloud", "3.8.0"),
    Sdist("awscli", "1.33.0"),
    Sdist("great-expectations", "1.0.0"),
    Sdist("prefect", "3.0.0"),
    Sdist("ansible", "10.0.1", large=True),  # 40,841 files, 285 MB (427 MB on disk)
)


@dataclass(frozen=True)
class Tree:
    """A git work tree to scan: its name, where it came from, its size."""

    name: str
    path: Path
    origin: str
    files: int
    bytes: int


class FetchError(Exception):
    """An sdist could not be downloaded or made a repository."""


def tree_size(path: Path) -> tuple[int, int]:
    """(files, bytes) of the files git tracks in the work tree at `path`."""
    listed = _git(path, "ls-files", "-z").split("\0")
    files = size = 0
    for name in filter(None, listed):
        try:
            size += os.lstat(path / name).st_size
        except OSError:
            continue  # deleted in the work tree
        files += 1
    return files, size


def checkout(path: Path) -> Tree:
    """A local git checkout, named after its folder."""
    top = Path(_git(path, "rev-parse", "--show-toplevel").strip())
    commit = _git(top, "rev-parse", "--short", "HEAD").strip()
    files, size = tree_size(top)
    return Tree(top.name, top, f"git checkout @{commit}", files, size)


def pinned_tree(sdist: Sdist, cache: Path) -> Tree:
    """The sdist's tree under `cache/trees`, downloaded and made on first use."""
    path = cache / "trees" / f"{sdist.name}-{sdist.version}"
    if not _committed(path):
        archive = download(sdist, cache)
        partial = path.with_name(f".{path.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            partial.mkdir(parents=True)
            top = unpack(archive, partial)
            commit_all(top, f"{sdist.requirement} (sdist)")
            shutil.rmtree(path, ignore_errors=True)
            top.rename(path)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise FetchError(f"could not unpack {archive} into a git repository: {exc}") from exc
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    commit = _git(path, "rev-parse", "--short", "HEAD").strip()
    files, size = tree_size(path)
    return Tree(sdist.name, path, f"sdist {sdist.requirement} @{commit}", files, size)


def download(sdist: Sdist, cache: Path) -> Path:
    """The sdist's archive under `cache/sdists`, downloaded with pip if not there yet."""
    folder = cache / "sdists" / f"{sdist.name}-{sdist.version}"
    found = _archives(folder)
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    args = ["download", "--no-deps", "--no-binary", ":all:", "--ignore-requires-python"]
    args += ["--disable-pip-version-check", "-q", "-d", str(folder), sdist.requirement]
    attempts: list[list[str]] = []
    tools = tool_python(cache)
    if tools is not None:
        attempts.append([str(tools), "-m", "pip", *args, "--no-build-isolation"])
    attempts.append([sys.executable, "-m", "pip", *args])
    errors = ""
    for argv in attempts:
        done = subprocess.run(argv, capture_output=True, text=True)
        found = _archives(folder)
        if done.returncode == 0 and found:
            return found[0]
        errors = done.stderr
    with contextlib.suppress(OSError):
        folder.rmdir()  # left empty
    raise FetchError(f"pip could not download {sdist.requirement}:\n{_gist(errors)}")


def tool_python(cache: Path) -> Optional[Path]:
    """The Python of `cache/tools`, a virtualenv with old setuptools (made once), or None."""
    venv = cache / "tools"
    python = venv / "bin" / "python"
    ready = venv / ".ready"
    if ready.exists():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True)
    if made.returncode == 0:
        install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        made = subprocess.run([*install, *_TOOLS], capture_output=True)
    if made.returncode != 0:
        print(f"could not make the tool virtualenv {venv}; using pip as it is", file=sys.stderr)
        return None
    ready.touch()
    return python


def unpack(archive: Path, into: Path) -> Path:
    """Unpack an sdist into the empty folder `into`; its top folder (or `into`)."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(into)  # names with `..` or a leading `/` are made safe
    else:
        subprocess.run(
            ["tar", "--no-same-owner", "-xf", str(archive), "-C", str(into)],
            check=True,
            capture_output=True,
        )
    entries = list(into.iterdir())
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return into


def commit_all(path: Path, message: str) -> None:
    """Make `path` a git repository holding all its files in one commit."""
    env = {**os.environ, **IDENTITY}
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "--no-verify", "-m", message)):
        subprocess.run([*_GIT, *args], cwd=path, env=env, check=True, capture_output=True)


def _gist(stderr: str) -> str:
    """pip's error lines (else its last lines), each cut short."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR")] or lines[-5:]
    return "\n".join(f"  {line[:200]}{'...' if len(line) > 200 else ''}" for line in errors)


def _committed(path: Path) -> bool:
    if not (path / ".git").is_dir():
        return False
    done = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=path, capture_output=True
    )
    return done.returncode == 0


def _archives(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(_ARCHIVES))


def _git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True
    ).stdout
