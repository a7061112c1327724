"""Static values in Python code for the reader: import aliases, constants, words.

Just enough resolution for commands and environment assignments: which module
function a call names (`sp.run` is `subprocess.run` after `import subprocess
as sp`), which string a name holds (`PIP_HOST = "…"` in the module or the
function), and the word a value gives a command, mapped to where it is written.
"""

from __future__ import annotations

import ast
from typing import Iterable, Optional, Union

from sslint.linter.facts import Word
from sslint.linter.readers.python.parse import ParsedPython
from sslint.linter.readers.python.statements import Import, imports
from sslint.linter.readers.python.strings import literal_view

ScopeNode = Union[ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def import_aliases(statements: Iterable[Import]) -> dict[str, str]:
    """Local name -> dotted name of what it imports, for the import statements (later wins)."""
    aliases: dict[str, str] = {}
    for node in statements:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    aliases[head] = head
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def scope_assignments(scope: ast.AST) -> dict[str, list[ast.expr]]:
    """Name -> values assigned to it directly in `scope` (nested functions and classes excluded)."""
    found: dict[str, list[ast.expr]] = {}
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            found.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
            target = node.target
            if isinstance(target, ast.Name):
                found.setdefault(target.id, []).append(target)  # not a single known value
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name):
                    found.setdefault(item.optional_vars.id, []).append(item.optional_vars)
        stack.extend(ast.iter_child_nodes(node))
    return found


class Values:
    """Resolves names of one parsed module to imports and constants."""

    def __init__(self, parsed: ParsedPython) -> None:
        assert parsed.tree is not None
        self.parsed = parsed
        self.aliases = import_aliases(imports(parsed.tree, parsed.lines))
        self._assignments: dict[int, dict[str, list[ast.expr]]] = {}

    def assignments(self, scope: ast.AST) -> dict[str, list[ast.expr]]:
        """The (cached) direct assignments of a scope."""
        key = id(scope)
        if key not in self._assignments:
            self._assignments[key] = scope_assignments(scope)
        return self._assignments[key]

    def dotted(self, node: ast.expr) -> Optional[str]:
        """`sp.run` -> `subprocess.run` when the head is an import; None otherwise."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        parts.append(self.aliases[node.id])
        return ".".join(reversed(parts))

    def value_of(self, node: ast.expr, scopes: list[ScopeNode]) -> Optional[ast.expr]:
        """The single expression a name holds in the innermost scope that assigns it."""
        if not isinstance(node, ast.Name):
            return node
        for scope in reversed(scopes):
            values = self.assignments(scope).get(node.id)
            if values is None:
                continue
            if len(values) == 1 and values[0] is not node:
                return values[0]
            return None
        return None

    def text(self, node: ast.AST) -> tuple[int, int]:
        """View offsets [start, end) of a node."""
        return self.parsed.lines.node_range(node)

    def word(self, node: ast.expr, scopes: list[ScopeNode]) -> Word:
        """The command word an expression gives: literal text mapped, anything else unknown."""
        view = self.parsed.view
        start, end = self.text(node)
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            literal = literal_view(view, start, end)
            if literal is not None:
                return Word(literal.view, known=literal.known)
        if isinstance(node, ast.Name):
            held = self.value_of(node, scopes)
            if held is not None:
                found = self.held_word(node, held)
                if found is not None:
                    return found
        return Word(view.slice(start, end), known=False)

    def held_word(self, node: ast.Name, held: ast.expr) -> Optional[Word]:
        """The word of the string `held` that the name `node` holds, mapped to `held`."""
        if not _is_text(held):
            return None
        view = self.parsed.view
        start, end = self.text(node)
        held_start, held_end = self.text(held)
        literal = literal_view(view, held_start, held_end)
        if literal is None:
            return None
        line = view.span(start, end).start_line
        return Word(
            literal.view,
            known=literal.known,
            via=f"{node.id} on line {line}",
            used_at=view.span(start, end),
        )

    def string(self, node: ast.expr, scopes: list[ScopeNode]) -> Optional[Word]:
        """The word of a string expression (a literal or a name holding one), else None."""
        held = self.value_of(node, scopes) if isinstance(node, ast.Name) else node
        if held is None or not _is_text(held):
            return None
        word = self.word(node, scopes)
        return word if word.known or isinstance(held, ast.JoinedStr) else None


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )
