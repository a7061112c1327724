"""Shell reader: commands, environment and embedded code of a POSIX / bash script.

The script is parsed with tree-sitter-bash (error-tolerant, exact byte
positions). Every simple command anywhere (pipelines, lists, `if`/`case`/loop
bodies, functions, command substitutions) becomes a `Command` of expanded
words; `export`/prefix assignments become environment facts; `sh -c`,
`python -c`, here-documents fed to interpreters and config files written by
`cat`/`tee`/`echo`/`printf` are handed on to the reader of their kind.
Control flow is read straight-line: both branches of an `if` may run.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.commands import Invocation, invocation, program_name
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers.scripts import shell_recovery as recovery
from sslint.linter.readers.scripts.shell_words import (
    Expander,
    ParsedView,
    Piece,
    Variable,
    decode_escape,
    shared,
)
from sslint.linter.readers.scripts.written_files import stdin_kind, written_kind
from sslint.linter.source import LineRange, Span, View, ViewBuilder
from sslint.linter.wrappers import SSH_OPTIONS, scan

if TYPE_CHECKING:
    from tree_sitter import Node, Parser, Query

    from sslint.linter.readers import ReadContext

SHELLS = frozenset({"sh", "bash", "dash", "ksh", "zsh", "ash", "mksh", "busybox"})
_STATEMENT_PARENTS = frozenset({"list", "pipeline", "redirected_statement", "negated_command"})
_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_HEREDOC_PARTS = frozenset({"heredoc_start", "heredoc_body", "heredoc_end", "file_redirect"})
_WRITES = frozenset({">", ">>", ">|", "&>", "&>>"})
# Statements that are one command: a part of one that runs past a syntax error is not read.
_SIMPLE_STATEMENTS = frozenset(
    {"command", "variable_assignment", "declaration_command", "unset_command", "test_command"}
)
MAX_RECOVERIES = 64
RECOVERY_BYTES = 16 * 1024 * 1024
MAX_SKIP_NOTICES = 3
_SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})
_DECLARATIONS = frozenset({"export", "declare", "local", "readonly", "typeset"})
_PYTHON_ARG_OPTIONS = frozenset({"-W", "-X", "-Q"})
# Text without these holds no `$(…)`, backticks or `<(…)`: no substitution to look into.
_SUBSTITUTION_MARKERS = (b"$(", b"`", b"<(", b">(")

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A script that is one simple command of plain words (no quote, expansion, operator,
# assignment, comment or number): tree-sitter-bash parses it as `command_name` and
# `word`s split at the blanks, so it is read without parsing. A word starting with a
# digit (or `-` and a digit) may be a `number`, one starting with `=` an operator (`==`).
_PLAIN_WORD = r"(?!-?[0-9]|=)[A-Za-z0-9_./:@%+,=-]+"
_BLANK_SEPARATED_RE = re.compile(r"[^ \t]+")
_PLAIN_COMMAND_RE = re.compile(
    r"[ \t]*[A-Za-z_./][A-Za-z0-9_./:-]*(?:[ \t]+" + _PLAIN_WORD + r")*[ \t]*"
)
# First words that make a statement other than a simple command (or may, in some shell).
_KEYWORDS = frozenset(
    {"if", "then", "elif", "else", "fi", "case", "esac", "for", "select", "while", "until"}
    | {"do", "done", "in", "function", "time", "coproc", "declare", "typeset", "export"}
    | {"readonly", "local", "unset", "unsetenv", "test"}
)

_PARSER: Optional[Parser] = None
_SUBSTITUTION_QUERY: Optional[Query] = None


def parser() -> Parser:
    """The tree-sitter-bash parser, created once per process."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter
        import tree_sitter_bash

        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _PARSER


def substitution_starts(root: Node, data: bytes) -> list[int]:
    """The start bytes of every `$(…)`, backtick and `<(…)` in a tree, in order (one C query)."""
    if not any(marker in data for marker in _SUBSTITUTION_MARKERS):
        return []
    global _SUBSTITUTION_QUERY
    import tree_sitter

    if _SUBSTITUTION_QUERY is None:
        language = parser().language
        assert language is not None
        _SUBSTITUTION_QUERY = tree_sitter.Query(
            language, "(command_substitution) @s (process_substitution) @s"
        )
    cursor = getattr(tree_sitter, "QueryCursor", None)  # tree-sitter 0.25+ (Python 3.10+)
    if cursor is not None:
        captures = cursor(_SUBSTITUTION_QUERY).captures(root)
    else:  # 0.23 and 0.24, the last releases for Python 3.9, capture on the query itself
        captures = _SUBSTITUTION_QUERY.captures(root)  # type: ignore[attr-defined]
    return sorted(node.start_byte for nodes in captures.values() for node in nodes)


@lru_cache(maxsize=64)
def _token_pattern(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of the (lower-case) tokens."""
    return re.compile("|".join(re.escape(token) for token in tokens) or "(?!)")


def read(view: View, ctx: ReadContext) -> None:
    """Read a shell script (a whole file or embedded shell code)."""
    text = view.text
    plain = _plain_script(text) if len(text) <= _PLAIN_LENGTH and "\n" not in text else None
    if plain is None:
        ShellReader(view, ctx).read()
    else:
        parser()  # loaded for every script, even one read without it
        _read_plain(view, ctx, plain)


class _Point(NamedTuple):
    row: int
    column: int


class _PlainNode:
    """A node of a plain one-line command as tree-sitter-bash makes it (see `_plain_command`)."""

    __slots__ = ("end_byte", "named_children", "start_byte", "type")

    def __init__(self, kind: str, start: int, end: int, children: Sequence[_PlainNode]) -> None:
        self.type = kind
        self.start_byte = start
        self.end_byte = end
        self.named_children = children

    @property
    def start_point(self) -> _Point:
        """Row and column of the start (one line: the column is the byte offset)."""
        return _Point(0, self.start_byte)

    @property
    def end_point(self) -> _Point:
        """Row and column of the end."""
        return _Point(0, self.end_byte)


def _plain_command(text: str) -> Optional[_PlainNode]:
    """The `command` node of a script that is one plain simple command, or None."""
    if not _PLAIN_COMMAND_RE.fullmatch(text):
        return None
    spans = [found.span() for found in _BLANK_SEPARATED_RE.finditer(text)]
    start, end = spans[0]
    if text[start:end] in _KEYWORDS:
        return None
    children = [_PlainNode("word", start, end, ()) for start, end in spans]
    children[0] = _PlainNode("command_name", start, end, (children[0],))
    return _PlainNode("command", start, spans[-1][1], children)


class _Plain(NamedTuple):
    """A script that is one plain simple command (`_plain_command`), worked out once per text."""

    start: int  # where the command starts and ends
    end: int
    words: tuple[tuple[int, int, str], ...]  # each word's start, end and text
    lowered: str  # the command's text in lower case
    may_name_shell: bool  # whether a word may name a shell (see `embed_inline`)


# Longer texts are not looked up: a plain command is one line of a few words.
_PLAIN_LENGTH = 512


@lru_cache(maxsize=4096)
def _plain_script(text: str) -> Optional[_Plain]:
    """What `ShellReader` reads of a script that is one plain simple command, or None."""
    node = _plain_command(text)
    if node is None:
        return None
    nodes = [node.named_children[0].named_children[0], *node.named_children[1:]]
    words = tuple(
        (word.start_byte, word.end_byte, shared(text[word.start_byte : word.end_byte]))
        for word in nodes
    )
    joined = " ".join([word[2] for word in words])
    return _Plain(
        node.start_byte,
        node.end_byte,
        words,
        text[node.start_byte : node.end_byte].lower(),
        _may_name_shell(joined),
    )


def _read_plain(view: View, ctx: ReadContext, plain: _Plain) -> None:
    """Record the command of a plain one-command script, as `ShellReader.command` would."""
    tokens = ctx.facts.tokens if ctx.facts.narrow else None
    if (
        tokens is not None
        and "set" not in plain.lowered
        and _token_pattern(tokens).search(plain.lowered) is None
    ):
        return  # no token a rule needs (see `ShellReader._idle`)
    words = [Word.cut(view, start, end, text) for start, end, text in plain.words]
    seq = ctx.next_seq()
    first = view.first_line()
    if first is not None:
        statement = LineRange(first, first)
    else:
        statement = view.line_range(plain.start, max(plain.start, plain.end))
    cmd = Command(words, statement, [], ctx.script, seq)
    found = invocation(cmd)
    ctx.add_command(cmd, found)
    if found is None or found.program == "set":  # `set -a` changes nothing after it
        return
    if plain.may_name_shell or found.program in _INLINE_PROGRAMS:
        embed_inline(ctx, cmd, found, lambda: dict(ctx.env))  # every inherited variable


class _Skip(NamedTuple):
    """Lines of a script not read, and why; `upto`: the last column skipped of a line
    whose rest was read."""

    reason: str
    level: str
    lines: LineRange
    upto: Optional[int]


class ShellReader:
    """State of one script while it is read: variables, exports, `set -a`."""

    def __init__(self, view: View, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.parsed = ParsedView(view)
        self.vars: dict[str, Variable] = {
            name: Variable([word], exported=True, inherited=True) for name, word in ctx.env.items()
        }
        self.exports: dict[str, list[EnvAssign]] = {}
        self.allexport = False
        self.expander = Expander(self.parsed, self.vars.get)
        self._redirects_for: dict[int, list[Node]] = {}
        self._stdin_for: dict[int, Node] = {}
        self._substitutions: list[int] = []
        tokens = ctx.facts.tokens if ctx.facts.narrow else None
        self._tokens = None if tokens is None else _token_pattern(tokens)
        self._skips: list[_Skip] = []
        self._gave_up_at: Optional[int] = None  # the line from which recovery stopped
        self._top: Optional[Node] = None  # the statement of the root being read (no parent walk)

    def read(self) -> None:
        """Parse the view and record every fact; a line that does not parse costs that line.

        At the first syntax error not confined to one word, the statements before
        it are read, its logical line is blanked in the parsed bytes (offsets kept)
        and the tree is parsed again incrementally, reading on from the next line;
        up to `MAX_RECOVERIES` times, after which what parses is read.
        """
        bash = parser()
        data = recovery.mask(self.parsed.data)
        tree = bash.parse(data)
        resume = 0
        # Each recovery parses again: a big file gets fewer (tree-sitter-bash reads ~2 MB/s).
        recoveries = min(MAX_RECOVERIES, max(4, RECOVERY_BYTES // max(1, len(data))))
        for attempt in range(recoveries + 1):
            root = tree.root_node
            self._substitutions = substitution_starts(root, self.parsed.data)
            skipped = self._read_from(root, resume, last=attempt == recoveries)
            if skipped is None:
                break
            start, end = skipped
            data = recovery.blank(data, start, end)
            point = recovery.point(data, start), recovery.point(data, end)
            tree.edit(start, end, end, point[0], point[1], point[1])
            tree = bash.parse(data, tree)
            resume = end
        self._report_skipped()

    def _read_from(self, root: Node, resume: int, last: bool) -> Optional[tuple[int, int]]:
        """Read the statements from byte `resume` on, up to the first syntax error.

        Returns the byte range of the error's logical line, to be blanked; with
        `last`, reads on past every error (only the parts that parse).
        """
        data = self.parsed.data
        broken_root = root.type == "ERROR"
        for child in recovery.children_from(root, resume):
            if child.type == "comment" or child.end_byte <= resume:
                continue
            if broken_root and recovery.is_fragment(child):
                # The whole script is an ERROR: its first piece that is no statement is
                # where the statement that broke it starts.
                error: Optional[int] = max(child.start_byte, resume)
            elif not child.is_named:
                continue
            else:
                error = recovery.first_fatal_error(child, resume) if child.has_error else None
            if error is None:
                self._top = child
                self._visit_guarded(child, resume)
                continue
            start, end = recovery.logical_line(data, max(error, resume))
            if last:
                if self._gave_up_at is None:
                    self._gave_up_at = self.parsed.span_at(start).start_line
                self._visit_guarded(child, resume)
                continue
            self._visit_guarded(child, resume, start)
            # Statements before this one on the same line were read; whole statements
            # after a `;` that ends the broken one are read on the next parse.
            cut = recovery.cut_after(root, child, error, end)
            self._skipped(
                max(start, child.start_byte),
                end if cut is None else cut,
                "shell syntax not understood",
                partial=cut is not None,
            )
            return start, end if cut is None else cut
        return None

    def _visit_guarded(self, node: Node, low: int, high: Optional[int] = None) -> None:
        """Visit the parts of a statement between bytes `low` and `high` (all when it fits).

        A statement nested deeper than Python can follow is skipped on its own.
        """
        try:
            if node.start_byte >= low and (high is None or node.end_byte <= high):
                self.visit(node)
            else:
                self._visit_between(node, low, node.end_byte if high is None else high)
        except RecursionError:
            start = max(node.start_byte, low)
            end = node.end_byte if high is None else max(start, high)
            self._skipped(start, end, "nested too deeply to read", level="error")

    def _visit_between(self, node: Node, low: int, high: int) -> None:
        """Visit the parts of a statement that lie between bytes `low` and `high`."""
        for child in recovery.children_from(node, low):
            if not child.is_named or child.end_byte <= low or child.type == "comment":
                continue
            if child.start_byte >= high:
                return
            if child.start_byte >= low and child.end_byte <= high and child.type != "ERROR":
                self.visit(child)
            elif child.type not in _SIMPLE_STATEMENTS:
                self._visit_between(child, low, high)

    def _skipped(
        self, start: int, end: int, reason: str, level: str = "warning", partial: bool = False
    ) -> None:
        """Note bytes [start, end) of the parsed view as not read (if they run anything).

        `partial`: the rest of the line after `end` is read.
        """
        first, last = self.parsed.char(start), self.parsed.char(end)
        text = self.parsed.text[first:last]
        if not recovery.runs_something(text):
            return
        lines = self.parsed.view.line_range(first, max(first, last - 1))
        upto = self.parsed.view.span(max(first, last - 1), last).start_column if partial else None
        self._skips.append(_Skip(reason, level, lines, upto))

    def _report_skipped(self) -> None:
        """One notice per skipped statement; past a few, one that lists the rest."""
        skips = self._skips
        for skip in skips[:MAX_SKIP_NOTICES]:
            label = recovery.lines_label(skip.lines.first, skip.lines.last)
            upto = "" if skip.upto is None else f" up to column {skip.upto}"
            self.ctx.notice(f"{skip.reason}; {label} skipped{upto}", skip.lines.first, skip.level)
        rest = skips[MAX_SKIP_NOTICES:]
        if rest:
            shown = ", ".join(str(skip.lines.first) for skip in rest[:10])
            more = ", …" if len(rest) > 10 else ""
            level = "error" if any(skip.level == "error" for skip in rest) else "warning"
            count = f"{len(rest)} more statement{'s' if len(rest) > 1 else ''}"
            where = f"line{'s' if len(rest) > 1 else ''} {shown}{more}"
            self.ctx.notice(f"{count} not read; skipped at {where}", rest[0].lines.first, level)
        line = self._gave_up_at
        if line is not None:
            self.ctx.notice(
                "too many statements not understood; "
                f"from line {line} on only the statements that parse were read",
                line,
            )

    # -- statements -------------------------------------------------------

    def visit(self, node: Node) -> None:
        """Record the facts of one statement (and everything inside it)."""
        kind = node.type
        if kind in ("comment", "ERROR"):
            return
        if kind == "command":
            self.command(node)
        elif kind == "redirected_statement":
            self.redirected(node)
        elif kind == "pipeline":
            self.pipeline(node)
        elif kind == "variable_assignment":
            self.substitutions(node)
            self.assign(node, exported=False)
        elif kind == "declaration_command":
            self.substitutions(node)
            self.declaration(node)
        elif kind == "unset_command":
            self.unset_command(node)
        else:
            for child in node.named_children:
                self.visit(child)

    def substitutions(self, node: Node) -> None:
        """Visit the commands inside `$(…)`, backticks and `<(…)` within a node."""
        starts = self._substitutions
        at = bisect.bisect_left(starts, node.start_byte)
        if at == len(starts) or starts[at] >= node.end_byte:
            return  # none starts inside this node
        for child in node.named_children:
            if child.type in _SUBSTITUTIONS:
                for inner in child.named_children:
                    self.visit(inner)
            elif child.type != "heredoc_redirect":
                self.substitutions(child)

    def pipeline(self, node: Node) -> None:
        """A pipeline: `echo … | tee FILE` writes FILE; other members are commands."""
        previous: Optional[Command] = None
        for child in node.named_children:
            if child.type == "command":
                previous = self.command(child, piped_from=previous, in_pipeline=True)
            else:
                self.visit(child)
                previous = None

    def redirected(self, node: Node) -> None:
        """A statement with redirections (`> file`, here-documents)."""
        redirects: list[Node] = []
        nested: list[Node] = []
        heredoc: Optional[Node] = None
        body: Optional[Node] = None
        for child in node.named_children:
            if child.type in _REDIRECTS:
                redirects.append(child)
                if child.type == "heredoc_redirect":
                    heredoc = child
                    for part in child.named_children:
                        if part.type == "file_redirect":
                            redirects.append(part)
                        elif part.type not in _HEREDOC_PARTS:
                            nested.append(part)
            elif body is None and child.type != "comment":
                body = child
        target = _rightmost_command(body) if body is not None else None
        if target is not None:
            self._redirects_for[target.id] = redirects
        if heredoc is not None and nested and nested[0].type == "pipeline":
            consumer = _first_command(nested[0])
            if consumer is not None:
                self._stdin_for[consumer.id] = heredoc
        if body is not None:
            self.visit(body)
        for part in nested:
            self.visit(part)

    def command(
        self, node: Node, piped_from: Optional[Command] = None, in_pipeline: bool = False
    ) -> Optional[Command]:
        """A simple command: words, prefix assignments, then what it hands on."""
        prefix: list[Node] = []
        word_nodes: list[Node] = []
        redirects = list(self._redirects_for.pop(node.id, [])) if self._redirects_for else []
        for child in node.named_children:
            kind = child.type
            if kind == "word":
                word_nodes.append(child)
            elif kind == "variable_assignment" and not word_nodes:
                prefix.append(child)
            elif kind in _REDIRECTS:
                redirects.append(child)
            elif kind == "command_name":
                if child.named_child_count == 1:  # the common case, without a list of children
                    word_nodes.append(child.named_child(0))
                else:
                    word_nodes.extend(child.named_children or [child])
            elif kind != "comment":
                word_nodes.append(child)
        if word_nodes and not redirects and not in_pipeline and self._idle(node):
            return None
        if self._substitutions:
            self.substitutions(node)
        words = self.expander.all_words(word_nodes)
        if not words:
            for assign in prefix:
                self.assign(assign, exported=False)
            return None
        seq = self.ctx.next_seq()
        statement = self.statement(node)
        env: list[EnvAssign] = []
        for assign in prefix:
            parsed = self._assignment(assign)
            if parsed is not None:
                name, name_node, _, value_nodes = parsed
                value = self._scalar(assign, value_nodes)
                env.append(
                    EnvAssign(
                        name=name,
                        name_span=self.parsed.span(name_node),
                        value=value,
                        scope=Scope.COMMAND,
                        statement=statement,
                        exported=True,
                        script=self.ctx.script,
                        seq=seq,
                    )
                )
        cmd = Command(words, statement, env, self.ctx.script, seq)
        found = invocation(cmd)
        self.ctx.add_command(cmd, found)
        for assign_fact in env:
            self.ctx.add_env(assign_fact)
        if found is not None:
            fed = bool(self._stdin_for) and node.id in self._stdin_for
            if not redirects and piped_from is None and not fed and found.program != "set":
                # Nothing written, nothing fed to it from elsewhere: only code in its words.
                embed_inline(self.ctx, cmd, found, self.exported_env)
                return cmd
            stdin = self._stdin_for.pop(node.id, None) if self._stdin_for else None
            self.hand_on(cmd, found, redirects, stdin, piped_from)
        return cmd

    def _idle(self, node: Node) -> bool:
        """Whether a command can matter to no rule and changes nothing later commands see.

        Its text holds no token a rule needs, no expansion or substitution (which could
        bring one in), and it is not `set` (`set -a` exports what follows). Commands with
        redirections or in pipelines (here-documents, `echo … | tee FILE`) always count.
        """
        tokens = self._tokens
        if tokens is None or (self._stdin_for and node.id in self._stdin_for):
            return False
        parsed = self.parsed
        if parsed.ascii:
            text = parsed.text[node.start_byte : node.end_byte].lower()
        else:
            start, end = parsed.bounds(node)
            text = parsed.text[start:end].lower()
        if "$" in text or "`" in text or "set" in text:
            return False
        if "\\" in text or "'" in text or '"' in text:
            # Tested as the words read: `c\url`, `"cu"rl` and a continued line spell tokens too.
            for mark in ("\\\r\n", "\\\n", "\\", "'", '"'):
                text = text.replace(mark, "")
        return tokens.search(text) is None

    def statement(self, node: Node) -> LineRange:
        """The lines of the whole statement a command belongs to (`a && \\ b` is one)."""
        if node is self._top:  # a statement of the root itself
            return self.parsed.lines(node)
        top = node
        parent = node.parent
        while parent is not None and parent.type in _STATEMENT_PARENTS:
            top = parent
            parent = parent.parent
        return self.parsed.lines(top)

    # -- variables and environment -----------------------------------------

    def _assignment(self, node: Node) -> Optional[tuple[str, Node, str, list[Node]]]:
        """(name, name node, operator, value nodes) of `NAME=value`, or None for `A[i]=v`."""
        children = node.children
        if not children or children[0].type != "variable_name":
            return None
        name_node = children[0]
        operator = "="
        values: list[Node] = []
        for child in children[1:]:
            if not child.is_named and not values and child.type in ("=", "+="):
                operator = child.type
            elif child.type != "comment":
                values.append(child)
        return self.parsed.node_text(name_node), name_node, operator, values

    def _scalar(self, node: Node, value_nodes: list[Node]) -> Word:
        end = self.parsed.char(node.end_byte)
        if value_nodes:
            end = self.parsed.char(value_nodes[0].start_byte)
        return self.expander.value(value_nodes, start=end)

    def assign(self, node: Node, exported: bool) -> None:
        """`NAME=value`, `NAME+=value`, `NAME=(array)` (plain or in a declaration)."""
        parsed = self._assignment(node)
        if parsed is None:
            return
        name, name_node, operator, value_nodes = parsed
        previous = self.vars.get(name)
        is_array = bool(value_nodes) and value_nodes[0].type == "array"
        values: list[Word]
        if is_array:
            values = [
                word
                for element in value_nodes[0].named_children
                if element.type != "comment"
                for word in self.expander.words(element)
            ]
        else:
            values = [self._scalar(node, value_nodes)]
        if operator == "+=" and previous is not None:
            if is_array or previous.array:
                values = previous.values + values
            elif previous.values:
                joined = Piece()
                for part in (previous.values[0], values[0]):
                    joined.add(part.view, 0, len(part.text))
                    joined.mark(part.known, part.via, part.used_at)
                values = [joined.word(self.parsed.view.source)]
        export = exported or self.allexport or (previous is not None and previous.exported)
        name_span = self.parsed.span(name_node)
        statement = self.statement(node)
        self.vars[name] = Variable(
            values,
            array=is_array or (previous is not None and previous.array and operator == "+="),
            exported=export,
            name_span=name_span,
            statement=statement,
        )
        if export and not is_array:
            self._export(name, name_span, values[0] if values else None, statement)

    def _export(
        self, name: str, name_span: Span, value: Optional[Word], statement: LineRange
    ) -> None:
        assign = EnvAssign(
            name=name,
            name_span=name_span,
            value=value,
            scope=Scope.SCRIPT,
            statement=statement,
            exported=True,
        )
        self.ctx.add_env(assign)
        self.exports.setdefault(name, []).append(assign)

    def declaration(self, node: Node) -> None:
        """`export`, `declare`, `local`, `readonly`, `typeset` with their flags."""
        keyword = node.children[0].type if node.children else ""
        if keyword not in _DECLARATIONS:
            return
        flags = [
            self.parsed.node_text(c)
            for c in node.named_children
            if c.type == "word" and self.parsed.node_text(c)[:1] in ("-", "+")
        ]
        if any("f" in flag[1:] for flag in flags if flag.startswith("-")):
            return
        minus = "".join(flag[1:] for flag in flags if flag.startswith("-"))
        plus = "".join(flag[1:] for flag in flags if flag.startswith("+"))
        unexport = (keyword == "export" and "n" in minus) or "x" in plus
        exported = not unexport and (keyword == "export" or "x" in minus)
        for child in node.named_children:
            if child.type == "variable_assignment":
                self.assign(child, exported=exported)
            elif child.type == "variable_name":
                name = self.parsed.node_text(child)
                if unexport:
                    self.unset(name, self.parsed.span(child))
                elif exported:
                    self._export_existing(name, child)

    def _export_existing(self, name: str, node: Node) -> None:
        """`export NAME` of a variable assigned earlier (or of an unknown one)."""
        previous = self.vars.get(name)
        if previous is not None and (previous.exported or previous.inherited):
            return
        if previous is None:
            self._export(name, self.parsed.span(node), None, self.statement(node))
            return
        previous.exported = True
        if not previous.array:
            self._export(
                name,
                previous.name_span or self.parsed.span(node),
                previous.values[0] if previous.values else None,
                self.statement(node),
            )

    def unset_command(self, node: Node) -> None:
        """`unset [-v] NAME…` (functions with `-f` are not variables)."""
        names: list[Node] = []
        for child in node.named_children:
            text = self.parsed.node_text(child)
            if text.startswith("-"):
                if "f" in text:
                    return
                continue
            names.append(child)
        for child in names:
            self.unset(self.parsed.node_text(child), self.parsed.span(child))

    def unset(self, name: str, span: Span) -> None:
        """The variable stops existing; exports of it in this script end here."""
        self.vars.pop(name, None)
        for assign in self.exports.get(name, []):
            if assign.unset_at is None:
                assign.unset_at = span

    def exported_env(self) -> dict[str, Word]:
        """The variables a child process (`sh -c`, `bash <<EOF`) inherits."""
        return {
            name: var.values[0]
            for name, var in self.vars.items()
            if var.exported and var.values and not var.array
        }

    # -- what a command hands on -------------------------------------------

    def hand_on(
        self,
        cmd: Command,
        found: Invocation,
        redirects: list[Node],
        piped_heredoc: Optional[Node],
        piped_from: Optional[Command],
    ) -> None:
        """`set -a`, `sh -c`, `python -c`, here-documents and config files written."""
        program = found.program
        if program == "set":
            self._set_options(found.args)
            return
        embed_inline(self.ctx, cmd, found, self.exported_env)
        heredoc = piped_heredoc
        for redirect in redirects:
            if redirect.type == "heredoc_redirect":
                heredoc = redirect
        targets = self._write_targets(redirects)
        if heredoc is not None:
            self._heredoc(found, heredoc, targets)
        elif program in ("echo", "printf") and targets:
            self._echo_to(found, targets)
        elif piped_from is not None and program == "tee":
            producer = invocation(piped_from)
            if producer is not None and producer.program in ("echo", "printf"):
                self._echo_to(producer, _tee_paths(found.args))

    def _set_options(self, args: list[Word]) -> None:
        texts = [w.text for w in args]
        for index, text in enumerate(texts):
            if text in ("-o", "+o") and index + 1 < len(texts) and texts[index + 1] == "allexport":
                self.allexport = text == "-o"
            elif text.startswith("-") and not text.startswith("--") and "a" in text:
                self.allexport = True
            elif text.startswith("+") and "a" in text:
                self.allexport = False

    def _write_targets(self, redirects: list[Node]) -> list[Word]:
        """The files a command's standard output is written to."""
        targets: list[Word] = []
        for redirect in redirects:
            if redirect.type != "file_redirect":
                continue
            operator = ""
            descriptor = ""
            destination: Optional[Node] = None
            for child in redirect.children:
                if not child.is_named:
                    operator = child.type
                elif child.type == "file_descriptor":
                    descriptor = self.parsed.node_text(child)
                else:
                    destination = child
            if operator in _WRITES and descriptor in ("", "1") and destination is not None:
                targets.extend(self.expander.words(destination))
        return targets

    def heredoc_view(self, node: Node) -> View:
        """The body of a here-document (`<<-` strips leading tabs)."""
        body = next((c for c in node.named_children if c.type == "heredoc_body"), None)
        view = self.parsed.view
        if body is None:
            closing = next((c for c in node.named_children if c.type == "heredoc_end"), node)
            at = self.parsed.char(closing.start_byte)
            return view.slice(at, at)
        start, end = self.parsed.bounds(body)
        if not any(c.type == "<<-" for c in node.children):
            return view.slice(start, end)
        builder = ViewBuilder(view)
        pos = start
        text = self.parsed.text
        while pos < end:
            line_end = text.find("\n", pos, end)
            line_end = end if line_end < 0 else line_end + 1
            while pos < line_end and text[pos] == "\t":
                pos += 1
            builder.add(pos, line_end)
            pos = line_end
        return builder.build()

    def _heredoc(self, found: Invocation, node: Node, targets: list[Word]) -> None:
        """A here-document: a config file written, code fed to an interpreter, or manifests."""
        program = found.program
        read_by = stdin_kind(found)
        if program in ("cat", "tee"):
            paths = targets + (_tee_paths(found.args) if program == "tee" else [])
            kind = written_kind(paths)
            if kind is not None:
                self.ctx.embed(kind, self.heredoc_view(node))
        elif read_by is not None:
            self.ctx.embed(read_by, self.heredoc_view(node))
        elif program == "python" and _python_reads_stdin(found.args):
            self.ctx.embed(kinds.PYTHON, self.heredoc_view(node))
        elif program in SHELLS and _shell_reads_stdin(found.args):
            self.ctx.embed(kinds.SHELL, self.heredoc_view(node), env=self.exported_env())

    def _echo_to(self, found: Invocation, targets: list[Word]) -> None:
        """`echo …` / `printf …` written to a config file: read the text as that file."""
        kind = written_kind(targets)
        if kind is None:
            return
        text = _echo_text(found) if found.program == "echo" else _printf_text(found.args)
        if text is not None:
            self.ctx.embed(kind, text.view)


# Programs whose code `embed_inline` finds in their arguments, whatever the words spell.
_INLINE_PROGRAMS = frozenset({"python", "ssh"})


def embed_inline(
    ctx: ReadContext, cmd: Command, found: Invocation, env: Callable[[], Mapping[str, Word]]
) -> None:
    """Code in an argument: `sh -c '…'` (at any wrapper depth), `su -c`, `flock -c`,
    `python -c`, and the remote command of `ssh HOST CMD…` (read as shell there).

    `env` gives the variables embedded shell code inherits (asked only when there is some).
    """
    if found.program == "python":
        code = _python_c(found.args)
        if code is not None:
            ctx.embed(kinds.PYTHON, code.view)
        return
    if found.program == "ssh":
        remote = remote_command(found.args)
        if remote is not None:
            ctx.embed(kinds.SHELL, remote.view, env={})  # the remote shell has its own
        return
    words = cmd.words
    if not _may_name_shell(" ".join([word.text for word in words])):
        return
    for index, word in enumerate(words):
        if not _may_name_shell(word.text):
            continue
        name = program_name(word.text)
        script: Optional[View] = None
        if name in SHELLS:
            script = _shell_c(words[index + 1 :])
        elif name in ("su", "runuser", "flock"):
            script = _su_c(words[index + 1 :])
        else:
            continue
        if script is not None:
            ctx.embed(kinds.SHELL, script, env=env())
        return


def _may_name_shell(text: str) -> bool:
    """False when `program_name(text)` can be neither a shell nor `su` / `runuser` / `flock`."""
    lowered = text.lower()
    return (
        "sh" in lowered
        or "su" in lowered
        or "runuser" in lowered
        or "busybox" in lowered
        or "flock" in lowered
    )


def assignments(view: View, env: Mapping[str, Word]) -> list[tuple[str, Span, Optional[Word]]]:
    """`NAME=value` pairs and bare `NAME`s of a Dockerfile `ENV`/`ARG` line, shell-quoted.

    Values expand `$VAR` / `${VAR:-default}` from `env`; a bare name has no value.
    """
    parsed = ParsedView(view)
    known = {name: Variable([word]) for name, word in env.items()}
    expander = Expander(parsed, known.get)
    found: list[tuple[str, Span, Optional[Word]]] = []
    stack = [parser().parse(parsed.data).root_node]
    while stack:
        node = stack.pop()
        if node.type == "variable_assignment":
            children = node.children
            if children and children[0].type == "variable_name":
                values = [c for c in children[2:] if c.type != "comment"]
                start = parsed.char(children[1].end_byte) if len(children) > 1 else 0
                found.append(
                    (
                        parsed.node_text(children[0]),
                        parsed.span(children[0]),
                        expander.value(values, start=start),
                    )
                )
        elif (
            node.type == "word"
            and node.parent is not None
            and node.parent.type
            in (
                "command_name",
                "command",
            )
        ):
            text = parsed.node_text(node)
            if _NAME_RE.fullmatch(text):
                found.append((text, parsed.span(node), None))
        else:
            stack.extend(reversed(node.children))
    return found


def _rightmost_command(node: Node) -> Optional[Node]:
    """The command a redirection after `a && b` applies to (`b`)."""
    while node.type in ("list", "pipeline", "negated_command"):
        named = [c for c in node.named_children if c.type != "comment"]
        if not named:
            return None
        node = named[-1]
    return node if node.type == "command" else None


def _first_command(node: Node) -> Optional[Node]:
    """The first command of a pipeline (inside its redirections, if it has any)."""
    for child in node.named_children:
        if child.type == "command":
            return child
        if child.type == "redirected_statement":
            body = next((c for c in child.named_children if c.type not in _REDIRECTS), None)
            return _rightmost_command(body) if body is not None else None
        if child.type != "comment":
            return None
    return None


def _tee_paths(args: list[Word]) -> list[Word]:
    return [w for w in args if not w.text.startswith("-")]


def _python_c(args: list[Word]) -> Optional[Word]:
    """The code of `python [opts] -c CODE`."""
    index = 0
    while index < len(args):
        text = args[index].text
        if text == "-c":
            return args[index + 1] if index + 1 < len(args) else None
        if text.startswith("-c"):
            word = args[index]
            return Word(word.view.slice(2, len(text)), word.known, word.via, word.used_at)
        if not text.startswith("-") or text in ("-", "--", "-m"):
            return None
        index += 2 if text in _PYTHON_ARG_OPTIONS else 1
    return None


def _python_reads_stdin(args: list[Word]) -> bool:
    for word in args:
        text = word.text
        if text == "-":
            return True
        if not text.startswith("-") or text.startswith(("-c", "-m")):
            return False
    return True


def _shell_c(args: list[Word]) -> Optional[View]:
    """The script of `sh [opts] -c SCRIPT`."""
    has_c = False
    index = 0
    while index < len(args):
        text = args[index].text
        if text in ("-o", "+o", "-O", "+O"):
            index += 2
            continue
        if text == "--":
            index += 1
            break
        if text.startswith(("-", "+")) and len(text) > 1:
            if text.startswith("-") and not text.startswith("--") and "c" in text:
                has_c = True
            index += 1
            continue
        break
    if has_c and index < len(args):
        return args[index].view
    return None


def _shell_reads_stdin(args: list[Word]) -> bool:
    for word in args:
        text = word.text
        if text == "--":
            return True
        if not text.startswith(("-", "+")):
            return False
        if text.startswith("-") and not text.startswith("--") and "c" in text:
            return False
    return True


def remote_command(args: list[Word]) -> Optional[Word]:
    """The command `ssh [opts] HOST [opts] CMD…` runs: its words joined by spaces, for the
    remote shell (OpenSSH reads options after the host too)."""
    host = scan(args, 0, SSH_OPTIONS).end
    rest = args[scan(args, host + 1, SSH_OPTIONS).end :] if host < len(args) else []
    if not rest:
        return None
    piece = Piece()
    for index, word in enumerate(rest):
        if index:
            piece.synth(" ", word.view.to_source(0))
        piece.add(word.view, 0, len(word.text))
        piece.mark(word.known, word.via, word.used_at)
    return piece.word(rest[0].view.source)


def _su_c(args: list[Word]) -> Optional[View]:
    """The command of `su [user] -c CMD` / `--command=CMD`."""
    for index, word in enumerate(args):
        text = word.text
        if text in ("-c", "--command") and index + 1 < len(args):
            return args[index + 1].view
        if text.startswith("--command="):
            return word.view.slice(len("--command="), len(text))
    return None


def _add_decoded(piece: Piece, word: Word) -> None:
    """Append a word resolving printf / `echo -e` backslash escapes."""
    text = word.text
    view = word.view
    pos = 0
    i = 0
    while i < len(text):
        if text[i] != "\\" or i + 1 >= len(text):
            i += 1
            continue
        piece.add(view, pos, i)
        decoded, length = decode_escape(text, i, len(text), ansi=False)
        piece.synth(decoded, view.to_source(i))
        i += length
        pos = i
    piece.add(view, pos, len(text))
    piece.mark(word.known, word.via, word.used_at)


def _echo_text(found: Invocation) -> Optional[Word]:
    """What `echo [-neE] ARGS…` prints.

    Backslash escapes are resolved unless `-E` is given: dash (`/bin/sh` of Debian
    and Ubuntu images, where `RUN echo "[global]\\ntrusted-host=…"` runs) and POSIX
    XSI echo resolve them; bash does not, but then the file written is broken.
    """
    args = list(found.args)
    newline = True
    escapes = True
    while args and _is_echo_flag(args[0].text):
        flag = args.pop(0).text
        newline = newline and "n" not in flag
        escapes = "e" in flag or (escapes and "E" not in flag)
    if not args:
        return None
    piece = Piece()
    for index, word in enumerate(args):
        if index:
            piece.synth(" ", word.view.to_source(0))
        if escapes:
            _add_decoded(piece, word)
        else:
            piece.add(word.view, 0, len(word.text))
    if newline:
        last = args[-1]
        piece.synth("\n", last.view.to_source(max(0, len(last.text) - 1)))
    return piece.word(args[0].view.source)


def _is_echo_flag(text: str) -> bool:
    return len(text) > 1 and text.startswith("-") and set(text[1:]) <= set("neE")


def _printf_text(args: list[Word]) -> Optional[Word]:
    """What `printf FORMAT ARGS…` prints (`%s`/`%b` filled, escapes resolved)."""
    if not args or args[0].text.startswith("-"):
        return None
    fmt, rest = args[0], list(args[1:])
    text = fmt.text
    piece = Piece()
    for _ in range(64):
        pos = 0
        i = 0
        used = False
        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text):
                piece.add(fmt.view, pos, i)
                decoded, length = decode_escape(text, i, len(text), ansi=False)
                piece.synth(decoded, fmt.view.to_source(i))
                i += length
                pos = i
            elif char == "%" and i + 1 < len(text):
                piece.add(fmt.view, pos, i)
                conversion = text[i + 1]
                if conversion == "%":
                    piece.synth("%", fmt.view.to_source(i))
                elif rest:
                    used = True
                    arg = rest.pop(0)
                    if conversion == "b":
                        _add_decoded(piece, arg)
                    else:
                        piece.add(arg.view, 0, len(arg.text))
                        piece.mark(arg.known, arg.via, arg.used_at)
                i += 2
                pos = i
            else:
                i += 1
        piece.add(fmt.view, pos, len(text))
        if not rest or not used:
            break
    return piece.word(fmt.view.source)
