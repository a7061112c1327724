"""pyOpenSSL data flow for SSL302: client contexts never verified, host names never checked.

pyOpenSSL's `SSL.Context` starts with `VERIFY_NONE`, and even with `VERIFY_PEER`
it never matches the certificate against the host name (service_identity's
`verify_hostname` does). This module follows each `SSL.Context(...)` of the
analysed code (through a module function that returns it) to the
`SSL.Connection(...)` objects made from it and what is done with both:
`set_verify`, `set_connect_state()` / `connect()` (a client), `set_accept_state()`
/ `accept()` / `bind()` / `listen()` (a server), and every other use, which may
configure the object where this module cannot see it.
The uses are read from the whole module's tree (the analysis may have left
statements out that hold none of its trigger words), with names, not values,
where the analysis did not resolve them.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Optional, Union

from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.rules._python_values import Const, LocalFunction, Ref

if TYPE_CHECKING:
    from sslint.rules._python_analysis import Analysis

CONTEXT = "OpenSSL.SSL.Context"
CONNECTION = "OpenSSL.SSL.Connection"
VERIFY_PEER = "OpenSSL.SSL.VERIFY_PEER"
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_CLIENT_CALLS = frozenset({"set_connect_state", "connect", "connect_ex"})
_SERVER_CALLS = frozenset({"set_accept_state", "accept", "bind", "listen"})
# Context settings only a server uses: such a context is not a client's.
_SERVER_SETTINGS = frozenset(
    {
        "set_tlsext_servername_callback",
        "set_alpn_select_callback",
        "set_session_id",
        "set_client_ca_list",
        "add_client_ca",
    }
)
# Calls that only look at an object: handing it to them is no way to configure it.
_LOOKS = frozenset({"print", "repr", "str", "id", "isinstance", "type", "len", "hash"})
# Uses of an object that neither configure it nor hand it on.
_NEUTRAL_PARENTS: tuple[type[ast.AST], ...] = (
    ast.Compare,
    ast.BoolOp,
    ast.UnaryOp,
    ast.If,
    ast.While,
    ast.Assert,
    ast.Expr,
    ast.Delete,
    ast.IfExp,
    ast.withitem,
)
# Text that shows the module checks the peer's identity itself (service_identity,
# `ssl.match_hostname`, OpenSSL's `X509_check_host` / `SSL_set1_host`, or its own
# look at the peer's certificate).
_HOST_CHECKS = (
    "verify_hostname",
    "verify_ip_address",
    "service_identity",
    "match_hostname",
    "check_host",
    "set1_host",
    "get_peer_certificate",
    "get_peer_cert_chain",
    "get_verified_chain",
)


class _Holder(NamedTuple):
    """Where an object is kept: a local or module name, or `self.attribute` in a class."""

    name: str
    region: ast.AST
    owner: Optional[str]  # the `self` name for an attribute, None for a plain name


class _Uses:
    """What the code does with one object, as far as the module shows."""

    def __init__(self) -> None:
        self.methods: list[tuple[str, ast.Call]] = []
        self.connections: list[ast.Call] = []
        self.escapes = False
        self.returned = False
        self.factory = ""  # the module function that returns the object, if any

    def add(self, other: _Uses) -> None:
        self.methods += other.methods
        self.connections += other.connections
        self.escapes = self.escapes or other.escapes or other.returned


class _Role(NamedTuple):
    """A client connection: its `set_verify` calls and whether it is handed on."""

    modes: list[ast.Call]
    escapes: bool


def verify_flags(analysis: Analysis, node: ast.expr) -> Optional[set[str]]:
    """The pyOpenSSL `VERIFY_*` names or-ed together in `node` (None when not all known)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left = verify_flags(analysis, node.left)
        right = verify_flags(analysis, node.right)
        return None if left is None or right is None else left | right
    value = analysis.evaluate(node)
    if isinstance(value, Ref) and value.name.startswith("OpenSSL.SSL.VERIFY_"):
        return {value.name}
    if isinstance(value, Const) and value.value == 0 and not isinstance(value.value, bool):
        return set()
    return None


def client_findings(analysis: Analysis) -> Iterator[Finding]:
    """SSL302 for pyOpenSSL client contexts without VERIFY_PEER and unchecked host names."""
    flow: Optional[_Flow] = None
    for call in analysis.calls:
        if analysis.callee(call)[1] == CONTEXT:
            flow = flow or _Flow(analysis)
            yield from flow.context(call)


class _Flow:
    """The pyOpenSSL objects of one module and what is done with them."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.host_checked = any(word in analysis.view.text for word in _HOST_CHECKS)
        self.module = analysis.names.module_scope.node
        self.parents: dict[ast.AST, ast.AST] = {}
        self.calls: list[ast.Call] = []
        stack: list[ast.AST] = [self.module] if self.module is not None else []
        while stack:
            current = stack.pop()
            for child in ast.iter_child_nodes(current):
                self.parents[child] = current
                if isinstance(child, ast.Call):
                    self.calls.append(child)
                stack.append(child)
        self._roles: dict[int, Optional[_Role]] = {}

    # -- judging ---------------------------------------------------------

    def context(self, call: ast.Call) -> Iterator[Finding]:
        """Findings for one `SSL.Context(...)`: once at it, once per unchecked connection."""
        holder = self.holder_of(call)
        uses = self.result_uses(call, holder)
        flows: Optional[list[_Uses]] = [uses] if uses is not None else None
        if uses is not None and uses.returned:
            flows = None
            if holder is not None and holder.owner is None:
                flows = self.through_factory(holder.region, uses)
        if flows is None or any(u.escapes or u.returned for u in flows):
            return
        unverified: list[ast.Call] = []
        for flow in flows:
            unset, unchecked = self.judge(flow)
            unverified += unset
            for connection in unchecked:
                yield self.host_unchecked(connection)
        if unverified:
            yield self.unverified(call, holder, unverified[0], flows[0].factory)

    def judge(self, uses: _Uses) -> tuple[list[ast.Call], list[ast.Call]]:
        """(client connections never verified, verified ones whose host name is not checked)."""
        if any(name in _SERVER_SETTINGS for name, _ in uses.methods):
            return [], []
        modes = [m for name, m in uses.methods if name == "set_verify"]
        clients = [c for c in uses.connections if self.role(c) is not None]
        if not modes:
            return [c for c in clients if not self.modes_of(c)], []
        if self.host_checked or not all(self.verifies_peer(m) for m in modes):
            return [], []
        return [], [c for c in clients if all(map(self.verifies_peer, self.modes_of(c)))]

    def role(self, connection: ast.Call) -> Optional[_Role]:
        """The connection's client role (None: a server, handed on, or not known to connect)."""
        key = id(connection)
        if key not in self._roles:
            self._roles[key] = self._role(connection)
        return self._roles[key]

    def _role(self, connection: ast.Call) -> Optional[_Role]:
        parent = self.parents.get(connection)
        if isinstance(parent, ast.Attribute) and parent.value is connection:
            return _Role([], False) if parent.attr in _CLIENT_CALLS else None
        holder = self.holder_of(connection)
        if holder is None:
            return None
        uses = self.uses(holder)
        names = {name for name, _ in uses.methods}
        if names & _SERVER_CALLS or not names & _CLIENT_CALLS or "get_context" in names:
            return None
        modes = [m for name, m in uses.methods if name == "set_verify"]
        return _Role(modes, uses.escapes or uses.returned)

    def modes_of(self, connection: ast.Call) -> list[ast.Call]:
        role = self.role(connection)
        return role.modes if role is not None else []

    def verifies_peer(self, call: ast.Call) -> bool:
        """`set_verify(VERIFY_PEER…, cb)` with a callback that only passes OpenSSL's verdict on."""
        mode = self.analysis.argument(call, 0, "mode")
        flags = self.flags(mode.value) if mode is not None else None
        if flags is None or VERIFY_PEER not in flags:
            return False
        callback = self.analysis.argument(call, 1, "callback")
        return callback is None or self.passes_verdict(callback.value)

    def flags(self, node: ast.expr) -> Optional[set[str]]:
        """`verify_flags`, by name where the analysis left the expression out."""
        found = verify_flags(self.analysis, node)
        if found is not None or self.analysis.parent(node) is not None:
            return found
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            left, right = self.flags(node.left), self.flags(node.right)
            return None if left is None or right is None else left | right
        name = _last_name(node)
        return {f"OpenSSL.SSL.{name}"} if name.startswith("VERIFY_") else None

    def passes_verdict(self, node: ast.expr) -> bool:
        """Is a verify callback absent in effect (`None`, `lambda *a: ok`, `return ok`)?

        Any other callback may check the host name itself, so it keeps the code clean.
        """
        if isinstance(node, ast.Constant) and node.value is None:
            return True
        if isinstance(node, ast.Lambda):
            return isinstance(node.body, (ast.Name, ast.Constant, ast.Subscript))
        value = self.analysis.evaluate(node)
        if not isinstance(value, LocalFunction) or not isinstance(value.node, _FUNCTIONS):
            return False
        body = list(value.node.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring
        return (
            len(body) == 1
            and isinstance(body[0], ast.Return)
            and isinstance(body[0].value, (ast.Name, ast.Constant))
        )

    # -- findings --------------------------------------------------------

    def unverified(
        self, call: ast.Call, holder: Optional[_Holder], connection: ast.Call, factory: str
    ) -> Finding:
        """The context of a client connection is never given `set_verify`.

        Proven when the context, the connection and all their uses are in one scope
        (a function, or the module's own statements); probable when the context is
        kept in a module name or on `self`, comes from a factory function (other
        code may configure it) or the connection is handed on before its handshake.
        """
        analysis = self.analysis
        role = self.role(connection)
        local = holder is None or (
            holder.owner is None and self.scope_of(connection) is holder.region
        )
        proven = local and not factory and role is not None and not role.escapes
        shown = analysis.text(call.func)
        made = f"{_shown_holder(holder)} = {shown}(...)" if holder is not None else f"{shown}(...)"
        if factory:
            made += f", returned by {factory}(),"
        return Finding(
            rule_id="SSL302",
            span=analysis.span(call.func),
            message=(
                f"{made} is used for a client connection (line {connection.lineno}) and never "
                "given set_verify(VERIFY_PEER, ...): pyOpenSSL does not verify the server's "
                "certificate by default"
            ),
            statement=analysis.statement(call),
            precision=PROVEN if proven else PROBABLE,
        )

    def host_unchecked(self, connection: ast.Call) -> Finding:
        analysis = self.analysis
        shown = analysis.text(connection.func)
        return Finding(
            rule_id="SSL302",
            span=analysis.span(connection.func),
            message=(
                f"{shown}(...) verifies the certificate chain (VERIFY_PEER) but nothing in the "
                "module checks the host name: pyOpenSSL accepts a valid certificate of any "
                "host (check it with service_identity.pyopenssl.verify_hostname(conn, host) "
                "after the handshake)"
            ),
            statement=analysis.statement(connection),
            precision=PROBABLE,
        )

    # -- where an object is kept, and its uses ---------------------------

    def enclosing(self, node: ast.AST, kind: Any) -> Optional[Any]:
        current = self.parents.get(node)
        while current is not None and not isinstance(current, kind):
            current = self.parents.get(current)
        return current

    def scope_of(self, node: ast.AST) -> ast.AST:
        """The function holding a node, or the module."""
        found: Optional[ast.AST] = self.enclosing(node, _FUNCTIONS)
        if found is None:
            found = self.module
        assert found is not None
        return found

    def holder_of(self, call: ast.Call) -> Optional[_Holder]:
        """`name = call`, `self.name = call`, `with call as name`: where its result is kept."""
        parent = self.parents.get(call)
        target: Optional[ast.expr] = None
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
            target = parent.targets[0]
        elif isinstance(parent, (ast.AnnAssign, ast.withitem)):
            target = parent.target if isinstance(parent, ast.AnnAssign) else parent.optional_vars
        if isinstance(target, ast.Name):
            return _Holder(target.id, self.scope_of(call), None)
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            function = self.enclosing(call, _FUNCTIONS)
            cls = self.enclosing(function, ast.ClassDef) if function is not None else None
            if function is None or cls is None or not function.args.args:
                return None
            owner = function.args.args[0].arg
            if target.value.id != owner:
                return None
            return _Holder(target.attr, cls, owner)
        return None

    def is_connection(self, call: ast.Call) -> bool:
        """`SSL.Connection(...)`: resolved where the analysis read it, else by its name."""
        if self.analysis.parent(call) is not None:
            return self.analysis.callee(call)[1] == CONNECTION
        return self.analysis.text(call.func) in _CONNECTION_NAMES

    def result_uses(self, call: ast.Call, holder: Optional[_Holder]) -> Optional[_Uses]:
        """The uses of what a call makes: kept in `holder`, or handed to `SSL.Connection`."""
        if holder is not None:
            return self.uses(holder)
        parent = self.parents.get(call)
        if (
            isinstance(parent, ast.Call)
            and parent.args
            and parent.args[0] is call
            and self.is_connection(parent)
        ):
            uses = _Uses()
            uses.connections.append(parent)
            return uses
        return None

    def through_factory(self, factory: ast.AST, inside: _Uses) -> Optional[list[_Uses]]:
        """A context a module function returns: for each call of it, its uses there and here.

        Each call makes a context of its own, so each is judged apart, with what the
        function does to it. None when a call's result goes where this cannot follow.
        """
        if not isinstance(factory, _FUNCTIONS):
            return None
        method = isinstance(self.parents.get(factory), ast.ClassDef)
        sites = [c for c in self.calls if _calls_by_name(c, factory.name, method)]
        flows: list[_Uses] = []
        for site in sites:
            uses = self.result_uses(site, self.holder_of(site))
            if uses is None:
                return None
            flow = _Uses()
            flow.add(inside)
            flow.escapes = inside.escapes  # returned: followed to this call
            flow.factory = factory.name
            flow.add(uses)
            flows.append(flow)
        return flows or None

    def uses(self, holder: _Holder) -> _Uses:
        uses = _Uses()
        stores = 0
        for node in self._named(holder):
            if isinstance(getattr(node, "ctx", None), ast.Store):
                stores += 1
            else:
                self._classify(node, uses)
        if stores > 1:
            uses.escapes = True  # assigned more than once: which object is used is not known
        return uses

    def _named(self, holder: _Holder) -> Iterator[ast.AST]:
        """The nodes that name the holder in its region (functions with their own one left out)."""
        stack: list[ast.AST] = [holder.region]
        while stack:
            current = stack.pop()
            for child in ast.iter_child_nodes(current):
                if (
                    holder.owner is None
                    and isinstance(child, (*_FUNCTIONS, ast.Lambda))
                    and _binds_locally(child, holder.name)
                ):
                    continue
                if _names_holder(child, holder):
                    yield child
                stack.append(child)

    def _classify(self, node: ast.AST, uses: _Uses) -> None:
        """Record one read of the object: a method call, a connection, or a way out."""
        parent = self.parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.value is node:
            call = self.parents.get(parent)
            if isinstance(call, ast.Call) and call.func is parent:
                uses.methods.append((parent.attr, call))
            return
        if isinstance(parent, ast.keyword):
            parent = self.parents.get(parent)
        if isinstance(parent, ast.Call):
            if parent.args and parent.args[0] is node and self.is_connection(parent):
                uses.connections.append(parent)
            elif _last_name(parent.func) not in _LOOKS:
                uses.escapes = True
            return
        if isinstance(parent, ast.Return):
            uses.returned = True
        elif not isinstance(parent, _NEUTRAL_PARENTS):
            uses.escapes = True


_CONNECTION_NAMES = frozenset({"Connection", "SSL.Connection", "OpenSSL.SSL.Connection"})


def _calls_by_name(call: ast.Call, name: str, method: bool) -> bool:
    """Does a call name a module function (`name(...)`) or a method (`self.name(...)`)?"""
    func = call.func
    if method:
        return (
            isinstance(func, ast.Attribute)
            and func.attr == name
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
        )
    return isinstance(func, ast.Name) and func.id == name


def _shown_holder(holder: _Holder) -> str:
    return f"{holder.owner}.{holder.name}" if holder.owner is not None else holder.name


def _names_holder(node: ast.AST, holder: _Holder) -> bool:
    if holder.owner is None:
        return isinstance(node, ast.Name) and node.id == holder.name
    return (
        isinstance(node, ast.Attribute)
        and node.attr == holder.name
        and isinstance(node.value, ast.Name)
        and node.value.id == holder.owner
    )


def _binds_locally(
    function: Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda], name: str
) -> bool:
    """Does a nested function have its own `name` (a parameter, or assigned without `global`)?"""
    args = function.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    if any(p is not None and p.arg == name for p in params):
        return True
    if isinstance(function, ast.Lambda):
        return False
    declared = False
    assigned = False
    for node in ast.walk(function):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            declared = True
        elif isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            assigned = True
    return assigned and not declared


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""
