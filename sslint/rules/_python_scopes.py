"""Scopes, bindings and qualified names of Python code, from the standard `ast`.

One walk over the statements an analysis looks at records, for every node,
its parent; for every name, its scope; and for every scope, what binds each
name in it (assignments, definitions, parameters, imports). Resolution follows
Python's rules: a class body is not visible from the functions inside it, a
comprehension has its own scope (its first iterable is evaluated outside it),
`global` and `nonlocal` send a name's bindings to the module or the enclosing
function, and a name bound nowhere is a builtin if `builtins` has it.

A qualified name is what an import makes a name or a dotted chain stand for:
`sp.run` is `subprocess.run` after `import subprocess as sp`, `get` is
`requests.get` after `from requests import get`, `a.b.c` is `a.b.c` after
`import a.b`, `x` is `.pkg.x` after `from .pkg import x`. A bare name used
before its import in the same scope does not see that import.
"""

from __future__ import annotations

import ast
import builtins
import weakref
from typing import Callable, ClassVar, Iterable, Optional, Union, cast

from sslint.linter.readers.python.parse import COMPOUND_STATEMENTS, child_fields
from sslint.rules._python_parents import PLAIN_NODES, Parents

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
# Nodes after which the scope's count of finished assignments goes up.
_ASSIGNING = frozenset(
    {ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.withitem, ast.ExceptHandler}
)
_MATCH_NAMES: tuple[type, ...] = tuple(
    getattr(ast, name) for name in ("MatchAs", "MatchStar", "MatchMapping") if hasattr(ast, name)
)
_STATEMENT_LISTS = ("body", "orelse", "finalbody")
# A walk of more module statements than this keeps no parents below plain ones
# (`_python_parents`): a module of many short statements.
_LAZY_MINIMUM = 2000
# The walk's own copy of `child_fields` answers (a dict look-up, not a call, per node).
_FIELDS: dict[type, tuple[str, ...]] = {}


class Binding:
    """What binds a name in a scope: a target, a definition, a parameter or an import.

    `node` is the `ast.Name` target, the `def`/`class`, the `ast.arg`, the import
    statement (with `alias`), or another binding statement (a `for`, an `except … as`).
    `index` orders it against the uses of the name in the same scope. Its scope is
    held weakly: the scope holds the binding, and a cycle would keep the scope (and
    the tree it belongs to) alive until the next garbage collection.
    """

    __slots__ = ("_scope", "alias", "index", "module", "name", "node")

    def __init__(
        self,
        name: str,
        node: ast.AST,
        scope: Scope,
        index: int,
        alias: Optional[ast.alias] = None,
        module: str = "",
    ) -> None:
        self.name = name
        self.node = node
        self._scope = weakref.ref(scope)
        self.index = index
        self.alias = alias
        self.module = module

    @property
    def scope(self) -> Scope:
        """The scope the binding is made in."""
        found = self._scope()
        assert found is not None
        return found

    def imported_names(self, full_name: str) -> list[str]:
        """What `full_name` (this binding's name, maybe with attributes) names, if imported."""
        alias = self.alias
        if alias is None:
            return []
        parts = alias.name.split(".")
        for size in range(len(parts), 0, -1):
            real = ".".join(parts[:size])
            shown = alias.asname or real
            if self.module.endswith("."):
                real = f"{self.module}{real}"
            elif self.module:
                real = f"{self.module}.{real}"
            if full_name.startswith(shown):
                rest = full_name.split(shown, 1)[1]
                if rest and not rest.startswith("."):
                    continue
                rest = rest.lstrip(".")
                return [f"{real}.{rest}" if rest else real]
        return []


class Scope:
    """A module, class body, function, lambda or comprehension scope."""

    __slots__ = ("__weakref__", "count", "kind", "names", "node", "overwrites", "parent")

    def __init__(self, kind: str, parent: Optional[Scope], node: Optional[ast.AST]) -> None:
        self.kind = kind
        self.parent = parent
        self.node = node
        self.names: dict[str, list[Binding]] = {}
        self.overwrites: dict[str, Scope] = {}
        self.count = 0

    @property
    def module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def _visible_parent(self, first: Optional[Scope] = None) -> Optional[Scope]:
        """The nearest scope from `first` (or the parent) up whose names are visible below."""
        parent = first if first is not None else self.parent
        while parent is not None and parent.kind == "class":
            parent = parent.parent
        return parent

    def target(self, name: str) -> Scope:
        """The scope a binding of `name` made here goes to (`global`, `nonlocal`)."""
        overwrite = self.overwrites.get(name)
        if overwrite is None:
            return self
        found = self._visible_parent(overwrite)
        return found.target(name) if found is not None else self

    def holds(self, name: str) -> bool:
        """Is `name` bound here or in a scope visible from here (builtins included)?"""
        overwrite = self.overwrites.get(name)
        if overwrite is not None:
            return overwrite.holds(name)
        if name in self.names:
            return True
        parent = self._visible_parent()
        return parent.holds(name) if parent is not None else hasattr(builtins, name)

    def resolve(self, name: str) -> list[Binding]:
        """The bindings a use of `name` here can see (empty: a builtin or unbound)."""
        scope: Optional[Scope] = self
        while scope is not None:
            overwrite = scope.overwrites.get(name)
            if overwrite is not None:
                scope = scope._visible_parent(overwrite)
                continue
            found = scope.names.get(name)
            if found:
                return found
            scope = scope._visible_parent()
        return []


class Names:
    """Parents, scopes and bindings of the nodes one walk went through."""

    _special: ClassVar[dict[type, Handler]]

    def __init__(self, module: ast.Module) -> None:
        self.module_scope = Scope("module", None, module)
        self.parents = Parents(module)
        self.scopes: dict[ast.AST, Scope] = {}  # names and scope-making nodes -> scope
        self.uses: dict[ast.Name, int] = {}  # loaded names -> count at the use
        self.calls: list[ast.Call] = []
        self.functions: list[Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]] = []
        self.assigns: list[tuple[ast.expr, ast.expr, ast.stmt]] = []
        self._by_name: dict[tuple[int, str], tuple[list[str], list[str]]] = {}
        self._of_node: dict[ast.AST, tuple[list[str], list[str]]] = {}

    # -- walking ---------------------------------------------------------

    def walk(self, statements: Iterable[ast.stmt], hidden: frozenset[int]) -> None:
        """Record the given module statements (and all below them but `hidden` ones)."""
        module = self.module_scope
        root = module.node
        stack: list[tuple[ast.AST, Scope, Optional[ast.AST]]] = []
        for statement in reversed(list(statements)):
            stack.append((statement, module, root))
        self._run(stack, hidden, len(stack) > _LAZY_MINIMUM)

    def _run(
        self,
        stack: list[tuple[ast.AST, Scope, Optional[ast.AST]]],
        hidden: frozenset[int],
        lazy: bool,
    ) -> None:
        """Walk the stack; with `lazy`, plain module statements keep no parents below them."""
        known = parents = self.parents.known
        # The plain module statement being walked (lazy only), and its nodes' parents.
        top: Optional[ast.AST] = None
        pending: dict[ast.AST, ast.AST] = {}
        root = self.module_scope.node
        eager = _EAGER
        calls = self.calls
        assigns = self.assigns
        scopes = self.scopes
        uses = self.uses
        special = self._special
        push = stack.append
        pop = stack.pop
        node_type = ast.AST
        constant = ast.Constant
        while stack:
            node, scope, parent = pop()
            kind = type(node)
            if kind is ast.Name:
                parents[node] = parent  # type: ignore[assignment]
                scopes[node] = scope
                if type(node.ctx) is ast.Store:  # type: ignore[attr-defined]
                    self.bind(scope, node.id, node)  # type: ignore[attr-defined]
                else:
                    uses[node] = scope.count  # type: ignore[index]
                continue
            if kind is _Leave:
                node.scope.count += 1  # type: ignore[attr-defined]
                continue
            if parent is not None:
                if lazy and parent is root:  # a module statement: the one before is done
                    self._settle(top, pending)
                    top = node if kind not in eager else None
                    parents = pending if top is not None else known
                parents[node] = parent
            if kind is ast.Constant:
                continue  # no child nodes
            if top is not None and kind in eager:  # not plain after all
                known.update(pending)
                pending.clear()
                top = None
                parents = known
            if kind is ast.Call:
                calls.append(node)  # type: ignore[arg-type]
            elif kind is ast.Assign:
                assign = cast(ast.Assign, node)
                for target in assign.targets:
                    assigns.append((target, assign.value, assign))
            elif kind is ast.AnnAssign:
                annotated = cast(ast.AnnAssign, node)
                if annotated.value is not None:
                    assigns.append((annotated.target, annotated.value, annotated))
            handler = special.get(kind)
            if handler is not None:
                children = handler(self, node, scope)
                if children is not None:
                    for child, child_scope in reversed(children):
                        if id(child) not in hidden:
                            push((child, child_scope, node))
                    continue
            if kind in _ASSIGNING:
                push((_Leave(scope), scope, None))
            fields = _FIELDS.get(kind)
            if fields is None:
                fields = _FIELDS[kind] = child_fields(kind)
            for field in reversed(fields):
                value = getattr(node, field, None)
                if type(value) is list:
                    if hidden:
                        for child in reversed(value):
                            if isinstance(child, node_type) and id(child) not in hidden:
                                push((child, scope, node))
                    else:
                        for child in reversed(value):
                            if isinstance(child, node_type):
                                push((child, scope, node))
                elif type(value) is constant:
                    parents[value] = node  # a leaf: only its parent to record
                elif isinstance(value, node_type):
                    push((value, scope, node))
        self._settle(top, pending)

    def _settle(self, top: Optional[ast.AST], pending: dict[ast.AST, ast.AST]) -> None:
        """A plain module statement walked: its parents dropped (if few), else kept."""
        if top is None:
            return
        if len(pending) <= PLAIN_NODES:
            self.parents.add_plain(top)  # type: ignore[arg-type]
        else:
            self.parents.known.update(pending)
        pending.clear()

    def bind(self, scope: Scope, name: str, node: ast.AST, **extra: object) -> None:
        """Record a binding of `name` made in `scope`."""
        target = scope.target(name)
        binding = Binding(name, node, target, target.count, **extra)  # type: ignore[arg-type]
        target.names.setdefault(name, []).append(binding)

    def _function(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, _FUNCTIONS)
        self.functions.append(node)
        self.bind(scope, node.name, node)
        inner = Scope("function", scope, node)
        self.scopes[node] = inner
        found = self._parameters(node.args, scope, inner)
        found += [(statement, inner) for statement in node.body]
        found += [(d, scope) for d in node.decorator_list]
        if node.returns is not None:
            found.append((node.returns, scope))
        found.append((_Leave(scope), scope))
        return found

    def _lambda(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, ast.Lambda)
        self.functions.append(node)
        inner = Scope("function", scope, node)
        self.scopes[node] = inner
        return [*self._parameters(node.args, scope, inner), (node.body, inner)]

    def _class(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, ast.ClassDef)
        self.bind(scope, node.name, node)
        inner = Scope("class", scope, node)
        self.scopes[node] = inner
        found: list[tuple[ast.AST, Scope]] = [(d, scope) for d in node.decorator_list]
        found += [(b, scope) for b in node.bases]
        found += [(k, scope) for k in node.keywords]
        found += [(statement, inner) for statement in node.body]
        found.append((_Leave(scope), scope))
        return found

    def _for(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, (ast.For, ast.AsyncFor))
        found = [(node.target, scope), (_Leave(scope), scope), (node.iter, scope)]
        found += [(s, scope) for s in node.body]
        found += [(s, scope) for s in node.orelse]
        return found

    def _import_node(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        self._import(node, scope)
        return [(_Leave(scope), scope)]

    def _global(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, ast.Global)
        if scope.kind != "module":
            for name in node.names:
                scope.overwrites[name] = scope.module
        return [(_Leave(scope), scope)]

    def _nonlocal(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        assert isinstance(node, ast.Nonlocal)
        if scope.parent is not None:
            for name in node.names:
                scope.overwrites[name] = scope.parent
        return [(_Leave(scope), scope)]

    def _named(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        """`except E as name`, `case [*rest]`, `case {**rest}`, `case x`: the name binds."""
        name = getattr(node, "name", None) or getattr(node, "rest", None)
        if isinstance(name, str):
            self.bind(scope, name, node)
        return None

    def _parameters(
        self, args: ast.arguments, outer: Scope, inner: Scope
    ) -> list[tuple[ast.AST, Scope]]:
        """Parameters bind in the function; their defaults and annotations belong outside."""
        found: list[tuple[ast.AST, Scope]] = []
        self.parents.known[args] = inner.node  # type: ignore[assignment]
        every = [*args.posonlyargs, *args.args]
        if args.vararg is not None:
            every.append(args.vararg)
        every += args.kwonlyargs
        if args.kwarg is not None:
            every.append(args.kwarg)
        for arg in every:
            self.parents.known[arg] = args
            self.bind(inner, arg.arg, arg)
            if arg.annotation is not None:
                found.append((arg.annotation, outer))
        found += [(d, outer) for d in args.defaults]
        found += [(d, outer) for d in args.kw_defaults if d is not None]
        found.append((_Leave(inner), inner))
        return found

    def _comprehension(self, node: ast.AST, scope: Scope) -> Optional[list[tuple[ast.AST, Scope]]]:
        """The first iterable is evaluated outside, everything else in the comprehension."""
        generators: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        inner = Scope("comprehension", scope, node)
        self.scopes[node] = inner
        found: list[tuple[ast.AST, Scope]] = []
        for number, generator in enumerate(generators):
            self.parents.known[generator] = node
            found.append((generator.iter, scope if number == 0 else inner))
            found.append((generator.target, inner))
            found.append((_Leave(inner), inner))
            found += [(test, inner) for test in generator.ifs]
        if isinstance(node, ast.DictComp):
            found += [(node.key, inner), (node.value, inner)]
        else:
            found.append((node.elt, inner))  # type: ignore[attr-defined]
        return found

    def _import(self, node: Union[ast.Import, ast.ImportFrom], scope: Scope) -> None:
        module = ""
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                continue
            self.parents.known[alias] = node
            if alias.asname:
                self.bind(scope, alias.asname, node, alias=alias, module=module)
                continue
            parts = alias.name.split(".")
            for size in range(len(parts), 0, -1):
                self.bind(scope, ".".join(parts[:size]), node, alias=alias, module=module)

    # -- qualified names -------------------------------------------------

    def imported(self, node: ast.AST) -> Optional[str]:
        """The first (sorted) qualified name an import gives a name or dotted chain, if any."""
        names = sorted(self._qualified(node)[0])
        return names[0] if names else None

    def chain_key(self, node: ast.Attribute) -> Optional[tuple[int, str]]:
        """(scope, text) of a dotted chain: all its imported names depend on (None: no chain)."""
        parts = [node.attr]
        head = node.value
        while type(head) is ast.Attribute:
            parts.append(head.attr)
            head = head.value
        scope = self.scopes.get(head) if type(head) is ast.Name else None
        if scope is None:
            return None
        parts.append(head.id)  # type: ignore[attr-defined]
        return id(scope), ".".join(reversed(parts))

    def builtin(self, node: ast.Name) -> Optional[str]:
        """`dict`, `setattr`, `True` … when the name is the builtin one."""
        found = self._qualified(node)[1]
        return found[0] if found else None

    def _qualified(self, node: ast.AST) -> tuple[list[str], list[str]]:
        """(imported names, builtin names) of a name or dotted chain (worked out once)."""
        found = self._of_node.get(node)
        if found is None:
            found = self._of_node[node] = self._qualified_node(node)
        return found

    def _qualified_node(self, node: ast.AST) -> tuple[list[str], list[str]]:
        full = dotted(node)
        head = node
        while isinstance(head, ast.Attribute):
            head = head.value
        scope = self.scopes.get(head)
        if full is None or scope is None:
            return [], []
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store):
                return [], []
            if node in self.uses and not self._moved(node, scope):
                return _names_of(self._seen(node, scope), node.id, node.id)
        key = (id(scope), full)
        found = self._by_name.get(key)
        if found is None:
            found = self._by_name[key] = self._qualified_name(scope, full)
        return found

    @staticmethod
    def _qualified_name(scope: Scope, full: str) -> tuple[list[str], list[str]]:
        """(imported names, builtin names) of a dotted name, through its longest bound prefix."""
        prefix: Optional[str] = full
        while prefix:
            if scope.holds(prefix):
                return _names_of(scope.resolve(prefix), prefix, full)
            cut = prefix.rfind(".")
            prefix = prefix[:cut] if cut >= 0 else None
        return [], []

    def _seen(self, node: ast.Name, scope: Scope) -> list[Binding]:
        """The bindings a use sees: those made before it in its own scope, any outside."""
        index = self.uses[node]
        bindings = scope.resolve(node.id)
        previous = [b for b in bindings if b.scope is not scope or b.index < index]
        if not previous and bindings and scope.parent is not None:
            return scope.parent.resolve(node.id)
        if not previous and bindings:
            return []  # a module name used before it is bound: the builtin, if any
        return previous

    def _moved(self, node: ast.Name, scope: Scope) -> bool:
        """Is this name the head of a dotted chain that an import binds (`import a.b`; `a.b.c`)?"""
        chain: list[ast.Attribute] = []
        current: ast.AST = node
        parent = self.parents.get(current)
        while isinstance(parent, ast.Attribute) and parent.value is current:
            chain.append(parent)
            current = parent
            parent = self.parents.get(current)
        if not chain:
            return False
        while parent is not None and not isinstance(parent, (ast.Call, ast.stmt)):
            if isinstance(parent, ast.Attribute):
                return False  # inside a longer expression's attribute: not a dotted chain
            parent = self.parents.get(parent)
        return any(scope.holds(dotted(link) or "") for link in chain)


Handler = Callable[[Names, ast.AST, Scope], Optional[list[tuple[ast.AST, Scope]]]]
Names._special = {
    ast.FunctionDef: Names._function,
    ast.AsyncFunctionDef: Names._function,
    ast.Lambda: Names._lambda,
    ast.ClassDef: Names._class,
    ast.For: Names._for,
    ast.AsyncFor: Names._for,
    ast.Import: Names._import_node,
    ast.ImportFrom: Names._import_node,
    ast.Global: Names._global,
    ast.Nonlocal: Names._nonlocal,
    ast.ExceptHandler: Names._named,
    **{kind: Names._comprehension for kind in _COMPREHENSIONS},
    **{kind: Names._named for kind in _MATCH_NAMES},
}
# Nodes that make a module statement not plain (`_python_parents`): statements that
# hold statements, nodes the walk gives parents its own way, f-strings (whose parts'
# positions need not nest).
_EAGER = frozenset({*COMPOUND_STATEMENTS, *Names._special, ast.JoinedStr})


def _names_of(bindings: list[Binding], name: str, full: str) -> tuple[list[str], list[str]]:
    """Imported and builtin names that `full` stands for through the bindings of `name`."""
    if not bindings:
        return [], ([name] if hasattr(builtins, name) else [])
    found: list[str] = []
    for binding in bindings:
        found.extend(binding.imported_names(full))
    return found, []


def dotted(node: ast.AST) -> Optional[str]:
    """`a.b.c` for a chain of names and attributes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Leave(ast.AST):
    """A marker on the walk's stack: a binding node is finished, its scope counts one more."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope
