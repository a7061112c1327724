"""The cheap first pass of the SSL3xx analysis: which parts of a module can matter.

The analysis (`_python_analysis`) resolves names, scopes and values only where
a finding can be: the top-level statements that mention a trigger (a keyword
such as `verify`, an attribute such as `check_hostname`, a string such as
`"tlsInsecure=true"`), the imports, and the module-level definitions those
statements use (constants, factory functions, classes), followed transitively.
Everything else is left out (`Focus`); a name defined only there is known as
"defined in this module" (opaque), and long definitions inside kept classes
and blocks that nothing relevant needs are hidden.

Even `ast.walk` over a whole module costs more than reading it, so the text is
searched first: only statements whose lines hold a trigger word are walked.
A trigger that cannot switch anything off is not one: `verify=True`,
`verify="/etc/ssl/ca.pem"`, `ctx.verify_mode = ssl.CERT_REQUIRED`, a type
annotation, `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`."""

from __future__ import annotations

import ast
import bisect
import re
from typing import Iterator, NamedTuple, Optional, Sequence

from sslint.linter.readers.python.parse import COMPOUND_STATEMENTS, children, subtree
from sslint.linter.source import line_starts
from sslint.linter.token_search import word_search

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
        "set_verify",
        "SSLv23_METHOD",
        "TLS_METHOD",
        "TLS_CLIENT_METHOD",
        "TLSv1_2_METHOD",
        "SSL3_VERSION",
        "TLS1_VERSION",
        "TLS1_1_VERSION",
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
# What the text must hold where a trigger node is: its name (case kept), or a string
# trigger (lower case). `ssl` stands for `ssl=` and for `"ssl"`. A word that holds
# another (`verify_ssl` holds `ssl`) is found through the shorter one.
_WORDS = tuple(
    sorted(w for w in _KEYWORD_TRIGGERS if not any(o != w and o in w for o in _KEYWORD_TRIGGERS))
)
# The prefilter tokens of the checkers that read Python code (lower-case bytes): every
# trigger, lowered, holds one (tests/test_python_focus.py checks), so a file holding none
# has no trigger and cannot give a finding.
TOKENS = (
    b"ssl",
    b"tls",
    b"verif",
    b"cert_",
    b"_hostname",
    b"imum_version",
    b"wrap_socket",
    b"validate_cert",
    b"disable_warnings",
    b"insecurerequestwarning",
    b"_create_stdlib",
    b"_create_default_https",
)
# Keywords and attributes for which true, a path or a host name leaves verification on:
# `verify=True`, `verify="/etc/ssl/ca.pem"`, `assert_hostname="api.example"`, `ssl=None`.
_ON_WHEN_TRUE = frozenset(
    {
        "verify",
        "verify_ssl",
        "ssl",
        "validate_cert",
        "verify_certs",
        "ssl_verify",
        "check_hostname",
        "assert_hostname",
    }
)
# Keywords and attributes naming a certificate requirement: `cert_reqs="CERT_REQUIRED"`.
_REQUIREMENTS = frozenset({"cert_reqs", "ssl_cert_reqs", "verify_mode"})
_REQUIRED_NAMES = frozenset({"CERT_REQUIRED", "REQUIRED"})
# Settings that switch something off only where they are set (or named in a string).
_SETTINGS = (_ON_WHEN_TRUE | _REQUIREMENTS) - {"ssl"}
# Protocols with which `ssl.SSLContext(...)` verifies (or is a server context).
_SAFE_PROTOCOLS = frozenset({"PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS_SERVER"})
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Statements that hold statements (`_bodies`); `match` cases are not bodies here.
_COMPOUND = frozenset(COMPOUND_STATEMENTS)
# More elements than this make a tuple, list or set literal a data table.
_TABLE = 8
# A value or a function (a factory) used by relevant code (directly, or through one more
# definition) is read along with it up to this many lines; a longer one is left out and
# only known as "defined in this module" (opaque). Longer relevant statements have their
# unneeded definitions trimmed.
_FOLLOW_LINES = 60
_FOLLOW_FUNCTION_LINES = 20
_FOLLOW_DEPTH = 2
# A module of more statements than this, most of which mention a trigger, is read whole.
_DENSE_MINIMUM = 200


class Focus(NamedTuple):
    """What the analysis reads: module statements, nested definitions left out, opaque names.

    `statements` are the module-level statements kept (None: all of them);
    `hidden` holds the ids of definitions inside kept statements that nothing
    relevant needs; `opaque` the module-level names defined only in what was
    left out.
    """

    statements: Optional[tuple[ast.stmt, ...]]
    hidden: frozenset[int]
    opaque: frozenset[str]


WHOLE = Focus(None, frozenset(), frozenset())


# Text forms of a trigger word that cannot switch anything off, wherever they stand
# (in code they are what `_relevant_nodes` leaves out; in a string or a comment they
# are nothing): `verify=True`, `verify="/etc/ssl/ca.pem"`, `ctx.verify_mode =
# ssl.CERT_REQUIRED`, `-> ssl.SSLContext:`, `SSLContext(ssl.PROTOCOL_TLS_CLIENT)`,
# `from ssl import SSLContext` (no `as`), and `ssl` inside a longer name or a path.
_IDENTIFIER_CHAR = re.compile(r"[A-Za-z0-9_]")
# After the value: a comma, a bracket or a semicolon, or the end of the line (and any
# blank or comment lines) where the next line starts a new name, not an operator word
# that would continue the value (`True\n if x else False` inside brackets).
_END = (
    r"[ \t]*(?:[,);]|\Z|(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*"
    r"(?:[,)]|\Z|(?!(?:if|else|and|or|not|in|is|for)\b)[A-Za-z_]))"
)
_STRING = r"(?:\"(?P<double>[^\"\\\n]*)\"|'(?P<single>[^'\\\n]*)')"
_SAFE_AFTER_ON = re.compile(r"[ \t]*=[ \t]*(?:True|None|" + _STRING + r")" + _END)
_DOTTED = r"(?:[A-Za-z_][\w.]*\.)?"
_SAFE_AFTER_REQUIRED = re.compile(
    r"[ \t]*=[ \t]*(?:"
    + _DOTTED
    + r"CERT_REQUIRED|\"(?:CERT_)?REQUIRED\"|'(?:CERT_)?REQUIRED')"
    + _END
)
_OFF_STRINGS = frozenset({"", "FALSE", "NONE", "CERT_NONE", "0"})
_SAFE_CONTEXT_CALL = re.compile(
    r"\([ \t]*(?:protocol[ \t]*=[ \t]*)?" + _DOTTED + r"PROTOCOL_TLS_(?:CLIENT|SERVER)[ \t]*\)"
)
_RETURN_ANNOTATION = re.compile(r"->[ \t]*" + _DOTTED + "$")
_IMPORT_LINE = re.compile(r"[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t][^;#\n(]*$")
_KEYWORD_EQUALS = re.compile(r"[ \t]*=(?!=)")
_AS = re.compile(r"[ \t]+as[ \t]")
_COLON = re.compile(r"[ \t]*:")
# What a setting's name is followed by where it is set: `=` (a keyword, a default, an
# assignment, not `==`), an augmented assignment, or an annotation (`verify: bool = False`).
_SET = re.compile(r"[ \t\r\n\f\\]*(?:(?:[-+*/%&|^@]|//|\*\*|<<|>>)?=(?!=)|:[ \t]*[^\s#])")


_WORD_SEARCH = word_search(_WORDS)
# A long text is searched in pieces of this many characters (each overlapping the one
# before by a word less one character): the matches of a whole dense module at once
# take tens of megabytes, and the first relevant one ends the look.
_SEARCH_PIECE = 1 << 16
_LONGEST_WORD = max(map(len, _WORDS))


def may_matter(text: str) -> bool:
    """Can any trigger in `text` switch verification off? (False only when none can.)

    A cheap look at the text before any parse: every place a trigger word is
    written must be one of the harmless forms above, else the code is parsed.
    Each identifier holding a trigger word is looked at once, whole.
    """
    lowered = text.lower()
    if any(t in lowered for t in _STRING_TRIGGERS):
        return True
    looked_at = -1  # the end of the last identifier looked at
    for start, end in _word_matches(text):
        if start < looked_at:
            continue  # a word inside that identifier (matches come ordered by their end)
        while start > 0 and _IDENTIFIER_CHAR.match(text, start - 1):
            start -= 1
        while end < len(text) and _IDENTIFIER_CHAR.match(text, end):
            end += 1
        if _written_relevant(text, start, end):
            return True
        looked_at = end
    return False


def _word_matches(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every trigger word in `text`, overlaps included, ordered by their end.

    Piece by piece: a match ending in a piece (past the one before) lies wholly in it.
    """
    base = done = 0  # where the piece starts; matches ending at `done` or before were given
    while True:
        piece = text[base : base + _SEARCH_PIECE] if base or len(text) > _SEARCH_PIECE else text
        for _, start, end in _WORD_SEARCH.find_matches_as_indexes(piece, True):
            if base + end > done:
                yield base + start, base + end
        if base + _SEARCH_PIECE >= len(text):
            return
        done = base + _SEARCH_PIECE
        base = done - (_LONGEST_WORD - 1)


def _written_relevant(text: str, start: int, end: int) -> bool:
    """Is the identifier `text[start:end]` possibly a trigger that switches something off?"""
    name = text[start:end]
    if name not in _KEYWORD_TRIGGERS:
        return False  # part of a longer name (`sslint`, `verify_path`): never a trigger
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    before = text[line_start:start]
    if "#" in before and "'" not in before and '"' not in before:
        # After a `#` with no quote before it on the line: a comment, or (when a
        # triple-quoted string is open) still inside that string.
        return False
    if name == "ssl":  # a trigger only as the keyword `ssl=` or the string "ssl"
        return _quoted(text, start, end) or _KEYWORD_EQUALS.match(text, end) is not None
    if _IMPORT_LINE.match(before) and not _AS.match(text, end):
        return False
    if name in _SETTINGS and not _SET.match(text, end) and not _quoted(text, start, end):
        return False  # read, compared, called or passed on: only where it is set can it matter
    if name in _ON_WHEN_TRUE:
        after = _SAFE_AFTER_ON.match(text, end)
        if after is None:
            return True
        double, single = after.group("double"), after.group("single")
        literal = double if double is not None else single
        return literal is not None and literal.strip().upper() in _OFF_STRINGS
    if name in _REQUIREMENTS:
        return _SAFE_AFTER_REQUIRED.match(text, end) is None
    if name == "SSLContext":
        annotation = _RETURN_ANNOTATION.search(before) and _COLON.match(text, end)
        return not (annotation or _SAFE_CONTEXT_CALL.match(text, end))
    return True


def _quoted(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` a whole string (`"verify"`: a key, a `setattr` name)?"""
    quote = text[start - 1] if start > 0 else ""
    return quote in ("'", '"') and text[end : end + 1] == quote


def _name_of(node: ast.AST) -> str:
    """The last name of a dotted expression (`ssl.CERT_REQUIRED` → `CERT_REQUIRED`)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _keeps_verification(name: str, value: ast.AST) -> bool:
    """Does `name=value` (a keyword or an attribute set) leave verification on, visibly?"""
    if name in _ON_WHEN_TRUE:
        if not isinstance(value, ast.Constant):
            return False
        held = value.value
        if held is None or held is True:
            return True
        if isinstance(held, str):
            return held.strip().upper() not in ("", "CERT_NONE", "NONE", "FALSE", "0")
        return False
    if name in _REQUIREMENTS:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value.strip().upper() in _REQUIRED_NAMES
        return _name_of(value) in _REQUIRED_NAMES
    return False


def _constant_row(node: ast.AST) -> bool:
    """A constant, or a tuple or list of constants only."""
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(isinstance(e, ast.Constant) for e in node.elts)
    return isinstance(node, ast.Constant)


def _safe_context(call: ast.Call) -> bool:
    """`ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`: a context that verifies (or serves)."""
    protocol: Optional[ast.AST] = call.args[0] if call.args else None
    for keyword in call.keywords:
        if keyword.arg == "protocol":
            protocol = keyword.value
    return protocol is not None and _name_of(protocol) in _SAFE_PROTOCOLS


def _relevant_nodes(node: ast.AST, lines: Sequence[int] = ()) -> Iterator[ast.AST]:
    """Every node below `node` that a trigger test should see.

    Left out: type annotations, the names of visibly safe keyword arguments and
    attribute settings, the callee of a verifying `SSLContext(...)`, and the
    constant rows of long literal collections (data tables). With `lines` (sorted),
    also every node written on none of them, with what it holds (not within an
    f-string: before Python 3.12 the positions of its parts are not the text's).
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if lines and not _written_on(current, lines):
            continue
        if (
            isinstance(current, ast.keyword)
            and current.arg is not None
            and _keeps_verification(current.arg, current.value)
        ):
            continue
        yield current
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend(current.decorator_list)
            stack.extend(current.body)
            stack.extend(d for d in current.args.defaults)
            stack.extend(d for d in current.args.kw_defaults if d is not None)
            continue
        if isinstance(current, ast.AnnAssign):
            if current.value is not None:
                stack.append(current.value)
                if _keeps_verification(_name_of(current.target), current.value):
                    continue
            stack.append(current.target)
            continue
        if isinstance(current, ast.Assign) and all(
            _keeps_verification(_name_of(target), current.value) for target in current.targets
        ):
            stack.append(current.value)
            continue
        if isinstance(current, (ast.Tuple, ast.List, ast.Set)) and len(current.elts) > _TABLE:
            # A long literal collection is a data table: its strings, bare or in rows
            # of constants (`("ssl", "ssl")` in a list of words), are no dict key,
            # index or argument.
            stack.extend(e for e in current.elts if not _constant_row(e))
            continue
        if (
            isinstance(current, ast.Call)
            and _name_of(current.func) == "SSLContext"
            and _safe_context(current)
        ):
            stack.extend(current.args)
            stack.extend(current.keywords)
            continue
        if lines and type(current) is ast.JoinedStr:
            yield from _relevant_nodes(current)
            continue
        stack.extend(children(current))


def _written_on(node: ast.AST, lines: Sequence[int]) -> bool:
    """Is `node` (with its decorators) written on one of `lines` (sorted), or unplaced?"""
    first = getattr(node, "lineno", None)
    if first is None:
        return True
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        first = min(first, *(d.lineno for d in decorators))
    index = bisect.bisect_left(lines, first)
    return index < len(lines) and lines[index] <= (getattr(node, "end_lineno", None) or first)


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
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 4096:
        if node.value in _KEYWORD_TRIGGERS:
            return True
        lowered = node.value.lower()
        return any(t in lowered for t in _STRING_TRIGGERS)
    return False


def _is_hot(node: ast.AST, aliases: frozenset[str], lines: Sequence[int]) -> bool:
    """Does a node written on `lines` below `node` mention a trigger?"""
    return any(is_trigger(child, aliases) for child in _relevant_nodes(node, lines))


def _trigger_aliases(node: ast.stmt) -> set[str]:
    """Local names that imports in `node` bind to triggers (`import … as unverified`)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Import, ast.ImportFrom)):
            found.update(
                alias.asname
                for alias in current.names
                if alias.asname and alias.name.rsplit(".", 1)[-1] in TRIGGERS
            )
        for body in _bodies(current):
            stack.extend(body)
        for case in getattr(current, "cases", ()):
            stack.extend(case.body)
    return found


class _Lines:
    """Where words occur in a text, by line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lowered: Optional[str] = None
        self.starts = line_starts(text)

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    def lines_of(self, words: tuple[str, ...], lowered: bool = False) -> set[int]:
        """The 1-based lines on which any of `words` occurs."""
        text = self.lowered if lowered else self.text
        found: set[int] = set()
        for word in words:
            position = text.find(word)
            while position >= 0:
                found.add(bisect.bisect_right(self.starts, position))
                position = text.find(word, position + len(word))
        return found

    def lines_naming(self, names: set[str]) -> set[int]:
        """The lines on which any of `names` occurs as a whole identifier."""
        if not names:
            return set()
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
        return {bisect.bisect_right(self.starts, m.start()) for m in pattern.finditer(self.text)}


class _Statement:
    """What one statement mentions, defines and uses (worked out when first asked)."""

    __slots__ = ("_defines", "_uses", "_walrus_lines", "first_line", "hot", "last_line", "node")

    def __init__(self, node: ast.stmt, walrus_lines: Optional[frozenset[int]] = None) -> None:
        self.node = node
        decorators = node.decorator_list if isinstance(node, _DEFINITIONS) else None
        self.first_line: int = (
            min(node.lineno, *(d.lineno for d in decorators)) if decorators else node.lineno
        )
        self.last_line: int = getattr(node, "end_lineno", None) or node.lineno
        self.hot = False
        self._walrus_lines = walrus_lines
        self._defines: Optional[set[str]] = None
        self._uses: Optional[set[str]] = None

    @property
    def imports(self) -> bool:
        """Is it an import, or a compound statement (not a definition) holding one?"""
        node = self.node
        return isinstance(node, (ast.Import, ast.ImportFrom)) or (
            not isinstance(node, _DEFINITIONS) and _has_import(node)
        )

    @property
    def defines(self) -> set[str]:
        """The names the statement binds at module level (worked out when first asked)."""
        if self._defines is None:
            # Can `:=` bind a name in it? Unknown without the lines that hold one.
            walrus = self._walrus_lines is None or any(
                line in self._walrus_lines for line in self.lines
            )
            self._defines = _defines(self.node, walrus)
        return self._defines

    @property
    def uses(self) -> set[str]:
        """The names the statement reads (a definition's own name left out)."""
        if self._uses is None:
            self._uses = _uses(self.node)
        return self._uses

    @property
    def lines(self) -> range:
        return range(self.first_line, self.last_line + 1)


def _has_import(node: ast.stmt) -> bool:
    """Does a module-level compound statement (`try:`/`if`) hold an import of its own?"""
    return any(
        isinstance(child, (ast.Import, ast.ImportFrom)) for child in _statements_within(node)
    )


def _statements_within(node: ast.stmt) -> Iterator[ast.stmt]:
    """The statements nested in a compound statement, not entering definitions."""
    for body in _bodies(node):
        for child in body:
            yield child
            if not isinstance(child, _DEFINITIONS):
                yield from _statements_within(child)


def _defines(node: ast.stmt, walrus: bool = True) -> set[str]:
    """Names a module-level statement binds (not the locals of the functions it defines).

    A simple statement binds only through its targets, or through `:=` anywhere in
    it: without `walrus` (no `:=` on its lines) only the targets are walked.
    """
    if isinstance(node, _DEFINITIONS):
        return {node.name}
    defines: set[str] = set()
    stack: list[ast.AST] = [node]
    if not walrus:
        targets = _simple_targets(node)
        if targets is not None:
            stack = targets
    while stack:
        current = stack.pop()
        kind = type(current)
        if kind is ast.Name:
            if type(current.ctx) is not ast.Load:  # type: ignore[attr-defined]
                defines.add(current.id)  # type: ignore[attr-defined]
            continue
        if kind is ast.alias:
            defines.add((current.asname or current.name).split(".", 1)[0])  # type: ignore[attr-defined]
            continue
        if current is not node and isinstance(current, _DEFINITIONS):
            defines.add(current.name)
            continue
        stack.extend(children(current))
    return defines


def _simple_targets(node: ast.stmt) -> Optional[list[ast.AST]]:
    """What a simple statement binds names through (None: a compound statement, walk it all)."""
    kind = type(node)
    if kind is ast.Assign or kind is ast.Delete:
        return list(node.targets)  # type: ignore[attr-defined]
    if kind is ast.AugAssign or kind is ast.AnnAssign:
        return [node.target]  # type: ignore[attr-defined]
    if kind is ast.Import or kind is ast.ImportFrom:
        return list(node.names)  # type: ignore[attr-defined]
    if kind in _BINDS_NOTHING:
        return []
    return None


# Simple statements that bind no name (but through `:=`).
_BINDS_NOTHING = (ast.Expr, ast.Return, ast.Raise, ast.Assert, ast.Pass, ast.Break, ast.Continue)


def _uses(node: ast.stmt) -> set[str]:
    """Names a statement reads anywhere in it (a definition's own name left out)."""
    uses: set[str] = set()
    for current in subtree(node):
        if type(current) is ast.Name and type(current.ctx) is ast.Load:
            uses.add(current.id)
    if isinstance(node, _DEFINITIONS):
        uses.discard(node.name)
    return uses


class _Hotness:
    """Which statements hold a trigger: the text says where to look, `ast` decides."""

    def __init__(self, where: _Lines, statements: list[_Statement]) -> None:
        self.where = where
        self.statements = statements
        self._firsts = [s.first_line for s in statements]
        lines = self.where.lines_of(_WORDS) | self.where.lines_of(_STRING_TRIGGERS, lowered=True)
        self.candidates = self._holding(lines)
        self.aliases: frozenset[str] = frozenset()
        self._lines: list[int] = []
        if _dense(len(statements), len(self.candidates)):
            return  # read whole anyway: the aliases could only add candidates
        aliases: set[str] = set()
        for index in self.candidates:
            aliases |= _trigger_aliases(statements[index].node)
        self.aliases = frozenset(aliases)
        if aliases:
            lines |= self.where.lines_naming(aliases)
            self.candidates = self._holding(lines)
        self._lines = sorted(lines)

    def _holding(self, lines: set[int]) -> set[int]:
        """Indexes of the statements that cover any of `lines`."""
        found: set[int] = set()
        for line in lines:
            index = bisect.bisect_right(self._firsts, line) - 1
            # Statements can share a line (`import ssl; ctx = …`): look back over them.
            while index >= 0 and line <= self.statements[index].last_line:
                found.add(index)
                index -= 1
        return found

    def statements_naming(self, names: set[str]) -> set[int]:
        """Indexes of the statements on whose lines any of `names` occurs."""
        return self._holding(self.where.lines_naming(names))

    def hot(self, statement: _Statement) -> bool:
        """Does a statement (or a member of a kept one) hold a trigger?"""
        index = bisect.bisect_left(self._lines, statement.first_line)
        if index == len(self._lines) or self._lines[index] > statement.last_line:
            return False
        return _is_hot(statement.node, self.aliases, self._lines)


def _dense(statements: int, candidates: int) -> bool:
    """Are there so many statements and most of them candidates that the module is read whole?"""
    return statements > _DENSE_MINIMUM and candidates * 2 > statements


def focus(tree: ast.Module, text: str) -> Optional[Focus]:
    """What the analysis should read (irrelevant statements left out); None: nothing matters."""
    where = _Lines(text)
    walrus_lines = frozenset(where.lines_of((":=",)))
    statements = [_Statement(node, walrus_lines) for node in tree.body]
    hotness = _Hotness(where, statements)
    if _dense(len(statements), len(hotness.candidates)):
        return WHOLE  # most statements can matter: leaving some out would save nothing
    for index in hotness.candidates:
        statements[index].hot = hotness.hot(statements[index])
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
    for index in hotness.statements_naming(hot_values):
        if statements[index].uses & hot_values:
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
    kept_lines = _lines(kept)
    visible = []
    opaque: set[str] = set()
    for statement, kept_one in zip(statements, keep):
        if not kept_one:
            opaque |= statement.defines
            covered = [line in kept_lines for line in statement.lines]
            if not any(covered):
                continue
            if not all(covered):
                return WHOLE  # a statement cut in two: read the whole module
        visible.append(statement.node)
    hidden: set[int] = set()
    for statement in kept:
        hidden |= _trim(statement, hotness)
    return Focus(tuple(visible), frozenset(hidden), frozenset(opaque))


def _lines(statements: list[_Statement]) -> set[int]:
    """The line numbers the statements cover."""
    found: set[int] = set()
    for statement in statements:
        found.update(statement.lines)
    return found


def _self_attributes(function: ast.AST, store: bool) -> set[str]:
    """Attributes of the method's first parameter (`self.x`) it assigns or reads."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or not function.args.args:
        return set()
    owner = function.args.args[0].arg
    wanted = ast.Store if store else ast.Load
    return {
        node.attr
        for node in subtree(function)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, wanted)
        and isinstance(node.value, ast.Name)
        and node.value.id == owner
    }


def _bodies(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists directly inside a compound statement."""
    if type(node) not in _COMPOUND:
        return []
    bodies = [getattr(node, name, None) for name in ("body", "orelse", "finalbody")]
    found = [b for b in bodies if isinstance(b, list) and b and isinstance(b[0], ast.stmt)]
    found.extend(h.body for h in getattr(node, "handlers", ()) if h.body)
    return found


def _trim(statement: _Statement, hotness: _Hotness) -> set[int]:
    """Ids of the definitions inside a long kept statement that nothing relevant needs.

    In a class, a method is needed when it is relevant itself, or is or assigns an
    attribute (`self.x`) that a relevant method reads; in an `if`/`try` block, a
    definition is needed when it is relevant or a relevant statement uses its name.
    """
    node = statement.node
    if statement.last_line - statement.first_line < _FOLLOW_LINES:
        return set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    left_out: set[int] = set()
    for body in _bodies(node):
        members = [_Statement(child) for child in body]
        hot = [m for m in members if hotness.hot(m)]
        if isinstance(node, ast.ClassDef):
            needed = set().union(*(_self_attributes(m.node, store=False) for m in hot))
        else:
            needed = set().union(*(m.uses for m in hot))
        naming = hotness.where.lines_naming(needed)
        dropped = [
            m
            for m in members
            if isinstance(m.node, _DEFINITIONS)
            and m not in hot
            and getattr(m.node, "name", "") not in needed
            and not (naming & set(m.lines) and _self_attributes(m.node, store=True) & needed)
        ]
        if len(dropped) == len(members):
            continue
        left_out |= {id(m.node) for m in dropped}
        for member in members:
            if member not in dropped:
                left_out |= _trim(member, hotness)
    return left_out
