"""sslint on an untrusted repository: it never writes into the tree, never imports or
runs anything from it, never reaches the network, and says the same thing every time."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hostile_support import (
    EVERY_KIND,
    HANG_TIMEOUT,
    SSLINT,
    assert_finished,
    assert_good_finding,
    run_sslint,
    write_good,
)

FORMATS = ("text", "json", "sarif", "github", "gitlab")
GIT = shutil.which("git")


def _populate(root: Path, marker: Path) -> None:
    """Every kind of file, plus files that would leave `marker` behind if anything ran them."""
    write_good(root)
    for name, data in EVERY_KIND.items():
        path = root / "kinds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    touch = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')\n"
    # Trigger words for the prefilter, but no request even if the module were run.
    python = (
        touch + "import requests\ndef f():\n    requests.get('https://pypi.org', verify=False)\n"
    )
    for name in (
        "sitecustomize.py",
        "usercustomize.py",
        "conftest.py",
        "setup.py",
        "__init__.py",
        "__main__.py",
        "click.py",
        "yaml.py",
        "pathspec.py",
        "tree_sitter.py",
        "sslint/__init__.py",
        "libcst/__init__.py",
        "pkg/__init__.py",
    ):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(python)
    (root / "evil.pth").write_text(touch)
    shell = f"touch {marker}\n$(touch {marker})\n`touch {marker}`\n"
    (root / "run.sh").write_text(shell + "pip install --trusted-host pypi.corp.example x\n")
    (root / ".envrc").write_text(shell + "export PIP_TRUSTED_HOST=pypi.corp.example\n")
    (root / "Makefile").write_text(f"all:\n\ttouch {marker}\n\tpip install --trusted-host h x\n")
    apply = f"!!python/object/apply:os.system ['touch {marker}']"
    (root / ".gitlab-ci.yml").write_text(
        f"x: {apply}\njob:\n  image: {apply}\n  script:\n    - pip install --trusted-host h x\n"
    )
    (root / ".condarc").write_text(f"channels: {apply}\nssl_verify: false\n")
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "pkg"\nbackend-path = ["."]\n'
        '[tool.uv]\nallow-insecure-host = ["pypi.corp.example"]\n'
    )


def _make_git_repo(root: Path, marker: Path) -> None:
    """Commit the tree and arm every git hook and command a repository can configure."""
    assert GIT is not None
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}
    ident = ["-c", "user.name=t", "-c", "user.email=t@corp.example"]
    for args in (["init", "-q"], ["add", "-A"], [*ident, "commit", "-qm", "x"]):
        subprocess.run([GIT, *args], cwd=root, env=env, check=True, capture_output=True)
    hook = f"#!/bin/sh\ntouch {marker}\n"
    hooks = root / ".git" / "hooks"
    for name in ("fsmonitor-watchman", "post-checkout", "pre-commit", "post-index-change"):
        (hooks / name).write_text(hook)
        (hooks / name).chmod(0o755)
    with open(root / ".git" / "config", "a") as config:
        config.write(
            f"[core]\n\tfsmonitor = touch {marker}\n\tpager = touch {marker}\n"
            f"\tsshCommand = touch {marker}\n\thooksPath = .git/hooks\n"
            f'[filter "x"]\n\tclean = touch {marker}\n\tsmudge = touch {marker}\n'
            f"[diff]\n\texternal = touch {marker}\n"
        )
    (root / ".gitattributes").write_text("* filter=x diff=x\n")
    (root / "untracked.sh").write_text("pip install --trusted-host pypi.corp.example x\n")


def _snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under `root`: type, mode, size, mtime and content hash or link target.

    sslint's own cache folder (`.sslint_cache/`, which ignores itself in git) is the
    one thing a scan adds; it is left out, and so is the root folder's mtime.
    """
    seen: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d != ".sslint_cache"]
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                detail: Any = os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as handle:
                    detail = hashlib.sha256(handle.read()).hexdigest()
            else:
                detail = None
            seen[os.path.relpath(path, root)] = (st.st_mode, st.st_size, st.st_mtime_ns, detail)
    seen["."] = (os.lstat(root).st_mode,)
    return seen


@pytest.fixture
def hostile_tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "repo"
    root.mkdir()
    marker = tmp_path / "MARKER-something-ran"
    _populate(root, marker)
    return root, marker


def _scan_every_way(root: Path, out: Path) -> list[subprocess.CompletedProcess[bytes]]:
    runs = [run_sslint(root, fmt=fmt) for fmt in FORMATS]
    runs.append(run_sslint(root, "--output", str(out / "report.sarif"), ".", fmt="sarif"))
    runs.append(run_sslint(out, str(root), fmt="json"))  # the tree named from outside
    # `python -m sslint` from outside the tree (inside it, Python itself would put the
    # tree on sys.path before sslint starts: use the `sslint` script there).
    module = subprocess.run(
        [sys.executable, "-m", "sslint", "--format", "json", str(root)],
        cwd=out,
        capture_output=True,
        timeout=HANG_TIMEOUT,
        check=False,
    )
    runs.append(module)
    return runs


def test_scan_never_writes_imports_or_runs_anything_from_the_tree(
    tmp_path: Path, hostile_tree: tuple[Path, Path]
) -> None:
    root, marker = hostile_tree
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(root)
    for proc in _scan_every_way(root, out):
        assert_finished(proc)
    assert _snapshot(root) == before
    assert not marker.exists(), marker.read_text()
    assert (out / "report.sarif").is_file()
    assert_good_finding(run_sslint(root))
    cache = root / ".sslint_cache"
    added = sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file())
    assert added[:2] == [".gitignore", "CACHEDIR.TAG"]
    assert added[2:] and all(
        re.fullmatch(r"v1/[0-9a-f]{2}/[0-9a-f]{30}\.json", a) for a in added[2:]
    )


def test_a_cache_folder_that_is_a_link_is_never_used(
    tmp_path: Path, hostile_tree: tuple[Path, Path]
) -> None:
    (hostile_tree[0] / ".sslint_cache").symlink_to(tmp_path, target_is_directory=True)
    before = sorted(tmp_path.iterdir())
    for _ in range(2):  # the second run would read what the first one wrote
        assert_good_finding(run_sslint(hostile_tree[0]))
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_scan_of_a_git_repository_runs_no_hook_and_writes_nothing(
    tmp_path: Path, hostile_tree: tuple[Path, Path]
) -> None:
    root, marker = hostile_tree
    _make_git_repo(root, marker)
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(root)
    for proc in _scan_every_way(root, out):
        assert_finished(proc)
    assert not marker.exists()
    assert _snapshot(root) == before
    found = json.loads(run_sslint(root).stdout)
    assert "untracked.sh" in {f["path"] for f in found}


_AUDIT = textwrap.dedent(
    """
    import json, os, sys
    tree, log = os.path.realpath(sys.argv[1]), sys.argv[2]
    events = []
    WRITE = ("w", "a", "x", "+")
    def inside(path):
        try:
            path = os.fsdecode(path)
        except TypeError:
            return False
        return os.path.realpath(path).startswith(tree + os.sep) or os.path.realpath(path) == tree
    def hook(event, args):
        if event.startswith("socket.") and event not in ("socket.__new__",):
            events.append([event, repr(args)[:200]])
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
            events.append([event, repr(args)[:300]])
        elif event == "open" and isinstance(args[0], (str, bytes)) and inside(args[0]):
            mode = args[1] if isinstance(args[1], str) else ""
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            if any(m in mode for m in WRITE) or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                events.append([event, repr(args)[:300]])
        elif event in ("os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod",
                       "os.truncate", "os.utime", "os.symlink", "os.link", "shutil.rmtree"):
            if any(inside(a) for a in args if isinstance(a, (str, bytes, os.PathLike))):
                events.append([event, repr(args)[:300]])
    sys.addaudithook(hook)
    sys.argv = ["sslint", "--format", "sarif", tree]
    from sslint.cli import main
    try:
        main()
    except SystemExit as exc:
        status = exc.code
    imported = sorted(
        name for name, module in list(sys.modules.items())
        if getattr(module, "__file__", None) and inside(module.__file__)
    )
    with open(log, "w") as handle:
        json.dump({"events": events, "imported": imported, "status": status}, handle)
    """
)


def test_audit_hooks_see_no_network_no_tree_write_and_no_foreign_process(
    tmp_path: Path, hostile_tree: tuple[Path, Path]
) -> None:
    root, marker = hostile_tree
    if GIT is not None:
        _make_git_repo(root, marker)
    log = tmp_path / "audit.json"
    proc = subprocess.run(
        [sys.executable, "-c", _AUDIT, str(root), str(log)],
        cwd=tmp_path,
        capture_output=True,
        timeout=HANG_TIMEOUT,
        check=False,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    seen = json.loads(log.read_text())
    assert seen["status"] in (0, 1)
    assert seen["imported"] == []
    allowed = []
    for event, args in seen["events"]:
        # Worker processes of sslint itself and `git ls-files` with hooks switched off are fine.
        if event == "subprocess.Popen" and (
            repr(sys.executable) in args
            or ("'ls-files'" in args and "core.fsmonitor=false" in args)
        ):
            allowed.append(event)
            continue
        pytest.fail(f"{event} {args}")
    assert not marker.exists()


def _unshare_works() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    try:
        done = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


# Where `unshare -n` is not permitted, the scan runs with every socket operation refused
# (an audit hook installed before sslint starts; forked workers inherit it).
_REFUSE_NETWORK = """
import runpy, sys
def refuse(event, args):
    if event.startswith(("socket.", "urllib.")):
        raise OSError("network refused by the test: " + event)
sys.addaudithook(refuse)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _without_network() -> tuple[str, ...]:
    if _unshare_works():
        return ("unshare", "-n")
    assert SSLINT[0] != sys.executable, "the sslint script is needed to run it without network"
    return (sys.executable, "-c", _REFUSE_NETWORK)


def test_scan_without_any_network_gives_the_same_output(
    hostile_tree: tuple[Path, Path],
) -> None:
    """Uncached runs (the isolated run must not replay the normal run's cache)."""
    root, _ = hostile_tree
    for fmt in ("sarif", "text"):
        normal = run_sslint(root, "--no-cache", ".", fmt=fmt)
        isolated = run_sslint(root, "--no-cache", ".", fmt=fmt, prefix=_without_network())
        assert_finished(isolated)
        assert normal.returncode == 1
        assert (isolated.returncode, isolated.stdout, isolated.stderr) == (
            normal.returncode,
            normal.stdout,
            normal.stderr,
        )
    assert not (root / ".sslint_cache").exists()


def test_the_fallback_without_network_really_refuses_sockets(tmp_path: Path) -> None:
    """The audit-hook fallback blocks a connection attempt (so it cannot pass vacuously)."""
    probe = tmp_path / "probe.py"
    probe.write_text("import socket\nsocket.create_connection(('127.0.0.1', 9))\n")
    done = subprocess.run(
        [sys.executable, "-c", _REFUSE_NETWORK, str(probe)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "network refused by the test: socket." in done.stderr
