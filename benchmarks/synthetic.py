"""Benchmark sslint on a generated tree, with Ruff and Bandit side by side.

For each command it reports wall seconds (median of `--repeat` runs), CPU
seconds (user + system of the process and its children), peak RSS of the
largest process (`wait4` rusage), files/s and MB/s. Rows:

- full scan of the tree (`sslint .` from its top; cold: `--no-cache` when the
  option exists, and also with one job and with a warm cache when they exist);
- the pre-commit case: 10 files named on the command line;
- `sslint --version` (start-up);
- reading every file once (`git ls-files | xargs cat`), the floor;
- `ruff check --select S501,S323 --no-cache` and `bandit -r -t B501,B323`
  on the same tree, where installed, with the ratios to sslint;
- with `--scaling 1000,10000,50000`: the full scan at each size.

It also checks that every finding planted by the generator is reported.

    python benchmarks/synthetic.py [--files 10000] [--scaling 1000,10000,50000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import MANIFEST, generate
from timing import Command, Summary, run_once


@dataclass
class Measure:
    """One command's cost."""

    label: str
    wall: float
    cpu: float
    rss_mb: float
    status: int
    files: int = 0
    size_mb: float = 0.0

    def row(self) -> str:
        rate = f"{self.files / self.wall:,.0f}" if self.files else ""
        mbs = f"{self.size_mb / self.wall:,.1f}" if self.size_mb else ""
        return (
            f"| {self.label} | {self.wall:.3f} | {self.cpu:.2f} | {self.rss_mb:.0f} "
            f"| {rate} | {mbs} |"
        )


def measure(
    label: str,
    cmd: list[str],
    cwd: Path,
    repeat: int,
    files: int = 0,
    size_mb: float = 0.0,
    stdout: Optional[Path] = None,
) -> Measure:
    runs = [run_once(Command(tuple(cmd), cwd, stdout)) for _ in range(repeat)]
    summary = Summary.of(runs)
    return Measure(
        label,
        wall=summary.wall,
        cpu=summary.cpu,
        rss_mb=summary.rss_mb,
        status=runs[-1].status,
        files=files,
        size_mb=size_mb,
    )


def tool(name: str) -> Optional[str]:
    """A command next to this interpreter (a virtualenv's bin) or on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def tree(work: Path, files: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The generated tree of `files` files (made once, then reused)."""
    path = work / f"tree-{files}-s{seed}"
    manifest_path = path / MANIFEST
    if not manifest_path.exists():
        print(f"generating {files} files in {path} ...", file=sys.stderr)
        generate(path, files, seed)
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    return path, manifest


def precommit_files(root: Path, manifest: dict[str, Any]) -> list[str]:
    """Ten files of mixed kinds, as a pre-commit run on one change would name.

    The worst case of such a run: three of them hold a planted Python finding,
    so libcst is loaded and used.
    """
    listed = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    planted = [str(p["path"]) for p in manifest["planted"] if str(p["path"]).endswith(".py")]
    chosen = list(dict.fromkeys(planted))[:3]
    wanted = [(".py", 3), ("Dockerfile", 1), (".sh", 1), (".yml", 1), (".md", 1)]
    for suffix, count in wanted:
        chosen.extend([p for p in listed if p.endswith(suffix) and p not in chosen][:count])
    return chosen


def planted_found(sarif_path: Path, manifest: dict[str, Any]) -> tuple[int, int]:
    """(found, planted): how many planted findings a SARIF log reports."""
    planted: list[dict[str, Any]] = manifest["planted"]
    try:
        log = json.loads(sarif_path.read_text())
    except (OSError, ValueError):
        return 0, len(planted)
    seen: set[tuple[str, int, str]] = set()
    for run in log.get("runs", []):
        for result in run.get("results", []):
            loc = result["locations"][0]["physicalLocation"]
            uri = loc["artifactLocation"]["uri"].split("file://")[-1]
            seen.add((uri, loc["region"]["startLine"], result["ruleId"].split("/")[0]))
    found = sum(
        any(
            uri.endswith(p["path"]) and (line, rule) == (p["line"], p["rule"])
            for uri, line, rule in seen
        )
        for p in planted
    )
    return found, len(planted)


def header(extra: str = "") -> str:
    more = f" {extra} |" if extra else ""
    return (
        f"| command | wall s | CPU s | peak RSS MB | files/s | MB/s |{more}\n"
        f"|---|---:|---:|---:|---:|---:|{'---:|' if extra else ''}"
    )


def bench_tree(
    args: argparse.Namespace, sslint: list[str], files: int, full: bool
) -> list[Measure]:
    root, manifest = tree(args.work, files, args.seed)
    nfiles = int(str(manifest["files"]))
    size_mb = int(str(manifest["bytes"])) / 1e6
    help_text = subprocess.run([*sslint, "--help"], capture_output=True, text=True).stdout
    cold = ["--no-cache"] if "--no-cache" in help_text else []
    fmt = ["--format", "sarif"] if "sarif" in help_text else []
    rows: list[Measure] = []
    sarif = args.work / "last.sarif"
    scan = [*sslint, ".", *fmt, *cold]
    rows.append(
        measure(f"sslint . ({nfiles} files)", scan, root, args.repeat, nfiles, size_mb, sarif)
    )
    found, planted = planted_found(sarif, manifest)
    print(
        f"{nfiles} files, {size_mb:.1f} MB: planted findings reported: {found}/{planted}",
        file=sys.stderr,
    )
    if not full:
        return rows
    if "--jobs" in help_text:
        rows.append(
            measure("sslint . --jobs 1", [*scan, "--jobs", "1"], root, args.repeat, nfiles, size_mb)
        )
    if cold:
        warm = [*sslint, ".", *fmt]
        run_once(Command(tuple(warm), root))  # fill the cache
        rows.append(measure("sslint . (warm cache)", warm, root, args.repeat, nfiles, size_mb))
        shutil.rmtree(root / ".sslint_cache", ignore_errors=True)
    ten = precommit_files(root, manifest)
    rows.append(
        measure(
            "sslint <10 files> (pre-commit)", [*sslint, *cold, *ten], root, args.repeat, len(ten)
        )
    )
    rows.append(measure("sslint --version", [*sslint, "--version"], root, args.repeat))
    rows.append(
        measure(
            "read every file (git ls-files | xargs cat)",
            ["sh", "-c", "git ls-files -z | xargs -0 cat > /dev/null"],
            root,
            args.repeat,
            nfiles,
            size_mb,
        )
    )
    ruff = tool("ruff")
    if ruff and not args.skip_peers:
        rows.append(
            measure(
                "ruff check --select S501,S323 --no-cache",
                [ruff, "check", "--select", "S501,S323", "--no-cache", "."],
                root,
                args.repeat,
                nfiles,
                size_mb,
            )
        )
    bandit = tool("bandit")
    if bandit and not args.skip_peers:
        rows.append(
            measure(
                "bandit -r -t B501,B323",
                [bandit, "-q", "-r", "-t", "B501,B323", "."],
                root,
                1,
                nfiles,
                size_mb,
            )
        )
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scaling", default="", help="comma-separated tree sizes, e.g. 1000,10000")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sslint-bench")
    parser.add_argument("--sslint", default="", help="how to run sslint (default: the venv's)")
    parser.add_argument("--skip-peers", action="store_true", help="do not run ruff and bandit")
    parser.add_argument("--json", type=Path, help="also write the measures here")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sslint = args.sslint.split() if args.sslint else [tool("sslint") or "sslint"]

    version = subprocess.run([*sslint, "--version"], capture_output=True, text=True).stdout
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{version.strip()} on {os.cpu_count()} CPUs (load average {load}), "
        f"Python {sys.version.split()[0]}\n"
    )
    rows = bench_tree(args, sslint, args.files, full=True)
    print(header())
    for m in rows:
        print(m.row())
    scan = rows[0]
    print()
    for m in rows:
        if m.label.startswith(("ruff", "bandit")):
            print(
                f"- {m.label}: {m.wall / scan.wall:.2f}x sslint's wall time "
                f"(sslint is {m.wall / scan.wall:.1f}x faster)"
                if m.wall >= scan.wall
                else f"- {m.label}: sslint takes {scan.wall / m.wall:.2f}x its wall time"
            )
    scaling: list[Measure] = []
    if args.scaling:
        for size in (int(s) for s in args.scaling.split(",")):
            scaling.extend(bench_tree(args, sslint, size, full=False))
        print("\nScaling (full scan):\n")
        print(header("ms per 1k files"))
        for m in scaling:
            print(m.row() + f" {m.wall / m.files * 1e6:.0f} |")
    if args.json:
        args.json.write_text(json.dumps([m.__dict__ for m in rows + scaling], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
