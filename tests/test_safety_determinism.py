"""Determinism: the same tree gives byte-identical output across runs, hash seeds,
`--jobs` values and the order in which the file system lists its entries.

Every run is uncached (`--no-cache`), so each one is a real analysis rather than a
replay of the first, and the tree is large enough that `--jobs` starts workers.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest
from hostile_support import EVERY_KIND, GOOD_FILES, SSLINT, assert_finished, run_sslint

from sslint.linter import engine
from sslint.linter.config import Config
from sslint.linter.discovery import Walker

FORMATS = ("text", "json", "sarif", "github", "gitlab")


def _files() -> dict[str, bytes]:
    """A tree with findings in many files and folders, a few notices, and odd names."""
    files: dict[str, bytes] = {}
    for index in range(12):
        for name, data in EVERY_KIND.items():
            files[f"d{index % 4}/s{index}/{name}"] = data
    for name, (text, _, _, _) in GOOD_FILES.items():
        files[name] = text.encode()
    files["bin/x.py"] = b"\x00binary"
    files["enc/Dockerfile"] = b"FROM x\nRUN echo \xff && pip install --trusted-host h x\n"
    files["odd/Dockerfile.a b,c:d%"] = b"FROM x\nRUN pip install --trusted-host h x\n"
    # Bulk, so that the scan is past the small-scan threshold and workers start.
    filler = b"echo step\n" * (engine.SMALL_SCAN_BYTES // 40)
    for index in range(4):  # one is read in full, the prefilter skips the others
        files[f"bulk/run{index}.sh"] = b"#!/bin/sh\n" + filler + (b"curl -k https://x\n"[index:])
    return files


def _run(root: Path, *args: str, fmt: str) -> subprocess.CompletedProcess[bytes]:
    """An uncached scan: each run reads every file itself."""
    return run_sslint(root, "--no-cache", *(args or (".",)), fmt=fmt)


def _build(root: Path, order: list[str]) -> None:
    files = _files()
    for name in order:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])


def _normalised(proc: subprocess.CompletedProcess[bytes], root: Path) -> tuple[int, bytes, bytes]:
    """Output with the tree's own absolute location (SARIF's root URI) taken out."""
    out, err = proc.stdout, proc.stderr
    for spelling in (str(root), root.as_uri()):
        out = out.replace(spelling.encode(), b"<root>")
        err = err.replace(spelling.encode(), b"<root>")
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def twin_trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same files written in opposite orders (so directory listings differ)."""
    names = sorted(_files())
    first = tmp_path_factory.mktemp("order") / "tree"
    second = tmp_path_factory.mktemp("order") / "tree"
    _build(first, names)
    shuffled = list(reversed(names))
    random.Random(7).shuffle(shuffled)
    _build(second, shuffled)
    candidates = Walker(Config(root=first)).walk([first])
    size = sum(c.size for c in candidates)
    too_small = len(candidates) <= engine.SMALL_SCAN_FILES or size < engine.SMALL_SCAN_BYTES
    assert not too_small, "the tree is too small to start workers"
    return first, second


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_tree_same_bytes_every_run(twin_trees: tuple[Path, Path], fmt: str) -> None:
    root, _ = twin_trees
    first = _run(root, fmt=fmt)
    assert_finished(first)
    assert first.stdout
    assert first.returncode == 1
    again = _run(root, fmt=fmt)
    assert (again.returncode, again.stdout, again.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_system_order_does_not_matter(twin_trees: tuple[Path, Path], fmt: str) -> None:
    first, second = twin_trees
    one = _normalised(_run(first, fmt=fmt), first)
    two = _normalised(_run(second, fmt=fmt), second)
    assert one == two
    assert not (first / ".sslint_cache").exists()


@pytest.mark.parametrize("fmt", ("sarif", "text"))
def test_hash_seed_does_not_matter(twin_trees: tuple[Path, Path], fmt: str) -> None:
    root, _ = twin_trees
    outputs = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        proc = subprocess.run(
            [*SSLINT, "--no-cache", "--jobs", "2", "--format", fmt, "."],
            cwd=root,
            env=env,
            capture_output=True,
            check=False,
        )
        outputs.add((proc.returncode, proc.stdout, proc.stderr))
    assert len(outputs) == 1
    ((code, out, _),) = outputs
    assert code == 1 and b"SSL101" in out


def _has_jobs_option() -> bool:
    done = subprocess.run([*SSLINT, "--help"], capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


@pytest.mark.skipif(not _has_jobs_option(), reason="this branch has no --jobs option yet")
@pytest.mark.parametrize("fmt", ("sarif", "text"))
def test_jobs_do_not_change_the_output(twin_trees: tuple[Path, Path], fmt: str) -> None:
    root, _ = twin_trees
    runs = {jobs: _run(root, "--jobs", jobs, ".", fmt=fmt) for jobs in ("1", "2", "4")}
    baseline = runs["1"]
    assert_finished(baseline)
    assert baseline.returncode == 1
    for proc in runs.values():
        assert (proc.returncode, proc.stdout, proc.stderr) == (
            baseline.returncode,
            baseline.stdout,
            baseline.stderr,
        )
