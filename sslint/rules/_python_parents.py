"""The parents of the nodes a walk of Python code goes through (`_python_scopes.Names`).

Most are kept in a dict. On a module of many statements that dict would be, after
the tree, the largest thing the analysis holds: there the nodes of plain
module-level statements (simple statements of a few nodes whose positions nest:
no lambda, comprehension or f-string in them) are not kept, and a parent asked
for is found again below its statement, by position.
"""

from __future__ import annotations

import ast
import bisect
from typing import Optional

from sslint.linter.readers.python.parse import child_fields

# A plain statement of more nodes than this keeps its parents (finding one again
# below it stays cheap).
PLAIN_NODES = 64


class Parents:
    """Parent of each node: `known` ones, and those below the plain statements."""

    __slots__ = ("_firsts", "_plain", "known", "root")

    def __init__(self, root: ast.AST) -> None:
        self.known: dict[ast.AST, ast.AST] = {}
        self.root = root
        self._plain: list[ast.stmt] = []
        self._firsts: list[int] = []

    def add_plain(self, statement: ast.stmt) -> None:
        """A module statement (after those added before it) whose parents are not kept."""
        self._plain.append(statement)
        self._firsts.append(statement.lineno)

    def get(self, node: ast.AST) -> Optional[ast.AST]:
        """The parent of a node the walk went through (None for any other)."""
        found = self.known.get(node)
        if found is None and self._plain:
            located = self.locate(node)
            if located is not None:
                return located[1]
        return found

    def locate(self, node: ast.AST) -> Optional[tuple[ast.stmt, ast.AST]]:
        """(the plain statement that is or holds `node`, the parent of `node`), if any."""
        line = getattr(node, "lineno", None)
        if type(line) is not int:
            return None  # a node without a position is never below a plain statement
        plain = self._plain
        index = bisect.bisect_right(self._firsts, line) - 1
        # Statements can share a line (`a(); b()`): look back over those that reach it.
        while index >= 0 and (plain[index].end_lineno or 0) >= line:
            statement = plain[index]
            if statement is node:
                return statement, self.root
            parent = _holder(statement, node, _position(node))
            if parent is None:
                parent = _holder(statement, node, None)
            if parent is not None:
                return statement, parent
            index -= 1
        return None


def _position(node: ast.AST) -> Optional[tuple[int, int, int, int]]:
    """(line, column, end line, end column) of a node, if it has them all."""
    found = (
        getattr(node, "lineno", None),
        getattr(node, "col_offset", None),
        getattr(node, "end_lineno", None),
        getattr(node, "end_col_offset", None),
    )
    return found if None not in found else None  # type: ignore[return-value]


def _holder(
    top: ast.AST, node: ast.AST, where: Optional[tuple[int, int, int, int]]
) -> Optional[ast.AST]:
    """The node below `top` (or `top`) that holds `node` as a child, if any.

    With `where` (the position of `node`), only children whose position holds it
    are looked into.
    """
    stack = [top]
    while stack:
        current = stack.pop()
        for name in child_fields(type(current)):
            value = getattr(current, name, None)
            for child in value if type(value) is list else (value,):
                if child is node:
                    return current
                if isinstance(child, ast.AST) and (where is None or _holds(child, where)):
                    stack.append(child)
    return None


def _holds(node: ast.AST, where: tuple[int, int, int, int]) -> bool:
    """Does the position of `node` (if it has one) take in `where`?"""
    position = _position(node)
    if position is None:
        return True
    line, column, end_line, end_column = position
    return (line, column) <= (where[0], where[1]) and (where[2], where[3]) <= (
        end_line,
        end_column,
    )
