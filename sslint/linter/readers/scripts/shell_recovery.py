"""Syntax recovery for the shell reader: what tree-sitter-bash rejects costs one line.

Valid bash the grammar does not know (`;&` / `;;&` case terminators, empty
backtick substitutions as in `$(``cmd``)`, a `-` argument right before a
here-document or `2>` redirection, which it drops) and
template syntax (Jinja `{{ }}`, `{% %}`, `{# #}` in Ansible, Salt, Helm and
cookiecutter files) are masked in the bytes handed to the parser, keeping
every offset, so the words are still read from the text as written. An error
inside one word (`${(f)var}`, `${s:$n:2}`) costs that word only. Any other
error costs its logical line: the line is blanked and the script parsed again.
A construct never closed (`a=(`, `if` without `fi`) costs the line that opens it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Optional, Union

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
# A lone `-` word (standard input) before `<<` or `2>`: the grammar drops it from the command.
_DASH_BEFORE_REDIRECT_RE = re.compile(rb"(?<=[ \t])-(?=[ \t]*<<(?!<)|[ \t]+[0-9]+(?:>|<(?!<)))")
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
# Children of a script that is one ERROR that are not pieces of a broken statement.
_FRAGMENT_FREE = frozenset({"comment", "ERROR", ";", "&", "\n"})
# Words that close a compound statement: a "statement" that begins with one is a piece.
_CLOSING_WORDS = frozenset(
    {b"then", b"else", b"elif", b"fi", b"do", b"done", b"esac", b"in", b"}", b")", b";;"}
)
# A skipped line holding only these words skips nothing that runs.
_CLOSERS_RE = re.compile(r"(?:[\s;&|(){}\\]|\b(?:fi|done|esac|then|else|do|in)\b)*")


def mask(data: bytes) -> bytes:
    """`data` with template syntax, `;&` / `;;&` and empty backticks made parseable.

    Every offset is kept: a template block becomes `_`s, `;&` becomes `;;`, an
    empty backtick pair becomes `""` (the same empty text), and the `-` of
    `kubectl apply -f - <<EOF` becomes `x` (a word, read as the `-` written).
    """
    masked: Optional[bytearray] = None
    if b"<" in data or b">" in data:  # each match is followed by one
        for match in _DASH_BEFORE_REDIRECT_RE.finditer(data):
            if masked is None:
                masked = bytearray(data)
            masked[match.start()] = ord("x")
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


def children_from(node: Node, low: int) -> Iterator[Node]:
    """The children of a node that end after byte `low`, in order (without a full list).

    A cursor walks them: `Node.next_sibling` passes over a zero-width MISSING closer
    (the `)` of an `a=(` never closed), and Node.first_child_for_byte needs
    tree-sitter 0.24.
    """
    if node.child_count == 0 or low >= node.end_byte:
        return
    cursor = node.walk()
    if low > node.start_byte:
        if cursor.goto_first_child_for_byte(low) is None:
            return
    elif not cursor.goto_first_child():
        return
    while True:
        child = cursor.node
        if child is None:
            return
        yield child
        if not cursor.goto_next_sibling():
            return


def first_fatal_error(node: Node, low: int = 0) -> Optional[int]:
    """Where the first error after byte `low` not confined to one word is (a byte), or None.

    An ERROR node often wraps statements that parsed whole before the real error:
    the error is at its first child that is not one (or deeper inside that child).
    A construct never closed (`a=(`, `if` without `fi`) is where it opens: the
    lines after it are what it swallowed.
    """
    stack: list[Union[Node, int]] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, int):
            return current  # nothing more precise inside an ERROR's first broken child
        if current.is_missing:
            if current.type == "heredoc_end":
                continue  # bash reads an unterminated here-document to the end, and warns
            return current.start_byte
        if current.type in _WORD_NODES:
            continue
        if _never_closed(current):
            if current.start_byte >= low:
                return current.start_byte
            continue  # opened before `low`, whose lines were read; nothing else is broken
        if current.type == "ERROR":
            if _is_unknown_expansion(current):
                continue
            inner = next((c for c in children_from(current, low) if not _whole(c)), None)
            if inner is None:  # a bare ERROR, or whole statements and then the error
                at = current.end_byte - 1 if current.child_count else current.start_byte
                return max(low, at)
            if inner.type != "ERROR" and not inner.has_error:
                return inner.start_byte
            stack.append(max(low, inner.start_byte))
            stack.append(inner)
            continue
        broken = [c for c in children_from(current, low) if c.has_error or c.is_missing]
        stack.extend(reversed(broken))
    return None


def cut_after(root: Node, child: Node, error: int, end: int) -> Optional[int]:
    """Where the broken statement holding byte `error` ends before the rest of its line
    (byte `end`) is whole statements: just past a `;` or `&`; None if it is not so.

    `echo x && if then fi; curl -k …`: `curl -k …` is read. Statements that begin with
    a closing word (`do`, `fi`, `done` …) belong to the broken one: no cut.
    """
    pieces = list(children_from(child, error)) if child.type == "ERROR" else []
    pieces.extend(sibling for sibling in children_from(root, child.end_byte) if sibling != child)
    cut: Optional[int] = None
    statements = 0
    for piece in pieces:
        if piece.start_byte >= end:
            break
        if piece.start_byte < error or piece.type == "comment":
            continue
        if piece.type in (";", "&"):
            if cut is None:
                cut, statements = piece.end_byte, 0
        elif cut is not None:
            words = (piece.text or b"").split(None, 1)
            if not _whole(piece) or piece.end_byte > end or words[0] in _CLOSING_WORDS:
                cut = None
            else:
                statements += 1
    return cut if statements else None


def is_fragment(node: Node) -> bool:
    """A piece of a broken statement: neither a statement, a comment, an ERROR nor `;`/`&`."""
    return node.type not in STATEMENTS and node.type not in _FRAGMENT_FREE


def _never_closed(node: Node) -> bool:
    """A construct opened on an earlier line whose closer the grammar supplied (MISSING)
    at its end, with nothing else in it broken (else that is what ate the closer).

    Not when the opening line starts a here-document: without that line its body
    would be read as commands.
    """
    if node.child_count < 2:
        return False
    last = node.child(node.child_count - 1)
    if (
        last is None
        or not last.is_missing
        or last.type == "heredoc_end"
        or last.start_byte != node.end_byte
        or last.start_point[0] == node.start_point[0]
        or any(child.has_error for child in node.children[:-1])
    ):
        return False
    text = node.text or b""
    return b"<<" not in text[: text.find(b"\n")]


def _whole(node: Node) -> bool:
    """A comment or a statement that parsed whole."""
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


def blank(data: bytes, start: int, end: int) -> bytes:
    """`data` with bytes [start, end) turned into spaces, line breaks kept."""
    part = re.sub(rb"[^\n]", b" ", data[start:end])
    return data[:start] + part + data[end:]


def point(data: bytes, at: int) -> tuple[int, int]:
    """tree-sitter's (row, byte column) of a byte offset."""
    return data.count(b"\n", 0, at), at - (data.rfind(b"\n", 0, at) + 1)


def runs_something(text: str) -> bool:
    """Whether skipped text holds more than closing keywords and punctuation."""
    return _CLOSERS_RE.fullmatch(text) is None


def lines_label(first: int, last: int) -> str:
    """`line 3` or `lines 3-5`."""
    return f"line {first}" if first == last else f"lines {first}-{last}"
