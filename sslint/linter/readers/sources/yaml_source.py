"""YAML as nodes with exact positions: the foundation of every YAML-based reader.

Files are parsed with `yaml.compose` (libyaml when present): nothing is
constructed, unknown tags (`!reference`, `!vault`, `!Ref`) stay plain nodes,
and every node keeps its marks. A scalar's value is rebuilt from the file text
between its marks, so each character of the value maps back to the character
the user wrote (quotes, escapes, indentation and folding accounted for).

Alias graphs share node objects; every walk here is bounded by a visited set,
so a "billion laughs" file or an alias cycle costs no more than its text.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Callable, Iterator, Mapping, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter.facts import Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import LineRange, Span, View, ViewBuilder

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = yaml.resolver.Resolver.DEFAULT_SCALAR_TAG
_LIST_TAG = yaml.resolver.Resolver.DEFAULT_SEQUENCE_TAG
_MAP_TAG = yaml.resolver.Resolver.DEFAULT_MAPPING_TAG
_resolve: Callable[..., str] = yaml.resolver.Resolver.resolve
# The first characters (`""` for an empty text) under which the safe loader files its
# implicit resolvers (it files none under None, for every text).
_RESOLVED_FIRST = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
_TYPES = {
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:str": "str",
}
_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK_RE = re.compile("[\r\n\x85\u2028\u2029]")
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}

Pair = tuple[ScalarNode, Node]
# Characters that end a run of ordinary characters in plain / '…' / "…" scalars.
_SPECIAL = {
    "": re.compile("[ \t\r\n\x85\u2028\u2029]"),
    "'": re.compile("[' \t\r\n\x85\u2028\u2029]"),
    '"': re.compile('[\\\\" \t\r\n\x85\u2028\u2029]'),
}
MAX_FLOW_DEPTH = 2000
_MAX_MERGE_DEPTH = 200  # merges of merges of …: deeper ones are not followed
_NOT_BRACKETS_RE = re.compile(r"[^\[\]{}]+")
_NO_MEMBERS: Mapping[str, Pair] = {}


class YamlLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader (libyaml when available); composing never fails on unknown tags.

    The safe resolver has no path resolvers, so a node's implicit tag depends on its
    kind alone, or for a plain scalar on its text: a text that starts with a character
    no implicit resolver is filed under is a string, any other is resolved once.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node written without one."""
        if kind is ScalarNode:
            if not implicit[0] or value[:1] not in _RESOLVED_FIRST:
                return _STR_TAG
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = _resolve(self, kind, value, implicit)
            return tag
        return _LIST_TAG if kind is SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


def flow_depth(text: str) -> int:
    """An upper bound of the nesting of `[`/`{` brackets (cheap unless there are many)."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return 0
    steps = [1 if ch in "[{" else -1 for ch in _NOT_BRACKETS_RE.sub("", text)]
    levels = list(itertools.accumulate(steps, initial=0))
    lowest = itertools.accumulate(levels, min)
    return max(level - low for level, low in zip(levels, lowest))


def is_scalar(node: Optional[Node]) -> bool:
    """True for a scalar node."""
    return isinstance(node, ScalarNode)


def is_mapping(node: Optional[Node]) -> bool:
    """True for a mapping node."""
    return isinstance(node, MappingNode)


def is_sequence(node: Optional[Node]) -> bool:
    """True for a sequence node."""
    return isinstance(node, SequenceNode)


def scalar_text(node: Optional[Node]) -> Optional[str]:
    """The value of a scalar node, None for anything else."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    return None


def value_type(node: Node) -> str:
    """How YAML typed a node: str, bool, int, float, null, list or map."""
    if isinstance(node, MappingNode):
        return "map"
    if isinstance(node, SequenceNode):
        return "list"
    return _TYPES.get(node.tag, "str")


class YamlFile:
    """One YAML text (a file or an embedded view), its documents and position helpers."""

    def __init__(self, view: View, ctx: ReadContext, templated_ok: bool = False) -> None:
        """Parse `view`; with `templated_ok`, a file holding `{{ … }}` / `{% … %}`
        template syntax (a Helm chart template) that is not YAML is skipped silently."""
        self.view = view
        self.ctx = ctx
        self._quiet = templated_ok and ("{{" in view.text or "{%" in view.text)
        self.documents: list[Node] = []
        self._shift = 0
        self._scalars: dict[int, View] = {}
        self._read: set[int] = set()
        self._mappings: dict[int, dict[str, Pair]] = {}
        self._parse()

    def once(self, node: Node) -> bool:
        """True the first time a node is asked about: text shared by aliases is read once."""
        if id(node) in self._read:
            return False
        self._read.add(id(node))
        return True

    def was_read(self, node: Node) -> bool:
        """Whether `once` was asked about the node (a reader took it)."""
        return id(node) in self._read

    # -- parsing -------------------------------------------------------------

    def _parse(self) -> None:
        text = self.view.text
        if text.startswith("\ufeff"):
            text = text[1:]
            self._shift = 1
        if flow_depth(text) > MAX_FLOW_DEPTH:
            # libyaml recurses once per level and would overflow the C stack.
            self.ctx.notice(f"YAML nested more than {MAX_FLOW_DEPTH} levels deep; not read")
            return
        try:
            for document in yaml.compose_all(text, Loader=YamlLoader):
                if document is not None:
                    self.documents.append(document)
        except yaml.YAMLError as exc:
            if not self._quiet:
                self._syntax_error(exc)
        except (ValueError, RecursionError) as exc:  # libyaml limits, deep nesting
            self.ctx.notice(f"YAML could not be read: {_one_line(exc)}")

    def _syntax_error(self, exc: yaml.YAMLError) -> None:
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            line = self._line_of_mark(mark)
            problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
            self.ctx.notice(f"YAML syntax error: {problem}; read up to there", line)
        else:
            self.ctx.notice(f"YAML error: {_one_line(exc)}; read up to there")

    def _repeated(self, name: str, earlier: Node, later: Node) -> None:
        """A key written twice in one mapping: only the later value is read (as YAML loaders do)."""
        first = self._line_of_mark(earlier.start_mark)
        second = self._line_of_mark(later.start_mark)
        shown = name if len(name) <= 60 else name[:57] + "..."
        self.ctx.notice(
            f"key '{shown}' is written again on line {second}: the value on line {first} "
            "is not read",
            first,
        )

    def _line_of_mark(self, mark: Optional[yaml.Mark]) -> Optional[int]:
        if mark is None:
            return None
        offset = min(max(0, mark.index + self._shift), len(self.view.text))
        return self.view.span(offset, offset).start_line

    def offset(self, mark: yaml.Mark) -> int:
        """The view offset of a mark."""
        return min(max(0, int(mark.index) + self._shift), len(self.view.text))

    # -- positions -------------------------------------------------------------

    def node_span(self, node: Node) -> Span:
        """Where a whole node is written."""
        return self.view.span(self.offset(node.start_mark), self.offset(node.end_mark))

    def key_span(self, key: Node) -> Span:
        """Where a key is written (its value text, without quotes)."""
        if isinstance(key, ScalarNode):
            scalar = self.scalar(key)
            if scalar.text:
                return scalar.span(0, len(scalar.text))
        return self.node_span(key)

    def lines(self, first: Node, last: Optional[Node] = None) -> LineRange:
        """The lines from the start of `first` to the end of `last` (or of `first`)."""
        end_node = last if last is not None else first
        start = self.offset(first.start_mark)
        end = max(start, self.offset(end_node.end_mark))
        span = self.view.span(start, end)
        end_line = span.end_line
        # An end mark at column 0 of the next line (block scalars) ends the line before.
        if end > start and span.end_column == 1 and end_line > span.start_line:
            end_line -= 1
        return LineRange(span.start_line, end_line)

    def scalar(self, node: ScalarNode) -> View:
        """The scalar's value as a view mapping each character to where it is written."""
        cached = self._scalars.get(id(node))
        if cached is None:
            view, shift = self.view, self._shift
            size = len(view.text)
            start = min(max(0, int(node.start_mark.index) + shift), size)
            end = min(max(0, int(node.end_mark.index) + shift), size)
            cached = scalar_view(view, start, end, node)
            self._scalars[id(node)] = cached
        return cached

    def word(self, node: ScalarNode, via: Optional[str] = None) -> Word:
        """A Word for a scalar value; `${{ … }}` expressions make it unknown."""
        view = self.scalar(node)
        return Word(view, known="${{" not in view.text, via=via)

    # -- structure ---------------------------------------------------------------

    def items(self, node: Optional[Node]) -> list[Pair]:
        """A mapping's (key, value) pairs with `<<:` merges applied, last duplicate winning."""
        return list(self.members(node).values())

    def members(self, node: Optional[Node]) -> Mapping[str, Pair]:
        """Name → (key, value) of a mapping, merges applied (computed once: read, never change)."""
        if not isinstance(node, MappingNode):
            return _NO_MEMBERS
        found = self._mappings.get(id(node))
        return found if found is not None else self._mapping(node)

    def _mapping(self, node: MappingNode, depth: int = 0) -> dict[str, Pair]:
        """Key → pair of a mapping, merges applied; computed once per mapping."""
        cached = self._mappings.get(id(node))
        if cached is not None:
            return cached
        self._mappings[id(node)] = {}  # while in progress, a merge cycle adds nothing
        own: dict[str, Pair] = {}
        merged: dict[str, Pair] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                continue
            if key.tag == _MERGE_TAG or (key.value == "<<" and key.style is None):
                sources = value.value if isinstance(value, SequenceNode) else [value]
                for source in sources:
                    if depth < _MAX_MERGE_DEPTH and isinstance(source, MappingNode):
                        for name, pair in self._mapping(source, depth + 1).items():
                            merged.setdefault(name, pair)
                continue
            name = str(key.value)
            if name in own:
                self._repeated(name, own.pop(name)[0], key)
            own[name] = (key, value)
        found = own
        if merged:
            found = {name: pair for name, pair in merged.items() if name not in own}
            found.update(own)
        if depth < _MAX_MERGE_DEPTH:
            self._mappings[id(node)] = found
        else:
            del self._mappings[id(node)]
        return found

    def get(self, node: Optional[Node], *path: str) -> Optional[Node]:
        """The value under a path of keys, or None."""
        current = node
        mappings = self._mappings
        for name in path:
            if not isinstance(current, MappingNode):
                return None
            found = mappings.get(id(current))
            if found is None:
                found = self._mapping(current)
            pair = found.get(name)
            if pair is None:
                return None
            current = pair[1]
        return current

    def pair(self, node: Optional[Node], name: str) -> Optional[Pair]:
        """The (key, value) pair of `name` in a mapping, or None."""
        return self.members(node).get(name)

    def text(self, node: Optional[Node], *path: str) -> Optional[str]:
        """The scalar value under a path of keys, or None."""
        return scalar_text(self.get(node, *path) if path else node)

    def sequence(self, node: Optional[Node]) -> list[Node]:
        """The items of a sequence (an empty list for anything else)."""
        if isinstance(node, SequenceNode):
            return list(node.value)
        return []

    def flatten(self, node: Optional[Node]) -> list[Node]:
        """Scalars of a scalar or of a (nested) sequence, in order, each node once."""
        out: list[Node] = []
        seen: set[int] = set()
        stack: list[Node] = [node] if node is not None else []
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, SequenceNode):
                stack.extend(reversed(current.value))
            elif isinstance(current, ScalarNode):
                out.append(current)
        return out

    def walk(self, node: Optional[Node]) -> Iterator[Node]:
        """Every node reachable from `node`, each once (aliases and cycles included)."""
        seen: set[int] = set()
        stack: list[Node] = [node] if node is not None else []
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            yield current
            if isinstance(current, SequenceNode):
                stack.extend(reversed(current.value))
            elif isinstance(current, MappingNode):
                for key, value in reversed(current.value):
                    stack.append(value)
                    stack.append(key)

    def mappings(self, node: Optional[Node]) -> Iterator[MappingNode]:
        """The mappings `walk` yields, in its order (scalars are not visited)."""
        seen: set[int] = set()
        stack: list[Node] = [node] if node is not None else []
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, MappingNode):
                yield current
                for key, value in reversed(current.value):
                    if not isinstance(value, ScalarNode):
                        stack.append(value)
                    if not isinstance(key, ScalarNode):
                        stack.append(key)
            elif isinstance(current, SequenceNode):
                stack.extend([n for n in reversed(current.value) if not isinstance(n, ScalarNode)])


# -- scalar views -------------------------------------------------------------------


# A node's anchor and tag, written before its value (the parser's start mark is theirs).
_PROPERTIES_RE = re.compile(r"(?:[&!]\S*[ \t]+)+|(?:[&!]\S*(?:[ \t]*(?:#[^\n]*)?\n[ \t]*)+)+")


def scalar_view(view: View, start: int, end: int, node: ScalarNode) -> View:
    """Rebuild a scalar's value from view text [start, end), keeping the map.

    When the rebuilt text does not equal what the parser produced (an exotic
    corner of YAML), the parser's value is used, every character anchored at
    the start of the scalar: positions degrade to the scalar's start, never wrong
    text.
    """
    expected = str(node.value)
    properties = _PROPERTIES_RE.match(view.text, start, end)
    if properties is not None:  # `&anchor` and `!tag` come before the value
        start = properties.end()
    if node.style not in ("|", ">"):
        # Written as its value (no escape, fold or doubled quote: each of those changes the
        # text): the value maps one to one onto what is written.
        quote = 1 if node.style in ("'", '"') else 0
        inner_start, inner_end = start + quote, end - quote
        text = view.text
        quoted = not quote or text[start : start + 1] == text[end - 1 : end] == node.style
        same = inner_end - inner_start == len(expected) and text.startswith(expected, inner_start)
        if quoted and same:
            return view.slice(inner_start, inner_end)
    built: Optional[View] = None
    try:
        built = _rebuild(view, start, end, node.style, expected)
    except (IndexError, ValueError):
        built = None
    if built is not None and built.text == expected:
        return built
    builder = ViewBuilder(view)
    builder.synth(expected, start)
    return builder.build()


def _rebuild(
    view: View, start: int, end: int, style: Optional[str], expected: str
) -> Optional[View]:
    text = view.text
    if style in ("|", ">"):
        return _block(view, start, end, style == ">", expected)
    builder = ViewBuilder(view)
    if style == "'":
        if text[start : start + 1] != "'" or text[end - 1 : end] != "'":
            return None
        _flow(view, builder, start + 1, end - 1, quote="'")
    elif style == '"':
        if text[start : start + 1] != '"' or text[end - 1 : end] != '"':
            return None
        _flow(view, builder, start + 1, end - 1, quote='"')
    else:
        _flow(view, builder, start, end, quote="")
    return builder.build()


def _line_break_at(text: str, pos: int) -> int:
    """Length of the line break at `pos` (0 when there is none)."""
    if text.startswith("\r\n", pos):
        return 2
    if pos < len(text) and text[pos] in _BREAKS:
        return 1
    return 0


def _normalised_break(view: View, builder: ViewBuilder, pos: int) -> None:
    """Append the value of the line break at `pos` (`\\r\\n`, `\\r`, NEL become `\\n`)."""
    ch = view.text[pos]
    if ch == "\n" or ch in "\u2028\u2029":
        builder.add(pos, pos + 1)
    else:
        builder.synth("\n", pos)


def _flow(view: View, builder: ViewBuilder, start: int, end: int, quote: str) -> None:
    """Plain, single- and double-quoted scalars: escapes and line folding."""
    text = view.text
    pos = start
    while pos < end:
        ch = text[pos]
        if quote == "'" and ch == "'" and text[pos + 1 : pos + 2] == "'":
            builder.add(pos, pos + 1)
            pos += 2
            continue
        if quote == '"' and ch == "\\":
            pos = _escape(view, builder, pos, end)
            continue
        if ch in " \t" or ch in _BREAKS:
            pos = _fold(view, builder, pos, end)
            continue
        found = _SPECIAL[quote].search(text, pos + 1, end)
        stop = found.start() if found else end
        builder.add(pos, stop)  # a run of ordinary characters, copied at once
        pos = stop


def _escape(view: View, builder: ViewBuilder, pos: int, end: int) -> int:
    """One backslash escape of a double-quoted scalar; returns the next position."""
    text = view.text
    code = text[pos + 1]
    if code in _ESCAPES:
        value = _ESCAPES[code]
        if value == code:
            builder.add(pos + 1, pos + 2)
        else:
            builder.synth(value, pos)
        return pos + 2
    if code in _HEX_ESCAPES:
        digits = text[pos + 2 : pos + 2 + _HEX_ESCAPES[code]]
        builder.synth(chr(int(digits, 16)), pos)
        return pos + 2 + len(digits)
    width = _line_break_at(text, pos + 1)
    if width:
        # An escaped line break: no space; the next lines' indentation is dropped.
        after = pos + 1 + width
        while after < end and (text[after] in " \t" or _line_break_at(text, after)):
            inner = _line_break_at(text, after)
            if inner:
                _normalised_break(view, builder, after)
                after += inner
            else:
                after += 1
        return after
    raise ValueError(f"unknown escape \\{code}")


def _fold(view: View, builder: ViewBuilder, pos: int, end: int) -> int:
    """A run of white space in a flow scalar; line breaks fold (one → space, n → n-1)."""
    text = view.text
    run_end = pos
    breaks: list[int] = []
    while run_end < end:
        width = _line_break_at(text, run_end)
        if width:
            breaks.append(run_end)
            run_end += width
        elif text[run_end] in " \t":
            run_end += 1
        else:
            break
    if not breaks:
        builder.add(pos, run_end)
    elif len(breaks) == 1:
        builder.synth(" ", breaks[0])
    else:
        for at in breaks[1:]:
            _normalised_break(view, builder, at)
    return run_end


def _block(view: View, start: int, end: int, folded: bool, expected: str) -> Optional[View]:
    """Literal `|` and folded `>` block scalars with chomping and indentation indicators."""
    text = view.text
    pos = start + 1
    chomping: Optional[bool] = None
    explicit: Optional[int] = None
    while pos < end and text[pos] in "+-0123456789":
        if text[pos] in "+-":
            chomping = text[pos] == "+"
        else:
            explicit = int(text[pos])
        pos += 1
    while pos < end and not _line_break_at(text, pos):
        pos += 1  # spaces and a comment after the header
    if pos >= end:
        return ViewBuilder(view).build()
    pos += _line_break_at(text, pos)
    lines = _physical_lines(text, pos, end)
    first_content = next((ln for ln in lines if text[ln[0] : ln[1]].strip(" ") != ""), None)
    auto = 0
    if first_content is not None:
        line_start, line_end, _ = first_content
        auto = len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip(" "))
    candidates: list[int] = []
    if explicit is not None:
        candidates.extend(explicit + parent for parent in range(0, auto + 1))
    candidates.append(max(auto, 1))
    # The parent's indentation is not in the marks: try each reading, keep the one
    # that gives the parser's value.
    for indent in dict.fromkeys(candidates):
        if indent >= 1:
            body = _block_body(view, lines, indent, folded, chomping)
            if body.text == expected:
                return body
    return None


def _physical_lines(text: str, pos: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end-of-content, break width) of each line in [pos, end)."""
    lines: list[tuple[int, int, int]] = []
    while pos < end:
        found = _BREAK_RE.search(text, pos, end)
        if found is None:
            lines.append((pos, end, 0))
            break
        line_end = found.start()
        width = _line_break_at(text, line_end)
        lines.append((pos, line_end, width))
        pos = line_end + width
    return lines


def _block_body(
    view: View,
    lines: list[tuple[int, int, int]],
    indent: int,
    folded: bool,
    chomping: Optional[bool],
) -> View:
    """Mirror of the YAML block scalar algorithm over physical lines."""
    text = view.text
    builder = ViewBuilder(view)
    pending: list[int] = []  # positions of line breaks not yet emitted
    last_break: Optional[int] = None
    previous_plain = False
    emitted_any = False
    for line_start, line_end, width in lines:
        body = text[line_start:line_end]
        indentation = len(body) - len(body.lstrip(" "))
        content = line_start + indent
        is_content = indentation >= indent and content < line_end
        if not is_content:
            if body.strip(" ") and indentation < indent:
                break  # a less indented line ends the scalar (a comment or the next key)
            if width:
                pending.append(line_start + len(body))
            continue
        leading_plain = text[content] not in " \t"
        if emitted_any and last_break is not None:
            newline = text[last_break] not in "\u2028\u2029"
            if folded and previous_plain and leading_plain and newline:
                if not pending:
                    builder.synth(" ", last_break)
            else:
                _normalised_break(view, builder, last_break)
        for at in pending:
            _normalised_break(view, builder, at)
        pending = []
        builder.add(content, line_end)
        emitted_any = True
        previous_plain = leading_plain
        last_break = line_end if width else None
    if emitted_any and last_break is not None and chomping is not False:
        _normalised_break(view, builder, last_break)
    if chomping is True:
        for at in pending:
            _normalised_break(view, builder, at)
    return builder.build()


def _one_line(exc: BaseException) -> str:
    """An exception's message with its line breaks folded (a notice is one line)."""
    return " ".join(str(exc).split())
