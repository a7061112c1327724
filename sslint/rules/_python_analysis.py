"""One libcst analysis per piece of Python code, shared by the SSL3xx rule modules.

libcst is imported here only, and only reads what a cheap `ast` pass found
worth resolving (`_python_focus`). The analysis parses once, resolves its
metadata once (qualified names, scopes, positions, parents) and evaluates
expressions to values (`_python_values`) through import aliases, module,
class and function constants, `self.x` attributes set in other methods,
`with … as x`, small factory functions, dicts and `functools.partial`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Optional, Union, cast

from sslint.linter.facts import FileFacts, PythonCode
from sslint.linter.readers.python_parse import LineIndex, ParsedPython, parsed
from sslint.linter.source import LineRange, Span
from sslint.rules._python_focus import TOKENS, Focus, focus, may_matter
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
    Value,
    instance_type,
    normalise,
)
from sslint.rules.base import Checker, CheckFunction, Rule

if TYPE_CHECKING:
    import libcst as cst

_CACHE_KEY = "python.analysis"
_MAX_DEPTH = 12


def code_checker(rules: tuple[Rule, ...], check: CheckFunction, name: str) -> Checker:
    """The checker of rules that read Python code: the focus's tokens, `reads_code`."""
    return Checker(rules=rules, check=check, tokens=TOKENS, name=name, reads_code=True)


def analyses(facts: FileFacts) -> Iterator[Union[Analysis, ParsedPython]]:
    """For each piece of Python code of the file: its analysis, or its failed parse.

    Code that does not parse comes back as the `ParsedPython` (for the token
    fallback); code with nothing to resolve is skipped.
    """
    for code in facts.python:
        result = analysis_for(facts, code)
        if result is not None:
            yield result


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
    result: Optional[Union[Analysis, ParsedPython]]
    if tree.tree is None:
        result = tree
    else:
        focused = focus(tree.tree, text) if facts.narrow else Focus(text, frozenset())
        result = None if focused is None else _analyse(code, tree, focused)
    cache[key] = result
    return result


def _analyse(code: PythonCode, tree: ParsedPython, focused: Focus) -> Union[Analysis, ParsedPython]:
    """The analysis of the focused text (of the whole text if that fails), or the token fallback."""
    attempts = [focused]
    if focused.opaque or focused.text != code.view.text:
        attempts.append(Focus(code.view.text, frozenset()))
    for attempt in attempts:
        try:
            return Analysis(code, tree, attempt)
        except Exception:  # libcst rejects what ast accepted
            continue
    return tree


class Analysis:
    """The libcst tree of one piece of code, its metadata and an expression evaluator."""

    def __init__(self, code: PythonCode, tree: ParsedPython, focused: Focus) -> None:
        import libcst as cst
        from libcst.metadata import (
            MetadataWrapper,
            PositionProvider,
            QualifiedNameProvider,
            ScopeProvider,
        )

        self.cst = cst
        self.code = code
        self.view = code.view
        self.lines: LineIndex = tree.lines
        self.opaque = focused.opaque
        self._real_line = focused.real_line
        self.module = cst.parse_module(focused.text)
        wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        # One batched pass for all providers (each `resolve` would walk the tree again).
        metadata = wrapper.resolve_many([QualifiedNameProvider, ScopeProvider, PositionProvider])
        self._qnames = cast("dict[cst.CSTNode, Any]", metadata[QualifiedNameProvider])
        self._scopes = cast("dict[cst.CSTNode, Any]", metadata[ScopeProvider])
        self._positions = cast("dict[cst.CSTNode, Any]", metadata[PositionProvider])
        self._parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.calls: list[cst.Call] = []
        self.assigns: list[tuple[cst.BaseExpression, cst.BaseExpression, cst.CSTNode]] = []
        self._self_attrs: dict[tuple[int, str], list[cst.BaseExpression]] = {}
        self._class_attrs: dict[tuple[int, str], list[cst.BaseExpression]] = {}
        # Memo of evaluated expressions and of each function's return values:
        # without it, names assigned from names evaluate exponentially often.
        self._values: dict[int, Value] = {}
        self._returns_of: dict[int, list[cst.BaseExpression]] = {}
        self._collect()

    # -- collection ------------------------------------------------------

    def _collect(self) -> None:
        import libcst as cst

        analysis = self
        parents = self._parents
        stack: list[cst.CSTNode] = []

        class Collector(cst.CSTVisitor):
            # Parents are recorded here: libcst's ParentNodeProvider would walk the tree again.
            def on_visit(self, node: cst.CSTNode) -> bool:
                if stack:
                    parents[node] = stack[-1]
                stack.append(node)
                return super().on_visit(node)

            def on_leave(self, original_node: cst.CSTNode) -> None:
                super().on_leave(original_node)
                stack.pop()

            def visit_Call(self, node: cst.Call) -> None:
                analysis.calls.append(node)

            def visit_Assign(self, node: cst.Assign) -> None:
                for target in node.targets:
                    analysis.assigns.append((target.target, node.value, node))

            def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
                if node.value is not None:
                    analysis.assigns.append((node.target, node.value, node))

            def visit_ClassDef(self, node: cst.ClassDef) -> None:
                analysis._class_members(node)

        self.module.visit(Collector())

    def _class_members(self, cls: cst.ClassDef) -> None:
        """Record `self.x = …` in the methods and `x = …` in the body of a class."""
        import libcst as cst

        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign):
                        for target in small.targets:
                            if isinstance(target.target, cst.Name):
                                key = (id(cls), target.target.value)
                                self._class_attrs.setdefault(key, []).append(small.value)
            elif isinstance(statement, cst.FunctionDef) and statement.params.params:
                first = statement.params.params[0].name.value
                for attribute, value in _attribute_assignments(statement, first):
                    self._self_attrs.setdefault((id(cls), attribute), []).append(value)

    # -- positions -------------------------------------------------------

    def offsets(self, node: cst.CSTNode) -> tuple[int, int]:
        """View offsets [start, end) of a node."""
        where = self._positions[node]
        start = self.lines.offset(self._real_line(where.start.line), where.start.column)
        end = self.lines.offset(self._real_line(where.end.line), where.end.column)
        return start, max(start, end)

    def span(self, node: cst.CSTNode, last: Optional[cst.CSTNode] = None) -> Span:
        """File span of a node (through `last` when given)."""
        start, end = self.offsets(node)
        if last is not None:
            end = max(end, self.offsets(last)[1])
        return self.view.span(start, end)

    def line(self, node: cst.CSTNode) -> int:
        """File line where a node starts."""
        return self.span(node).start_line

    def statement(self, node: cst.CSTNode) -> LineRange:
        """File lines of the statement holding a node (a compound statement's header only)."""
        import libcst as cst

        current: cst.CSTNode = node
        below: cst.CSTNode = node
        while True:
            parent = self._parents.get(current)
            if parent is None or isinstance(parent, cst.Module):
                break
            if isinstance(current, cst.SimpleStatementLine):
                below = current
                break
            if isinstance(parent, cst.BaseCompoundStatement):
                start = self.offsets(parent)[0]
                end = self.offsets(current)[1]
                return self.view.line_range(start, end)
            below = current
            current = parent
        start, end = self.offsets(below)
        return self.view.line_range(start, end)

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        """The parent of a node."""
        return self._parents.get(node)

    def enclosing(self, node: cst.CSTNode, kind: Any) -> Optional[Any]:
        """The nearest ancestor of a type (or tuple of types)."""
        current = self._parents.get(node)
        while current is not None and not isinstance(current, kind):
            current = self._parents.get(current)
        return current

    def text(self, node: cst.CSTNode) -> str:
        """Source text of a node, white space folded."""
        start, end = self.offsets(node)
        return " ".join(self.view.text[start:end].split())

    # -- names -----------------------------------------------------------

    def imported_name(self, node: cst.CSTNode) -> Optional[str]:
        """Normalised qualified name of a `Name`/dotted `Attribute` that an import binds."""
        from libcst.metadata import QualifiedNameSource

        found = self._qnames.get(node)
        if found is not None and callable(found) and not isinstance(found, (set, frozenset)):
            found = found()
        names = sorted(q.name for q in (found or ()) if q.source == QualifiedNameSource.IMPORT)
        return normalise(names[0]) if names else None

    def builtin_name(self, node: cst.Name) -> Optional[str]:
        """`dict`, `setattr`, `True` … when the name is the builtin."""
        from libcst.metadata import QualifiedNameSource

        found = self._qnames.get(node)
        if found is not None and callable(found) and not isinstance(found, (set, frozenset)):
            found = found()
        for q in found or ():
            if q.source == QualifiedNameSource.BUILTIN:
                return str(q.name).replace("builtins.", "", 1)
        return None

    # -- evaluation ------------------------------------------------------

    def evaluate(self, node: Optional[cst.CSTNode], depth: int = 0) -> Value:
        """What an expression holds, as far as the module shows statically."""
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        key = id(node)
        known = self._values.get(key)
        if known is not None:
            return known
        self._values[key] = UNKNOWN  # a value defined in terms of itself is unknown
        value = self._evaluate(node, depth)
        self._values[key] = value
        return value

    def _evaluate(self, node: cst.CSTNode, depth: int) -> Value:
        import libcst as cst

        if isinstance(node, cst.Name):
            return self._name(node, depth)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, depth)
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            try:
                return Const(node.evaluated_value)
            except Exception:
                return UNKNOWN
        if isinstance(node, cst.Integer):
            try:
                return Const(int(node.value.replace("_", ""), 0))
            except ValueError:
                return UNKNOWN
        if isinstance(node, cst.Dict):
            return self._dict(node, depth)
        if isinstance(node, cst.IfExp):
            return _same(
                [self.evaluate(node.body, depth + 1), self.evaluate(node.orelse, depth + 1)]
            )
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            inner = self.evaluate(node.expression, depth + 1)
            return Const(not inner.value) if isinstance(inner, Const) else UNKNOWN
        if isinstance(node, cst.Lambda):
            return LocalFunction(node)
        if isinstance(node, (cst.Arg, cst.Element, cst.DictElement)):
            return self.evaluate(node.value, depth)
        return UNKNOWN

    def _name(self, node: cst.Name, depth: int) -> Value:
        builtin = self.builtin_name(node)
        if builtin in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[builtin])
        imported = self.imported_name(node)
        if imported is not None:
            return Ref(imported)
        if builtin is not None:
            return Ref(f"builtins.{builtin}")
        scope = self._scopes.get(node)
        if scope is None:
            return UNKNOWN
        values: list[Value] = []
        for assignment in scope[node.value]:
            target = getattr(assignment, "node", None)
            if target is None or target is node:
                continue
            values.append(self._assigned(target, depth))
        if not values and node.value in self.opaque:
            return OPAQUE
        return _same(values)

    def _assigned(self, target: cst.CSTNode, depth: int) -> Value:
        """The value an assignment target (or def, class, parameter) binds."""
        import libcst as cst

        if isinstance(target, cst.FunctionDef):
            return LocalFunction(target)
        if isinstance(target, cst.ClassDef):
            return LocalClass(target)
        if isinstance(target, cst.Param):
            cls = self._method_owner(target)
            if cls is not None:
                return LocalInstance(cls)
            if target.annotation is not None:
                annotation = self.evaluate(target.annotation.annotation, depth + 1)
                if isinstance(annotation, Ref):
                    return Instance(annotation.name)
            return UNKNOWN
        parent = self._parents.get(target)
        if isinstance(parent, cst.AssignTarget):
            statement = self._parents.get(parent)
            if isinstance(statement, cst.Assign):
                return self.evaluate(statement.value, depth + 1)
        if isinstance(parent, cst.AnnAssign) and parent.target is target:
            return self.evaluate(parent.value, depth + 1)
        if isinstance(parent, cst.NamedExpr) and parent.target is target:
            return self.evaluate(parent.value, depth + 1)
        if isinstance(parent, cst.AsName):
            item = self._parents.get(parent)
            if isinstance(item, cst.WithItem):
                return self.evaluate(item.item, depth + 1)
        return UNKNOWN

    def _method_owner(self, param: cst.Param) -> Optional[cst.ClassDef]:
        """The class whose instance a method's first parameter (`self`) is."""
        import libcst as cst

        function = self.enclosing(param, cst.FunctionDef)
        if function is None or not function.params.params:
            return None
        if function.params.params[0] is not param or any(
            isinstance(d.decorator, cst.Name)
            and d.decorator.value in ("staticmethod", "classmethod")
            for d in function.decorators
        ):
            return None
        cls = self.enclosing(function, (cst.ClassDef, cst.FunctionDef))
        return cls if isinstance(cls, cst.ClassDef) else None

    def _attribute(self, node: cst.Attribute, depth: int) -> Value:
        if _dotted(node):
            imported = self.imported_name(node)
            if imported is not None:
                return Ref(imported)
        name = node.attr.value
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

    def _self_attribute(self, node: cst.Attribute, depth: int) -> Optional[Value]:
        """`self.x` inside a method: what the class's methods (or body) assign to `x`."""
        import libcst as cst

        if not isinstance(node.value, cst.Name):
            return None
        function = self.enclosing(node, cst.FunctionDef)
        if function is None or not function.params.params:
            return None
        if function.params.params[0].name.value != node.value.value:
            return None
        cls = self.enclosing(function, (cst.ClassDef, cst.FunctionDef))
        if not isinstance(cls, cst.ClassDef):
            return None
        return self._class_member(cls, node.attr.value, depth, instance=True)

    def _class_member(
        self, cls: cst.ClassDef, name: str, depth: int, instance: bool = False
    ) -> Value:
        """An attribute of a module class (or of its instances, with `self.x = …`)."""
        import libcst as cst

        values = (self._self_attrs.get((id(cls), name)) if instance else None) or (
            self._class_attrs.get((id(cls), name))
        )
        if values:
            return _same([self.evaluate(v, depth + 1) for v in values])
        for statement in cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ():
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
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

    def callee(self, call: cst.Call) -> tuple[Value, str]:
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

    def known_base(self, cls: cst.ClassDef, depth: int = 0) -> Optional[str]:
        """The imported class a module class derives from (through module classes), if any."""
        for base in cls.bases:
            value = self.evaluate(base.value, depth + 1)
            if isinstance(value, Ref) and not value.name.startswith("builtins."):
                return instance_type(value.name)
            if isinstance(value, LocalClass) and value.node is not cls and depth < _MAX_DEPTH:
                found = self.known_base(value.node, depth + 1)
                if found is not None:
                    return found
        return None

    def _call(self, node: cst.Call, depth: int) -> Value:
        func = self.evaluate(node.func, depth + 1)
        if isinstance(func, Ref):
            if func.name == "functools.partial" and node.args and node.args[0].keyword is None:
                return Partial(self.evaluate(node.args[0].value, depth + 1), node)
            if func.name == "builtins.dict":
                return self._dict_call(node, depth)
            return Instance(instance_type(func.name))
        if isinstance(func, LocalFunction):
            return _same([self.evaluate(r, depth + 1) for r in self._returns(func.node)])
        if isinstance(func, LocalClass):
            return LocalInstance(func.node)
        if isinstance(func, Opaque):
            return OPAQUE
        return UNKNOWN

    def _returns(self, function: cst.CSTNode) -> list[cst.BaseExpression]:
        import libcst as cst

        if isinstance(function, cst.Lambda):
            return [function.body]
        cached = self._returns_of.get(id(function))
        if cached is not None:
            return cached
        found: list[cst.BaseExpression] = []
        self._returns_of[id(function)] = found

        class Returns(cst.CSTVisitor):
            def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
                return node is function

            def visit_ClassDef(self, node: cst.ClassDef) -> bool:
                return False

            def visit_Lambda(self, node: cst.Lambda) -> bool:
                return False

            def visit_Return(self, node: cst.Return) -> None:
                if node.value is not None:
                    found.append(node.value)

        function.visit(Returns())
        return found

    def _dict(self, node: cst.Dict, depth: int) -> Value:
        import libcst as cst

        items: list[tuple[str, Any, Any]] = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.evaluate(element.key, depth + 1)
                if isinstance(key, Const) and isinstance(key.value, str):
                    items.append((key.value, element.value, element))
            elif isinstance(element, cst.StarredDictElement):
                inner = self.evaluate(element.value, depth + 1)
                if isinstance(inner, Mapping):
                    items.extend(inner.items)
        return Mapping(tuple(items))

    def _dict_call(self, node: cst.Call, depth: int) -> Value:
        items: list[tuple[str, Any, Any]] = []
        for arg in node.args:
            if arg.keyword is not None:
                items.append((arg.keyword.value, arg.value, arg))
            else:
                inner = self.evaluate(arg.value, depth + 1)
                if isinstance(inner, Mapping):
                    items.extend(inner.items)
        return Mapping(tuple(items))

    # -- call arguments --------------------------------------------------

    def keywords(self, call: cst.Call) -> list[tuple[str, cst.BaseExpression, cst.CSTNode]]:
        """(name, value, where to report) of a call's keywords, `**dict` ones included.

        A keyword from a `**mapping` is reported at the `**mapping` argument: the
        call is what connects with the mapping's settings.
        """
        found: list[tuple[str, cst.BaseExpression, cst.CSTNode]] = []
        for arg in call.args:
            if arg.keyword is not None:
                found.append((arg.keyword.value, arg.value, arg))
            elif arg.star == "**":
                held = self.evaluate(arg.value)
                if isinstance(held, Mapping):
                    for key, value, _ in held.items:
                        found.append((key, value, arg))
        return found

    def argument(self, call: cst.Call, position: Optional[int], name: Optional[str]) -> Any:
        """The argument at a position or with a keyword name, if given (None if absent).

        The result has a `.value` expression: an `Arg`, or the element of a `**mapping`
        that supplies the keyword. A `**value` that cannot be resolved may supply
        anything, so it is returned itself (its value evaluates to unknown).
        """
        positional = [a for a in call.args if a.keyword is None and not a.star]
        for arg in call.args:
            if name is not None and arg.keyword is not None and arg.keyword.value == name:
                return arg
        if position is not None and position < len(positional):
            return positional[position]
        if any(a.star == "*" for a in call.args) and position is not None:
            return next(a for a in call.args if a.star == "*")
        for arg in call.args:
            if arg.star != "**" or name is None:
                continue
            held = self.evaluate(arg.value)
            if not isinstance(held, Mapping):
                return arg
            for key, _, element in held.items:
                if key == name:
                    return element
        return None


def _dotted(node: Any) -> bool:
    """Is an attribute chain made of names only (`a.b.c`, not `a().b`)?"""
    import libcst as cst

    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _attribute_assignments(function: Any, owner: str) -> list[tuple[str, Any]]:
    """(attribute, value) of every `owner.attribute = value` in a function."""
    import libcst as cst

    found: list[tuple[str, Any]] = []

    class Finder(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            for target in node.targets:
                t = target.target
                if (
                    isinstance(t, cst.Attribute)
                    and isinstance(t.value, cst.Name)
                    and t.value.value == owner
                ):
                    found.append((t.attr.value, node.value))

    function.body.visit(Finder())
    return found


def _same(values: list[Value]) -> Value:
    """The common value of several assignments, or UNKNOWN when they differ."""
    if not values:
        return UNKNOWN
    first = values[0]
    return first if all(v == first for v in values[1:]) else UNKNOWN
