"""The benchmark's parts that need no network and no timing.

An sdist made here becomes a git repository; the dense files plant what
sslint reports, line for line; medians, ratios and tables come out as
expected. Nothing here measures time.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from sslint.linter.config import Config
from sslint.linter.engine import scan

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import dense_files  # noqa: E402
import real_trees  # noqa: E402
import results_table  # noqa: E402
from timing import Run, Summary, ratio  # noqa: E402

# `run` names fuzz/run.py too: load the benchmark's under a name of its own.
_SPEC = importlib.util.spec_from_file_location("benchmark_run", BENCHMARKS / "run.py")
assert _SPEC is not None and _SPEC.loader is not None
run = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(run)

FILES = {
    "pkg-1.0/setup.py": b"from setuptools import setup\nsetup(name='pkg')\n",
    "pkg-1.0/pkg/__init__.py": b"import requests\n",
    "pkg-1.0/.gitignore": b"*.log\n",
    "pkg-1.0/build.log": b"ignored\n",
}


def _sdist(cache: Path, name: str, version: str, suffix: str) -> None:
    """An sdist-like archive where `download` looks first, so pip never runs."""
    folder = cache / "sdists" / f"{name}-{version}"
    folder.mkdir(parents=True)
    archive = folder / f"{name}-{version}{suffix}"
    if suffix == ".zip":
        with zipfile.ZipFile(archive, "w") as out:
            for path, data in FILES.items():
                out.writestr(path, data)
        return
    with tarfile.open(archive, "w:gz") as out:
        for path, data in FILES.items():
            info = tarfile.TarInfo(path)
            info.size, info.uid, info.uname = len(data), 4242, "someone"
            out.addfile(info, io.BytesIO(data))


def _git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize("suffix", [".tar.gz", ".zip"])
def test_an_sdist_becomes_a_git_repository_with_one_fixed_commit(
    tmp_path: Path, suffix: str
) -> None:
    _sdist(tmp_path / "a", "pkg", "1.0", suffix)
    tree = real_trees.pinned_tree(real_trees.Sdist("pkg", "1.0"), tmp_path / "a")

    assert tree.path == tmp_path / "a" / "trees" / "pkg-1.0"
    assert _git(tree.path, "ls-files").split("\n") == [".gitignore", "pkg/__init__.py", "setup.py"]
    assert (tree.path / "build.log").is_file()  # unpacked, ignored as in a checkout
    assert _git(tree.path, "log", "--format=%an <%ae> %aI %cI %s") == (
        "sslint benchmark <bench@sslint.invalid> 2000-01-01T00:00:00+00:00 "
        "2000-01-01T00:00:00+00:00 pkg==1.0 (sdist)"
    )
    assert _git(tree.path, "status", "--porcelain") == ""
    assert (tree.name, tree.files) == ("pkg", 3)
    assert tree.bytes == sum(len(d) for p, d in FILES.items() if not p.endswith(".log"))
    commit = _git(tree.path, "rev-parse", "--short", "HEAD")
    assert tree.origin == f"sdist pkg==1.0 @{commit}"

    # The same sdist gives the same commit anywhere; a made tree is reused as it is.
    _sdist(tmp_path / "b", "pkg", "1.0", suffix)
    again = real_trees.pinned_tree(real_trees.Sdist("pkg", "1.0"), tmp_path / "b")
    assert again.origin == tree.origin
    (tree.path / "setup.py").unlink()
    assert real_trees.pinned_tree(real_trees.Sdist("pkg", "1.0"), tmp_path / "a").files == 2


def test_a_tar_is_unpacked_without_its_owners(tmp_path: Path) -> None:
    _sdist(tmp_path, "pkg", "1.0", ".tar.gz")
    into = tmp_path / "into"
    into.mkdir()
    top = real_trees.unpack(tmp_path / "sdists" / "pkg-1.0" / "pkg-1.0.tar.gz", into)
    assert top == into / "pkg-1.0"
    assert (top / "setup.py").stat().st_uid == (tmp_path / "sdists").stat().st_uid


def test_a_checkout_is_named_after_its_folder(tmp_path: Path) -> None:
    top = tmp_path / "conda"
    (top / "sub").mkdir(parents=True)
    (top / "sub" / "a.py").write_bytes(b"x = 1\n")
    real_trees.commit_all(top, "one")
    tree = real_trees.checkout(top / "sub")
    assert (tree.name, tree.path, tree.files, tree.bytes) == ("conda", top, 1, 6)
    assert tree.origin == f"git checkout @{_git(top, 'rev-parse', '--short', 'HEAD')}"


@pytest.mark.parametrize(
    ("generator", "count", "size", "line"),
    [
        (dense_files.python_requests, 60_000, 3_648_907, "verify=False"),
        (dense_files.shell_curl, 100_000, 3_188_909, "curl -k "),
        (dense_files.gitlab_pip, 20_000, 1_228_890, "--trusted-host"),
    ],
)
def test_dense_files_plant_one_switch_per_planted_line(
    generator: dense_files.Generator, count: int, size: int, line: str
) -> None:
    text, planted = generator()
    assert (len(planted), len(text.encode())) == (count, size)
    lines = text.split("\n")
    holding = [n for n, content in enumerate(lines, start=1) if line in content]
    assert holding == planted


def test_sslint_reports_exactly_the_planted_lines(tmp_path: Path) -> None:
    made = dense_files.write_dense(tmp_path, size=2)
    config = Config(root=tmp_path, jobs=1, cache=False)
    found = sorted(
        (Path(f.path).name, f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for d in made
        for f in scan([d.path], config).findings
    )
    assert found == [
        (".gitlab-ci.yml", "SSL101", 3, 19, 33),
        (".gitlab-ci.yml", "SSL101", 6, 19, 33),
        ("big.py", "SSL301", 3, 44, 56),
        ("big.py", "SSL301", 4, 44, 56),
        ("big.sh", "SSL201", 3, 6, 8),
        ("big.sh", "SSL201", 4, 6, 8),
    ]
    assert [d.planted for d in made] == [(3, 4), (3, 4), (3, 6)]


def _summary(wall: float, cpu: float = 1.0, rss: float = 30.0, status: int = 0) -> Summary:
    return Summary(wall=wall, cpu=cpu, rss_mb=rss, status=status, runs=3)


def test_medians_of_wall_and_cpu_the_largest_rss_and_status() -> None:
    runs = [Run(3.0, 5.0, 40.0, 1), Run(1.0, 2.0, 90.0, 1), Run(2.0, 9.0, 50.0, 2)]
    assert Summary.of(runs) == Summary(wall=2.0, cpu=5.0, rss_mb=90.0, status=2, runs=3)
    assert ratio(_summary(6.0), _summary(2.0)) == 3.0
    assert ratio(_summary(6.0), None) is None


def _tree(name: str, sslint: float, ruff: float, extra: bool = False) -> results_table.TreeResult:
    pair = results_table.Pair(_summary(sslint, cpu=2 * sslint, rss=41), _summary(ruff, rss=28))
    return results_table.TreeResult(
        name=name,
        origin=f"sdist {name}==1.0 @abc1234",
        files=2_652,
        bytes=19_600_000,
        floor=_summary(0.039),
        cold=pair,
        warm=results_table.Pair(_summary(0.26), _summary(0.011, status=2)),
        precommit=_summary(0.44),
        findings=12,
        warm_findings=11,
        planted=(124, 125) if extra else None,
        extra=extra,
    )


def test_tree_tables_headline_and_problems() -> None:
    trees = [_tree("libcloud", 2.2, 0.13), _tree("awscli", 0.6, 0.3), _tree("syn", 9, 1, True)]
    assert results_table.cold_table(trees).split("\n")[2:] == [
        "| libcloud | sdist libcloud==1.0 @abc1234 | 2,652 | 19.6 | 0.039 | 2.20 | 4.40 | 41 "
        "| 0.130 | 1.00 | 28 | 16.9x | 12 |",
        "| awscli | sdist awscli==1.0 @abc1234 | 2,652 | 19.6 | 0.039 | 0.600 | 1.20 | 41 "
        "| 0.300 | 1.00 | 28 | 2.0x | 12 |",
        "| syn (extra) | sdist syn==1.0 @abc1234 | 2,652 | 19.6 | 0.039 | 9.00 | 18.00 | 41 "
        "| 1.00 | 1.00 | 28 | 9.0x | 124/125 planted |",
    ]
    assert results_table.warm_table(trees[:1]).split("\n")[2:] == [
        "| libcloud | 0.260 | 1.00 | 30 | 0.011 | 1.00 | 30 | 23.6x | 11 |"
    ]
    assert results_table.headline(trees) == (
        "Real trees, cold: sslint takes 2.0x (awscli) to 16.9x (libcloud) Ruff's wall time."
    )
    assert trees[2].problems() == [
        "syn: ruff exited with 2",
        "syn: 11 findings with the cache, 12 without",
        "syn: 124 of 125 planted reported",
    ]
    assert results_table.other_table(_summary(0.047), trees[:1]).split("\n") == [
        "| command | wall s | CPU s | RSS MB |",
        "|---|---:|---:|---:|",
        "| `sslint --version` | 0.047 | 1.00 | 30 |",
        "| `sslint <10 files>` (pre-commit) in libcloud | 0.440 | 1.00 | 30 |",
    ]
    empty = results_table.Pair(_summary(0.118), _summary(0.004))
    assert results_table.other_table(_summary(0.047), [], empty).split("\n")[2:] == [
        "| `sslint --version` | 0.047 | 1.00 | 30 |",
        "| `sslint .` in an empty repository (start-up floor) | 0.118 | 1.00 | 30 |",
        "| `ruff check .` in an empty repository | 0.004 | 1.00 | 30 |",
    ]


def test_dense_table_marks_a_wrong_count() -> None:
    result = results_table.DenseResult(
        name="dense-shell",
        bytes=3_188_909,
        planted=100_000,
        findings=99_999,
        on_planted_lines=99_999,
        scan=results_table.Pair(_summary(16.8), None),
    )
    assert results_table.dense_table([result]).split("\n")[2] == (
        "| dense-shell | 3.2 | 99,999 / 100,000 (wrong) | 16.8 | 1.00 | 30 | 0.19 |  |  |"
    )
    assert result.problems() == ["dense-shell: 99999 findings, 99999 on the 100000 planted lines"]


def test_a_cache_the_tree_had_is_put_back(tmp_path: Path) -> None:
    (tmp_path / ".sslint_cache").mkdir()
    (tmp_path / ".sslint_cache" / "mine").write_text("kept")
    with run.fresh_sslint_cache(tmp_path) as cache:
        assert not cache.exists()
        cache.mkdir()
        (cache / "entry").write_text("made by the benchmark")
    assert [p.name for p in (tmp_path / ".sslint_cache").iterdir()] == ["mine"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sslint_cache"]
