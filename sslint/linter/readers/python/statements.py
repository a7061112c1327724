"""Finding the statements of a Python module that mention given words, without walking it.

The text says on which lines a word occurs; only the statements that cover
those lines (and the compound statements around them) are looked at, so the
cost follows what a module mentions, not how long it is.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import deque
from typing import Iterable, Iterator, Union

from sslint.linter.readers.python.parse import LineIndex, child_fields

Import = Union[ast.Import, ast.ImportFrom]
# Nodes between statements: an `except` clause, a `case` block.
_CLAUSES = (ast.ExceptHandler, *((ast.match_case,) if hasattr(ast, "match_case") else ()))


class Lines:
    """The sorted 1-based lines of a text on which some words occur."""

    def __init__(self, numbers: Iterable[int]) -> None:
        self.numbers = sorted(set(numbers))

    def touches(self, node: ast.AST) -> bool:
        """Does a statement or clause (its decorators included) cover one of the lines?"""
        first = getattr(node, "lineno", None)
        if first is None:
            return True  # a `case` block: no position of its own

        for decorator in getattr(node, "decorator_list", ()):
            first = min(first, decorator.lineno)
        last = getattr(node, "end_lineno", None) or first
        index = bisect.bisect_left(self.numbers, first)
        return index < len(self.numbers) and self.numbers[index] <= last


def lines_holding(lines: LineIndex, words: Iterable[str], names: Iterable[str] = ()) -> Lines:
    """The lines on which any of `words` occurs (anywhere) or any of `names` (as a name)."""
    text = lines.text
    found: set[int] = set()
    for word in words:
        position = text.find(word)
        while position >= 0:
            line = lines.line_of(position)
            found.add(line)
            end = lines.starts[line] if line < len(lines.starts) else len(text)
            position = text.find(word, end)
    wanted = sorted(set(names))
    if wanted:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, wanted)) + r")\b")
        found.update(lines.line_of(match.start()) for match in pattern.finditer(text))
    return Lines(found)


def statement_lists(node: ast.AST) -> Iterator[tuple[str, list[ast.AST]]]:
    """(field, statements or clauses) of a compound statement or clause, in field order."""
    for name in child_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list and value and isinstance(value[0], (ast.stmt, *_CLAUSES)):
            yield name, value


def imports(tree: ast.Module, lines: LineIndex) -> list[Import]:
    """Every import statement of a module, in the order `ast.walk` meets them.

    Only statements whose lines hold the word `import` are entered.
    """
    where = lines_holding(lines, ("import",))
    found: list[Import] = []
    queue: deque[ast.AST] = deque([tree])
    while queue:
        node = queue.popleft()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
            continue
        for _, members in statement_lists(node):
            queue.extend(member for member in members if where.touches(member))
    return found
