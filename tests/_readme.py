"""Code blocks of README.md, so tests run exactly what the README shows."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def section(heading: str) -> str:
    """The text of the `## heading` section (up to the next `## `)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def code_blocks(heading: str, language: str) -> list[str]:
    """The fenced `language` blocks of a README section."""
    return [body for lang, body in _BLOCK.findall(section(heading)) if lang == language]


def first_command_block() -> str:
    """The README's first shell block (install and scan a repository)."""
    text = README.read_text(encoding="utf-8")
    return next(body for lang, body in _BLOCK.findall(text) if lang == "sh")
