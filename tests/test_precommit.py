"""The pre-commit hook, run by the real pre-commit against a throw-away repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from _project_copy import GIT_ENV, ROOT, copy_project, git, init_repo
from _readme import code_blocks

pytestmark = pytest.mark.slow

FINDINGS = {
    ".condarc": "channels:\n  - defaults\nssl_verify: false\n",
    "requirements.txt": "--trusted-host pypi.org\nrequests==2.32.0\n",
}
CLEAN = {
    "scripts/build": "#!/bin/sh\nset -e\npip install --cert /etc/ssl/ca.pem -r requirements.txt\n",
    "pip.conf": "[global]\nindex-url = https://pypi.org/simple\n",
    "Dockerfile": "FROM python:3.12\nRUN pip install -r requirements.txt\n",
    ".gitlab-ci.yml": "test:\n  script:\n    - pip install -r requirements.txt\n",
    "notes.txt": "nothing to see\n",
    "logo.png": "\x89PNG\r\n\x1a\n",
}


def test_hook_metadata() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "sslint"
    assert hook["language"] == "python"
    assert hook["entry"] == "sslint --force-exclude --allow-empty"
    assert hook["types"] == ["file"]
    assert not {"files", "types_or", "exclude_types", "pass_filenames"} & set(hook)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return copy_project(tmp_path_factory.mktemp("hook-repo"))


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _repo_with(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    init_repo(path)
    return path


def _try_repo(work: Path, hook_repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return _pre_commit(work, home, "try-repo", str(hook_repo), "sslint", "--all-files")


def _pre_commit(work: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "HOME": str(work),
    }
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_hook_fails_on_findings_and_prints_them(
    tmp_path: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    work = _repo_with(tmp_path, {**FINDINGS, **CLEAN})
    proc = _try_repo(work, hook_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "sslint" in out and "Failed" in out
    assert ".condarc:3:1: SSL103 [error]" in out
    assert "requirements.txt:1:1: SSL101 [error] pip trusts pypi.org" in out
    assert "Found 2 findings" in out
    assert "sslint: warning" not in out  # unknown files are skipped quietly


def test_hook_passes_on_clean_files(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    work = _repo_with(tmp_path, CLEAN)
    proc = _try_repo(work, hook_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out


def test_hook_honours_excludes_for_named_files(
    tmp_path: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    # pre-commit names .condarc; the configuration excludes it: only requirements.txt fails.
    files = {**FINDINGS, **CLEAN, "sslint.toml": 'extend-exclude = [".condarc"]\n'}
    work = _repo_with(tmp_path / "one", files)
    proc = _try_repo(work, hook_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "requirements.txt:1:1: SSL101 [error] pip trusts pypi.org" in out
    assert ".condarc" not in out
    assert "Found 1 finding" in out
    # Everything with a finding excluded: the hook runs and passes (it is not skipped).
    files = {**FINDINGS, **CLEAN, "sslint.toml": 'extend-exclude = [".condarc", "*.txt"]\n'}
    work = _repo_with(tmp_path / "both", files)
    proc = _try_repo(work, hook_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out and "Skipped" not in out


def test_readme_snippet_runs_with_pre_commit(
    tmp_path: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    (snippet,) = code_blocks("pre-commit", "yaml")
    config = yaml.safe_load(snippet)
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/sslint/sslint"
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in repo["hooks"]] == [hook["id"]]
    # The README's snippet, pointed at this checkout instead of GitHub.
    sha = git(hook_repo, "rev-parse", "HEAD").strip()
    local = snippet.replace(repo["repo"], str(hook_repo)).replace(str(repo["rev"]), sha)
    work = _repo_with(tmp_path, {**FINDINGS, **CLEAN, ".pre-commit-config.yaml": local})
    proc = _pre_commit(work, pre_commit_home, "run", "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "requirements.txt:1:1: SSL101 [error]" in out
