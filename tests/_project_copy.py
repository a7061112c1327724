"""A throw-away git repository holding this project's files (for pre-commit and the action)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GIT_ENV = {
    "GIT_AUTHOR_NAME": "sslint tests",
    "GIT_AUTHOR_EMAIL": "tests@sslint.invalid",
    "GIT_COMMITTER_NAME": "sslint tests",
    "GIT_COMMITTER_EMAIL": "tests@sslint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` with a fixed identity; its standard output."""
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout


def project_files() -> list[str]:
    """Tracked and untracked-but-not-ignored files of the working tree."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return sorted({name for name in listed.split("\0") if name and (ROOT / name).is_file()})


def copy_project(dest: Path) -> Path:
    """Copy the project's files to `dest` and commit them in a fresh repository."""
    for name in project_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    init_repo(dest)
    return dest


def init_repo(path: Path) -> None:
    """`git init` + commit everything in `path`."""
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "snapshot", "--no-verify")
