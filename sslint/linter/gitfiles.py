"""List the files of a git work tree with `git ls-files` (ten times faster than a walk).

Tracked files and untracked files that no ignore rule excludes, relative to
the folder asked about. Nothing in the scanned repository gets to run: the
file-system monitor hook is switched off, optional index writes too, and
`GIT_*` variables of the caller (a hook's `GIT_DIR`) are not passed on. When
git is missing, the folder is not in a work tree, or git refuses it (a
repository owned by someone else), the answer is None and the caller walks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from typing import Optional

GIT_TIMEOUT = 60.0


@lru_cache(maxsize=1)
def _git() -> Optional[str]:
    return shutil.which("git")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    return env


class Listing:
    """A `git ls-files` run started in the background; `files()` waits for its answer."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    def files(self) -> Optional[list[str]]:
        """Paths under the folder (relative, `/`-separated, without repeats), or None."""
        try:
            out, _ = self.process.communicate(timeout=GIT_TIMEOUT)
        except subprocess.SubprocessError:
            self.process.kill()
            self.process.communicate()
            return None
        if self.process.returncode != 0:
            return None
        names = out.split(b"\0")
        return list(dict.fromkeys(os.fsdecode(name).rstrip("/") for name in names if name))


def start_listing(folder: str) -> Optional[Listing]:
    """Start listing the files of `folder` with git; None where git cannot be asked."""
    git = _git()
    if git is None or not os.path.isdir(folder):
        return None
    command = [
        git,
        "-c",
        "core.fsmonitor=false",
        "-c",
        "core.quotePath=false",
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]
    try:
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Listing(process)


def git_files(folder: str) -> Optional[list[str]]:
    """Paths under `folder` (relative, `/`-separated, without repeats), or None."""
    listing = start_listing(folder)
    return listing.files() if listing is not None else None
