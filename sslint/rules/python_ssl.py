"""SSL302 unverified SSL contexts, SSL303 the global override, SSL305 obsolete protocols.

All three judge what the `ssl` module (and pyOpenSSL / urllib3's context
factory) is asked to do, resolved through import aliases and constants by the
shared analysis. One finding per switch, at the switch: a context
whose checks were switched off is not reported again where it is used.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.rules._python_analysis import Analysis, analyses, code_checker
from sslint.rules._python_fallback import fallback_findings
from sslint.rules._python_noqa import with_noqa
from sslint.rules._python_pyopenssl import (
    CONNECTION,
    CONTEXT,
    VERIFY_PEER,
    client_findings,
    verify_flags,
)
from sslint.rules._python_values import (
    Const,
    LocalFunction,
    LocalInstance,
    Opaque,
    Ref,
    Value,
    is_cert_none,
    is_false,
    is_true,
)
from sslint.rules.base import ERROR, WARNING, Rule

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.facts import FileFacts

_CWE_REFERENCE = "https://cwe.mitre.org/data/definitions/295.html"
_SSL_DOCS = "https://docs.python.org/3/library/ssl.html#security-considerations"

SSL302 = Rule(
    id="SSL302",
    name="unverified-ssl-context",
    level=ERROR,
    security_severity=7.4,
    summary="An SSL context that does not verify certificates is created or configured",
    description=(
        "Finds `ssl._create_unverified_context()` and `ssl._create_stdlib_context()`, "
        "`ctx.check_hostname = False` and `ctx.verify_mode = ssl.CERT_NONE` on any context "
        "(also one from `ssl.create_default_context()` or urllib3's "
        "`create_urllib3_context()`), `create_urllib3_context(cert_reqs=ssl.CERT_NONE)`, "
        "`ssl.SSLContext(ssl.PROTOCOL_TLS)` (whose default is `CERT_NONE`) used without turning "
        "verification on, and `ssl.wrap_socket(...)` without `cert_reqs=ssl.CERT_REQUIRED`. "
        "Passing such a context on (to `urlopen`, `HTTPSConnection`, a client) is not reported "
        "again. On an object whose type is not known, the finding says 'probably'. "
        "pyOpenSSL: `set_verify(mode, ...)` on a `SSL.Context` or `SSL.Connection` with a "
        "mode without `VERIFY_PEER`; a `SSL.Context` used for a client connection "
        "(`SSL.Connection(ctx, sock)` with `set_connect_state()` or `connect(...)`) that is "
        "never given `set_verify`, because a pyOpenSSL context starts with `VERIFY_NONE` "
        "(proven when the context, the connection and their uses are in one function or in "
        "the module's own statements; probable when the context is kept in a module name or "
        "on `self`, is returned by a function of the module (followed to its calls), or the "
        "connection is handed on); and a client connection whose context "
        "has `VERIFY_PEER` while nothing in the module checks the host name (probable). "
        "pyOpenSSL has no host name check of its own: `VERIFY_PEER` only checks that the "
        "chain leads to a trusted CA, so any valid certificate, for any host, is accepted "
        "(`set_tlsext_host_name` only sends SNI). The module counts as checking host names "
        "when it uses service_identity (`verify_hostname`, `verify_ip_address`), "
        "`match_hostname`, OpenSSL's `X509_check_host` / `SSL_set1_host`, or looks at the "
        "peer's certificate itself (`get_peer_certificate`, `get_peer_cert_chain`, "
        "`get_verified_chain`), or when the `set_verify` callback does more than return "
        "OpenSSL's verdict. Server connections (`set_accept_state()`, `accept()`, `bind`, "
        "`listen`), contexts with server-only settings, contexts from a parameter, and "
        "contexts or connections handed to other code that may configure them (stored "
        "elsewhere, passed to a helper or to any call but `SSL.Connection`, returned out of "
        "the module's sight) are not reported."
    ),
    why=(
        "A context that skips certificate or host name checks accepts any server, so a "
        "machine in the middle can read and change the traffic of every connection made with "
        "it."
    ),
    example=(
        "import ssl, urllib.request\n\n"
        "ctx = ssl.create_default_context()\n"
        "ctx.check_hostname = False\n"
        "ctx.verify_mode = ssl.CERT_NONE\n"
        "urllib.request.urlopen('https://artifacts.corp.example/x', context=ctx)\n"
    ),
    fix=(
        "Use `ssl.create_default_context()` and keep its checks; when the server's certificate "
        "comes from a private or proxy CA, load that CA instead of switching checks off: "
        "`ssl.create_default_context(cafile='/etc/ssl/certs/corp-ca.pem')` or "
        "`ctx.load_verify_locations(cafile=...)`. To trust the operating system's store (where "
        "corporate CAs are installed) use `truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)` or "
        "call `truststore.inject_into_ssl()` once at start-up. Build client contexts with "
        "`ssl.PROTOCOL_TLS_CLIENT`, which verifies by default, and replace `ssl.wrap_socket` "
        "with `ctx.wrap_socket(sock, server_hostname=host)`. With pyOpenSSL: "
        "`ctx.set_verify(SSL.VERIFY_PEER)` and `ctx.set_default_verify_paths()` (or "
        "`ctx.load_verify_locations(cafile)`), then after `conn.do_handshake()` call "
        "`service_identity.pyopenssl.verify_hostname(conn, host)`."
    ),
    references=(
        _SSL_DOCS,
        "https://docs.python.org/3/library/ssl.html#ssl.create_default_context",
        "https://truststore.readthedocs.io/",
        "https://www.pyopenssl.org/en/stable/api/ssl.html#OpenSSL.SSL.Context.set_verify",
        "https://service-identity.readthedocs.io/en/stable/api.html"
        "#service_identity.pyopenssl.verify_hostname",
        "https://docs.openssl.org/master/man3/SSL_CTX_set_verify/",
        _CWE_REFERENCE,
    ),
)

SSL303 = Rule(
    id="SSL303",
    name="global-verification-override",
    level=ERROR,
    security_severity=8.1,
    summary="Certificate verification is switched off for the whole process",
    description=(
        "Finds `ssl._create_default_https_context = ssl._create_unverified_context` (or "
        "`_create_stdlib_context`, or a function of the module that builds an unverified "
        "context), also through an import alias, a local name or "
        "`setattr(ssl, '_create_default_https_context', ...)`, and the same replacement of "
        "`ssl.create_default_context`. The factory is only referenced, so this is reported "
        "once, at the assignment, and not also as SSL302."
    ),
    why=(
        "Every HTTPS connection the standard library makes afterwards (`urllib.request`, "
        "`http.client`, `xmlrpc`, pip's fallbacks, third-party code) silently accepts any "
        "certificate, far away from the line that caused it. In a `sitecustomize.py` or a "
        "`conftest.py` it affects every process or every test."
    ),
    example=(
        "import ssl\n\n"
        "# the proxy re-signs TLS\n"
        "ssl._create_default_https_context = ssl._create_unverified_context\n"
    ),
    fix=(
        "Delete the override and give Python the CA it is missing: set `SSL_CERT_FILE` to the "
        "proxy's CA bundle (e.g. `/etc/ssl/certs/corp-ca.pem`), add the CA to the system store "
        "and call `truststore.inject_into_ssl()` once at start-up, or pass "
        "`context=ssl.create_default_context(cafile=...)` to the one call that needs it."
    ),
    references=(
        "https://peps.python.org/pep-0476/#opting-out",
        "https://truststore.readthedocs.io/",
        _CWE_REFERENCE,
    ),
)

SSL305 = Rule(
    id="SSL305",
    name="obsolete-tls-protocol",
    level=WARNING,
    security_severity=5.3,
    summary="An obsolete SSL/TLS protocol version is requested or allowed",
    description=(
        "Finds `ssl.PROTOCOL_SSLv2`, `PROTOCOL_SSLv3`, `PROTOCOL_TLSv1`, `PROTOCOL_TLSv1_1` "
        "(and pyOpenSSL's `SSLv2_METHOD` … `TLSv1_1_METHOD`) used as a protocol, pyOpenSSL's "
        "`set_min_proto_version(SSL3_VERSION / TLS1_VERSION / TLS1_1_VERSION)` (and "
        "`set_max_proto_version` with those, which leaves only obsolete versions), and "
        "`ssl.TLSVersion.SSLv3`, `TLSv1`, `TLSv1_1` used as `minimum_version` / "
        "`maximum_version` (also urllib3's `ssl_minimum_version`). `PROTOCOL_TLS`, "
        "`PROTOCOL_SSLv23` (its alias), `PROTOCOL_TLS_CLIENT` negotiate the best version and "
        "are not findings, nor are `OP_NO_TLSv1` options, which switch old versions off."
    ),
    why=(
        "SSL 2.0/3.0 and TLS 1.0/1.1 are deprecated (RFC 8996) and have practical attacks "
        "(POODLE, BEAST); allowing them lets a machine in the middle downgrade the connection."
    ),
    example=(
        "import ssl\n\n"
        "ctx = ssl.create_default_context()\n"
        "ctx.minimum_version = ssl.TLSVersion.TLSv1\n"
    ),
    fix=(
        "Let Python negotiate: `ssl.create_default_context()` (or "
        "`ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`) and, to set a floor, "
        "`ctx.minimum_version = ssl.TLSVersion.TLSv1_2`. Upgrade servers that only speak "
        "TLS 1.0/1.1 instead of lowering the client."
    ),
    references=(
        "https://datatracker.ietf.org/doc/html/rfc8996",
        "https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version",
        "https://cwe.mitre.org/data/definitions/327.html",
    ),
    cwe="CWE-327",
)

_UNVERIFIED_FACTORIES = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})
_CONTEXT_FACTORIES_WITH_CERT_REQS = frozenset({"urllib3.util.create_urllib3_context"})
_CONTEXT_TYPE = "ssl.SSLContext"
_GLOBAL_FACTORIES = frozenset({"ssl._create_default_https_context", "ssl.create_default_context"})
_VERIFIED_FACTORIES = frozenset(
    {"ssl.create_default_context", "ssl._create_default_https_context", "ssl.SSLContext"}
)
# Protocols with which `ssl.SSLContext(...)` starts with `verify_mode = CERT_NONE`.
_UNVERIFIED_PROTOCOLS = frozenset(
    {
        "ssl.PROTOCOL_TLS",
        "ssl.PROTOCOL_SSLv23",
        "ssl.PROTOCOL_SSLv2",
        "ssl.PROTOCOL_SSLv3",
        "ssl.PROTOCOL_TLSv1",
        "ssl.PROTOCOL_TLSv1_1",
        "ssl.PROTOCOL_TLSv1_2",
    }
)
_OBSOLETE = frozenset(
    {
        "ssl.PROTOCOL_SSLv2",
        "ssl.PROTOCOL_SSLv3",
        "ssl.PROTOCOL_TLSv1",
        "ssl.PROTOCOL_TLSv1_1",
        "ssl.TLSVersion.SSLv3",
        "ssl.TLSVersion.TLSv1",
        "ssl.TLSVersion.TLSv1_1",
        "OpenSSL.SSL.SSLv2_METHOD",
        "OpenSSL.SSL.SSLv3_METHOD",
        "OpenSSL.SSL.TLSv1_METHOD",
        "OpenSSL.SSL.TLSv1_1_METHOD",
    }
)
# pyOpenSSL's protocol version numbers, for `ctx.set_min_proto_version(...)` (and
# `set_max_proto_version(...)`, which then leaves only obsolete versions).
_OBSOLETE_MINIMUMS = frozenset(
    {"OpenSSL.SSL.SSL3_VERSION", "OpenSSL.SSL.TLS1_VERSION", "OpenSSL.SSL.TLS1_1_VERSION"}
)
_VERSION_ATTRIBUTES = frozenset({"minimum_version", "maximum_version", "ssl_version"})
# Calls that only look a value up or compare it: an obsolete constant there is not a use.
_LOOKUPS = frozenset(
    {"get", "pop", "setdefault", "index", "count", "append", "add", "remove", "discard"}
)
_BUILTIN_LOOKUPS = frozenset(
    {"builtins.isinstance", "builtins.getattr", "builtins.hasattr", "builtins.print"}
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_UNVERIFIED_HINTS = ("_create_unverified_context", "_create_stdlib_context", "CERT_NONE")


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL302, SSL303 and SSL305 findings in every piece of Python code of the file."""
    for analysis in analyses(facts):
        found: Iterable[Finding]
        if isinstance(analysis, Analysis):
            found = _check(analysis)
        else:
            found = [
                *fallback_findings(analysis, "SSL302"),
                *fallback_findings(analysis, "SSL303"),
                *fallback_findings(analysis, "SSL305"),
            ]
        for finding in found:
            yield with_noqa(facts.source, finding, config)


def _check(analysis: Analysis) -> Iterator[Finding]:
    for call in analysis.calls:
        _, name = analysis.callee(call)
        yield from _unverified_call(analysis, call, name)
        yield from _setattr_override(analysis, call, name)
        yield from _obsolete_arguments(analysis, call, name)
        yield from _pyopenssl_call(analysis, call)
    for target, value, _ in analysis.assigns:
        yield from _assignment(analysis, target, value)
    yield from _obsolete_defaults(analysis)
    yield from client_findings(analysis)


def _finding(
    analysis: Analysis,
    rule_id: str,
    node: Any,
    message: str,
    precision: str = PROVEN,
    last: Optional[Any] = None,
) -> Finding:
    return Finding(
        rule_id=rule_id,
        span=analysis.span(node, last),
        message=message,
        statement=analysis.statement(node),
        precision=precision,
    )


# -- SSL302 ------------------------------------------------------------------


def _unverified_call(analysis: Analysis, call: Any, name: str) -> Iterator[Finding]:
    if name in _UNVERIFIED_FACTORIES:
        binding = _binding(analysis, call)
        if binding is not None and _host_check_turned_on(analysis, call, binding):
            return
        yield _finding(
            analysis,
            "SSL302",
            call,
            f"{name}() creates a context that checks neither the certificate nor the host name",
        )
    elif name in _CONTEXT_FACTORIES_WITH_CERT_REQS:
        arg = analysis.argument(call, None, "cert_reqs")
        if arg is not None and is_cert_none(analysis.evaluate(arg.value)):
            yield _finding(
                analysis,
                "SSL302",
                arg,
                f"{name}() with {analysis.text(arg)}: the context does not verify certificates",
            )
    elif name == _CONTEXT_TYPE:
        yield from _bare_context(analysis, call)
    elif name == "ssl.wrap_socket":
        yield from _wrap_socket(analysis, call)


def _bare_context(analysis: Analysis, call: Any) -> Iterator[Finding]:
    """`ssl.SSLContext(PROTOCOL_TLS)` starts with CERT_NONE; fine if verification is set later."""
    arg = analysis.argument(call, 0, "protocol")
    if arg is not None:
        protocol = analysis.evaluate(arg.value)
        if not (isinstance(protocol, Ref) and protocol.name in _UNVERIFIED_PROTOCOLS):
            return
    binding = _binding(analysis, call)
    if binding is not None and _verification_set(analysis, call, binding):
        return
    shown = analysis.text(arg.value) if arg is not None else "the default protocol"
    yield _finding(
        analysis,
        "SSL302",
        call.func,
        f"ssl.SSLContext({shown}) starts with verify_mode=CERT_NONE and check_hostname=False, "
        "and verification is never turned on",
    )


def _binding(analysis: Analysis, call: Any) -> Optional[str]:
    """The text of the name or attribute a call's result is assigned to, if any."""
    parent = analysis.parent(call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and parent.value is call:
        return analysis.text(parent.targets[0])
    if isinstance(parent, ast.AnnAssign) and parent.value is call:
        return analysis.text(parent.target)
    return None


def _verification_set(analysis: Analysis, call: Any, binding: str) -> bool:
    """Does the code set `verify_mode`/`check_hostname` on it, or use it server-side?"""
    scopes = _SCOPES
    scope = analysis.enclosing(call, scopes)
    # Set explicitly: turned on, or switched off on a line of its own (reported there).
    for target, _, statement in analysis.assigns:
        if (
            isinstance(target, ast.Attribute)
            and target.attr in ("verify_mode", "check_hostname")
            and analysis.text(target.value) == binding
            and (binding.startswith("self.") or analysis.enclosing(statement, scopes) is scope)
        ):
            return True
    for other in analysis.calls:
        func = other.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "wrap_socket"
            and analysis.text(func.value) == binding
        ):
            server = analysis.argument(other, 1, "server_side")
            if server is not None and is_true(analysis.evaluate(server.value)):
                return True
    return False


def _host_check_turned_on(analysis: Analysis, call: Any, binding: str) -> bool:
    """`ctx.check_hostname = True` later: Python then requires a certificate (CERT_REQUIRED)."""
    scope = analysis.enclosing(call, _SCOPES)
    return any(
        isinstance(target, ast.Attribute)
        and target.attr == "check_hostname"
        and analysis.text(target.value) == binding
        and analysis.enclosing(statement, _SCOPES) is scope
        and is_true(analysis.evaluate(value))
        for target, value, statement in analysis.assigns
    )


def _wrap_socket(analysis: Analysis, call: Any) -> Iterator[Finding]:
    """`ssl.wrap_socket(sock, keyfile, certfile, server_side, cert_reqs, ...)`."""
    server = analysis.argument(call, 3, "server_side")
    if server is not None and not is_false(analysis.evaluate(server.value)):
        return
    cert_reqs = analysis.argument(call, 4, "cert_reqs")
    if cert_reqs is not None and not is_cert_none(analysis.evaluate(cert_reqs.value)):
        return
    yield _finding(
        analysis,
        "SSL302",
        call.func,
        "ssl.wrap_socket() without cert_reqs=ssl.CERT_REQUIRED does not verify the server's "
        "certificate",
    )


def _context_switch(analysis: Analysis, target: Any, value: Any) -> Iterator[Finding]:
    """`ctx.check_hostname = False` / `ctx.verify_mode = ssl.CERT_NONE`."""
    attribute = target.attr
    held = analysis.evaluate(value)
    if attribute == "check_hostname" and is_false(held):
        what = "host name checks are off"
    elif attribute == "verify_mode" and is_cert_none(held):
        what = "certificates are not verified"
    else:
        return
    if attribute == "check_hostname" and _delegated_host_check(analysis, target):
        return
    owner = analysis.evaluate(target.value)
    owner_type = analysis.type_of(owner)
    if owner_type == _CONTEXT_TYPE:
        precision, prefix = PROVEN, "SSL context"
    elif owner_type is None and not isinstance(owner, (LocalInstance, Opaque)):
        precision, prefix = PROBABLE, "probably an SSL context"
    else:
        return
    yield _finding(
        analysis,
        "SSL302",
        target,
        f"{analysis.text(target)} = {analysis.text(value)} ({prefix}): {what}",
        precision,
        last=value,
    )


def _delegated_host_check(analysis: Analysis, target: Any) -> bool:
    """`check_hostname = False` as plumbing: in a branch, on a context whose mode is a variable.

    HTTP libraries (urllib3 and its vendored copies) build contexts from their callers'
    settings: they set `verify_mode` from a parameter and, in a branch, switch the
    built-in host name check off because they match host names themselves (or the
    caller asked for `assert_hostname=False`, which is reported at that call).
    """
    branch = analysis.enclosing(target, (ast.If, ast.FunctionDef, ast.AsyncFunctionDef, ast.Module))
    if not isinstance(branch, ast.If):
        return False
    receiver = analysis.text(target.value)
    for other, value, _ in analysis.assigns:
        if (
            isinstance(other, ast.Attribute)
            and other.attr == "verify_mode"
            and analysis.text(other.value) == receiver
            and not isinstance(analysis.evaluate(value), (Const, Ref))
        ):
            return True
    return False


def _pyopenssl_call(analysis: Analysis, call: Any) -> Iterator[Finding]:
    """pyOpenSSL: `set_verify(mode, cb)` without VERIFY_PEER, `set_min/max_proto_version(...)`."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in (
        "set_verify",
        "set_min_proto_version",
        "set_max_proto_version",
    ):
        return
    owner_type = analysis.type_of(analysis.evaluate(func.value))
    if owner_type not in (None, CONTEXT, CONNECTION):
        return
    if owner_type == CONNECTION and func.attr != "set_verify":
        return
    precision = PROBABLE if owner_type is None else PROVEN
    arg = analysis.argument(call, 0, "mode" if func.attr == "set_verify" else "version")
    if arg is None:
        return
    if func.attr != "set_verify":
        version = analysis.evaluate(arg.value)
        if isinstance(version, Ref) and version.name in _OBSOLETE_MINIMUMS:
            yield _finding(
                analysis,
                "SSL305",
                arg,
                f"{func.attr}({analysis.text(arg.value)}) allows an obsolete protocol version",
                precision,
            )
        return
    flags = verify_flags(analysis, arg.value)
    if flags is not None and VERIFY_PEER not in flags:
        yield _finding(
            analysis,
            "SSL302",
            arg,
            f"set_verify({analysis.text(arg.value)}, ...) without VERIFY_PEER: the peer's "
            "certificate is not verified",
            precision,
        )


# -- SSL303 ------------------------------------------------------------------


def _override(analysis: Analysis, value: Value) -> bool:
    """Is a replacement default-context factory an unverified one?"""
    if isinstance(value, Ref):
        return value.name in _UNVERIFIED_FACTORIES
    if isinstance(value, LocalFunction):
        body = analysis.text(value.node)
        return any(hint in body for hint in _UNVERIFIED_HINTS) or "check_hostname = False" in body
    return False


def _global_override(analysis: Analysis, target: Any, value: Any) -> Iterator[Finding]:
    overridden = analysis.evaluate(target)
    if not (isinstance(overridden, Ref) and overridden.name in _GLOBAL_FACTORIES):
        return
    if _override(analysis, analysis.evaluate(value)):
        yield _finding(
            analysis,
            "SSL303",
            target,
            f"{overridden.name} replaced by {analysis.text(value)}: every HTTPS connection of "
            "the process skips certificate verification",
            last=value,
        )


def _setattr_override(analysis: Analysis, call: Any, name: str) -> Iterator[Finding]:
    arguments = analysis.arguments(call)
    if name != "builtins.setattr" or len(arguments) != 3:
        return
    module = analysis.evaluate(arguments[0].value)
    attribute = analysis.evaluate(arguments[1].value)
    if not isinstance(module, Ref) or getattr(attribute, "value", None) is None:
        return
    overridden = f"{module.name}.{getattr(attribute, 'value', '')}"
    if overridden in _GLOBAL_FACTORIES and _override(
        analysis, analysis.evaluate(arguments[2].value)
    ):
        yield _finding(
            analysis,
            "SSL303",
            call,
            f"setattr replaces {overridden} with {analysis.text(arguments[2].value)}: every "
            "HTTPS connection of the process skips certificate verification",
        )


# -- SSL305 ------------------------------------------------------------------


def _shown(protocol: str) -> str:
    """`PROTOCOL_SSLv3`, `TLSVersion.TLSv1`, `SSL.TLSv1_METHOD`: the name as users write it."""
    return protocol.split(".", 1)[1]


def _obsolete(analysis: Analysis, node: Any) -> Optional[str]:
    value = analysis.evaluate(node)
    if isinstance(value, Ref) and value.name in _OBSOLETE:
        return value.name
    return None


def _obsolete_arguments(analysis: Analysis, call: Any, name: str) -> Iterator[Finding]:
    if name in _BUILTIN_LOOKUPS:
        return
    if isinstance(call.func, ast.Attribute) and call.func.attr in _LOOKUPS:
        return
    for arg in analysis.arguments(call):
        if arg.star:
            continue
        protocol = _obsolete(analysis, arg.value)
        if protocol is None:
            continue
        yield _finding(
            analysis,
            "SSL305",
            arg,
            f"{_shown(protocol)} is an obsolete protocol version ({analysis.text(arg)})",
            PROVEN if name else PROBABLE,
        )


def _obsolete_defaults(analysis: Analysis) -> Iterator[Finding]:
    """`def connect(version=ssl.PROTOCOL_SSLv3):`: every call that leaves it out uses it."""
    for node in analysis.names.functions:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        pairs = [
            *zip(positional[len(positional) - len(args.defaults) :], args.defaults),
            *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None),
        ]
        for param, default in pairs:
            protocol = _obsolete(analysis, default)
            if protocol is not None:
                yield _finding(
                    analysis,
                    "SSL305",
                    param,
                    f"{_shown(protocol)} is an obsolete protocol version, the "
                    f"default of parameter {param.arg}",
                    last=default,
                )


def _assignment(analysis: Analysis, target: Any, value: Any) -> Iterator[Finding]:
    if not isinstance(target, ast.Attribute):
        return
    yield from _context_switch(analysis, target, value)
    yield from _global_override(analysis, target, value)
    if target.attr in _VERSION_ATTRIBUTES:
        protocol = _obsolete(analysis, value)
        if protocol is not None:
            yield _finding(
                analysis,
                "SSL305",
                target,
                f"{target.attr} set to {_shown(protocol)}, an obsolete protocol version",
                last=value,
            )


CHECKER = code_checker((SSL302, SSL303, SSL305), check, "python-ssl")
