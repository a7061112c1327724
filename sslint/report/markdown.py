"""Markdown: a table of every finding (the GitHub Action's job summary)."""

from __future__ import annotations

import re

from sslint.linter.config import Config
from sslint.report.config_summary import config_source, hiding_settings
from sslint.report.model import AddedByChange, Report
from sslint.report.sarif import valid_unicode
from sslint.report.text import summary

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")
_LEVEL_ICONS = {"error": "🔴 error", "warning": "🟠 warning", "note": "🔵 note"}
ANNOTATION_LIMIT_NOTE = (
    "GitHub shows at most 10 error and 10 warning annotations per step; "
    "this table lists every finding."
)


def cell(text: str) -> str:
    """Text made inert inside a Markdown table cell (no markup, links, HTML or breaks)."""
    text = " ".join(valid_unicode(text).split())
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def render(report: Report) -> str:
    """A heading, the counts, and a table of the findings."""
    lines = ["## sslint", "", summary(report)]
    if report.added is not None and (report.added.suppressions or report.added.settings):
        lines += _added(report.added)
    if report.findings:
        lines += [
            "",
            ANNOTATION_LIMIT_NOTE,
            "",
            "| Rule | Level | Location | Message |",
            "|---|---|---|---|",
        ]
        for finding in report.findings:
            rule = report.rule(finding.rule_id)
            span = finding.span
            where = f"{finding.path}:{span.start_line}:{span.start_column}"
            level = report.level(finding)
            lines.append(
                f"| {cell(finding.rule_id)} {cell(rule.name)} | {_LEVEL_ICONS.get(level, level)} "
                f"| {cell(where)} | {cell(finding.message)} |"
            )
    if report.incomplete:
        lines += ["", "### Not fully analysed", "", "| Location | Why |", "|---|---|"]
        for notice in report.incomplete:
            where = f"{notice.path}:{notice.line}" if notice.line else notice.path
            lines.append(f"| {cell(where)} | {cell(notice.message)} |")
    if report.suppressed:
        lines += ["", "### Suppressed by in-file comments", "", "| Rule | Location | Comment |"]
        lines.append("|---|---|---|")
        for finding in report.suppressed:
            kept = finding.suppression
            where = f"{finding.path}:{finding.span.start_line}:{finding.span.start_column}"
            comment = "" if kept is None else f"{kept.comment} {kept.justification}"
            lines.append(f"| {cell(finding.rule_id)} | {cell(where)} | {cell(comment)} |")
    if report.baselined:
        lines += ["", f"{report.baselined} known findings are in the baseline and not listed."]
    if report.config is not None:
        lines += _configuration(report.config)
    return "\n".join(lines) + "\n"


def _added(added: AddedByChange) -> list[str]:
    """What the change adds that hides findings: first, for the reviewer."""
    lines = [
        "",
        f"### Added by this change (since {cell(added.base[:12])}): hides findings",
        "",
        "| Added | Where | Hides |",
        "|---|---|---|",
    ]
    for finding in added.suppressions:
        kept = finding.suppression
        assert kept is not None
        hidden = f"{finding.rule_id} at {finding.path}:{finding.span.start_line}"
        comment = f"in-file comment {kept.comment} {kept.justification}"
        lines.append(
            f"| {cell(comment)} | {cell(f'{finding.path}:{kept.line}')} | {cell(hidden)} |"
        )
    for key, value in added.settings:
        lines.append(f"| {cell(f'setting {key}')} | {cell(added.config)} | {cell(value)} |")
    return lines


def _configuration(config: Config) -> list[str]:
    """The configuration file read and every setting in it that hides findings."""
    lines = ["", "### Configuration", "", f"Read from: {cell(config_source(config))}."]
    settings = hiding_settings(config)
    if settings:
        lines += ["", "| Setting | Hides |", "|---|---|"]
        lines += [f"| {cell(key)} | {cell(value)} |" for key, value in settings]
    else:
        lines += ["", "No setting hides findings."]
    return lines
