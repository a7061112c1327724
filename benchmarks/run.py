"""Benchmark sslint on real code, side by side with Ruff.

Trees: pinned sdists from the package registry, each made a git repository
(`real_trees.py`); local git checkouts (`--tree PATH`); files dense with
findings (`dense_files.py`); and, as an extra row, the synthetic tree of
`generate.py`. For each tree, with the page cache warm:

- the floor: reading every tracked file once (`git ls-files -z | xargs -0 cat`);
- cold: `sslint . --no-cache --format sarif` and
  `ruff check --no-cache --select S501,S323 --isolated .`, interleaved;
- warm: the same two with their caches, each made fresh by a first run that
  is not counted (sslint's `.sslint_cache/` in the tree, removed afterwards;
  Ruff's in the work folder);
- the pre-commit case: sslint on ten of the tree's files, those with findings first.

Each is run `--repeat` times (medians of wall and CPU seconds, the largest
peak RSS). Dense files are scanned cold and must give exactly the planted
findings. `sslint --version` is measured once per run, and both tools in a git
repository without files (the start-up floor: what any scan costs at least).

    python benchmarks/run.py [--trees prefect,awscli,dense] [--large] [--tree PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dense_files import write_dense
from generate import MANIFEST, generate
from real_trees import PINNED, FetchError, Tree, checkout, pinned_tree, tree_size
from results_table import (
    DenseResult,
    Pair,
    TreeResult,
    cold_table,
    dense_table,
    headline,
    other_table,
    warm_table,
)
from synthetic import planted_found
from timing import Command, interleaved, run_once

SMALL = [s.name for s in PINNED if not s.large]
NAMES = [s.name for s in PINNED] + ["synthetic", "dense"]
RUFF_RULES = ("--select", "S501,S323", "--isolated")
SSLINT_CACHE = ".sslint_cache"


def next_to_python(name: str) -> Optional[str]:
    """A command next to this interpreter (a virtualenv's bin), else on PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def sarif_findings(path: Path) -> list[tuple[str, int, str]]:
    """(path, line, rule) of every result in a SARIF log; [] if it cannot be read."""
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for run in log.get("runs", []):
        for result in run.get("results", []):
            where = result["locations"][0]["physicalLocation"]
            uri = unquote(where["artifactLocation"]["uri"])
            found.append((uri, int(where["region"]["startLine"]), str(result["ruleId"])))
    return found


def precommit_files(tree: Path, findings: Sequence[tuple[str, int, str]]) -> list[str]:
    """Ten of the tree's files as one commit might touch: three with findings, mixed kinds."""
    listed = _git_files(tree)
    known = set(listed)
    chosen = sorted({path for path, _, _ in findings if path in known})[:3]
    for suffix, count in ((".py", 3), ("Dockerfile", 1), (".sh", 1), (".yml", 1), (".md", 1)):
        chosen += [p for p in listed if p.endswith(suffix) and p not in chosen][:count]
    chosen += [p for p in listed if p not in chosen][: 10 - len(chosen)]
    return chosen[:10]


@contextlib.contextmanager
def fresh_sslint_cache(tree: Path) -> Iterator[Path]:
    """sslint's cache folder in `tree`, empty now and removed afterwards.

    A cache the tree had before is set aside and put back.
    """
    cache = tree / SSLINT_CACHE
    saved = tree / f"{SSLINT_CACHE}.before-benchmark"
    if saved.exists():  # left by an interrupted run: `cache` is that run's
        shutil.rmtree(cache, ignore_errors=True)
    elif cache.exists():
        cache.rename(saved)
    try:
        yield cache
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if saved.exists():
            saved.rename(cache)


class Bench:
    """The commands and settings of one benchmark run."""

    def __init__(self, args: argparse.Namespace, sslint: list[str], ruff: Optional[str]) -> None:
        self.repeat: int = args.repeat
        self.sslint = sslint
        self.ruff = ruff
        self.out: Path = args.work / "out"
        self.out.mkdir(parents=True, exist_ok=True)

    def sslint_scan(self, cwd: Path, paths: Sequence[str], sarif: Path, cold: bool) -> Command:
        no_cache = ("--no-cache",) if cold else ()
        argv = (*self.sslint, *no_cache, "--format", "sarif", "--", *paths)
        return Command(argv, cwd, sarif)

    def ruff_check(self, cwd: Path, path: str, cache: Optional[Path] = None) -> Optional[Command]:
        if self.ruff is None:
            return None
        where = ("--cache-dir", str(cache)) if cache else ("--no-cache",)
        return Command((self.ruff, "check", *where, *RUFF_RULES, "--", path), cwd)

    def empty(self, folder: Path) -> Pair:
        """sslint and Ruff in a git repository without files: what any scan costs at least."""
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / ".git").exists():
            subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        print("measuring an empty repository ...", file=sys.stderr)
        sslint = self.sslint_scan(folder, ["."], self.out / "empty.sarif", cold=True)
        ruff = self.ruff_check(folder, ".")
        summaries = interleaved([sslint] + ([ruff] if ruff else []), self.repeat)
        return Pair(summaries[0], summaries[1] if ruff else None)

    def tree(self, tree: Tree, planted: Optional[dict[str, Any]] = None) -> TreeResult:
        """Measure one tree (`planted`: the synthetic tree's manifest)."""
        print(f"measuring {tree.name} ({tree.files:,} files) ...", file=sys.stderr)
        floor = Command(("sh", "-c", "git ls-files -z | xargs -0 cat > /dev/null"), tree.path)
        run_once(floor)  # into the page cache
        sarif = self.out / f"{tree.name}.sarif"
        cold = [floor, self.sslint_scan(tree.path, ["."], sarif, cold=True)]
        ruff = self.ruff_check(tree.path, ".")
        summaries = interleaved(cold + ([ruff] if ruff else []), self.repeat)
        findings = sarif_findings(sarif)
        warm, warm_findings = self.warm(tree)
        ten = precommit_files(tree.path, findings)
        precommit = self.sslint_scan(tree.path, ten, self.out / "precommit.sarif", cold=True)
        reported = planted_found(sarif, planted) if planted else None
        return TreeResult(
            name=tree.name,
            origin=tree.origin,
            files=tree.files,
            bytes=tree.bytes,
            floor=summaries[0],
            cold=Pair(summaries[1], summaries[2] if ruff else None),
            warm=warm,
            precommit=interleaved([precommit], self.repeat)[0],
            findings=len(findings),
            warm_findings=warm_findings,
            planted=reported,
            extra=planted is not None,
        )

    def warm(self, tree: Tree) -> tuple[Pair, Optional[int]]:
        """Both tools with a cache made fresh by one uncounted run; sslint's findings then."""
        sarif = self.out / f"{tree.name}.warm.sarif"
        ruff_cache = self.out / "ruff-cache" / tree.name
        shutil.rmtree(ruff_cache, ignore_errors=True)
        scan = self.sslint_scan(tree.path, ["."], sarif, cold=False)
        ruff = self.ruff_check(tree.path, ".", ruff_cache)
        with fresh_sslint_cache(tree.path) as cache:
            for command in [scan] + ([ruff] if ruff else []):
                run_once(command)
            if not cache.is_dir():
                print(f"warning: sslint kept no cache in {cache}", file=sys.stderr)
            summaries = interleaved([scan] + ([ruff] if ruff else []), self.repeat)
        shutil.rmtree(ruff_cache, ignore_errors=True)
        pair = Pair(summaries[0], summaries[1] if ruff else None)
        return pair, len(sarif_findings(sarif))

    def dense(self, folder: Path) -> list[DenseResult]:
        results = []
        for dense in write_dense(folder):
            print(f"measuring {dense.name} ...", file=sys.stderr)
            sarif = self.out / f"{dense.name}.sarif"
            name = dense.path.name
            commands = [self.sslint_scan(dense.path.parent, [name], sarif, cold=True)]
            ruff = self.ruff_check(dense.path.parent, name) if name.endswith(".py") else None
            summaries = interleaved(commands + ([ruff] if ruff else []), self.repeat)
            lines = [line for _, line, _ in sarif_findings(sarif)]
            results.append(
                DenseResult(
                    name=dense.name,
                    bytes=dense.path.stat().st_size,
                    planted=len(dense.planted),
                    findings=len(lines),
                    on_planted_lines=len(set(lines) & set(dense.planted)),
                    scan=Pair(summaries[0], summaries[1] if ruff else None),
                )
            )
        return results


def _git_files(tree: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=tree, capture_output=True, text=True, check=True
    ).stdout
    return [p for p in listed.split("\0") if p]


def synthetic_tree(work: Path, files: int) -> tuple[Tree, dict[str, Any]]:
    """The generated tree of `files` files (made once), and its manifest."""
    path = work / f"tree-{files}-s1"
    if not (path / MANIFEST).exists():
        print(f"generating {files} files in {path} ...", file=sys.stderr)
        generate(path, files, 1)
    manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    count, size = tree_size(path)
    return Tree("synthetic", path, f"generate.py, {files:,} files, seed 1", count, size), manifest


def selected(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    """The named trees to measure, in the order of NAMES."""
    if args.trees is None:
        names = [] if args.tree else [*SMALL, "synthetic", "dense"]
    else:
        names = [n.strip() for n in args.trees.split(",") if n.strip()]
        unknown = sorted(set(names) - set(NAMES))
        if unknown:
            parser.error(f"unknown trees {', '.join(unknown)}; known: {', '.join(NAMES)}")
    if args.large:
        names.append("ansible")
    return [n for n in NAMES if n in names]


def version_of(argv: Sequence[str]) -> str:
    done = subprocess.run([*argv, "--version"], capture_output=True, text=True)
    return done.stdout.strip() or done.stderr.strip()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trees", help=f"comma-separated, of: {', '.join(NAMES)}")
    parser.add_argument("--large", action="store_true", help="add ansible (40,841 files, 285 MB)")
    parser.add_argument(
        "--tree", type=Path, action="append", default=[], help="a local git checkout to measure"
    )
    parser.add_argument("--repeat", type=int, default=5, help="rounds per measure (medians)")
    parser.add_argument("--skip-peers", action="store_true", help="do not run Ruff")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sslint-bench")
    parser.add_argument("--sslint", help="the sslint command (default: next to this Python)")
    parser.add_argument("--ruff", help="the ruff command (default: next to this Python)")
    parser.add_argument("--synthetic-files", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    names = selected(args, parser)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.work = args.work.resolve()
    sslint = shlex.split(args.sslint) if args.sslint else [next_to_python("sslint") or "sslint"]
    ruff = None if args.skip_peers else (args.ruff or next_to_python("ruff"))
    versions = {}
    for tool, command in (("sslint", sslint), ("ruff", [ruff] if ruff else [])):
        try:
            versions[tool] = version_of(command) if command else None
        except OSError as exc:
            parser.error(f"cannot run {tool} ({shlex.join(command)}): {exc}")
    bench = Bench(args, sslint, ruff)

    trees: list[tuple[Tree, Optional[dict[str, Any]]]] = []
    failed: list[str] = []
    for sdist in (s for s in PINNED if s.name in names):
        print(f"preparing {sdist.requirement} ...", file=sys.stderr)
        try:
            trees.append((pinned_tree(sdist, args.work), None))
        except FetchError as exc:
            print(f"skipping {sdist.name}: {exc}", file=sys.stderr)
            failed.append(sdist.requirement)
    for path in args.tree:
        try:
            trees.append((checkout(path), None))
        except (OSError, subprocess.CalledProcessError):
            parser.error(f"{path} is not a git checkout")
    if "synthetic" in names:
        trees.append(synthetic_tree(args.work, args.synthetic_files))

    load = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results = [bench.tree(tree, manifest) for tree, manifest in trees]
    dense = bench.dense(args.work / "dense") if "dense" in names else []
    version = interleaved([Command((*sslint, "--version"), args.work)], args.repeat)[0]
    empty = bench.empty(args.work / "empty")

    meta = {
        "date": started,
        **versions,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in (*load, *os.getloadavg())],
        "repeat": args.repeat,
    }
    print(
        f"{meta['sslint']} vs {meta['ruff'] or 'no peer'}, {started}, {meta['cpus']} CPUs, "
        f"load average {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"Python {meta['python']}, medians of {args.repeat} runs\n"
    )
    if results:
        print(f"Cold (`--no-cache`):\n\n{cold_table(results)}\n\n{headline(results)}\n")
        print(f"Warm (each tool's own cache, made by an uncounted run):\n\n{warm_table(results)}\n")
    if dense:
        print(f"Dense files (cold):\n\n{dense_table(dense)}\n")
    print(f"Start-up and pre-commit:\n\n{other_table(version, results, empty)}")
    problems = [p for r in results for p in r.problems()]
    problems += [p for d in dense for p in d.problems()]
    problems += [f"{name}: not downloaded" for name in failed]
    if problems:
        print("\nProblems:\n" + "\n".join(f"- {p}" for p in problems))
    if args.json:
        report = {
            "meta": meta,
            "trees": [asdict(r) for r in results],
            "dense": [asdict(r) for r in dense],
            "version": asdict(version),
            "empty": asdict(empty),
            "failed": failed,
        }
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
