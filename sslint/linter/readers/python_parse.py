"""One `ast` parse per piece of Python code, shared by the reader and the Python rules.

`ast` is ten times faster than libcst, so it is the first pass everywhere: the
reader takes commands and environment assignments from it, and the rules use
it to decide whether a file needs libcst at all. The parse is cached in
`FileFacts.extra`, keyed by the code's view.
"""

from __future__ import annotations

import ast
import bisect
import warnings
from dataclasses import dataclass, field
from typing import Optional

from sslint.linter.facts import FileFacts, Notice, PythonCode
from sslint.linter.source import View

_CACHE_KEY = "python.parsed"


class LineIndex:
    """Converts (line, column) positions of a text into offsets.

    `ast` counts columns in UTF-8 bytes, libcst in code points; both lines are 1-based.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def offset(self, line: int, column: int, utf8: bool = False) -> int:
        """Offset of 1-based `line` and 0-based `column`."""
        line = max(1, min(line, len(self.starts)))
        start = self.starts[line - 1]
        if utf8 and column:
            end = self.starts[line] if line < len(self.starts) else len(self.text)
            line_text = self.text[start:end]
            if not line_text.isascii():
                prefix = line_text.encode("utf-8", "surrogatepass")[:column]
                column = len(prefix.decode("utf-8", "ignore"))
        return min(start + column, len(self.text))

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect.bisect_right(self.starts, offset)

    def node_range(self, node: ast.AST) -> tuple[int, int]:
        """Offsets [start, end) of an `ast` node with positions."""
        start = self.offset(node.lineno, node.col_offset, utf8=True)  # type: ignore[attr-defined]
        end_line = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
        end_col = getattr(node, "end_col_offset", None)
        end = self.offset(end_line, end_col, utf8=True) if end_col is not None else start
        return start, max(start, end)


@dataclass
class ParsedPython:
    """The `ast` tree of some Python code (None when it does not parse) and its line index."""

    view: View
    tree: Optional[ast.Module]
    error: Optional[str]
    error_line: Optional[int]
    lines: LineIndex
    extra: dict[str, object] = field(default_factory=dict)


def parse_view(view: View) -> ParsedPython:
    """Parse a view's text with `ast`; never raises."""
    lines = LineIndex(view.text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(view.text)
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        return ParsedPython(view, None, exc.msg or "invalid syntax", line, lines)
    except (ValueError, RecursionError, MemoryError) as exc:
        return ParsedPython(view, None, type(exc).__name__, None, lines)
    return ParsedPython(view, tree, None, None, lines)


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
    if result.tree is None:
        view = code.view
        where = view.span(0, 0).start_line
        if result.error_line is not None:
            line_start = result.lines.offset(result.error_line, 0)
            where = view.span(line_start, line_start).start_line
        message = f"Python code does not parse ({result.error}); only plain forms are checked"
        facts.notices.append(Notice(facts.source.path, message, "warning", where))
    return result
