"""A rule's documentation as text and Markdown (`sslint explain`, SARIF help, docs/rules.md)."""

from __future__ import annotations

import re
import textwrap

from sslint.rules.base import Rule

REPOSITORY = "https://github.com/sslint/sslint"
RULES_DOC = f"{REPOSITORY}/blob/main/docs/rules.md"


def anchor(rule: Rule) -> str:
    """The GitHub heading anchor of a rule's section in docs/rules.md."""
    return f"{rule.id.lower()}-{rule.name.lower()}"


def help_uri(rule: Rule) -> str:
    """Where a rule is documented online."""
    return f"{RULES_DOC}#{anchor(rule)}"


def _paragraphs(text: str) -> str:
    return textwrap.dedent(text).strip()


TEXT_WIDTH = 88
_LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+[.)])\s")


def _wrapped(text: str, indent: str = "") -> str:
    """Prose paragraphs filled to TEXT_WIDTH; lists and code keep their lines."""
    out = []
    for paragraph in _paragraphs(text).split("\n\n"):
        lines = paragraph.splitlines()
        if any(_LIST_ITEM.match(line) or line.startswith("  ") for line in lines):
            out.append(textwrap.indent(paragraph, indent))
        else:
            out.append(
                textwrap.fill(
                    " ".join(lines),
                    TEXT_WIDTH,
                    initial_indent=indent,
                    subsequent_indent=indent,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    return "\n\n".join(out)


def as_text(rule: Rule) -> str:
    """Plain-text documentation: what, why, example, fix, references."""
    parts = [
        f"{rule.id} {rule.name} ({rule.level}, security-severity {rule.security_severity:.1f})",
        _wrapped(rule.summary),
        _wrapped(rule.description),
        "Why it matters:\n" + _wrapped(rule.why, "  "),
        "Example:\n" + textwrap.indent(_paragraphs(rule.example), "    "),
        "What to do instead:\n" + _wrapped(rule.full_fix, "  "),
    ]
    if rule.references:
        parts.append("References:\n" + "\n".join(f"  - {ref}" for ref in rule.references))
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def _fence(code: str) -> str:
    ticks = "`" * max(3, _longest_backtick_run(code) + 1)
    return f"{ticks}\n{code}\n{ticks}"


def _longest_backtick_run(text: str) -> int:
    best = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        best = max(best, run)
    return best


def as_markdown(rule: Rule, heading: str = "#") -> str:
    """Markdown documentation; `heading` is the marker of the rule's own heading."""
    sub = heading + "#"
    parts = [
        f"{heading} {rule.id}: {rule.name}",
        f"**{_paragraphs(rule.summary)}**",
        f"Level: `{rule.level}` · security-severity: {rule.security_severity:.1f} · "
        f"precision: {rule.precision} · {rule.cwe}",
        _paragraphs(rule.description),
        f"{sub} Why it matters",
        _paragraphs(rule.why),
        f"{sub} Example",
        _fence(_paragraphs(rule.example)),
        f"{sub} What to do instead",
        _paragraphs(rule.full_fix),
    ]
    if rule.references:
        parts.append(f"{sub} References")
        refs = (f"- <{ref}>" if "://" in ref else f"- {ref}" for ref in rule.references)
        parts.append("\n".join(refs))
    return "\n\n".join(part for part in parts if part.strip()) + "\n"
