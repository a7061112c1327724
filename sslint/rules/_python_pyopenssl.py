"""pyOpenSSL data flow for SSL302: client contexts never verified, host names never checked.

pyOpenSSL's `SSL.Context` starts with `VERIFY_NONE`, and even with `VERIFY_PEER`
it never matches the certificate against the host name (service_identity's
`verify_hostname` does). This module follows each `SSL.Context(...)` of the
analysed code to the `SSL.Connection(...)` objects made from it and what is
done with both: `set_verify`, `set_connect_state()` / `connect()` (a client),
`set_accept_state()` / `accept()` / `bind()` / `listen()` (a server), and every
other use, which may configure the object where this module cannot see it.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterator, NamedTuple, Optional, Union

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
    """What the code does with one object, as far as the region shows."""

    def __init__(self) -> None:
        self.methods: list[tuple[str, ast.Call]] = []
        self.connections: list[ast.Call] = []
        self.escapes = False


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
    host_checked = any(word in analysis.view.text for word in _HOST_CHECKS)
    for call in analysis.calls:
        if analysis.callee(call)[1] == CONTEXT:
            yield from _context(analysis, call, host_checked)


def _context(analysis: Analysis, call: ast.Call, host_checked: bool) -> Iterator[Finding]:
    parent = analysis.parent(call)
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is call:
        if analysis.callee(parent)[1] != CONNECTION:
            return
        holder, uses = None, _Uses()
        uses.connections.append(parent)
    else:
        holder = _holder_of(analysis, call)
        if holder is None:
            return
        uses = _uses(analysis, holder)
    if uses.escapes or any(name in _SERVER_SETTINGS for name, _ in uses.methods):
        return
    modes = [m for name, m in uses.methods if name == "set_verify"]
    clients = [c for c in uses.connections if _role(analysis, c) is not None]
    if not clients:
        return
    if not modes:
        unset = [c for c in clients if not _modes_of(analysis, c)]
        if unset:
            yield _unverified(analysis, call, holder, unset[0])
        return
    if host_checked or not all(_verifies_peer(analysis, m) for m in modes):
        return
    for connection in clients:
        role = _role(analysis, connection)
        if role is not None and all(_verifies_peer(analysis, m) for m in role.modes):
            yield _host_unchecked(analysis, connection)


class _Role(NamedTuple):
    """A client connection: its `set_verify` calls and whether it is handed on."""

    modes: list[ast.Call]
    escapes: bool


def _role(analysis: Analysis, connection: ast.Call) -> Optional[_Role]:
    """The connection's client role (None: a server, handed on, or not known to connect)."""
    parent = analysis.parent(connection)
    if isinstance(parent, ast.Attribute) and parent.value is connection:
        return _Role([], False) if parent.attr in _CLIENT_CALLS else None
    holder = _holder_of(analysis, connection)
    if holder is None:
        return None
    uses = _uses(analysis, holder)
    names = {name for name, _ in uses.methods}
    if names & _SERVER_CALLS or not names & _CLIENT_CALLS or "get_context" in names:
        return None
    modes = [m for name, m in uses.methods if name == "set_verify"]
    return _Role(modes, uses.escapes)


def _modes_of(analysis: Analysis, connection: ast.Call) -> list[ast.Call]:
    role = _role(analysis, connection)
    return role.modes if role is not None else []


def _verifies_peer(analysis: Analysis, call: ast.Call) -> bool:
    """`set_verify(VERIFY_PEER…, cb)` with a callback that only passes OpenSSL's verdict on."""
    mode = analysis.argument(call, 0, "mode")
    flags = verify_flags(analysis, mode.value) if mode is not None else None
    if flags is None or VERIFY_PEER not in flags:
        return False
    callback = analysis.argument(call, 1, "callback")
    return callback is None or _passes_verdict(analysis, callback.value)


def _passes_verdict(analysis: Analysis, node: ast.expr) -> bool:
    """Is a verify callback absent in effect (`None`, `lambda *a: ok`, `return ok`)?

    Any other callback may check the host name itself, so it keeps the code clean.
    """
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    if isinstance(node, ast.Lambda):
        return isinstance(node.body, (ast.Name, ast.Constant, ast.Subscript))
    value = analysis.evaluate(node)
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


def _unverified(
    analysis: Analysis,
    call: ast.Call,
    holder: Optional[_Holder],
    connection: ast.Call,
) -> Finding:
    """The context of a client connection is never given `set_verify`.

    Proven when the context, the connection and all their uses are in one scope
    (a function, or the module's own statements); probable when the context is
    kept in a module name or on `self` (other code may configure it) or the
    connection is handed on before its handshake.
    """
    role = _role(analysis, connection)
    local = holder is None or (
        holder.owner is None and _scope_of(analysis, connection) is holder.region
    )
    proven = local and role is not None and not role.escapes
    shown = analysis.text(call.func)
    made = f"{_shown_holder(holder)} = {shown}(...)" if holder is not None else f"{shown}(...)"
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


def _host_unchecked(analysis: Analysis, connection: ast.Call) -> Finding:
    shown = analysis.text(connection.func)
    return Finding(
        rule_id="SSL302",
        span=analysis.span(connection.func),
        message=(
            f"{shown}(...) verifies the certificate chain (VERIFY_PEER) but nothing in the "
            "module checks the host name: pyOpenSSL accepts a valid certificate of any host "
            "(check it with service_identity.pyopenssl.verify_hostname(conn, host) after "
            "the handshake)"
        ),
        statement=analysis.statement(connection),
        precision=PROBABLE,
    )


def _shown_holder(holder: _Holder) -> str:
    return f"{holder.owner}.{holder.name}" if holder.owner is not None else holder.name


# -- where an object is kept, and its uses -------------------------------------


def _scope_of(analysis: Analysis, node: ast.AST) -> ast.AST:
    """The function holding a node, or the module."""
    found: Optional[ast.AST] = analysis.enclosing(node, _FUNCTIONS)
    if found is None:
        found = analysis.names.module_scope.node
    assert found is not None
    return found


def _holder_of(analysis: Analysis, call: ast.Call) -> Optional[_Holder]:
    """`name = call` or `self.name = call` (or `with call as name`): where its result is kept."""
    parent = analysis.parent(call)
    target: Optional[ast.expr] = None
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
    elif isinstance(parent, (ast.AnnAssign, ast.withitem)):
        target = parent.target if isinstance(parent, ast.AnnAssign) else parent.optional_vars
    if isinstance(target, ast.Name):
        return _Holder(target.id, _scope_of(analysis, call), None)
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        function = analysis.enclosing(call, _FUNCTIONS)
        cls = analysis.enclosing(call, ast.ClassDef) if function is not None else None
        if function is None or cls is None or not function.args.args:
            return None
        owner = function.args.args[0].arg
        if target.value.id != owner:
            return None
        return _Holder(target.attr, cls, owner)
    return None


def _uses(analysis: Analysis, holder: _Holder) -> _Uses:
    uses = _Uses()
    parents: dict[ast.AST, ast.AST] = {}
    stores = 0
    for node, parent in _walk(holder):
        parents[node] = parent
        if not _names_holder(node, holder):
            continue
        if isinstance(getattr(node, "ctx", None), ast.Store):
            stores += 1
            continue
        _classify(analysis, node, parents, uses)
    if stores > 1:
        uses.escapes = True  # assigned more than once: which object is used is not known
    return uses


def _names_holder(node: ast.AST, holder: _Holder) -> bool:
    if holder.owner is None:
        return isinstance(node, ast.Name) and node.id == holder.name
    return (
        isinstance(node, ast.Attribute)
        and node.attr == holder.name
        and isinstance(node.value, ast.Name)
        and node.value.id == holder.owner
    )


def _walk(holder: _Holder) -> Iterator[tuple[ast.AST, ast.AST]]:
    """(node, parent) below the holder's region; functions with a local of the name left out."""
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
            yield child, current
            stack.append(child)


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


def _classify(
    analysis: Analysis, node: ast.AST, parents: dict[ast.AST, ast.AST], uses: _Uses
) -> None:
    """Record one read of the object: a method call, a connection, or a way out."""
    parent = parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.value is node:
        call = parents.get(parent)
        if isinstance(call, ast.Call) and call.func is parent:
            uses.methods.append((parent.attr, call))
        return
    if isinstance(parent, ast.keyword):
        parent = parents.get(parent)
    if isinstance(parent, ast.Call):
        last = _last_name(parent.func)
        if last == "Connection" and parent.args and parent.args[0] is node:
            uses.connections.append(parent)
        elif last not in _LOOKS:
            uses.escapes = True
        return
    if not isinstance(parent, _NEUTRAL_PARENTS):
        uses.escapes = True


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""
