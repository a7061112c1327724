"""Values a name is built up to: an argv extended step by step, a string set in branches.

Real code rarely hands `subprocess` one literal: it writes
`args = ["pip", "install"]`, then `args += ["--trusted-host", host]` or
`args.extend([...])`, or sets `cmd = "curl -k …"` in one branch of an `if`
and another command in the other. Each possible value is returned, so the
reader makes a command of each (a branch that can run is a command that can
run). Only the innermost scope that assigns the name is read, as in
`Values.value_of`.
"""

from __future__ import annotations

import ast
from typing import Optional

from sslint.linter.readers.python.values import ScopeNode, Values

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_SEQUENCES = (ast.List, ast.Tuple)


def _statements(scope: ast.AST) -> list[ast.AST]:
    """The nodes of a scope in source order, nested functions and classes left out."""
    found: list[ast.AST] = []
    stack = list(reversed(list(ast.iter_child_nodes(scope))))
    while stack:
        node = stack.pop()
        if isinstance(node, _NESTED):
            continue
        found.append(node)
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found


def _scope_of(values: Values, name: str, scopes: list[ScopeNode]) -> Optional[ast.AST]:
    for scope in reversed(scopes):
        if name in values.assignments(scope):
            return scope
    return None


def argv_lists(values: Values, node: ast.expr, scopes: list[ScopeNode]) -> list[list[ast.expr]]:
    """The element lists an argv expression can hold (empty when not known)."""
    if isinstance(node, _SEQUENCES):
        return [list(node.elts)]
    if not isinstance(node, ast.Name):
        return []
    scope = _scope_of(values, node.id, scopes)
    if scope is None:
        return []
    bases: list[list[ast.expr]] = []
    added: list[ast.expr] = []
    for child in _statements(scope):
        if isinstance(child, ast.Assign) and _names(child.targets, node.id):
            if not isinstance(child.value, _SEQUENCES):
                return []
            bases.append(list(child.value.elts))
        elif isinstance(child, ast.AugAssign) and _names([child.target], node.id):
            if not (isinstance(child.op, ast.Add) and isinstance(child.value, _SEQUENCES)):
                return []
            added.extend(child.value.elts)
        elif isinstance(child, ast.Call) and _extends(child, node.id):
            argument = child.args[0]
            if isinstance(child.func, ast.Attribute) and child.func.attr == "append":
                added.append(argument)
            elif isinstance(argument, _SEQUENCES):
                added.extend(argument.elts)
            else:
                return []
        elif _rebinds(child, node.id):
            return []
    return [base + added for base in bases]


def strings(values: Values, node: ast.expr, scopes: list[ScopeNode]) -> list[ast.expr]:
    """The string literals a name is set to in the branches of its scope (all or nothing)."""
    if not isinstance(node, ast.Name):
        return []
    scope = _scope_of(values, node.id, scopes)
    if scope is None:
        return []
    held = values.assignments(scope)[node.id]
    if len(held) < 2 or not all(_is_text(value) for value in held):
        return []
    return held


def _names(targets: list[ast.expr], name: str) -> bool:
    return len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id == name


def _extends(call: ast.Call, name: str) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("append", "extend")
        and isinstance(func.value, ast.Name)
        and func.value.id == name
        and len(call.args) == 1
        and not call.keywords
    )


def _rebinds(node: ast.AST, name: str) -> bool:
    """Any other binding of the name: a loop target, `with … as`, an annotated assignment."""
    target: Optional[ast.expr] = None
    if isinstance(node, (ast.For, ast.AsyncFor, ast.AnnAssign, ast.NamedExpr)):
        target = node.target
    elif isinstance(node, ast.withitem):
        target = node.optional_vars
    return isinstance(target, ast.Name) and target.id == name


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )
