"""Indented blocks of lines cut out of a file as one view (a recipe body, a heredoc)."""

from __future__ import annotations

from typing import Sequence

from sslint.linter.source import View, ViewBuilder


def line_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, content end, next line start) of every line; content ends before `\\r\\n`."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    while pos < len(text):
        newline = text.find("\n", pos)
        following = len(text) if newline < 0 else newline + 1
        end = len(text) if newline < 0 else newline
        if end > pos and text[end - 1] == "\r":
            end -= 1
        out.append((pos, end, following))
        pos = following
    return out


def indent_of(text: str, start: int, end: int) -> int:
    """How many blanks (spaces and tabs) open text[start:end]."""
    pos = start
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos - start


def dedented(view: View, lines: Sequence[tuple[int, int, int]], indent: int) -> View:
    """The lines (with their line endings) each without up to `indent` leading blanks."""
    builder = ViewBuilder(view)
    text = view.text
    for start, end, following in lines:
        cut = start + min(indent, indent_of(text, start, end))
        builder.add(cut, following)
    return builder.build()
