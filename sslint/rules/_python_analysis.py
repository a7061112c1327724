"""One analysis per piece of Python code, shared by the SSL3xx rule modules.

Built on the `ast` tree the reader parsed (`python.parse.parsed`), of the
statements a cheap pass found worth resolving (`_python_focus`): parents,
scopes and qualified names (`_python_scopes`), exact positions, and an
evaluator of expressions to values (`_python_values`) through import aliases,
module, class and function constants, `self.x` attributes set in other
methods, `with … as x`, small factory functions, dicts and `functools.partial`.
"""

from __future__ import annotations

import ast
import bisect
from typing import Any, Iterator, Optional, Union

from sslint.linter.facts import FileFacts, PythonCode
from sslint.linter.readers.python.parse import (
    COMPOUND_STATEMENTS,
    LineIndex,
    ParsedPython,
    parsed,
    repaired_parse,
)
from sslint.linter.source import LineRange, Span
from sslint.rules._python_focus import TOKENS, WHOLE, Focus, focus, may_matter
from sslint.rules._python_scopes import Binding, Names
from sslint.rules._python_values import (
    OPAQUE,
    UNKNOWN,
    Const,
    Instance,
    LocalClass,
    LocalFunction,
    LocalInstance,
    Mapping,
    Member,
    Opaque,
    Partial,
    Ref,
    Unknown,
    Value,
    instance_type,
    normalise,
)
from sslint.rules.base import Checker, CheckFunction, Rule

_CACHE_KEY = "python.analysis"
_MAX_DEPTH = 12
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_LITERALS = (str, bytes, int, float)
_CONTAINERS = (ast.List, ast.Tuple, ast.Set)
# `True`, `False`, `None` values, made once (values are immutable).
_SINGLE_VALUES = {id(held): Const(held) for held in (True, False, None)}
_COMPOUND = frozenset(COMPOUND_STATEMENTS)
_EMPTY_CALLS = frozenset({"builtins.set", "builtins.list", "builtins.tuple", "builtins.frozenset"})


def code_checker(rules: tuple[Rule, ...], check: CheckFunction, name: str) -> Checker:
    """The checker of rules that read Python code: the focus's tokens, `reads_code`."""
    return Checker(rules=rules, check=check, tokens=TOKENS, name=name, reads_code=True)


def analyses(facts: FileFacts) -> Iterator[Union[Analysis, ParsedPython]]:
    """For each piece of Python code of the file: its analysis, or its failed parse.

    Code that does not parse comes back as the `ParsedPython` (for the token
    fallback); so does code parsed with lines left out, after its analysis (the
    token fallback reads those lines); code with nothing to resolve is skipped.
    """
    for code in facts.python:
        result = analysis_for(facts, code)
        if result is not None:
            yield result
        if not isinstance(result, ParsedPython):
            repaired = repaired_parse(facts, code)
            if repaired is not None:
                yield repaired


def analysis_for(facts: FileFacts, code: PythonCode) -> Optional[Union[Analysis, ParsedPython]]:
    """The cached analysis of one piece of code (None when nothing in it can matter)."""
    cache = facts.extra.setdefault(_CACHE_KEY, {})
    assert isinstance(cache, dict)
    key = id(code.view)
    if key in cache:
        cached = cache[key]
        return cached if cached is None or isinstance(cached, (Analysis, ParsedPython)) else None
    text = code.view.text
    if facts.narrow and not may_matter(text):
        cache[key] = None  # no trigger that could matter: not even parsed
        return None
    tree = parsed(facts, code)
    result: Optional[Union[Analysis, ParsedPython]] = tree
    if tree.tree is not None:
        focused = focus(tree.tree, text) if facts.narrow else WHOLE
        result = None if focused is None else Analysis(code, tree, focused)
    cache[key] = result
    return result


class Argument:
    """One argument of a call, as written: `x`, `*xs`, `name=x` or `**mapping`."""

    __slots__ = ("keyword", "node", "star", "value")

    def __init__(self, keyword: Optional[str], value: ast.expr, star: str, node: ast.AST) -> None:
        self.keyword = keyword
        self.value = value
        self.star = star
        self.node = node


class DictItem:
    """A `key: value` item of a dict literal."""

    __slots__ = ("key", "value")

    def __init__(self, key: ast.expr, value: ast.expr) -> None:
        self.key = key
        self.value = value


def arguments_of(call: ast.Call) -> list[Argument]:
    """The arguments of a call in the order they are written."""
    found = [
        Argument(None, a.value, "*", a) if isinstance(a, ast.Starred) else Argument(None, a, "", a)
        for a in call.args
    ]
    found += [Argument(k.arg, k.value, "" if k.arg is not None else "**", k) for k in call.keywords]
    if call.keywords and call.args and _position(call.keywords[0]) < _position(call.args[-1]):
        found.sort(key=lambda a: _position(a.node))  # a keyword before `*args`
    return found


def _position(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


class Analysis:
    """The `ast` tree of one piece of code, its names and scopes, and an expression evaluator."""

    def __init__(self, code: PythonCode, tree: ParsedPython, focused: Focus) -> None:
        assert tree.tree is not None
        self.code = code
        self.view = code.view
        self.lines: LineIndex = tree.lines
        self.opaque = focused.opaque
        self.names = Names(tree.tree)
        statements = tree.tree.body if focused.statements is None else focused.statements
        self.names.walk(statements, focused.hidden)
        self.calls: list[ast.Call] = self.names.calls
        self.assigns: list[tuple[ast.expr, ast.expr, ast.stmt]] = self.names.assigns
        self._parents = self.names.parents
        self._hidden = focused.hidden
        # The arguments of the call asked about last (rules ask about one call at a time;
        # kept for every call, they would cost more memory than the tree of a dense module).
        self._arguments: tuple[Optional[ast.Call], list[Argument]] = (None, [])
        # The first lines of a statement list's members, by the list's id (for `_place`).
        self._first_lines: dict[int, list[int]] = {}
        # The lines of the simple statement asked about last.
        self._range: tuple[Optional[ast.stmt], Optional[LineRange]] = (None, None)
        # Source line of the view's line 1 less one, when the tree's line numbers are the
        # source's past it (one unbroken run, no lone `\r` that `ast` counts as a line end).
        first_line = None if "\r" in self.view.text else self.view.first_line()
        self._line_shift = None if first_line is None else first_line - 1
        self._line_count = len(self.lines.starts)
        # What imports make dotted chains, by `Names.chain_key` (many calls share a chain).
        self._chains: dict[tuple[int, str], Optional[Ref]] = {}
        self._members: dict[int, tuple[dict[str, list[ast.expr]], dict[str, list[ast.expr]]]] = {}
        # Memo of evaluated expressions (keyed by the node itself: no `id` int to keep) and
        # of each function's return values: without it, names assigned from names
        # evaluate exponentially often.
        self._values: dict[Any, Value] = {}
        self._returns_of: dict[int, list[ast.expr]] = {}

    # -- structure -------------------------------------------------------

    def arguments(self, call: ast.Call) -> list[Argument]:
        """The (cached) arguments of a call, in written order."""
        last, found = self._arguments
        if last is not call:
            found = arguments_of(call)
            self._arguments = (call, found)
        return found

    def body(self, node: ast.AST) -> list[ast.stmt]:
        """The statements of a class or function body that the analysis reads.

        A body written on the header's line (`class A: x = 1`) counts as none.
        """
        statements: list[ast.stmt] = getattr(node, "body", [])
        if not statements or not self._indented(statements):
            return []
        return [s for s in statements if id(s) not in self._hidden]

    def _indented(self, statements: list[ast.stmt]) -> bool:
        """Does a statement list start on a line of its own (not after the header's colon)?"""
        first = statements[0]
        line_start = self.lines.offset(first.lineno, 0)
        start = self.lines.offset(first.lineno, first.col_offset, utf8=True)
        return not self.view.text[line_start:start].strip()

    def _members_of(
        self, cls: ast.ClassDef
    ) -> tuple[dict[str, list[ast.expr]], dict[str, list[ast.expr]]]:
        """(`x = …` in the class body, `self.x = …` in its methods) by attribute name."""
        found = self._members.get(id(cls))
        if found is not None:
            return found
        class_attrs: dict[str, list[ast.expr]] = {}
        self_attrs: dict[str, list[ast.expr]] = {}
        for statement in self.body(cls):
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        class_attrs.setdefault(target.id, []).append(statement.value)
            elif isinstance(statement, _FUNCTIONS) and statement.args.args:
                first = statement.args.args[0].arg
                for attribute, value in _attribute_assignments(statement, first):
                    self_attrs.setdefault(attribute, []).append(value)
        found = self._members[id(cls)] = (class_attrs, self_attrs)
        return found

    # -- positions -------------------------------------------------------

    def offsets(self, node: Any) -> tuple[int, int]:
        """View offsets [start, end) of a node."""
        if isinstance(node, Argument):
            start, end = self.lines.node_range(node.node)
            if not node.star and node.keyword is None:
                start, end = self._parenthesised(node.node, start, end)
            return start, end
        if isinstance(node, DictItem):
            return self.offsets(node.key)[0], self.offsets(node.value)[1]
        return self.lines.node_range(node)

    def _parenthesised(self, node: ast.AST, start: int, end: int) -> tuple[int, int]:
        """A positional argument's span with the parentheses written around it."""
        call = self._parents.get(node)
        if not isinstance(call, ast.Call):
            return start, end
        text = self.view.text
        floor = self.lines.node_range(call.func)[1]
        floor = text.find("(", floor) + 1
        while True:
            before = len(text[floor:start].rstrip())
            after = end + len(text[end:]) - len(text[end:].lstrip())
            if before <= 0 or text[floor + before - 1] != "(" or text[after : after + 1] != ")":
                return start, end
            start, end = floor + before - 1, after + 1

    def span(self, node: Any, last: Optional[Any] = None) -> Span:
        """File span of a node (through `last` when given)."""
        start, end = self.offsets(node)
        if last is not None:
            end = max(end, self.offsets(last)[1])
        return self.view.span(start, end)

    def statement(self, node: Any) -> LineRange:
        """File lines of the statement holding a node (a compound statement's header only).

        Simple statements joined by `;` count as one; one written after a compound
        statement's colon counts with that statement's header.
        """
        if isinstance(node, Argument):
            node = node.node
        elif isinstance(node, DictItem):
            node = node.value
        child: ast.AST = node
        parents = self._parents
        current = parents.known.get(node)
        if current is None:
            located = parents.locate(node)
            if located is not None:
                # Below a plain module statement (a simple one): that statement.
                top, current = located
                if top is not node:
                    child, current = node, top
        while current is not None and not isinstance(current, ast.stmt):
            child, current = current, parents.get(current)
        if current is None:
            return self.view.line_range(*self.offsets(node))
        if type(current) in _COMPOUND:
            return self._header(current, child)
        last, found = self._range
        if last is not current or found is None:
            found = self._simple_statement(current)
            self._range = (current, found)
        return found

    def _simple_statement(self, current: ast.stmt) -> LineRange:
        """File lines of a simple statement, with those joined to it by `;`."""
        owner = self._parents.get(current)
        place = self._place(owner, current) if owner is not None else None
        if owner is None or place is None:
            return self.view.line_range(*self.offsets(current))
        siblings, index = place
        if not isinstance(owner, ast.Module) and not self._indented(siblings):
            # After the colon: with the header of the statement that owns the clause.
            header = self._parents.get(owner) if isinstance(owner, ast.ExceptHandler) else owner
            start = self.offsets(header if header is not None else owner)[0]
            return self.view.line_range(start, self.offsets(siblings[-1])[1])
        first = last = index
        while first > 0 and siblings[first - 1].end_lineno == siblings[first].lineno:
            first -= 1
        while last + 1 < len(siblings) and siblings[last].end_lineno == siblings[last + 1].lineno:
            last += 1
        end_node = siblings[last]
        shift = self._line_shift
        first_line, last_line = siblings[first].lineno, end_node.end_lineno or 0
        if shift is not None and 0 < first_line <= last_line <= self._line_count:
            first = first_line + shift
            return LineRange(first, first if last_line == first_line else last_line + shift)
        start = self.lines.offset(siblings[first].lineno, siblings[first].col_offset, utf8=True)
        end = self.lines.offset(end_node.end_lineno or 0, end_node.end_col_offset or 0, utf8=True)
        return self.view.line_range(start, max(start, end))

    def _place(self, owner: ast.AST, statement: ast.stmt) -> Optional[tuple[list[ast.stmt], int]]:
        """The statement list of `owner` that holds `statement`, and its index there."""
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(owner, field, None)
            if not isinstance(statements, list) or not statements:
                continue
            lines = self._first_lines.get(id(statements))
            if lines is None:
                lines = self._first_lines[id(statements)] = [s.lineno for s in statements]
            # Members are in written order: look from the first one on the statement's line.
            index = bisect.bisect_left(lines, statement.lineno)
            while index < len(statements) and lines[index] == statement.lineno:
                if statements[index] is statement:
                    return statements, index
                index += 1
        return None

    def _header(self, statement: ast.stmt, child: ast.AST) -> LineRange:
        """Lines from a compound statement's start to the end of the header part holding a node."""
        start = self.offsets(statement)[0]
        if isinstance(child, ast.arguments):
            parts = [*child.posonlyargs, *child.args, *child.kwonlyargs, *child.defaults]
            parts += [d for d in child.kw_defaults if d is not None]
            parts += [a for a in (child.vararg, child.kwarg) if a is not None]
            end = max(self.offsets(p)[1] for p in parts)
        elif isinstance(child, ast.withitem):
            last = child.optional_vars or child.context_expr
            end = self.offsets(last)[1]
        else:
            end = self.offsets(child)[1]
        return self.view.line_range(start, end)

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        """The parent of a node."""
        return self._parents.get(node)

    def enclosing(self, node: ast.AST, kind: Any) -> Optional[Any]:
        """The nearest ancestor of a type (or tuple of types)."""
        current = self._parents.get(node)
        while current is not None and not isinstance(current, kind):
            current = self._parents.get(current)
        return current

    def text(self, node: Any) -> str:
        """Source text of a node, white space folded."""
        start, end = self.offsets(node)
        return " ".join(self.view.text[start:end].split())

    # -- names -----------------------------------------------------------

    def imported_name(self, node: ast.AST) -> Optional[str]:
        """Normalised qualified name of a `Name`/dotted `Attribute` that an import binds."""
        found = self.names.imported(node)
        return normalise(found) if found is not None else None

    def builtin_name(self, node: ast.Name) -> Optional[str]:
        """`dict`, `setattr`, `True` … when the name is the builtin."""
        return self.names.builtin(node)

    # -- evaluation ------------------------------------------------------

    def evaluate(self, node: Any, depth: int = 0) -> Value:
        """What an expression holds, as far as the module shows statically."""
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        if type(node) is ast.Constant:
            single = _SINGLE_VALUES.get(id(node.value))
            if single is not None:
                return single  # `True`, `False`, `None`: made once, no memo needed
        values = self._values
        known = values.get(node)
        if known is not None:
            return known
        values[node] = UNKNOWN  # a value defined in terms of itself is unknown
        value = values[node] = self._evaluate(node, depth)
        return value

    def _evaluate(self, node: Any, depth: int) -> Value:
        kind = type(node)
        if kind is ast.Name:
            return self._name(node, depth)
        if kind is ast.Attribute:
            return self._attribute(node, depth)
        if kind is ast.Call:
            return self._call(node, depth)
        if kind is ast.Constant:
            held = node.value
            if held is None or held is True or held is False:
                return _SINGLE_VALUES[id(held)]
            if isinstance(held, _LITERALS):
                return Const(held)
            return UNKNOWN
        if isinstance(node, ast.Dict):
            return self._dict(node, depth)
        if isinstance(node, _CONTAINERS) and not node.elts:
            return Const(())
        if isinstance(node, ast.IfExp):
            return _same(
                [self.evaluate(node.body, depth + 1), self.evaluate(node.orelse, depth + 1)]
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.evaluate(node.operand, depth + 1)
            return Const(not inner.value) if isinstance(inner, Const) else UNKNOWN
        if isinstance(node, ast.Lambda):
            return LocalFunction(node)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            return self._or(node, depth)
        if isinstance(node, (Argument, DictItem, ast.keyword, ast.Starred)):
            return self.evaluate(node.value, depth)
        return UNKNOWN

    def _defaulted(self, binding: Binding) -> bool:
        """Is the binding `name = name or …` (a parameter given its default)?"""
        parent = self._parents.get(binding.node)
        if not isinstance(parent, ast.Assign) or not isinstance(parent.value, ast.BoolOp):
            return False
        first = parent.value.values[0]
        return (
            isinstance(parent.value.op, ast.Or)
            and isinstance(first, ast.Name)
            and first.id == binding.name
        )

    def _or(self, node: ast.BoolOp, depth: int) -> Value:
        """`session or requests.Session()`: the object made when the others are not given."""
        last = self.evaluate(node.values[-1], depth + 1)
        if not isinstance(last, Instance):
            return UNKNOWN
        for other in node.values[:-1]:
            value = self.evaluate(other, depth + 1)
            if not (isinstance(value, Unknown) or value == Const(None) or value == last):
                return UNKNOWN
        return last

    def _name(self, node: ast.Name, depth: int) -> Value:
        builtin = self.builtin_name(node)
        if builtin in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[builtin])
        imported = self.imported_name(node)
        if imported is not None:
            return Ref(imported)
        if builtin is not None:
            return Ref(f"builtins.{builtin}")
        scope = self.names.scopes.get(node)
        if scope is None:
            return UNKNOWN
        values: list[Value] = []
        bindings = [b for b in scope.resolve(node.id) if b.node is not node]
        defaulted = any(self._defaulted(b) for b in bindings)
        for binding in bindings:
            if defaulted and isinstance(binding.node, ast.arg):
                continue  # `x = x or Default()` replaces what the parameter held
            values.append(self._assigned(binding, depth))
        if not values and node.id in self.opaque:
            return OPAQUE
        return _same(values)

    def _assigned(self, binding: Binding, depth: int) -> Value:
        """The value a binding (an assignment target, def, class, parameter) gives its name."""
        target = binding.node
        if isinstance(target, _FUNCTIONS):
            return LocalFunction(target)
        if isinstance(target, ast.ClassDef):
            return LocalClass(target)
        if isinstance(target, ast.arg):
            cls = self._method_owner(target)
            if cls is not None:
                return LocalInstance(cls)
            if target.annotation is not None:
                annotation = self.evaluate(target.annotation, depth + 1)
                if isinstance(annotation, Ref):
                    return Instance(annotation.name)
            return UNKNOWN
        if not isinstance(target, ast.Name):
            return UNKNOWN
        parent = self._parents.get(target)
        if isinstance(parent, ast.Assign) and any(t is target for t in parent.targets):
            value = self.evaluate(parent.value, depth + 1)
            if isinstance(value, Mapping):
                return self._with_items_set(value, binding, parent, depth)
            return value
        if isinstance(parent, (ast.AnnAssign, ast.NamedExpr)) and parent.target is target:
            return self.evaluate(parent.value, depth + 1)
        if isinstance(parent, ast.withitem) and parent.optional_vars is target:
            return self.evaluate(parent.context_expr, depth + 1)
        return UNKNOWN

    def _with_items_set(
        self, mapping: Mapping, binding: Binding, assign: ast.Assign, depth: int
    ) -> Mapping:
        """A dict and the `name["key"] = value` items set on it later in the same scope."""
        items = list(mapping.items)
        for target, value, statement in self.assigns:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == binding.name
                and statement.lineno > assign.lineno
                and self.names.scopes.get(target.value) is binding.scope
            ):
                key = self.evaluate(target.slice, depth + 1)
                if isinstance(key, Const) and isinstance(key.value, str):
                    items.append((key.value, value, DictItem(target.slice, value)))
        return Mapping(tuple(items))

    def _method_owner(self, param: ast.arg) -> Optional[ast.ClassDef]:
        """The class whose instance a method's first parameter (`self`) is."""
        function = self.enclosing(param, _FUNCTIONS)
        if function is None or not function.args.args:
            return None
        if function.args.args[0] is not param or any(
            isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
            for d in function.decorator_list
        ):
            return None
        cls = self.enclosing(function, (ast.ClassDef, *_FUNCTIONS))
        return cls if isinstance(cls, ast.ClassDef) else None

    def _attribute(self, node: ast.Attribute, depth: int) -> Value:
        chain = self.names.chain_key(node)
        if chain is not None:
            chains = self._chains
            if chain in chains:
                ref = chains[chain]
            else:
                imported = self.imported_name(node)
                ref = chains[chain] = Ref(imported) if imported is not None else None
            if ref is not None:
                return ref
        name = node.attr
        held = self._self_attribute(node, depth)
        if held is not None:
            return held
        owner = self.evaluate(node.value, depth + 1)
        if isinstance(owner, Ref):
            return Ref(f"{owner.name}.{name}")
        if isinstance(owner, LocalClass):
            return self._class_member(owner.node, name, depth)
        if isinstance(owner, LocalInstance):
            return self._class_member(owner.cls, name, depth, instance=True)
        return Member(owner, name)

    def _self_attribute(self, node: ast.Attribute, depth: int) -> Optional[Value]:
        """`self.x` inside a method: what the class's methods (or body) assign to `x`."""
        if not isinstance(node.value, ast.Name):
            return None
        function = self.enclosing(node, _FUNCTIONS)
        if function is None or not function.args.args:
            return None
        if function.args.args[0].arg != node.value.id:
            return None
        cls = self.enclosing(function, (ast.ClassDef, *_FUNCTIONS))
        if not isinstance(cls, ast.ClassDef):
            return None
        return self._class_member(cls, node.attr, depth, instance=True)

    def _class_member(
        self, cls: ast.ClassDef, name: str, depth: int, instance: bool = False
    ) -> Value:
        """An attribute of a module class (or of its instances, with `self.x = …`)."""
        class_attrs, self_attrs = self._members_of(cls)
        values = (self_attrs.get(name) if instance else None) or class_attrs.get(name)
        if values:
            return _same([self.evaluate(v, depth + 1) for v in values])
        for statement in self.body(cls):
            if isinstance(statement, _FUNCTIONS) and statement.name == name:
                return LocalFunction(statement)
        base = self.known_base(cls, depth)
        if base is not None:
            return Member(Instance(base), name) if instance else Ref(f"{base}.{name}")
        return Member(LocalInstance(cls), name)

    def type_of(self, value: Value) -> Optional[str]:
        """The known type of an instance (a module class counts as its known base)."""
        if isinstance(value, Instance):
            return value.type
        if isinstance(value, LocalInstance):
            return self.known_base(value.cls)
        return None

    def callee(self, call: ast.Call) -> tuple[Value, str]:
        """What a call calls, and its qualified name ("" when not known)."""
        func = self.evaluate(call.func)
        if isinstance(func, Partial):
            func = func.func
        if isinstance(func, Member):
            owner_type = self.type_of(func.owner)
            if owner_type is not None:
                return func, f"{owner_type}.{func.name}"
            return func, ""
        if isinstance(func, Ref):
            return func, func.name
        return func, ""

    def known_base(self, cls: ast.ClassDef, depth: int = 0) -> Optional[str]:
        """The imported class a module class derives from (through module classes), if any."""
        for base in cls.bases:
            if isinstance(base, ast.Starred):
                base = base.value
            value = self.evaluate(base, depth + 1)
            if isinstance(value, Ref) and not value.name.startswith("builtins."):
                return instance_type(value.name)
            if isinstance(value, LocalClass) and value.node is not cls and depth < _MAX_DEPTH:
                found = self.known_base(value.node, depth + 1)
                if found is not None:
                    return found
        return None

    def _call(self, node: ast.Call, depth: int) -> Value:
        func = self.evaluate(node.func, depth + 1)
        if isinstance(func, Ref):
            arguments = self.arguments(node)
            if func.name == "functools.partial" and arguments and arguments[0].keyword is None:
                return Partial(self.evaluate(arguments[0].value, depth + 1), node)
            if func.name == "builtins.dict":
                return self._dict_call(node, depth)
            if func.name in _EMPTY_CALLS and not node.args and not node.keywords:
                return Const(())
            return Instance(instance_type(func.name))
        if isinstance(func, LocalFunction):
            return _same([self.evaluate(r, depth + 1) for r in self._returns(func.node)])
        if isinstance(func, LocalClass):
            return LocalInstance(func.node)
        if isinstance(func, Opaque):
            return OPAQUE
        return UNKNOWN

    def _returns(self, function: ast.AST) -> list[ast.expr]:
        if isinstance(function, ast.Lambda):
            return [function.body]
        cached = self._returns_of.get(id(function))
        if cached is not None:
            return cached
        found: list[ast.expr] = []
        self._returns_of[id(function)] = found
        stack: list[ast.AST] = list(reversed(getattr(function, "body", [])))
        while stack:
            current = stack.pop()
            if isinstance(current, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(current, ast.Return) and current.value is not None:
                found.append(current.value)
            stack.extend(reversed(list(ast.iter_child_nodes(current))))
        return found

    def _dict(self, node: ast.Dict, depth: int) -> Value:
        items: list[tuple[str, Any, Any]] = []
        for key_node, value_node in zip(node.keys, node.values):
            if key_node is not None:
                key = self.evaluate(key_node, depth + 1)
                if isinstance(key, Const) and isinstance(key.value, str):
                    items.append((key.value, value_node, DictItem(key_node, value_node)))
            else:
                inner = self.evaluate(value_node, depth + 1)
                if isinstance(inner, Mapping):
                    items.extend(inner.items)
        return Mapping(tuple(items))

    def _dict_call(self, node: ast.Call, depth: int) -> Value:
        items: list[tuple[str, Any, Any]] = []
        for arg in self.arguments(node):
            if arg.keyword is not None:
                items.append((arg.keyword, arg.value, arg))
            else:
                inner = self.evaluate(arg.value, depth + 1)
                if isinstance(inner, Mapping):
                    items.extend(inner.items)
        return Mapping(tuple(items))

    # -- call arguments --------------------------------------------------

    def keywords(self, call: ast.Call) -> list[tuple[str, ast.expr, Argument]]:
        """(name, value, where to report) of a call's keywords, `**dict` ones included.

        A keyword from a `**mapping` is reported at the `**mapping` argument: the
        call is what connects with the mapping's settings.
        """
        found: list[tuple[str, ast.expr, Argument]] = []
        for arg in self.arguments(call):
            if arg.keyword is not None:
                found.append((arg.keyword, arg.value, arg))
            elif arg.star == "**":
                held = self.evaluate(arg.value)
                if isinstance(held, Mapping):
                    for key, value, _ in held.items:
                        found.append((key, value, arg))
        return found

    def argument(self, call: ast.Call, position: Optional[int], name: Optional[str]) -> Any:
        """The argument at a position or with a keyword name, if given (None if absent).

        The result has a `.value` expression: an `Argument`, or the item of a
        `**mapping` that supplies the keyword. A `**value` that cannot be resolved
        may supply anything, so it is returned itself (its value evaluates to unknown).
        """
        arguments = self.arguments(call)
        positional = [a for a in arguments if a.keyword is None and not a.star]
        for arg in arguments:
            if name is not None and arg.keyword is not None and arg.keyword == name:
                return arg
        if position is not None and position < len(positional):
            return positional[position]
        if any(a.star == "*" for a in arguments) and position is not None:
            return next(a for a in arguments if a.star == "*")
        for arg in arguments:
            if arg.star != "**" or name is None:
                continue
            held = self.evaluate(arg.value)
            if not isinstance(held, Mapping):
                return arg
            for key, _, element in held.items:
                if key == name:
                    return element
        return None


def _attribute_assignments(function: ast.AST, owner: str) -> list[tuple[str, ast.expr]]:
    """(attribute, value) of every `owner.attribute = value` in a function."""
    found: list[tuple[str, ast.expr]] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == owner
            ):
                found.append((target.attr, node.value))
    return found


def _same(values: list[Value]) -> Value:
    """The common value of several assignments, or UNKNOWN when they differ."""
    if not values:
        return UNKNOWN
    first = values[0]
    return first if all(v == first for v in values[1:]) else UNKNOWN
