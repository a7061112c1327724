"""`--diff-base REF`: only findings on lines added or changed since REF."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from _click import cli_runner
from _readme import code_blocks

from sslint.cli import main
from sslint.linter.gitdiff import parse_diff

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@corp.example")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@corp.example")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


BEFORE = {
    "sslint.toml": "",
    "Dockerfile": (
        "FROM python:3.12\n"
        "RUN pip install --trusted-host pypi.org requests\n"
        "RUN curl -k https://example.org/a\n"
    ),
    "ci/old-name.sh": "#!/bin/sh\nwget --no-check-certificate https://example.org/x\n",
    "ci/edited.sh": "#!/bin/sh\ncurl -k https://example.org/a\necho one\n",
    "gone.sh": "curl -k https://example.org/gone\n",
}
AFTER = {
    # a line above, the pip line moved below the curl line, one new switch on a
    # continuation line of an old instruction
    "Dockerfile": (
        "# syntax=docker/dockerfile:1\n"
        "FROM python:3.12\n"
        "RUN curl -k https://example.org/a\n"
        "RUN pip install --trusted-host pypi.org requests\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --allow-unauthenticated git\n"
    ),
    # renamed, untouched: nothing new
    "ci/new-name.sh": "#!/bin/sh\nwget --no-check-certificate https://example.org/x\n",
    # one old finding, one line changed to a new one
    "ci/edited.sh": "#!/bin/sh\ncurl -k https://example.org/a\ncurl --insecure https://example.org/b\n",
    # added and committed
    "ci/added.sh": "#!/bin/sh\ngit -c http.sslVerify=false clone https://example.org/r\n",
}


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _write(root, BEFORE)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "before")
    _git(root, "tag", "base")
    (root / "ci" / "old-name.sh").unlink()
    (root / "gone.sh").unlink()
    _write(root, AFTER)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "after")
    return root


def _run(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return cli_runner().invoke(main, [*args, "--no-cache", "--format", "concise"])
    finally:
        os.chdir(old)


def test_only_findings_on_changed_lines_remain(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    everything = _run(root)
    assert len(everything.stdout.splitlines()) == 7
    result = _run(root, "--diff-base", "base")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Dockerfile:6:27: SSL401 apt-get --allow-unauthenticated"
        " installs packages without verifying signatures",
        "ci/added.sh:2:8: SSL203 git -c http.sslVerify=false switches git's certificate checks off",
        "ci/edited.sh:3:6: SSL201 curl --insecure skips certificate verification",
    ]
    assert "4 findings are on lines unchanged since base and not shown" in result.stderr


def test_uncommitted_and_untracked_changes_count(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "ci" / "edited.sh").write_text(
        "#!/bin/sh\ncurl -k https://example.org/a\necho fine\nwget --no-check-certificate x\n"
    )
    (root / "scratch.sh").write_text("curl -k https://example.org/tmp\n")
    result = _run(root, "--diff-base", "HEAD")
    assert result.stdout.splitlines() == [
        "ci/edited.sh:4:6: SSL202 wget --no-check-certificate skips certificate verification",
        "scratch.sh:1:6: SSL201 curl -k skips certificate verification",
    ]
    assert "scratch.sh: not tracked by git: every finding in it is shown" in result.stderr


def test_nothing_changed_passes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = _run(root, "--diff-base", "HEAD")
    assert (result.exit_code, result.stdout) == (0, "")


def test_scanning_a_subfolder(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = _run(root / "ci", "--diff-base", "base", ".")
    assert result.stdout.splitlines() == [
        "added.sh:2:8: SSL203 git -c http.sslVerify=false switches git's certificate checks off",
        "edited.sh:3:6: SSL201 curl --insecure skips certificate verification",
    ]


def test_clear_errors(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    unknown = _run(root, "--diff-base", "no-such-branch")
    assert unknown.exit_code == 2
    assert "--diff-base 'no-such-branch': no such commit in" in unknown.stderr
    assert "git fetch origin no-such-branch" in unknown.stderr
    option = _run(root, "--diff-base", "--output=x")
    assert option.exit_code == 2
    assert "expected a commit, branch or tag" in option.stderr
    assert not (root / "x").exists()
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "run.sh").write_text("curl -k https://example.org\n")
    result = _run(outside, "--diff-base", "main")
    assert result.exit_code == 2
    assert "is not in a git work tree" in result.stderr


def test_parse_diff_headers_quoting_binary_and_lookalike_lines() -> None:
    patch = (
        b"diff --git a/x.sh b/x.sh\n"
        b"index 1..2 100644\n"
        b"--- a/x.sh\n"
        b"+++ b/x.sh\n"
        b"@@ -3,0 +4,2 @@ f\n"
        b"+++ not a header\n"
        b"+--- nor this\n"
        b"@@ -9 +11 @@\n"
        b"-old\n"
        b"+new\n"
        b'diff --git "a/sp\\303\\251cial \\"q\\".sh" "b/sp\\303\\251cial \\"q\\".sh"\n'
        b"new file mode 100644\n"
        b"--- /dev/null\n"
        b'+++ "b/sp\\303\\251cial \\"q\\".sh"\n'
        b"@@ -0,0 +1 @@\n"
        b"+curl -k x\n"
        b"diff --git a/img.png b/img.png\n"
        b"Binary files a/img.png and b/img.png differ\n"
        b"diff --git a/del.sh b/del.sh\n"
        b"deleted file mode 100644\n"
        b"--- a/del.sh\n"
        b"+++ /dev/null\n"
        b"@@ -1 +0,0 @@\n"
        b"-curl -k x\n"
    )
    files = parse_diff(patch)
    assert sorted(files) == ["img.png", 'sp\u00e9cial "q".sh', "x.sh"]
    assert files["x.sh"].added == {4, 5, 11}
    # the added `curl -k x` matches the deleted file's line: it only moved
    assert files['sp\u00e9cial "q".sh'].added == set()
    assert files["img.png"].whole


def test_readme_snippet(tmp_path: Path) -> None:
    (snippet,) = code_blocks("Only the lines a change touches", "sh")
    root = _repo(tmp_path)
    _git(root, "update-ref", "refs/remotes/origin/main", "base")
    args = shlex.split(snippet)
    assert args[0] == "sslint"
    result = _run(root, *args[1:])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3


def _change_that_hides(tmp_path: Path) -> Path:
    """A base commit, then a change that adds findings and what hides them."""
    root = tmp_path / "pr"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _write(
        root,
        {
            "pyproject.toml": '[project]\nname = "app"\n\n[tool.sslint]\nignore = ["SSL4"]\n',
            "Dockerfile": "FROM python:3.12\nRUN curl -k https://example.org/a  # sslint: ignore\n",
        },
    )
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "tag", "base")
    _write(
        root,
        {
            "pyproject.toml": (
                '[project]\nname = "app"\n\n[tool.sslint]\nignore = ["SSL4"]\n'
                'allowed-hosts = ["pypi.corp.example"]\nper-file-ignores = {"ci/*" = ["SSL201"]}\n'
            ),
            "Dockerfile": (
                "FROM python:3.12\n"
                "RUN curl -k https://example.org/a  # sslint: ignore\n"
                "RUN pip install --trusted-host pypi.org x  # sslint: ignore[SSL101] proxy\n"
                "RUN wget --no-check-certificate https://example.org/b\n"
            ),
        },
    )
    _git(root, "commit", "-q", "-am", "the change")
    return root


def test_what_a_change_adds_that_hides_findings_is_listed(tmp_path: Path) -> None:
    root = _change_that_hides(tmp_path)
    summary = root.parent / "summary.md"
    result = _run(root, "--diff-base", "base", "--report", f"markdown:{summary}")
    assert result.stdout.splitlines() == [
        "Dockerfile:4:10: SSL202 wget --no-check-certificate skips certificate verification"
    ]
    assert [line for line in result.stderr.splitlines() if "this change adds" in line] == [
        "sslint: warning: Dockerfile:3: this change adds a suppression that hides SSL101 at "
        "Dockerfile:3:17",
        "sslint: warning: pyproject.toml: this change adds the setting per-file-ignores = "
        "ci/*: SSL201, which hides findings",
        "sslint: warning: pyproject.toml: this change adds the setting allowed-hosts = "
        "pypi.corp.example, which hides findings",
    ]
    text = summary.read_text()
    added = text[text.index("### Added by this change") :].split("\n\n")[:2]
    base = subprocess.run(
        ["git", "rev-parse", "base"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert added == [
        f"### Added by this change (since {base[:12]}): hides findings",
        "| Added | Where | Hides |\n"
        "|---|---|---|\n"
        "| in-file comment sslint: ignore\\[SSL101\\] proxy | Dockerfile:3 "
        "| SSL101 at Dockerfile:3 |\n"
        "| setting per-file-ignores | pyproject.toml | ci/\\*: SSL201 |\n"
        "| setting allowed-hosts | pyproject.toml | pypi.corp.example |",
    ]


def test_nothing_added_that_hides_gives_no_section(tmp_path: Path) -> None:
    root = _change_that_hides(tmp_path)
    summary = root.parent / "summary.md"
    result = _run(root, "--diff-base", "HEAD", "--report", f"markdown:{summary}")
    assert "this change adds" not in result.stderr
    assert "Added by this change" not in summary.read_text()
    # The suppression on line 2 and `ignore` were in the base already.
    result = _run(root, "--diff-base", "HEAD~1", "--isolated")
    assert "this change adds the setting" not in result.stderr
