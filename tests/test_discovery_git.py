"""Discovery: `git ls-files` and the walk find the same files, with the same rules."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional

import pytest

from sslint.linter import engine, kinds
from sslint.linter.config import Config
from sslint.linter.discovery import Walker, real_paths

GIT = shutil.which("git")


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


TREE = {
    "Dockerfile": "FROM python:3.12\n",
    "app/main.py": "import requests\n",
    "app/README.md": "not a kind\n",
    "app/run": "#!/bin/sh\necho hi\n",
    "ci/.gitlab-ci.yml": "job:\n  script: [make]\n",
    ".github/workflows/ci.yml": "on: push\n",
    "build/generated.py": "x = 1\n",  # default skip
    "node_modules/pkg/install.sh": "curl -k x\n",  # default skip
    "vendor/lib.py": "y = 2\n",  # configured exclude
    "logs/debug.sh": "echo\n",  # .gitignore
    "docs/notes.sh": "echo\n",  # nested .gitignore
    "docs/.gitignore": "notes.sh\n",
    ".gitignore": "logs/\n",
    "untracked/setup.sh": "echo\n",
}


def _git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@corp.example")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@corp.example")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _displays(config: Config, top: Path, use_git: bool) -> tuple[list[str], list[str]]:
    walker = Walker(config, use_git=use_git)
    found = [c.display for c in walker.walk([top])]
    return found, sorted(f"{n.path}: {n.message}" for n in walker.notices)


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_git_listing_and_walk_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    _write(root, TREE)
    outside = tmp_path / "outside.sh"
    outside.write_text("curl -k x\n")
    (root / "app" / "link-out.sh").symlink_to(outside)
    (root / "app" / "link-in.sh").symlink_to(root / "ci" / ".gitlab-ci.yml")
    (root / "app" / "dir-link").symlink_to(root / "ci")
    _git(root, "init", "-q")
    _git(root, "add", "Dockerfile", "app", "ci", ".github", "build", "vendor", ".gitignore", "docs")
    _git(root, "commit", "-q", "-m", "x")
    monkeypatch.chdir(root)
    config = Config(root=root, extend_exclude=("vendor/",))
    with_git = _displays(config, Path("."), use_git=True)
    walked = _displays(config, Path("."), use_git=False)
    assert with_git == walked
    assert with_git[0] == [
        ".github/workflows/ci.yml",
        ".gitignore",  # a name without an extension may have a `#!` line
        "Dockerfile",
        "app/link-in.sh",
        "app/main.py",
        "app/run",
        "ci/.gitlab-ci.yml",
        "docs/.gitignore",
        "untracked/setup.sh",
    ]
    assert with_git[1] == ["app/link-out.sh: link points outside the scanned tree; not followed"]


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_subfolder_of_a_work_tree_is_listed_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _write(root, TREE)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    monkeypatch.chdir(tmp_path)
    config = Config(root=root)
    found = Walker(config).walk([Path("repo/app")])
    assert [c.display for c in found] == ["repo/app/main.py", "repo/app/run"]
    assert [c.uri for c in found] == ["app/main.py", "app/run"]
    assert [c.size for c in found] == [16, 18]


def test_outside_a_work_tree_the_walk_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"a/Dockerfile": "FROM x\n", "a/b.txt": "no\n"})
    monkeypatch.chdir(tmp_path)
    found = Walker(Config(root=tmp_path)).walk([Path("a")])
    assert [c.display for c in found] == ["a/Dockerfile"]


@pytest.mark.parametrize("use_git", [True, False])
def test_a_kind_discovery_hands_on_is_the_one_of_the_display_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_git: bool
) -> None:
    """Discovery hands each candidate's kind to the engine only where it is the display path's.

    Scanned from inside `.azure-pipelines/`, `build.yml` is plain YAML by its
    path below the scanned folder but an Azure template by the path reports show.
    """
    files = {".azure-pipelines/build.yml": "steps: []\n", ".azure-pipelines/x/run.sh": "echo\n"}
    _write(tmp_path, files)
    if use_git:
        if GIT is None:
            pytest.skip("git is not installed")
        _git(tmp_path, "init", "-q")
        _git(tmp_path, "add", "-A")
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path)
    for top in (Path("."), Path(".azure-pipelines")):
        for candidate in Walker(config, use_git=use_git).walk([top]):
            expected = kinds.kind_from_path(candidate.display)
            assert not candidate.kind_known or candidate.kind == expected, candidate
            assert engine.scan_file(candidate, config).scanned or expected is None
    found = Walker(config, use_git=use_git).walk([Path(".")])
    assert [(c.kind, c.kind_known) for c in found] == [
        (kinds.AZURE_PIPELINES, True),
        (kinds.SHELL, True),
    ]
    inside = Walker(config, use_git=use_git).walk([Path(".azure-pipelines")])
    assert [c.display for c in inside] == [
        ".azure-pipelines/build.yml",
        ".azure-pipelines/x/run.sh",
    ]
    assert [c.kind_known for c in inside] == [False, False]


def _reference_kind(path: str) -> Optional[str]:
    lowered = path.replace("\\", "/").lower()
    basename = lowered.rpartition("/")[2]
    suffix = basename.rpartition(".")[2] if "." in basename else ""
    for number in range(len(kinds.path_rules())):
        kind, pattern = kinds._compiled(number)
        if kind == kinds.DOCKERFILE and suffix in kinds._NOT_A_DOCKERFILE_SUFFIX:
            continue
        if pattern.fullmatch(lowered):
            return kind
    return None


def test_indexed_kind_test_agrees_with_trying_every_rule() -> None:
    fillers = ["", "x", "prod", "a.b", "requirements", "Dockerfile"]
    paths: set[str] = set()
    for _, glob in kinds._PATH_RULES:
        body = glob[3:] if glob.startswith("**/") else glob
        for filler in fillers:
            name = body.replace("*", filler)
            for prefix in ("", "sub/", "deep/er/", ".github/workflows/"):
                paths.update({prefix + name, (prefix + name).upper(), prefix + name + ".bak"})
    paths.update({"Makefile.am", "setup.cfg", "x.YML", ".env", "a/.env.local", "LICENSE"})
    assert len(paths) > 2000
    for path in sorted(paths):
        assert kinds.kind_from_path(path) == _reference_kind(path), path


def test_real_paths_agree_with_realpath_through_links(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "req.txt").write_text("x\n")
    (tmp_path / "pkg" / "a.txt").write_text("x\n")
    (tmp_path / "linked").symlink_to(tmp_path / "pkg" / "sub")
    (tmp_path / "pkg" / "alias.txt").symlink_to("sub/req.txt")
    (tmp_path / "pkg" / "sub" / "up.txt").symlink_to("../a.txt")
    paths = [
        tmp_path / "pkg" / "sub" / "req.txt",
        tmp_path / "pkg" / "a.txt",
        tmp_path / "linked" / "req.txt",
        tmp_path / "linked" / "up.txt",
        tmp_path / "pkg" / "alias.txt",
        tmp_path / "linked" / ".." / "a.txt",
        tmp_path / "pkg" / "missing.txt",
    ]
    assert real_paths(paths) == {os.path.realpath(p) for p in paths}
    assert len(real_paths(paths)) == 3  # `linked/..` is `pkg`, as the system resolves it
