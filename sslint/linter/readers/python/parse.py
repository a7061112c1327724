"""One `ast` parse per piece of Python code, shared by the reader and the Python rules.

The reader takes commands and environment assignments from it, and the rules
analyse it (`sslint.rules._python_analysis`). The parse is cached in
`FileFacts.extra`, keyed by the code's view.
"""

from __future__ import annotations

import ast
import bisect
import re
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from sslint.linter.facts import FileFacts, Notice, PythonCode
from sslint.linter.readers.python.repair import repair
from sslint.linter.source import View, line_starts

_CACHE_KEY = "python.parsed"
# Text longer than this is parsed in pieces of about this size, each a run of whole
# top-level statements: the parser's own copy of a tree then never holds more than
# one piece, which halves the memory a large module takes to parse.
_PIECE = 1 << 18
# Where a piece may end: before a line that starts a new top-level statement (not a
# clause of the one before). A piece that does not parse on its own (it ends inside a
# string or brackets) is extended to the next such line, a few times at most.
_PIECE_END = re.compile(r"\n(?=[A-Za-z_@])(?!(?:else|elif|except|finally)\b)")
_PIECE_TRIES = 4
# Fields that never hold a node worth visiting: contexts, operators, type comments.
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "kind"})
_FIELDS: dict[type, tuple[str, ...]] = {}
# Statements that hold statements (a `match` holds them in its cases).
COMPOUND_STATEMENTS: tuple[type[ast.stmt], ...] = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
    *((ast.Match,) if hasattr(ast, "Match") else ()),
)


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of an `ast` node type that can hold child nodes (a faster `iter_child_nodes`)."""
    found = _FIELDS.get(kind)
    if found is None:
        names: tuple[str, ...] = getattr(kind, "_fields", ())
        found = _FIELDS[kind] = tuple(f for f in names if f not in _SKIPPED_FIELDS)
    return found


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of a node, in field order (contexts and operators left out)."""
    found: list[ast.AST] = []
    for name in child_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list:
            found.extend(child for child in value if isinstance(child, ast.AST))
        elif isinstance(value, ast.AST):
            found.append(value)
    return found


def subtree(node: ast.AST) -> Iterator[ast.AST]:
    """`node` and every node below it, in no set order (`ast.walk`, without its generators)."""
    stack: list[Any] = [node]
    pop = stack.pop
    push = stack.extend
    leaf = ast.Name, ast.Constant
    while stack:
        current = pop()
        yield current
        kind = type(current)
        if kind in leaf:
            continue
        for name in child_fields(kind):
            value = getattr(current, name, None)
            if type(value) is list:
                push(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)


class LineIndex:
    """Converts (line, column) positions of a text into offsets.

    `ast` counts columns in UTF-8 bytes (`utf8=True`), the views in code points;
    lines are 1-based.
    """

    def __init__(self, text: str, starts: Optional[list[int]] = None) -> None:
        self.text = text
        self.starts = line_starts(text) if starts is None else starts
        self._count = len(self.starts)
        # Only lines with non-ASCII characters need their byte columns converted.
        self._ascii = text.isascii()
        self._length = len(text)
        self._ascii_lines: dict[int, bool] = {}

    def offset(self, line: int, column: int, utf8: bool = False) -> int:
        """Offset of 1-based `line` and 0-based `column`."""
        starts = self.starts
        if not 0 < line <= self._count:
            line = 1 if line < 1 else self._count
        start = starts[line - 1]
        if utf8 and column and not self._ascii:
            end = self.starts[line] if line < len(self.starts) else len(self.text)
            plain = self._ascii_lines.get(line)
            if plain is None:
                plain = self._ascii_lines[line] = self.text[start:end].isascii()
            if not plain:
                prefix = self.text[start:end].encode("utf-8", "surrogatepass")[:column]
                column = len(prefix.decode("utf-8", "ignore"))
        position = start + column
        return position if position <= self._length else self._length

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect.bisect_right(self.starts, offset)

    def node_range(self, node: ast.AST) -> tuple[int, int]:
        """Offsets [start, end) of an `ast` node with positions."""
        line: int = node.lineno  # type: ignore[attr-defined]
        start = self.offset(line, node.col_offset, utf8=True)  # type: ignore[attr-defined]
        end_col = getattr(node, "end_col_offset", None)
        if end_col is None:
            return start, start
        end = self.offset(getattr(node, "end_lineno", None) or line, end_col, utf8=True)
        return start, end if end > start else start


@dataclass
class ParsedPython:
    """The `ast` tree of some Python code (None when it does not parse) and its line index."""

    view: View
    tree: Optional[ast.Module]
    error: Optional[str]
    error_line: Optional[int]
    lines: LineIndex
    extra: dict[str, object] = field(default_factory=dict)
    left_out: tuple[int, ...] = ()
    blanked: frozenset[int] = frozenset()


def parse_view(view: View) -> ParsedPython:
    """Parse a view's text with `ast`; never raises."""
    # The whole text of a file: its line starts are the file's (one list, not two).
    whole = view.text is view.source.text
    lines = LineIndex(view.text, view.source.line_offsets if whole else None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = _parse(view.text)
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        repaired = repair(view.text, exc)
        if repaired is not None:
            error = exc.msg or "invalid syntax"
            return ParsedPython(
                view,
                repaired.tree,
                error,
                line,
                lines,
                left_out=tuple(repaired.lines),
                blanked=frozenset(repaired.blanked),
            )
        return ParsedPython(view, None, exc.msg or "invalid syntax", line, lines)
    except (ValueError, RecursionError, MemoryError) as exc:
        return ParsedPython(view, None, type(exc).__name__, None, lines)
    return ParsedPython(view, tree, None, None, lines)


def _parse(text: str) -> ast.Module:
    """`ast.parse(text)`, of a long text piece by piece (the same tree)."""
    if len(text) <= 2 * _PIECE or "\r" in text:
        return ast.parse(text)
    body: list[ast.stmt] = []
    start, line = 0, 1
    while start < len(text):
        piece = _piece(text, start, line)
        if piece is None:
            return ast.parse(text)  # no piece parses alone: the whole text says why
        end, tree = piece
        body.extend(tree.body)
        line += text.count("\n", start, end)
        start = end
    return ast.Module(body=body, type_ignores=[])


def _piece(text: str, start: int, line: int) -> Optional[tuple[int, ast.Module]]:
    """(end, tree) of a run of whole statements from `start` (on `line`); None if none parses.

    Blank lines put in front keep the piece's line numbers those of the text.
    """
    floor = start + _PIECE
    for _ in range(_PIECE_TRIES):
        found = _PIECE_END.search(text, floor) if floor < len(text) else None
        end = found.end() if found is not None else len(text)
        try:
            return end, ast.parse("\n" * (line - 1) + text[start:end])
        except SyntaxError:
            if end == len(text):
                return None
            floor = end + _PIECE
        except (ValueError, RecursionError, MemoryError):
            return None
    return None


def parsed(facts: FileFacts, code: PythonCode) -> ParsedPython:
    """The (cached) parse of one piece of Python code of a file.

    Code is parsed when the reader or a rule first needs it; code that does not
    parse gets one notice then (with the line of the error).
    """
    cache = facts.extra.setdefault(_CACHE_KEY, {})
    assert isinstance(cache, dict)
    found = cache.get(id(code.view))
    if isinstance(found, ParsedPython) and found.view is code.view:
        return found
    result = parse_view(code.view)
    cache[id(code.view)] = result
    if result.left_out:
        _left_out_notice(facts, result)
    elif result.tree is None:
        view = code.view
        where = view.span(0, 0).start_line
        if result.error_line is not None:
            line_start = result.lines.offset(result.error_line, 0)
            where = view.span(line_start, line_start).start_line
        message = f"Python code does not parse ({result.error}); only plain forms are checked"
        facts.notices.append(Notice(facts.source.path, message, "warning", where))
    return result


def repaired_parse(facts: FileFacts, code: PythonCode) -> Optional[ParsedPython]:
    """The parse of `code` if it was made and had to leave lines out (else None)."""
    cache = facts.extra.get(_CACHE_KEY)
    found = cache.get(id(code.view)) if isinstance(cache, dict) else None
    if isinstance(found, ParsedPython) and found.view is code.view and found.blanked:
        return found
    return None


def _left_out_notice(facts: FileFacts, result: ParsedPython) -> None:
    """Code parsed once the statements this Python cannot read were left out: say which."""
    view = result.view
    shown = []
    for line in result.left_out:
        start = result.lines.offset(line, 0)
        shown.append(str(view.span(start, start).start_line))
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    message = (
        f"Python {version} cannot read the syntax on line {', '.join(shown)} ({result.error}); "
        "that syntax is skipped, the rest of the code is checked"
    )
    where = int(shown[0])
    facts.notices.append(Notice(facts.source.path, message, "warning", where))
