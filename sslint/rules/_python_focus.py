"""The cheap `ast` pass before libcst: which parts of a module can matter to SSL3xx rules.

libcst with scope and qualified-name metadata costs tens of times what `ast`
does, so it only ever sees what can hold a finding: the top-level statements
that mention a trigger (a keyword such as `verify`, an attribute such as
`check_hostname`, a string such as `"tlsInsecure=true"`), the imports, and
the module-level definitions those statements use (constants, factory
functions, classes), followed transitively. Everything else is blanked out
with spaces, so offsets, lines and columns stay those of the real text.
"""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional

# Names, attributes and keywords that can matter to an SSL3xx rule.
TRIGGERS = frozenset(
    {
        "verify",
        "verify_ssl",
        "cert_reqs",
        "assert_hostname",
        "validate_cert",
        "sslopt",
        "SSL_VERIFYPEER",
        "SSL_VERIFYHOST",
        "verify_certs",
        "ssl_verify",
        "tlsAllowInvalidCertificates",
        "tlsInsecure",
        "ssl_cert_reqs",
        "broker_use_ssl",
        "redis_backend_use_ssl",
        "disable_ssl_certificate_validation",
        "check_hostname",
        "verify_mode",
        "CERT_NONE",
        "_create_unverified_context",
        "_create_stdlib_context",
        "_create_default_https_context",
        "wrap_socket",
        "SSLContext",
        "disable_warnings",
        "InsecureRequestWarning",
        "TLSVersion",
        "PROTOCOL_SSLv2",
        "PROTOCOL_SSLv3",
        "PROTOCOL_TLSv1",
        "PROTOCOL_TLSv1_1",
        "minimum_version",
        "maximum_version",
        "ssl_version",
        "ssl_minimum_version",
        "SSLv2_METHOD",
        "SSLv3_METHOD",
        "TLSv1_METHOD",
        "TLSv1_1_METHOD",
    }
)
# Keywords only: `ssl=False` (aiohttp, kombu) matters, the `ssl` module name alone does not.
_KEYWORD_TRIGGERS = TRIGGERS | {"ssl"}
# Substrings of string constants that can matter (URIs, warning filters); a string equal
# to a keyword trigger (a `{"verify": False}` key, a `setattr` name) matters too.
_STRING_TRIGGERS = (
    "tlsinsecure",
    "tlsallowinvalid",
    "ssl_cert_reqs=",
    "insecurerequestwarning",
    "unverified https",
)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# A value or a function (a factory) used by relevant code (directly, or through one more
# definition) is read along with it up to this many lines; a longer one is left out and
# only known as "defined in this module" (opaque). Longer relevant statements have their
# unneeded definitions trimmed.
_FOLLOW_LINES = 60
_FOLLOW_FUNCTION_LINES = 20
_FOLLOW_DEPTH = 2


class Focus(NamedTuple):
    """The text for libcst and the module-level names defined in what was left out."""

    text: str
    opaque: frozenset[str]


def is_trigger(node: ast.AST, aliases: frozenset[str] = frozenset()) -> bool:
    """Does this one node mention something an SSL3xx rule looks at?

    `aliases` are local names that imports bind to triggers (`import … as unverified`).
    """
    if isinstance(node, ast.Name):
        return node.id in TRIGGERS or node.id in aliases
    if isinstance(node, ast.Attribute):
        return node.attr in TRIGGERS
    if isinstance(node, ast.keyword):
        return node.arg in _KEYWORD_TRIGGERS
    if isinstance(node, ast.alias):
        return node.name.rsplit(".", 1)[-1] in TRIGGERS
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 4096:
        if node.value in _KEYWORD_TRIGGERS:
            return True
        lowered = node.value.lower()
        return any(t in lowered for t in _STRING_TRIGGERS)
    return False


class _Statement:
    """What one top-level statement mentions, defines and uses."""

    def __init__(self, node: ast.stmt, aliases: frozenset[str]) -> None:
        self.node = node
        self.hot = False
        self.imports = False
        self.defines: set[str] = set()
        self.uses: set[str] = set()
        for child in ast.walk(node):
            if not self.hot and is_trigger(child, aliases):
                self.hot = True
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                self.uses.add(child.id)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                # Module-level imports only: one inside a function does not bind a global.
                self.imports = not isinstance(node, _DEFINITIONS)
        self.defines = _bound_names(node)
        if isinstance(node, _DEFINITIONS):
            self.uses.discard(node.name)

    @property
    def first_line(self) -> int:
        node = self.node
        lines = [node.lineno]
        if isinstance(node, _DEFINITIONS):
            lines.extend(d.lineno for d in node.decorator_list)
        return min(lines)

    @property
    def last_line(self) -> int:
        return getattr(self.node, "end_lineno", None) or self.node.lineno


def _bound_names(node: ast.stmt) -> set[str]:
    """Names a module-level statement binds (not the locals of the functions it defines)."""
    if isinstance(node, _DEFINITIONS):
        return {node.name}
    found: set[str] = set()
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _DEFINITIONS):
            found.add(current.name)
            continue
        if isinstance(current, ast.Name) and not isinstance(current.ctx, ast.Load):
            found.add(current.id)
        elif isinstance(current, ast.alias):
            found.add((current.asname or current.name).split(".", 1)[0])
        stack.extend(ast.iter_child_nodes(current))
    return found


def focus(tree: ast.Module, text: str) -> Optional[Focus]:
    """The text libcst should read (irrelevant statements blanked), or None if nothing matters."""
    aliases = frozenset(
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
        if alias.asname and alias.name.rsplit(".", 1)[-1] in TRIGGERS
    )
    statements = [_Statement(node, aliases) for node in tree.body]
    keep = [s.hot for s in statements]
    if not any(keep):
        return None
    for index, statement in enumerate(statements):
        if statement.imports:
            keep[index] = True
    definers: dict[str, list[int]] = {}
    for index, statement in enumerate(statements):
        for name in statement.defines:
            definers.setdefault(name, []).append(index)
    # Values held by hot module-level statements (`OPTS = {"verify": False}`) reach the
    # statements that use them.
    hot_values = {
        name
        for s in statements
        if s.hot and isinstance(s.node, (ast.Assign, ast.AnnAssign))
        for name in s.defines
    }
    for index, statement in enumerate(statements):
        if statement.uses & hot_values:
            keep[index] = True
    frontier = [i for i, kept in enumerate(keep) if kept]
    for _ in range(_FOLLOW_DEPTH):
        reached = []
        for position in frontier:
            for name in statements[position].uses:
                for index in definers.get(name, ()):
                    statement = statements[index]
                    limit = (
                        _FOLLOW_FUNCTION_LINES
                        if isinstance(statement.node, _DEFINITIONS)
                        else _FOLLOW_LINES
                    )
                    if not keep[index] and statement.last_line - statement.first_line < limit:
                        keep[index] = True
                        reached.append(index)
        frontier = reached
    kept = [s for s, k in zip(statements, keep) if k]
    dropped = [s for s, k in zip(statements, keep) if not k]
    blank = _lines(dropped) - _lines(kept)
    for statement in kept:
        blank |= _trim(statement, aliases)
    if not blank:
        return Focus(text, frozenset())
    opaque = frozenset(name for s in dropped for name in s.defines)
    return Focus(_blank(text, blank), opaque)


def _lines(statements: list[_Statement]) -> set[int]:
    """The line numbers the statements cover."""
    found: set[int] = set()
    for statement in statements:
        found.update(range(statement.first_line, statement.last_line + 1))
    return found


def _self_attributes(function: ast.AST, store: bool) -> set[str]:
    """Attributes of the method's first parameter (`self.x`) it assigns or reads."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or not function.args.args:
        return set()
    owner = function.args.args[0].arg
    wanted = ast.Store if store else ast.Load
    return {
        node.attr
        for node in ast.walk(function)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, wanted)
        and isinstance(node.value, ast.Name)
        and node.value.id == owner
    }


def _bodies(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists directly inside a compound statement."""
    bodies = [getattr(node, name, None) for name in ("body", "orelse", "finalbody")]
    found = [b for b in bodies if isinstance(b, list) and b and isinstance(b[0], ast.stmt)]
    found.extend(h.body for h in getattr(node, "handlers", ()) if h.body)
    return found


def _trim(statement: _Statement, aliases: frozenset[str]) -> set[int]:
    """Lines of definitions inside a long kept statement that nothing relevant needs.

    In a class, a method is needed when it is relevant itself, or is or assigns an
    attribute (`self.x`) that a relevant method reads; in an `if`/`try` block, a
    definition is needed when it is relevant or a relevant statement uses its name.
    """
    node = statement.node
    if statement.last_line - statement.first_line < _FOLLOW_LINES:
        return set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    blank: set[int] = set()
    for body in _bodies(node):
        members = [_Statement(child, aliases) for child in body]
        hot = [m for m in members if m.hot]
        if isinstance(node, ast.ClassDef):
            needed = set().union(*(_self_attributes(m.node, store=False) for m in hot))
        else:
            needed = set().union(*(m.uses for m in hot))
        dropped = [
            m
            for m in members
            if isinstance(m.node, _DEFINITIONS)
            and not m.hot
            and getattr(m.node, "name", "") not in needed
            and not (_self_attributes(m.node, store=True) & needed)
        ]
        if len(dropped) == len(members):
            continue
        blank |= _lines(dropped)
        for member in members:
            if member not in dropped:
                blank |= _trim(member, aliases)
    return blank


def _blank(text: str, numbers: set[int]) -> str:
    """`text` with the given lines replaced by white space (line breaks kept)."""
    lines = text.split("\n")
    for number in numbers:
        if number <= len(lines):
            line = lines[number - 1]
            body = line.rstrip("\r")
            lines[number - 1] = " " * len(body) + line[len(body) :]
    return "\n".join(lines)
