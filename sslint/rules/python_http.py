"""SSL301: HTTP/TLS client calls, clients and sessions with certificate verification off.

Resolves what the code really calls (import aliases, constants, `**kwargs`
dicts, session objects, `functools.partial`) against the client table in
`_python_clients`.
"""

from __future__ import annotations

import ast
import sys
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.rules._python_analysis import Analysis, Argument, analyses, code_checker
from sslint.rules._python_clients import (
    ADAPTER_BASES,
    ADAPTER_KEYS,
    ATTRIBUTE_SWITCHES,
    CURL_OPTIONS,
    PROBABLE_VERBS,
    SWITCHES,
    URI_SWITCHES,
    is_off,
    switches_by_callable,
)
from sslint.rules._python_fallback import fallback_findings
from sslint.rules._python_noqa import with_noqa
from sslint.rules._python_values import (
    Const,
    LocalFunction,
    Member,
    Ref,
    Unknown,
    is_false,
    is_falsy,
)
from sslint.rules.base import ERROR, Rule

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.facts import FileFacts

SSL301 = Rule(
    id="SSL301",
    name="request-without-certificate-verification",
    level=ERROR,
    security_severity=7.4,
    summary="An HTTP/TLS client call, client or session has certificate verification off",
    description=(
        "Finds HTTP and TLS clients told not to verify the server's certificate: requests "
        "(`verify=False` on a call, `session.verify = False`, a transport adapter that sets "
        "`cert_reqs='CERT_NONE'`), httpx (`verify=False` on calls, `Client`, `AsyncClient` and "
        "transports), aiohttp (`ssl=False`, `verify_ssl=False`, `TCPConnector(ssl=False)`), "
        "urllib3 (`cert_reqs='CERT_NONE'` or `ssl.CERT_NONE`, `assert_hostname=False`), "
        "boto3/botocore `verify=False`, tornado `validate_cert=False`, websocket-client "
        "`sslopt={'cert_reqs': ssl.CERT_NONE}`, pycurl `SSL_VERIFYPEER`/`SSL_VERIFYHOST` 0, "
        "elasticsearch `verify_certs=False`, pymongo `tlsInsecure`/"
        "`tlsAllowInvalidCertificates`, redis `ssl_cert_reqs=None`, and more. Import aliases, "
        "module and class constants, `**kwargs` dicts, `dict(verify=False)`, session objects "
        "(also `self.session` set in `__init__`), small factory functions and "
        "`functools.partial` are followed. A value held in a constant or a dict is reported at "
        "the call that uses it. Where the receiver's type is a guess (an unknown object whose "
        "HTTP method gets `verify=False`) the finding says 'probably' and has lower precision."
    ),
    why=(
        "Without certificate verification anyone on the network path (a compromised proxy, a "
        "rogue Wi-Fi, a poisoned DNS answer) can impersonate the server, read the credentials "
        "and tokens the client sends and change what it downloads. The warning this produces "
        "is usually silenced too, so nobody notices."
    ),
    example=(
        "import requests\n\n"
        "VERIFY = False\n"
        "resp = requests.get('https://api.corp.example/health', verify=VERIFY)\n\n"
        "session = requests.Session()\n"
        "session.verify = False\n"
    ),
    fix=(
        "Keep verification on and tell the client which CA to trust. Behind a TLS-intercepting "
        "proxy, pass the proxy's CA bundle: "
        "`requests.get(url, verify='/etc/ssl/certs/corp-ca.pem')` or set "
        "`REQUESTS_CA_BUNDLE=/etc/ssl/certs/corp-ca.pem` (requests) / `SSL_CERT_FILE` "
        "(httpx, urllib). To use the operating system's trust store, where corporate CAs are "
        "usually installed, call `truststore.inject_into_ssl()` at start-up (pip and conda "
        "already do). For httpx pass `verify=ssl.create_default_context(cafile=...)`, for "
        "aiohttp `ssl=ssl.create_default_context(cafile=...)`, for urllib3 "
        "`cert_reqs='CERT_REQUIRED', ca_certs=...`, for boto3 `verify='/path/ca.pem'` or "
        "`AWS_CA_BUNDLE`."
    ),
    references=(
        "https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification",
        "https://www.python-httpx.org/advanced/ssl/",
        "https://urllib3.readthedocs.io/en/stable/advanced-usage.html#certificate-verification",
        "https://truststore.readthedocs.io/",
        "https://cwe.mitre.org/data/definitions/295.html",
    ),
)

_CALLS = switches_by_callable(SWITCHES)
_ATTRIBUTES = switches_by_callable(ATTRIBUTE_SWITCHES)


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL301 findings in every piece of Python code of the file."""
    for analysis in analyses(facts):
        if isinstance(analysis, Analysis):
            found: Iterable[Finding] = _check(analysis)
        else:
            found = fallback_findings(analysis, "SSL301")
        for finding in found:
            yield with_noqa(facts.source, finding, config)


def _check(analysis: Analysis) -> Iterator[Finding]:
    for call in analysis.calls:
        yield from _call(analysis, call)
    for target, value, statement in analysis.assigns:
        yield from _assignment(analysis, target, value, statement)


_FUNCTION_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _finding(analysis: Analysis, node: Any, message: str, precision: str = PROVEN) -> Finding:
    return Finding(
        rule_id="SSL301",
        span=analysis.span(node),
        message=sys.intern(message),  # the same message for many calls is kept once
        statement=analysis.statement(node),
        precision=precision,
    )


def _shown(analysis: Analysis, param: str, value_node: Any, where: Any) -> str:
    """`verify=False`, or `verify=VERIFY_TLS` (False) for values held elsewhere."""
    value = analysis.evaluate(value_node)
    written = analysis.text(value_node)
    literal = repr(value.value) if isinstance(value, Const) else ""
    if getattr(where, "star", "") == "**":
        return f"{param}={literal or written} (from {analysis.text(where)})"
    if literal and written != literal and not _is_literal(value_node):
        return f"{param}={written} (which is {literal})"
    return f"{param}={written}"


_EMPTY_BUILTINS = frozenset({"set", "list", "tuple", "dict", "frozenset"})


def _is_literal(node: Any) -> bool:
    """A string, bytes or number literal, or an empty container (`[]`, `set()`)."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not node.elts
    if isinstance(node, ast.Dict):
        return not node.keys
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in _EMPTY_BUILTINS and not node.args and not node.keywords
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (str, bytes, int, float))
        and not isinstance(node.value, bool)
    )


def _call(analysis: Analysis, call: Any) -> Iterator[Finding]:
    func, name = analysis.callee(call)
    keywords = analysis.keywords(call)
    arguments = analysis.arguments(call)
    if name == "functools.partial" and arguments and arguments[0].keyword is None:
        wrapped = analysis.evaluate(arguments[0].value)
        name = wrapped.name if isinstance(wrapped, Ref) else ""
        if isinstance(wrapped, Member):
            owner = analysis.type_of(wrapped.owner)
            name = f"{owner}.{wrapped.name}" if owner else ""
    rows = _CALLS.get(name, [])
    reported = False
    for param, value_node, where in keywords:
        for row in rows:
            if row.parameter == param and is_off(
                row, analysis.evaluate(value_node), analysis.evaluate
            ):
                shown = _shown(analysis, param, value_node, where)
                yield _finding(
                    analysis,
                    where,
                    f"{name}() with {shown}: certificate verification is off",
                )
                reported = True
    if reported:
        return
    yield from _uri(analysis, call, name)
    yield from _curl(analysis, call, func)
    yield from _adapter_call(analysis, call, keywords)
    if isinstance(func, LocalFunction) and isinstance(func.node, _FUNCTION_DEFS):
        found = list(_forwarded(analysis, call, func.node, keywords))
        yield from found
        if found:
            return
    if not rows and not name:
        yield from _probable(analysis, func, keywords)


def _forwarded(
    analysis: Analysis, outer: Any, function: Any, keywords: list[Any]
) -> Iterator[Finding]:
    """`self.put(url, verify=False)` where `put` hands its keywords on to `requests.put`."""
    params = {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}
    rest = function.args.kwarg.arg if function.args.kwarg is not None else None
    inner = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
    for param, value_node, where in keywords:
        if not isinstance(where, Argument) or where.keyword is None:
            continue
        for call in inner:
            _, name = analysis.callee(call)
            row = next((r for r in _CALLS.get(name, []) if r.parameter == param), None)
            if row is None or not _passes_on(call, param, param in params, rest):
                continue
            if is_off(row, analysis.evaluate(value_node), analysis.evaluate):
                shown = _shown(analysis, param, value_node, where)
                yield _finding(
                    analysis,
                    where,
                    f"{analysis.text(outer.func)}() with {shown}, handed on to {name}(): "
                    "certificate verification is off",
                )
                break


def _passes_on(call: Any, param: str, named: bool, rest: Optional[str]) -> bool:
    """Does `call` receive the wrapper's `param` (as `param=param`) or its `**rest`?"""
    for keyword in call.keywords:
        value = keyword.value
        if not isinstance(value, ast.Name):
            continue
        if keyword.arg is None and rest is not None and value.id == rest:
            return True
        if keyword.arg == param and named and value.id == param:
            return True
    return False


def _uri(analysis: Analysis, call: Any, name: str) -> Iterator[Finding]:
    markers = URI_SWITCHES.get(name)
    if not markers:
        return
    arg = analysis.argument(call, 0, "host") or analysis.argument(call, 0, "url")
    if arg is None:
        return
    value = analysis.evaluate(arg.value)
    if isinstance(value, Const) and isinstance(value.value, str):
        lowered = value.value.lower().replace(" ", "")
        hits = [m for m in markers if m in lowered]
        if hits:
            yield _finding(
                analysis,
                arg,
                f"{name}() with a connection URI holding `{hits[0]}`: certificate "
                "verification is off",
            )


def _curl(analysis: Analysis, call: Any, func: Any) -> Iterator[Finding]:
    arguments = analysis.arguments(call)
    if not (isinstance(func, Member) and func.name == "setopt") or len(arguments) < 2:
        return
    owner = analysis.type_of(func.owner)
    if owner not in (None, "pycurl.Curl"):
        return
    option = analysis.evaluate(arguments[0].value)
    option_name = ""
    if isinstance(option, Ref) and option.name.startswith("pycurl."):
        option_name = option.name.rsplit(".", 1)[-1]
    elif isinstance(option, Member) and analysis.type_of(option.owner) in (None, "pycurl.Curl"):
        option_name = option.name
    if option_name not in CURL_OPTIONS:
        return
    if is_false(analysis.evaluate(arguments[1].value)):
        yield _finding(
            analysis,
            arguments[1],
            f"pycurl setopt({option_name}, {analysis.text(arguments[1].value)}): certificate "
            "verification is off",
        )


def _in_adapter(analysis: Analysis, node: Any) -> bool:
    """Is the node inside a method of a `requests` transport adapter subclass?"""
    cls = analysis.enclosing(node, ast.ClassDef)
    return cls is not None and analysis.known_base(cls) in ADAPTER_BASES


def _adapter_call(analysis: Analysis, call: Any, keywords: list[Any]) -> Iterator[Finding]:
    """`super().init_poolmanager(..., cert_reqs="CERT_NONE")` in an HTTPAdapter subclass."""
    relevant = [k for k in keywords if k[0] in ADAPTER_KEYS]
    if not relevant or not _in_adapter(analysis, call):
        return
    for param, value_node, where in relevant:
        if ADAPTER_KEYS[param](analysis.evaluate(value_node)):
            shown = _shown(analysis, param, value_node, where)
            yield _finding(
                analysis,
                where,
                f"requests transport adapter passes {shown}: certificate verification is off",
            )


def _probable(analysis: Analysis, func: Any, keywords: list[Any]) -> Iterator[Finding]:
    """An HTTP verb with `verify=False` on an object of unknown type."""
    if not isinstance(func, Member) or func.name not in PROBABLE_VERBS:
        return
    owner = func.owner
    if not isinstance(owner, (Unknown, Member)) and analysis.type_of(owner) is None:
        return
    for param, value_node, where in keywords:
        if param == "verify" and is_falsy(analysis.evaluate(value_node)):
            shown = _shown(analysis, param, value_node, where)
            yield _finding(
                analysis,
                where,
                f".{func.name}() with {shown} on an object of unknown type: probably an HTTP "
                "client call with certificate verification off",
                PROBABLE,
            )


def _assignment(analysis: Analysis, target: Any, value: Any, statement: Any) -> Iterator[Finding]:
    if isinstance(target, ast.Attribute):
        owner = analysis.type_of(analysis.evaluate(target.value))
        for row in _ATTRIBUTES.get(owner or "", []):
            if row.parameter == target.attr and is_off(
                row, analysis.evaluate(value), analysis.evaluate
            ):
                yield Finding(
                    rule_id="SSL301",
                    span=analysis.span(target, value),
                    message=(
                        f"{owner}.{row.parameter} set to {analysis.text(value)}: every request "
                        "of this object skips certificate verification"
                    ),
                    statement=analysis.statement(target),
                )
    elif isinstance(target, ast.Subscript) and _in_adapter(analysis, target):
        key = _subscript_key(analysis, target)
        test = ADAPTER_KEYS.get(key or "")
        if test is not None and test(analysis.evaluate(value)):
            yield Finding(
                rule_id="SSL301",
                span=analysis.span(target, value),
                message=(
                    f"requests transport adapter sets {key} to {analysis.text(value)}: "
                    "certificate verification is off"
                ),
                statement=analysis.statement(target),
            )


def _subscript_key(analysis: Analysis, target: ast.Subscript) -> Any:
    if isinstance(target.slice, (ast.Slice, ast.Tuple)):
        return None  # a slice, or several indexes
    key = analysis.evaluate(target.slice)
    return key.value if isinstance(key, Const) and isinstance(key.value, str) else None


CHECKER = code_checker((SSL301,), check, "python-http")
