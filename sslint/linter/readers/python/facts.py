"""Commands and environment assignments that Python code makes.

`subprocess.run([...])`, `os.system("…")`, `subprocess.run("…", shell=True)`,
nox `session.install(…)` become commands (strings run by a shell are read as
shell); `os.environ[...] = …`, `os.putenv`, `env={**os.environ, …}` become
environment assignments. Syntax only: which of them matter is for the rules.

Only the statements whose lines mention one of the reader's words (or a name
an import binds to something holding one) are visited, and the compound
statements around them; the rest of the module is not walked.
"""

from __future__ import annotations

import ast
import re
from typing import Optional, Sequence, Union

from sslint.linter import kinds
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers import READER_GATES, ReadContext
from sslint.linter.readers.python.built import argv_lists, strings
from sslint.linter.readers.python.parse import ParsedPython, child_fields, children
from sslint.linter.readers.python.statements import Lines, lines_holding, statement_lists
from sslint.linter.readers.python.values import ScopeNode, Values
from sslint.linter.source import LineRange, View, ViewBuilder

# Calls whose first argument (or `args=`) is an argv list.
_ARGV_CALLS = frozenset(
    {
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "os.execv",
        "os.execve",
        "os.execvp",
        "os.execvpe",
    }
)
# Calls whose positional arguments are the argv.
_VARARG_CALLS = frozenset(
    {
        "asyncio.create_subprocess_exec",
        "os.execl",
        "os.execle",
        "os.execlp",
        "os.execlpe",
    }
)
# `os.execl(path, arg0, arg1, …)`: the argv starts after the path.
_SKIP_PATH = frozenset({"os.execl", "os.execle", "os.execlp", "os.execlpe"})
# Calls whose first argument is a shell command line.
_SHELL_CALLS = frozenset(
    {
        "os.system",
        "os.popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        "asyncio.create_subprocess_shell",
    }
)
# nox session methods -> the argv words they stand for.
_NOX_METHODS: dict[str, tuple[str, ...]] = {
    "install": ("pip", "install"),
    "conda_install": ("conda", "install"),
    "run": (),
    "run_always": (),
    "run_install": (),
}
_ENVIRON = "os.environ"
# Words without one of which a statement runs no command and sets no variable: the
# reader's gate, and `unsetenv`, which undoes what they set.
_WORDS = (*(token.decode() for token in READER_GATES[kinds.PYTHON]), "unsetenv")
# In a module that imports nox: the session methods.
_NOX_WORDS = ("install", "run")


class PythonFacts:
    """Walks one parsed piece of Python code and records its commands and environment."""

    def __init__(self, parsed: ParsedPython, ctx: ReadContext) -> None:
        assert parsed.tree is not None
        self.parsed = parsed
        self.ctx = ctx
        self.values = Values(parsed)
        self.scopes: list[ScopeNode] = [parsed.tree]
        self.statement: Optional[ast.stmt] = None
        self.process_env: list[EnvAssign] = []
        self.nox = any(name == "nox" for name in self.values.aliases.values())
        self.nox_sessions: set[str] = set()

    def run(self) -> None:
        """Read the statements that can run a command or set a variable."""
        assert self.parsed.tree is not None
        words = _WORDS + _NOX_WORDS if self.nox else _WORDS
        names = [
            local
            for local, target in self.values.aliases.items()
            if any(word in target for word in words)
        ]
        self.where: Lines = lines_holding(self.parsed.lines, words, names)
        self._statements(self.parsed.tree.body)

    # -- traversal -------------------------------------------------------

    def _statements(self, statements: Sequence[ast.AST]) -> None:
        for statement in statements:
            if self.where.touches(statement):
                if isinstance(statement, ast.stmt):
                    self._statement_node(statement)
                else:
                    self._compound(statement)  # an `except` clause, a `case` block

    def _statement_node(self, node: ast.stmt) -> None:
        """Visit a simple statement whole; a compound one's header and relevant statements."""
        if next(statement_lists(node), None) is None:
            self.visit(node)
            return
        function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        added = self._open_function(node) if function else None  # type: ignore[arg-type]
        outer = self.statement
        self.statement = node
        self._statement(node)
        self._compound(node)
        self.statement = outer
        if function:
            self._close_function(added)

    def _compound(self, node: ast.AST) -> None:
        """The fields of a compound statement or clause, in order: statement lists selectively."""
        lists = {name for name, _ in statement_lists(node)}
        for name in child_fields(type(node)):
            value = getattr(node, name, None)
            if name in lists:
                self._statements(value)  # type: ignore[arg-type]
            elif type(value) is list:
                for child in value:
                    if isinstance(child, ast.AST):
                        self.visit(child)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def visit(self, node: ast.AST) -> None:
        """Read a node whole: its calls, in source order, and the statements in it."""
        if isinstance(node, ast.stmt):
            self._visit_statement(node)
        else:
            self._walk([node])

    def _visit_statement(self, node: ast.stmt) -> None:
        function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        added = self._open_function(node) if function else None  # type: ignore[arg-type]
        outer = self.statement
        self.statement = node
        self._statement(node)
        self._walk(list(reversed(children(node))))
        self.statement = outer
        if function:
            self._close_function(added)

    def _walk(self, stack: list[ast.AST]) -> None:
        """Visit the nodes of `stack` (the last first) and everything below them, pre-order."""
        while stack:
            node = stack.pop()
            if isinstance(node, ast.stmt):
                self._visit_statement(node)
                continue
            if type(node) is ast.Call:
                self._call(node)
            found = children(node)
            if found:
                found.reverse()
                stack.extend(found)

    def _open_function(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> Optional[str]:
        """Enter a function's scope; the nox session parameter it adds, if any."""
        added = None
        if self.nox and node.args.args:
            first = node.args.args[0].arg
            if first not in self.nox_sessions:
                self.nox_sessions.add(first)
                added = first
        self.scopes.append(node)
        return added

    def _close_function(self, added: Optional[str]) -> None:
        self.scopes.pop()
        if added is not None:
            self.nox_sessions.discard(added)

    # -- statements ------------------------------------------------------

    def _statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                key = self._environ_key(target)
                if key is not None:
                    self._process_env(key, node.value)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                key = self._environ_key(target)
                if key is not None:
                    self._unset(key)

    def _environ_key(self, target: ast.expr) -> Optional[Word]:
        """The key word of `os.environ["KEY"]`, else None."""
        if not isinstance(target, ast.Subscript) or self.values.dotted(target.value) != _ENVIRON:
            return None
        key = target.slice
        if isinstance(key, ast.Index):  # Python 3.8 wraps subscripts
            key = key.value  # type: ignore[attr-defined,unused-ignore]
        return self.values.string(key, self.scopes)

    # -- calls -----------------------------------------------------------

    def _call(self, node: ast.Call) -> None:
        name = self.values.dotted(node.func)
        if name is None:
            self._nox_call(node)
            return
        if name in _ARGV_CALLS:
            self._argv_call(node)
        elif name in _VARARG_CALLS:
            args = node.args[1:] if name in _SKIP_PATH else node.args
            self._command(node, [self.values.word(arg, self.scopes) for arg in args])
        elif name in _SHELL_CALLS:
            if node.args:
                self._shell(node.args[0])
        elif name in (f"{_ENVIRON}.setdefault", "os.putenv") and len(node.args) >= 2:
            key = self.values.string(node.args[0], self.scopes)
            if key is not None:
                self._process_env(key, node.args[1])
        elif name == f"{_ENVIRON}.update":
            for key, value in self._mapping_items(node):
                self._process_env(key, value)
        elif name in (f"{_ENVIRON}.pop", "os.unsetenv") and node.args:
            key = self.values.string(node.args[0], self.scopes)
            if key is not None:
                self._unset(key)

    def _argv_call(self, node: ast.Call) -> None:
        argv: Optional[ast.expr] = node.args[0] if node.args else None
        shell = False
        env: Optional[ast.expr] = None
        for keyword in node.keywords:
            if keyword.arg == "args":
                argv = keyword.value
            elif keyword.arg == "shell":
                shell = isinstance(keyword.value, ast.Constant) and bool(keyword.value.value)
            elif keyword.arg == "env":
                env = keyword.value
        if argv is None:
            return
        held = self.values.value_of(argv, self.scopes)
        if shell:
            self._shell(argv)
            return
        if isinstance(held, (ast.List, ast.Tuple)):
            lists = [list(held.elts)]
        else:
            lists = argv_lists(self.values, argv, self.scopes)
        for elements in lists:
            words = [self.values.word(item, self.scopes) for item in elements]
            assigns = self._command_env(env) if env is not None else []
            self._command(node, words, assigns)

    def _shell(self, node: ast.expr) -> None:
        word = self.values.string(node, self.scopes)
        if word is not None:
            self._shell_word(word)
        elif isinstance(node, ast.Name):
            for held in strings(self.values, node, self.scopes):
                branch = self.values.held_word(node, held)
                if branch is not None and branch.known:
                    self._shell_word(branch)

    def _shell_word(self, word: Word) -> None:
        try:
            self.ctx.embed(
                kinds.SHELL, _shell_view(word), script=self.ctx.new_script("python-shell")
            )
        except ImportError:  # a build without the shell reader still reads the Python
            self.ctx.notice("shell commands in Python strings not read: no shell reader")

    def _nox_call(self, node: ast.Call) -> None:
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in self.nox_sessions
            and func.attr in _NOX_METHODS
        ):
            return
        words = [self.values.word(arg, self.scopes) for arg in node.args]
        prefix = _NOX_METHODS[func.attr]
        if prefix:
            start, _ = self.values.text(func)
            view = self.parsed.view
            synthesised = []
            for text in prefix:
                builder = ViewBuilder(view)
                builder.synth(text, start)
                synthesised.append(Word(builder.build()))
            words = synthesised + words
        self._command(node, words)

    # -- facts -----------------------------------------------------------

    def _lines(self, node: ast.AST) -> LineRange:
        """The statement lines a call belongs to (the call itself inside a compound header)."""
        statement = self.statement
        target: ast.AST = node
        if statement is not None and not hasattr(statement, "body"):
            target = statement
        start, end = self.values.text(target)
        return self.parsed.view.line_range(start, end)

    def _node_lines(self, node: ast.AST) -> LineRange:
        start, end = self.values.text(node)
        return self.parsed.view.line_range(start, end)

    def _command(
        self, node: ast.Call, words: list[Word], env: Optional[list[EnvAssign]] = None
    ) -> None:
        if not words:
            return
        assigns = env or []
        for assign in assigns:
            self.ctx.add_env(assign)
        command = Command(words=words, statement=self._lines(node), env=assigns)
        self.ctx.add_command(command)
        self._inline_code(command)

    def _inline_code(self, command: Command) -> None:
        """Code in an argument: `["sh", "-c", "…"]`, `["ssh", host, "…"]`, `su -c`, `python -c`."""
        from sslint.linter.commands import invocation

        found = invocation(command)
        if found is None:
            return
        try:
            from sslint.linter.readers.scripts.shell import embed_inline
        except ImportError:  # a build without the shell reader still reads the Python
            return
        embed_inline(
            self.ctx.child(script=self.ctx.new_script("python-argv")), command, found, dict
        )

    def _command_env(self, node: ast.expr) -> list[EnvAssign]:
        """Assignments an `env=` mapping makes for one command."""
        assigns = []
        for key, value, where in self._env_items(node):
            assigns.append(
                EnvAssign(
                    name=key.text,
                    name_span=key.span,
                    value=self.values.word(value, self.scopes),
                    scope=Scope.COMMAND,
                    statement=self._node_lines(where),
                )
            )
        return assigns

    def _env_items(self, node: ast.expr) -> list[tuple[Word, ast.expr, ast.AST]]:
        """(key, value, statement node) of a dict literal, `dict(...)` or a name holding one."""
        held = self.values.value_of(node, self.scopes)
        items: list[tuple[Word, ast.expr, ast.AST]] = []
        if held is None:
            return items
        for key, value in self._mapping(held):
            items.append((key, value, held))
        if isinstance(node, ast.Name):
            items.extend(self._subscript_assignments(node.id))
        return items

    def _subscript_assignments(self, name: str) -> list[tuple[Word, ast.expr, ast.AST]]:
        """`name["KEY"] = value` statements in the current scope."""
        found: list[tuple[Word, ast.expr, ast.AST]] = []
        for stmt in ast.walk(self.scopes[-1]):
            if not isinstance(stmt, ast.Assign):
                continue
            for target in stmt.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == name
                ):
                    key_node = target.slice
                    if isinstance(key_node, ast.Index):
                        key_node = key_node.value  # type: ignore[attr-defined,unused-ignore]
                    key = self.values.string(key_node, self.scopes)
                    if key is not None:
                        found.append((key, stmt.value, stmt))
        return found

    def _mapping(self, node: ast.expr) -> list[tuple[Word, ast.expr]]:
        """String keys and values of `{...}` or `dict(..., K=v)`."""
        items: list[tuple[Word, ast.expr]] = []
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if key is None:
                    continue
                word = self.values.string(key, self.scopes)
                if word is not None:
                    items.append((word, value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
        ):
            items.extend(self._keyword_items(node))
            for arg in node.args:
                if isinstance(arg, ast.Dict):
                    items.extend(self._mapping(arg))
        return items

    def _keyword_items(self, node: ast.Call) -> list[tuple[Word, ast.expr]]:
        items = []
        for keyword in node.keywords:
            if keyword.arg is None:
                if isinstance(keyword.value, ast.Dict):
                    items.extend(self._mapping(keyword.value))
                continue
            start, _ = self.values.text(keyword)
            view = self.parsed.view.slice(start, start + len(keyword.arg))
            items.append((Word(view), keyword.value))
        return items

    def _mapping_items(self, node: ast.Call) -> list[tuple[Word, ast.expr]]:
        """Items of `os.environ.update({...})` / `update(K=v)`."""
        items = self._keyword_items(node)
        for arg in node.args:
            held = self.values.value_of(arg, self.scopes)
            if held is not None:
                items.extend(self._mapping(held))
        return items

    def _process_env(self, key: Word, value: ast.expr) -> None:
        statement = self.statement
        lines = self._lines(statement) if statement is not None else self._lines(value)
        assign = EnvAssign(
            name=key.text,
            name_span=key.span,
            value=self.values.word(value, self.scopes),
            scope=Scope.PROCESS,
            statement=lines,
        )
        self.process_env.append(assign)
        self.ctx.add_env(assign)

    def _unset(self, key: Word) -> None:
        for assign in self.process_env:
            if assign.name == key.text and assign.unset_at is None:
                assign.unset_at = key.span


# An f-string replacement field (`{sys.executable}`), not a shell `${VAR}`.
_FIELD_RE = re.compile(r"(?<!\$)\{[^{}\n]*\}")
_INTERPRETER_RE = re.compile(r"executable|python", re.IGNORECASE)


def _shell_view(word: Word) -> View:
    """The command text for the shell reader: f-string fields become an unknown variable.

    Left as written, `{sys.executable} -m pip` reads as a brace group to a shell
    parser; as `${PYTHON}` it is a word whose value is unknown (and that names the
    interpreter, so `-m pip` is still pip). Other fields become `${PYTHON_EXPRESSION}`.
    """
    if word.known:
        return word.view
    builder = ViewBuilder(word.view)
    pos = 0
    for match in _FIELD_RE.finditer(word.view.text):
        interpreter = _INTERPRETER_RE.search(match.group())
        placeholder = "${PYTHON}" if interpreter else "${PYTHON_EXPRESSION}"
        builder.add(pos, match.start()).synth(placeholder, match.start())
        pos = match.end()
    builder.add(pos, len(word.view.text))
    return builder.build()
