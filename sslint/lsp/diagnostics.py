"""Findings of one open document, as LSP diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pathspec
from lsprotocol import types

from sslint.linter.config import Config, ConfigError, find_config, load_config, relative_posix
from sslint.linter.engine import scan_bytes
from sslint.linter.findings import Finding
from sslint.report.model import fix_summary
from sslint.report.rule_docs import help_uri
from sslint.rules import all_rules, rule_by_id
from sslint.rules.base import ERROR, WARNING

SOURCE = "sslint"
_SEVERITY = {ERROR: types.DiagnosticSeverity.Error, WARNING: types.DiagnosticSeverity.Warning}


@dataclass(frozen=True)
class Checked:
    """The diagnostics of a document (in code points), or why there are none."""

    diagnostics: list[types.Diagnostic]
    problem: Optional[str] = None


def inside(path: Path, folders: list[Path]) -> Optional[Path]:
    """The workspace folder holding `path`, or None when it lies outside all of them."""
    real = path.resolve()
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        top = folder.resolve()
        if real == top or top in real.parents:
            return top
    return None


def project_config(path: Path, workspace: Path) -> Config:
    """The configuration the CLI would use for `path`, never read from above the workspace."""
    found = find_config(path.parent, top=workspace)
    if found is None:
        return Config(root=workspace)
    return load_config(found)


def _excluded(config: Config, uri: str) -> bool:
    spec = pathspec.GitIgnoreSpec.from_lines([*config.exclude, *config.extend_exclude])
    return spec.match_file(uri)


def diagnostic(finding: Finding, level: str) -> types.Diagnostic:
    """One finding: its exact span (code points), rule code and link, message and fix."""
    rule = rule_by_id(finding.rule_id)
    span = finding.span
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=span.start_line - 1, character=span.start_column - 1),
            end=types.Position(line=span.end_line - 1, character=span.end_column - 1),
        ),
        severity=_SEVERITY.get(level, types.DiagnosticSeverity.Information),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=help_uri(rule)),
        source=SOURCE,
        message=f"{finding.message}\nFix: {fix_summary(rule)}",
        data={"rule": rule.name, "fix": fix_summary(rule)},
    )


def check_document(path: Path, text: str, workspace: Path) -> Checked:
    """Scan the editor's text of `path` as the CLI scans the file on disk."""
    config_problem = None
    try:
        config = project_config(path, workspace)
    except ConfigError as exc:  # fail closed: every rule, no excludes, and say why
        config, config_problem = Config(root=workspace), f"configuration: {exc}"
    uri = relative_posix(path, config.root)
    if _excluded(config, uri):
        return Checked([], config_problem)
    result = scan_bytes(text.encode("utf-8", "surrogatepass"), str(path), config, uri=uri)
    levels = {rule.id: rule.level for rule in all_rules()}
    diagnostics = [diagnostic(f, f.level or levels[f.rule_id]) for f in result.findings]
    problems = [p for p in (config_problem, *(n.message for n in result.notices)) if p]
    return Checked(diagnostics, "; ".join(problems) or None)
