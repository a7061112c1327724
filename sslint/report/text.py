"""Text, like ruff: `path:line:col: RULE [level] message`, a code frame, the fix, a summary."""

from __future__ import annotations

from itertools import islice
from typing import Any, Iterator

import click

from sslint.linter.findings import Finding
from sslint.report.model import Report, fix_summary
from sslint.report.parts import PartsRender
from sslint.report.safe_text import render_line, safe
from sslint.rules.base import ERROR, NOTE, WARNING

MAX_FRAME_LINES = 4
_LEVEL_COLORS = {ERROR: "red", WARNING: "yellow", NOTE: "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(report: Report) -> str:
    """The closing line: how many findings of each level, in how many files.

    Suppressed findings and files not fully analysed are counted after it.
    """
    files = _plural(report.files_scanned, "file")
    if not report.findings:
        line = f"No findings in {files}."
    else:
        counts = report.counts()
        line = (
            f"Found {_plural(len(report.findings), 'finding')} "
            f"({_plural(counts[ERROR], 'error')}, {_plural(counts[WARNING], 'warning')}, "
            f"{_plural(counts[NOTE], 'note')}) in {files}."
        )
    return " ".join([line, *gate_notes(report)])


def gate_notes(report: Report) -> list[str]:
    """Sentences on what the count leaves out: suppressed findings, incomplete files."""
    notes = []
    if report.suppressed:
        where = "listed" if report.show_suppressed else "shown with --show-suppressed"
        count = _plural(len(report.suppressed), "finding")
        notes.append(f"{count} suppressed by in-file comments ({where}).")
    if report.incomplete_files:
        files = _plural(report.incomplete_files, "file")
        notes.append(f"Scan incomplete: {files} not fully analysed.")
    return notes


def suppression_text(finding: Finding) -> str:
    """`suppressed by `# comment` on line N: reason`, made safe."""
    kept = finding.suppression
    if kept is None:
        return ""
    text = f"suppressed by `{kept.comment}` on line {kept.line}"
    if kept.justification:
        text += f": {kept.justification}"
    return safe(text)


class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, **styles: Any) -> str:
        return click.style(text, **styles) if self.enabled else text


def headline(report: Report, finding: Finding, style: _Style) -> str:
    """`path:line:col: RULE [level] message`, made safe for a terminal."""
    level = report.level(finding)
    color = _LEVEL_COLORS.get(level, "red")
    span = finding.span
    where = style(f"{safe(finding.path)}:{span.start_line}:{span.start_column}:", bold=True)
    rule = style(finding.rule_id, fg=color, bold=True)
    return f"{where} {rule} [{style(level, fg=color)}] {safe(finding.message)}"


def code_frame(report: Report, finding: Finding, style: _Style) -> list[str]:
    """The offending lines with a caret underline under the span."""
    span = finding.span
    last = min(span.end_line, span.start_line + MAX_FRAME_LINES - 1)
    if span.end_column == 1 and span.end_line > span.start_line:
        last = min(last, span.end_line - 1)  # the span ends at a line break
    lines = [(n, report.sources.line(finding.path, n)) for n in range(span.start_line, last + 1)]
    if not any(text for _, text in lines) and report.sources.source(finding.path) is None:
        return []
    gutter = len(str(last))
    pad = " " * gutter
    color = _LEVEL_COLORS.get(report.level(finding), "red")
    out = [style(f"{pad} |", fg="blue")]
    for number, text in lines:
        shown, starts = render_line(text)
        first_col = span.start_column - 1 if number == span.start_line else 0
        end_col = span.end_column - 1 if number == span.end_line else len(text)
        first_col = max(0, min(first_col, len(text)))
        end_col = max(first_col, min(end_col, len(text)))
        start_at, end_at = starts[first_col], starts[end_col]
        marks = "^" * max(1, end_at - start_at)
        out.append(style(f"{number:>{gutter}} |", fg="blue") + (" " + shown if shown else ""))
        out.append(style(f"{pad} |", fg="blue") + " " + " " * start_at + style(marks, fg=color))
    if last < span.end_line:
        out.append(style(f"{pad} |", fg="blue") + " ...")
    return out


def render_pieces(report: Report) -> Iterator[str]:
    """The text of `render` in parts, a batch of findings each."""
    blocks = _blocks(report)
    started = False
    while True:
        batch = list(islice(blocks, 1000))
        if not batch:
            break
        yield ("\n\n" if started else "") + "\n\n".join(batch)
        started = True
    if report.quiet:
        if started:
            yield "\n"
        return
    yield ("\n\n" if started else "") + summary(report) + "\n"


def _blocks(report: Report) -> Iterator[str]:
    """Each finding's headline, code frame, suppression note and fix."""
    style = _Style(report.color)
    fixes: dict[str, str] = {}  # rule ID -> its fix summary, made safe
    shown = [*report.findings, *(report.suppressed if report.show_suppressed else ())]
    for finding in shown:
        lines = [headline(report, finding, style), *code_frame(report, finding, style)]
        pad = " " * len(str(min(finding.span.end_line, finding.span.start_line + 3)))
        if finding.suppression is not None:
            lines.append(f"{pad} = {style('note', bold=True)}: {suppression_text(finding)}")
        fix = fixes.get(finding.rule_id)
        if fix is None:
            fix = fixes[finding.rule_id] = safe(fix_summary(report.rule(finding.rule_id)))
        if fix:
            lines.append(f"{pad} = {style('help', bold=True)}: {fix}")
        yield "\n".join(lines)


# The whole text report.
render = PartsRender(render_pieces)
