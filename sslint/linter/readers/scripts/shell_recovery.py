"""Syntax recovery for the shell reader: what tree-sitter-bash rejects costs one line.

Valid bash the grammar does not know (`;&` / `;;&` case terminators, empty
backtick substitutions as in `$(``cmd``)`) and
template syntax (Jinja `{{ }}`, `{% %}`, `{# #}` in Ansible, Salt, Helm and
cookiecutter files) are masked in the bytes handed to the parser, keeping
every offset, so the words are still read from the text as written. An error
inside one word (`${(f)var}`, `${s:$n:2}`) costs that word only. Any other
error skips its logical line; the reader parses the rest again after it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from tree_sitter import Node

# Template blocks on one line (not GitHub's `${{ }}`).
# Quoted strings inside a block are skipped: `{{ "}}" }}` is one block.
_TEMPLATE_RE = re.compile(
    rb"(?<!\$)(?:"
    rb"\{\{(?:[^\n'\"}]|'[^'\n]*'|\"[^\"\n]*\"|\}(?!\}))*\}\}"
    rb"|\{%(?:[^\n'\"%]|'[^'\n]*'|\"[^\"\n]*\"|%(?!\}))*%\}"
    rb"|\{#(?:[^\n#]|#(?!\}))*#\})"
)
_TEMPLATE_MARKERS = (b"{{", b"{%", b"{#")
# bash's fall-through case terminators, unknown to the grammar: read as `;;`.
_CASE_FALLTHROUGH_RE = re.compile(rb";;&|(?<!;);&")
_BACKTICK_RE = re.compile(rb"\\.|`", re.DOTALL)
# Nodes inside which an error stays inside one word: the word is unknown text.
_WORD_NODES = frozenset({"expansion", "arithmetic_expansion", "subscript"})
# Statements an ERROR node may hold whole, read like any other.
STATEMENTS = frozenset(
    {
        "command",
        "declaration_command",
        "variable_assignment",
        "unset_command",
        "pipeline",
        "list",
        "redirected_statement",
        "negated_command",
        "if_statement",
        "for_statement",
        "c_style_for_statement",
        "while_statement",
        "case_statement",
        "function_definition",
        "compound_statement",
        "subshell",
        "test_command",
    }
)
# A skipped line holding only these words skips nothing that runs.
_CLOSERS_RE = re.compile(r"(?:[\s;&|(){}\\]|\b(?:fi|done|esac|then|else|do|in)\b)*")


def mask(data: bytes) -> bytes:
    """`data` with template syntax, `;&` / `;;&` and empty backticks made parseable.

    Every offset is kept: a template block becomes `_`s, `;&` becomes `;;`, and an
    empty backtick pair becomes `""` (the same empty text).
    """
    masked: Optional[bytearray] = None
    if any(marker in data for marker in _TEMPLATE_MARKERS):
        for match in _TEMPLATE_RE.finditer(data):
            if masked is None:
                masked = bytearray(data)
            masked[match.start() : match.end()] = b"_" * (match.end() - match.start())
    if b";&" in data:
        source = bytes(masked) if masked is not None else data
        for match in _CASE_FALLTHROUGH_RE.finditer(source):
            if masked is None:
                masked = bytearray(data)
            end = match.end()
            masked[match.start() : end] = b";; " if end - match.start() == 3 else b";;"
    if b"``" in data:
        for start in _empty_backticks(data):
            if masked is None:
                masked = bytearray(data)
            masked[start : start + 2] = b'""'
    return data if masked is None else bytes(masked)


def _empty_backticks(data: bytes) -> list[int]:
    """Where an empty backtick substitution (the value "") is written.

    Backticks pair in order (escaped ones aside); a pair that closes at once is empty.
    """
    found: list[int] = []
    opening = -1
    for match in _BACKTICK_RE.finditer(data):
        if match.group() != b"`":
            continue
        at = match.start()
        if opening < 0:
            opening = at
        else:
            if at == opening + 1:
                found.append(opening)
            opening = -1
    return found


def first_fatal_error(node: Node) -> Optional[int]:
    """Where the first error in a statement that is not confined to one word is (a byte).

    An ERROR node often wraps statements that parsed whole before the real error:
    the error is at its first child that is not one.
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in _WORD_NODES:
            continue
        if current.is_missing:
            return current.start_byte
        if current.type == "ERROR":
            if _is_unknown_expansion(current):
                continue
            rest = [c for c in current.children if not _whole_statement(c)]
            if not rest:
                return current.children[-1].start_byte if current.children else current.start_byte
            if rest[0].type != "ERROR" and not rest[0].has_error:
                return rest[0].start_byte
            stack.append(rest[0])
            continue
        stack.extend(reversed([c for c in current.children if c.has_error or c.is_missing]))
    return None


def _whole_statement(node: Node) -> bool:
    return node.type == "comment" or (node.type in STATEMENTS and not node.has_error)


def _is_unknown_expansion(node: Node) -> bool:
    """An ERROR that is a whole `${…}` on one line (zsh's `${(f)var}`): one unknown word."""
    text = node.text or b""
    return (
        text.startswith(b"${")
        and b"}" in text
        and b"\n" not in text
        and node.start_point[0] == node.end_point[0]
    )


def logical_line(data: bytes, at: int) -> tuple[int, int]:
    """Byte range of the line holding `at`, joined across `\\` continuations (end past `\\n`)."""
    start = data.rfind(b"\n", 0, at) + 1
    while start > 1 and data[start - 2 : start] == b"\\\n":
        start = data.rfind(b"\n", 0, start - 2) + 1
    end = at
    while True:
        newline = data.find(b"\n", end)
        if newline < 0:
            return start, len(data)
        line_end = newline - 1 if newline and data[newline - 1 : newline] == b"\r" else newline
        if line_end > start and data[line_end - 1 : line_end] == b"\\":
            end = newline + 1
            continue
        return start, newline + 1


def runs_something(text: str) -> bool:
    """Whether skipped text holds more than closing keywords and punctuation."""
    return _CLOSERS_RE.fullmatch(text) is None


def lines_label(first: int, last: int) -> str:
    """`line 3` or `lines 3-5`."""
    return f"line {first}" if first == last else f"lines {first}-{last}"
