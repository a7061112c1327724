"""Shell words: quote removal and expansion of tree-sitter-bash word nodes.

A word node (`--opt="$X"`, `$'a\\tb'`, `"${A[@]}"`) becomes zero or more
`Word`s whose views map every character back to where it is written: quoted
text skips its quotes, an escape maps to its backslash, and an expanded
variable maps to the text of its assignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from sys import intern
from typing import TYPE_CHECKING, Callable, Optional

from sslint.linter.facts import Word
from sslint.linter.source import LineRange, Segment, Source, Span, View

if TYPE_CHECKING:
    from tree_sitter import Node

_FIELD_RE = re.compile(r"[^ \t\n]+")
# Words up to this long share one string object per spelling (`curl`, `-k`, `install`).
_SHARED_LENGTH = 16
_DQ_ESCAPABLE = frozenset('$`"\\\n')
# A double-quoted string without these is its content as written.
_DQ_SPECIAL = re.compile(r'[$`"\\]')
_ANSI_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_HEX = "0123456789abcdefABCDEF"
# Their value is not known here; ERROR is a word the grammar did not understand (`${(f)v}`).
_UNKNOWN_NODES = frozenset(
    {"command_substitution", "process_substitution", "arithmetic_expansion", "ERROR"}
)


def shared(written: str) -> str:
    """A word's text, one string object per spelling when it is short (names and options
    recur)."""
    return intern(written) if len(written) <= _SHARED_LENGTH else written


class ParsedView:
    """The view a tree was parsed from, with tree-sitter byte offsets turned into view offsets."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.text = view.text
        self.data = view.text.encode("utf-8", "surrogatepass")
        self._chars: Optional[list[int]] = None
        # Byte offsets are view offsets (ASCII text): no conversion needed.
        self.ascii = len(self.data) == len(self.text)
        # Source line of the view's first row when tree-sitter's rows are source lines.
        self._first_line = view.first_line()
        if not self.ascii:
            chars = [0] * (len(self.data) + 1)
            pos = 0
            for index, char in enumerate(self.text):
                size = len(char.encode("utf-8", "surrogatepass"))
                for k in range(size):
                    chars[pos + k] = index
                pos += size
            chars[pos] = len(self.text)
            self._chars = chars

    def char(self, byte: int) -> int:
        """The view offset of a byte offset."""
        if self._chars is None:
            return byte
        return self._chars[min(max(byte, 0), len(self._chars) - 1)]

    def bounds(self, node: Node) -> tuple[int, int]:
        """The view range of a node."""
        if self.ascii:
            return node.start_byte, node.end_byte
        return self.char(node.start_byte), self.char(node.end_byte)

    def node_text(self, node: Node) -> str:
        """The text of a node as written."""
        start, end = self.bounds(node)
        return self.text[start:end]

    def span(self, node: Node) -> Span:
        """Where a node is written in the file."""
        start, end = self.bounds(node)
        return self.view.span(start, end)

    def span_at(self, byte: int) -> Span:
        """Where the character at a byte offset is written in the file."""
        at = self.char(byte)
        return self.view.span(at, at)

    def lines(self, node: Node) -> LineRange:
        """The file lines a node touches."""
        first = self._first_line
        if first is not None:  # rows count the line breaks the text shares with its file
            row = node.start_point.row
            top = first + row
            if node.end_byte > node.start_byte and node.end_point.row != row:
                return LineRange(top, first + node.end_point.row)
            return LineRange(top, top)  # one number object for both (kept by every fact)
        start, end = self.bounds(node)
        return self.view.line_range(start, max(start, end))


@dataclass
class Variable:
    """A shell variable: its value (one word, or the elements of an array)."""

    values: list[Word]
    array: bool = False
    exported: bool = False
    inherited: bool = False
    name_span: Optional[Span] = None
    statement: Optional[LineRange] = None


class Piece:
    """Text being built from pieces of views of one source, then made into a `Word`."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.length = 0
        self.known = True
        self.quoted = False
        self.via: Optional[str] = None
        self.used_at: Optional[Span] = None
        self.anchor: Optional[int] = None

    def anchor_at(self, source_offset: int) -> None:
        """Where an empty word (`""`) is written, if nothing else places it."""
        if self.anchor is None:
            self.anchor = source_offset

    def add(self, view: View, start: int, end: int) -> None:
        """Append view text [start, end) with its map."""
        if end <= start:
            return
        sub = view.slice(start, end)
        for seg in sub.segments:
            self.segments.append(
                Segment(self.length + seg.view_start, seg.source_start, seg.length, seg.step)
            )
        self.parts.append(sub.text)
        self.length += len(sub.text)

    def synth(self, text: str, source_offset: int) -> None:
        """Append text that is not written as such (an escape resolved, a separator)."""
        if text:
            self.segments.append(Segment(self.length, source_offset, len(text), 0))
            self.parts.append(text)
            self.length += len(text)

    def mark(self, known: bool, via: Optional[str], used_at: Optional[Span]) -> None:
        """Note that an expanded value went into the text."""
        self.known = self.known and known
        if self.via is None and via is not None:
            self.via, self.used_at = via, used_at

    def word(self, source: Source) -> Word:
        """The finished word."""
        segments = list(self.segments)
        if not segments and self.anchor is not None:
            segments = [Segment(0, self.anchor, 0, 0)]
        view = View(source, "".join(self.parts), segments)
        return Word(view, known=self.known, via=self.via, used_at=self.used_at)


class Fields:
    """The words one word node expands to (several when unquoted expansions split)."""

    def __init__(self, split: bool) -> None:
        self.split = split
        self.done: list[Piece] = []
        self.cur = Piece()

    def brk(self) -> None:
        """End the current word (kept if it has text or was quoted)."""
        if self.cur.length or self.cur.quoted:
            self.done.append(self.cur)
        self.cur = Piece()

    def value(self, word: Word, quoted: bool, via: Optional[str], used_at: Optional[Span]) -> None:
        """Add an expanded value, split on blanks when unquoted."""
        text = word.text
        if quoted or not self.split:
            self.cur.add(word.view, 0, len(text))
            self.cur.mark(word.known, via, used_at)
            return
        chunks = [(m.start(), m.end()) for m in _FIELD_RE.finditer(text)]
        if not chunks:
            return
        if chunks[0][0] > 0:
            self.brk()
        for index, (start, end) in enumerate(chunks):
            if index:
                self.brk()
            self.cur.add(word.view, start, end)
            self.cur.mark(word.known, via, used_at)
        if chunks[-1][1] < len(text):
            self.brk()

    def finish(self) -> list[Piece]:
        """All words."""
        self.brk()
        return self.done


Lookup = Callable[[str], Optional[Variable]]


@dataclass
class Expander:
    """Expands word nodes of one parsed view, looking variables up in `lookup`."""

    parsed: ParsedView
    lookup: Lookup
    source: Source = field(init=False)

    def __post_init__(self) -> None:
        self.source = self.parsed.view.source

    def words(self, node: Node) -> list[Word]:
        """The words of a command argument (unquoted expansions split)."""
        kind = node.type
        if kind == "word" or kind == "string":
            parsed = self.parsed
            start, end = parsed.bounds(node)
            if kind == "string":  # "…" without escapes or expansions: its content as written
                text = parsed.text
                start, end = start + 1, end - 1
                plain = end > start and text[start - 1] == text[end] == '"'
                if plain and not _DQ_SPECIAL.search(text, start, end):
                    return [Word.cut(parsed.view, start, end)]
            elif end > start:
                written = parsed.text[start:end]
                if "\\" not in written:  # nothing to remove
                    return [Word.cut(parsed.view, start, end, written)]
        fields = Fields(split=True)
        self._expand(node, fields, quoted=False)
        return [piece.word(self.source) for piece in fields.finish()]

    def all_words(self, nodes: list[Node]) -> list[Word]:
        """The words of all a command's arguments, in order (`words` of each)."""
        parsed = self.parsed
        if not parsed.ascii:
            return [word for node in nodes for word in self.words(node)]
        text = parsed.text
        view = parsed.view
        found: list[Word] = []
        for node in nodes:
            if node.type == "word":  # the common case of `words`, inline
                start = node.start_byte
                end = node.end_byte
                if end > start:
                    written = text[start:end]
                    if "\\" not in written:
                        if end - start <= _SHARED_LENGTH:  # program names and options recur
                            written = intern(written)
                        found.append(Word.cut(view, start, end, written))
                        continue
            found.extend(self.words(node))
        return found

    def value(self, nodes: list[Node], start: Optional[int] = None) -> Word:
        """The value of an assignment: no splitting, one word (maybe empty)."""
        fields = Fields(split=False)
        for node in nodes:
            self._expand(node, fields, quoted=False)
        if fields.cur.length == 0 and start is not None:
            view = View(self.source, "", [Segment(0, self.parsed.view.to_source(start), 0, 0)])
            return Word(view)
        return fields.cur.word(self.source)

    # -- node kinds -------------------------------------------------------

    def _expand(self, node: Node, fields: Fields, quoted: bool) -> None:
        kind = node.type
        start, end = self.parsed.bounds(node)
        if kind in ("string", "translated_string", "raw_string", "ansi_c_string"):
            fields.cur.anchor_at(self.parsed.view.to_source(start))
        if kind == "string" or kind == "translated_string":
            self._string(node, fields)
        elif kind == "raw_string":
            fields.cur.quoted = True
            fields.cur.add(self.parsed.view, start + 1, max(start + 1, end - 1))
        elif kind == "ansi_c_string":
            fields.cur.quoted = True
            self._ansi_c(start + 2, max(start + 2, end - 1), fields.cur)
        elif kind == "concatenation":
            pos = start
            for child in node.children:
                c_start, c_end = self.parsed.bounds(child)
                self._unquoted(pos, c_start, fields.cur)
                self._expand(child, fields, quoted)
                pos = c_end
            self._unquoted(pos, end, fields.cur)
        elif kind == "simple_expansion":
            self._simple(node, fields, quoted)
        elif kind == "expansion":
            self._expansion(node, fields, quoted)
        elif kind in _UNKNOWN_NODES:
            self._unknown(start, end, fields)
        elif quoted:
            self._double_quoted(start, end, fields.cur)
        else:
            self._unquoted(start, end, fields.cur)

    def _string(self, node: Node, fields: Fields) -> None:
        start, end = self.parsed.bounds(node)
        opening = 2 if self.parsed.text.startswith('$"', start) else 1
        closing = 1 if end - start > opening and self.parsed.text[end - 1] == '"' else 0
        fields.cur.quoted = True
        pos = start + opening
        for child in node.named_children:
            if child.type == "string_content":
                continue
            c_start, c_end = self.parsed.bounds(child)
            self._double_quoted(pos, c_start, fields.cur)
            self._expand(child, fields, quoted=True)
            pos = c_end
        self._double_quoted(pos, end - closing, fields.cur)

    def _unknown(self, start: int, end: int, fields: Fields) -> None:
        fields.cur.add(self.parsed.view, start, end)
        fields.cur.known = False

    def _unquoted(self, start: int, end: int, piece: Piece) -> None:
        self._unescape(start, end, piece, None)

    def _double_quoted(self, start: int, end: int, piece: Piece) -> None:
        self._unescape(start, end, piece, _DQ_ESCAPABLE)

    def _unescape(
        self, start: int, end: int, piece: Piece, escapable: Optional[frozenset[str]]
    ) -> None:
        """Add [start, end) without its quoting backslashes (`escapable` None: any character)."""
        text = self.parsed.text
        view = self.parsed.view
        if "\\" not in text[start:end]:
            piece.add(view, start, end)
            return
        pos = start
        i = start
        while i < end:
            if text[i] == "\\" and i + 1 < end and (escapable is None or text[i + 1] in escapable):
                piece.add(view, pos, i)
                if text[i + 1] == "\n":
                    pos = i = i + 2
                elif escapable is None and text.startswith("\r\n", i + 1):
                    pos = i = i + 3
                else:
                    pos = i + 1
                    i += 2
                continue
            i += 1
        piece.add(view, pos, end)

    def _ansi_c(self, start: int, end: int, piece: Piece) -> None:
        text = self.parsed.text
        view = self.parsed.view
        pos = start
        i = start
        while i < end:
            if text[i] != "\\" or i + 1 >= end:
                i += 1
                continue
            piece.add(view, pos, i)
            decoded, length = decode_escape(text, i, end, ansi=True)
            piece.synth(decoded, view.to_source(i))
            i += length
            pos = i
        piece.add(view, pos, end)

    def _via(self, node: Node) -> tuple[str, Span]:
        span = self.parsed.span(node)
        return f"{self.parsed.node_text(node)} on line {span.start_line}", span

    def _emit(
        self, values: list[Word], node: Node, fields: Fields, quoted: bool, each: bool
    ) -> None:
        via, used_at = self._via(node)
        for index, value in enumerate(values):
            if index and each and quoted:
                fields.brk()
            elif index:
                fields.value(_space_word(value), quoted, via, used_at)
            fields.value(value, quoted, via, used_at)

    def _simple(self, node: Node, fields: Fields, quoted: bool) -> None:
        names = [c for c in node.named_children if c.type == "variable_name"]
        variable = self.lookup(self.parsed.node_text(names[0])) if names else None
        if variable is None or not variable.values:
            if variable is None:
                start, end = self.parsed.bounds(node)
                self._unknown(start, end, fields)
            return
        self._emit(variable.values[:1], node, fields, quoted, each=False)

    def _expansion(self, node: Node, fields: Fields, quoted: bool) -> None:
        start, end = self.parsed.bounds(node)
        inner = [c for c in node.children if c.type not in ("${", "}")]
        if not inner or node.has_error:  # `${s:$n:2}`: an expansion the grammar half read
            self._unknown(start, end, fields)
            return
        head = inner[0]
        index: Optional[str] = None
        if head.type == "variable_name":
            name = self.parsed.node_text(head)
        elif head.type == "subscript":
            parts = head.named_children
            if len(parts) < 2 or parts[0].type != "variable_name":
                self._unknown(start, end, fields)
                return
            name = self.parsed.node_text(parts[0])
            index = self.parsed.node_text(parts[1])
        else:
            self._unknown(start, end, fields)
            return
        rest = inner[1:]
        operator: Optional[str] = None
        if rest and not rest[0].is_named:
            operator = self.parsed.node_text(rest[0])
            rest = rest[1:]
        elif rest:
            self._unknown(start, end, fields)
            return
        variable = self.lookup(name)
        values = _select(variable, index)
        each = index == "@"
        if operator is None:
            if values is None:
                self._unknown(start, end, fields)
            else:
                self._emit(values, node, fields, quoted, each)
        elif operator in (":-", "-", ":=", "="):
            empty = values is not None and all(not v.text for v in values)
            if values is None or (operator.startswith(":") and empty):
                for child in rest:
                    self._expand(child, fields, quoted)
            else:
                self._emit(values, node, fields, quoted, each)
        elif operator in (":+", "+"):
            if values is None:
                self._unknown(start, end, fields)
            elif any(v.text for v in values) or (operator == "+" and values):
                for child in rest:
                    self._expand(child, fields, quoted)
        else:
            self._unknown(start, end, fields)


def _space_word(value: Word) -> Word:
    """A one-space separator word anchored where `value` is written (`${A[*]}` joins)."""
    anchor = value.view.to_source(0)
    return Word(View(value.view.source, " ", [Segment(0, anchor, 1, 0)]), known=value.known)


def _select(variable: Optional[Variable], index: Optional[str]) -> Optional[list[Word]]:
    """The values `${NAME}` / `${NAME[i]}` / `${NAME[@]}` select, or None if unknown."""
    if variable is None:
        return None
    if index is None:
        return variable.values[:1]
    if index in ("@", "*"):
        return list(variable.values)
    if index.isdigit():
        i = int(index)
        return variable.values[i : i + 1] if i < len(variable.values) else []
    return None


def decode_escape(text: str, i: int, end: int, ansi: bool) -> tuple[str, int]:
    """Decode the backslash escape at `text[i]`: (value, length consumed).

    `ansi` selects `$'…'` rules; otherwise printf / `echo -e` rules.
    """
    nxt = text[i + 1] if i + 1 < end else ""
    if nxt in _ANSI_SIMPLE and (ansi or nxt not in "'\"?"):
        return _ANSI_SIMPLE[nxt], 2
    if nxt == "x":
        digits = _take(text, i + 2, min(end, i + 4), _HEX)
        if digits:
            return chr(int(digits, 16)), 2 + len(digits)
    if nxt in ("u", "U"):
        digits = _take(text, i + 2, min(end, i + (6 if nxt == "u" else 10)), _HEX)
        if digits:
            code = int(digits, 16)
            return (chr(code) if code < 0x110000 else "?"), 2 + len(digits)
    if nxt.isdigit() and nxt < "8":
        limit = 3 if ansi or nxt != "0" else 4
        digits = _take(text, i + 1, min(end, i + 1 + limit), "01234567")
        return chr(int(digits, 8) & 0xFF), 1 + len(digits)
    if nxt == "c" and i + 2 < end:
        return chr(ord(text[i + 2]) & 0x1F), 3
    return "\\" + nxt, 1 + len(nxt)


def _take(text: str, start: int, end: int, allowed: str) -> str:
    pos = start
    while pos < end and text[pos] in allowed:
        pos += 1
    return text[start:pos]
