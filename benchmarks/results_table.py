"""The benchmark's results: what was measured per tree and file, as Markdown tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from timing import Summary, ratio


@dataclass(frozen=True)
class Pair:
    """sslint and Ruff measured in the same rounds, interleaved."""

    sslint: Summary
    ruff: Optional[Summary]

    @property
    def ratio(self) -> Optional[float]:
        return ratio(self.sslint, self.ruff)


@dataclass(frozen=True)
class TreeResult:
    """One tree: read floor, cold and warm scans, the pre-commit case."""

    name: str
    origin: str
    files: int
    bytes: int
    floor: Summary
    cold: Pair
    warm: Optional[Pair]
    precommit: Optional[Summary]
    findings: int
    warm_findings: Optional[int] = None
    planted: Optional[tuple[int, int]] = None  # (reported, planted): the synthetic tree
    extra: bool = False  # never part of the headline

    def problems(self) -> list[str]:
        said = _exits(self.name, self.cold) + (_exits(self.name, self.warm) if self.warm else [])
        if self.warm_findings is not None and self.warm_findings != self.findings:
            said.append(
                f"{self.name}: {self.warm_findings} findings with the cache, "
                f"{self.findings} without"
            )
        if self.planted and self.planted[0] != self.planted[1]:
            said.append(f"{self.name}: {self.planted[0]} of {self.planted[1]} planted reported")
        return said


@dataclass(frozen=True)
class DenseResult:
    """One dense file: the cold scan, and whether exactly the planted lines were reported."""

    name: str
    bytes: int
    planted: int
    findings: int
    on_planted_lines: int
    scan: Pair

    @property
    def complete(self) -> bool:
        return self.findings == self.planted == self.on_planted_lines

    def problems(self) -> list[str]:
        said = _exits(self.name, self.scan)
        if not self.complete:
            said.append(
                f"{self.name}: {self.findings} findings, {self.on_planted_lines} on the "
                f"{self.planted} planted lines"
            )
        return said


def _exits(name: str, pair: Pair) -> list[str]:
    said = []
    if pair.sslint.status > 1:
        said.append(f"{name}: sslint exited with {pair.sslint.status}")
    if pair.ruff and pair.ruff.status > 1:
        said.append(f"{name}: ruff exited with {pair.ruff.status}")
    return said


def seconds(value: float) -> str:
    """Seconds to three significant digits or so: 0.162, 9.41, 37.2."""
    if value < 1:
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def times(value: Optional[float]) -> str:
    return "" if value is None else f"{value:.1f}x"


def megabytes(count: int) -> str:
    return f"{count / 1e6:,.1f}"


def markdown(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; every column but the first is right-aligned."""
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|---|" + "---:|" * (len(headers) - 1))
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _costs(summary: Optional[Summary]) -> list[str]:
    if summary is None:
        return ["", "", ""]
    return [seconds(summary.wall), f"{summary.cpu:.2f}", f"{summary.rss_mb:.0f}"]


def _tree_label(result: TreeResult) -> str:
    return f"{result.name} (extra)" if result.extra else result.name


def cold_table(results: Sequence[TreeResult]) -> str:
    headers = [
        "tree", "source", "files", "MB", "read all s", "sslint s", "sslint CPU s",
        "sslint RSS MB", "ruff s", "ruff CPU s", "ruff RSS MB", "sslint/ruff", "findings",
    ]  # fmt: skip
    rows = []
    for r in results:
        found = f"{r.planted[0]}/{r.planted[1]} planted" if r.planted else f"{r.findings:,}"
        size = [f"{r.files:,}", megabytes(r.bytes), seconds(r.floor.wall)]
        costs = [*_costs(r.cold.sslint), *_costs(r.cold.ruff), times(r.cold.ratio)]
        rows.append([_tree_label(r), r.origin, *size, *costs, found])
    return markdown(headers, rows)


def warm_table(results: Sequence[TreeResult]) -> str:
    headers = [
        "tree", "sslint s", "sslint CPU s", "sslint RSS MB", "ruff s", "ruff CPU s",
        "ruff RSS MB", "sslint/ruff", "findings",
    ]  # fmt: skip
    rows = []
    for r in results:
        if r.warm:
            costs = [*_costs(r.warm.sslint), *_costs(r.warm.ruff), times(r.warm.ratio)]
            found = "" if r.warm_findings is None else f"{r.warm_findings:,}"
            rows.append([_tree_label(r), *costs, found])
    return markdown(headers, rows)


def dense_table(results: Sequence[DenseResult]) -> str:
    headers = [
        "file", "MB", "findings / planted", "sslint s", "sslint CPU s", "sslint RSS MB",
        "sslint MB/s", "ruff s", "sslint/ruff",
    ]  # fmt: skip
    rows = []
    for r in results:
        mark = "" if r.complete else " (wrong)"
        rate = r.bytes / 1e6 / r.scan.sslint.wall if r.scan.sslint.wall > 0 else 0.0
        ruff = seconds(r.scan.ruff.wall) if r.scan.ruff else ""
        found = f"{r.findings:,} / {r.planted:,}{mark}"
        costs = [*_costs(r.scan.sslint), f"{rate:.2f}", ruff, times(r.scan.ratio)]
        rows.append([r.name, megabytes(r.bytes), found, *costs])
    return markdown(headers, rows)


def other_table(
    version: Summary, results: Sequence[TreeResult], empty: Optional[Pair] = None
) -> str:
    """`--version`, the scan of an empty repository (the start-up floor) and pre-commit."""
    rows = [["`sslint --version`", *_costs(version)]]
    if empty is not None:
        rows.append(["`sslint .` in an empty repository (start-up floor)", *_costs(empty.sslint)])
        if empty.ruff is not None:
            rows.append(["`ruff check .` in an empty repository", *_costs(empty.ruff)])
    rows.extend(
        [f"`sslint <10 files>` (pre-commit) in {r.name}", *_costs(r.precommit)]
        for r in results
        if r.precommit
    )
    return markdown(["command", "wall s", "CPU s", "RSS MB"], rows)


def headline(results: Sequence[TreeResult]) -> str:
    """The cold ratio to Ruff over the real trees (the synthetic one left out)."""
    ratios = [(r.cold.ratio, r.name) for r in results if not r.extra and r.cold.ratio]
    if not ratios:
        return "No real tree was measured side by side with Ruff."
    low, high = min(ratios), max(ratios)
    span = f"{times(low[0])} ({low[1]})"
    if high != low:
        span += f" to {times(high[0])} ({high[1]})"
    return f"Real trees, cold: sslint takes {span} Ruff's wall time."
