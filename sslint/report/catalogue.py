"""The rule catalogue as a table (`sslint rules`), JSON, or Markdown."""

from __future__ import annotations

import json
import textwrap
from typing import Any, Sequence

from sslint.report.rule_docs import anchor, help_uri
from sslint.rules.base import Rule


def rule_data(rule: Rule) -> dict[str, Any]:
    """Every public field of a rule, for documentation generators."""
    return {
        "id": rule.id,
        "name": rule.name,
        "level": rule.level,
        "security_severity": rule.security_severity,
        "precision": rule.precision,
        "cwe": rule.cwe,
        "tags": list(rule.tags),
        "summary": textwrap.dedent(rule.summary).strip(),
        "description": textwrap.dedent(rule.description).strip(),
        "why": textwrap.dedent(rule.why).strip(),
        "example": textwrap.dedent(rule.example).strip(),
        "fix": rule.full_fix,
        "references": list(rule.references),
        "help_uri": help_uri(rule),
    }


def catalogue_json(rules: Sequence[Rule]) -> str:
    """The catalogue as a JSON array."""
    return json.dumps([rule_data(r) for r in rules], indent=2, ensure_ascii=False) + "\n"


def catalogue_text(rules: Sequence[Rule]) -> str:
    """An aligned table: ID, level, security-severity, name, summary."""
    if not rules:
        return "No rules.\n"
    name_width = max(len(r.name) for r in rules)
    lines = [f"{'ID':<7} {'LEVEL':<7} {'SEV':>4}  {'NAME':<{name_width}}  SUMMARY"]
    for rule in rules:
        summary = " ".join(rule.summary.split())
        lines.append(
            f"{rule.id:<7} {rule.level:<7} {rule.security_severity:>4.1f}  "
            f"{rule.name:<{name_width}}  {summary}"
        )
    return "\n".join(lines) + "\n"


def catalogue_markdown(rules: Sequence[Rule], link_prefix: str = "") -> str:
    """A Markdown table; names link to `link_prefix#anchor` sections."""
    lines = ["| ID | name | level | security-severity | summary |", "|---|---|---|---|---|"]
    for rule in rules:
        summary = " ".join(rule.summary.split()).replace("|", "\\|")
        lines.append(
            f"| {rule.id} | [{rule.name}]({link_prefix}#{anchor(rule)}) | {rule.level} "
            f"| {rule.security_severity:.1f} | {summary} |"
        )
    return "\n".join(lines) + "\n"
