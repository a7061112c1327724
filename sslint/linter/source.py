"""Sources, spans and views: every position sslint reports goes through here.

A `Source` is one decoded file. A `Span` is a range of it, in 1-based lines and
columns counted in Unicode code points. A `View` is text derived from a source
(a joined Dockerfile `RUN`, an unindented YAML block scalar, an unquoted
`sh -c` string) together with a map from each of its offsets back to an offset
of the source. Views nest: a view cut from a view maps straight to the file.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import dataclasses
import itertools
import operator
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, NamedTuple, Optional, TypeVar

# `slots=True` for the many small data objects (an option from Python 3.10 on).
SLOTS: dict[str, bool] = {"slots": True} if sys.version_info >= (3, 10) else {}

_Data = TypeVar("_Data")

_CODING_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class DecodeResult(NamedTuple):
    """Decoded text and a warning when bytes had to be replaced."""

    text: str
    warning: Optional[str]


def decode(data: bytes, python: bool = False) -> DecodeResult:
    """Decode file bytes: BOMs, UTF-16, PEP 263 cookies, invalid UTF-8 replaced."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodeResult(data.decode("utf-16"), None)
        except UnicodeDecodeError:
            return DecodeResult(data[2:].decode("utf-16-le", "replace"), "invalid UTF-16")
    encoding = "utf-8"
    if python:
        for line in data.split(b"\n", 2)[:2]:
            match = _CODING_RE.match(line)
            if match:
                name = match.group(1).decode("ascii", "replace")
                with contextlib.suppress(LookupError):
                    encoding = codecs.lookup(name).name
                break
    try:
        return DecodeResult(data.decode(encoding), None)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, "replace")
        return DecodeResult(
            text, f"invalid {encoding} at byte {exc.start}; undecodable bytes replaced"
        )


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts (lines end at `\\n`), at C speed."""
    lengths = map(len, text.split("\n")[:-1])
    return [0, *map(operator.add, itertools.accumulate(lengths), itertools.count(1))]


class Source:
    """One decoded file: its display path, its text, and line/column arithmetic."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text

    @cached_property
    def _line_starts(self) -> list[int]:
        """Where each line starts: worked out when first asked (most files read give nothing)."""
        return line_starts(self.text)

    @property
    def line_offsets(self) -> list[int]:
        """The offset where each line starts (`line_starts(text)`, shared: read only)."""
        return self._line_starts

    @property
    def line_count(self) -> int:
        """Number of lines (a trailing newline does not open a new line)."""
        n = len(self._line_starts)
        if n > 1 and self._line_starts[-1] == len(self.text):
            return n - 1
        return n

    def line_of(self, offset: int) -> int:
        """1-based line of a text offset."""
        offset = max(0, min(offset, len(self.text)))
        if "_line_starts" not in self.__dict__:  # the two ends need no table of line starts
            if offset == 0:
                return 1
            if offset == len(self.text):
                return self.text.count("\n") + 1
        return bisect.bisect_right(self._line_starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset, columns in code points."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """Text offset of a 1-based (line, column)."""
        line = max(1, min(line, len(self._line_starts)))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def line_text(self, line: int) -> str:
        """Text of a 1-based line, without its line ending."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def span(self, start: int, end: int) -> Span:
        """The span of text offsets [start, end)."""
        end = max(start, end)
        starts = self._line_starts
        size = len(self.text)
        at = 0 if start < 0 else min(start, size)
        sl = bisect.bisect_right(starts, at)
        sc = at - starts[sl - 1] + 1
        at = 0 if end < 0 else min(end, size)
        if sl == len(starts) or at < starts[sl]:  # ends on the line it starts on
            return make_span(start, end, sl, sc, sl, at - starts[sl - 1] + 1)
        el = bisect.bisect_right(starts, at)
        return make_span(start, end, sl, sc, el, at - starts[el - 1] + 1)

    def whole(self) -> View:
        """A view of the entire file with the identity map."""
        if self.text:
            return View.mapped(self, self.text, 0)
        return View(self, self.text, [Segment(0, 0, 0, 1)])


@dataclass(frozen=True, **SLOTS)
class Span:
    """A range of a source: offsets plus 1-based lines and code-point columns.

    `end_line`/`end_column` point just past the last character, as SARIF wants.
    """

    start: int
    end: int
    start_line: int
    start_column: int
    end_line: int
    end_column: int

    def cover(self, other: Span) -> Span:
        """The smallest span holding both (both must come from one source)."""
        first = self if self.start <= other.start else other
        last = self if self.end >= other.end else other
        return Span(
            first.start,
            last.end,
            first.start_line,
            first.start_column,
            last.end_line,
            last.end_column,
        )


def direct_constructor(cls: type[_Data]) -> Callable[..., _Data]:
    """A function that makes a slotted data class from its fields in order, as `cls(...)`
    does, but setting each slot directly (no class call, no look-up per field: a dense
    file makes 100,000 findings). Written from the field names, as `dataclasses`
    writes `__init__`. Without slots (Python 3.9) it is `cls` itself."""
    if not SLOTS:
        return cls
    names = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, object] = {"new": object.__new__, "cls": cls}
    scope.update((f"set_{name}", getattr(cls, name).__set__) for name in names)
    lines = [f"def make({', '.join(names)}):", "    made = new(cls)"]
    lines += [f"    set_{name}(made, {name})" for name in names]
    lines.append("    return made")
    exec("\n".join(lines), scope)  # code made from the class's own field names
    return scope["make"]  # type: ignore[return-value]


make_span = direct_constructor(Span)


class LineRange(NamedTuple):
    """The lines of one statement (an instruction, a command, a key), for suppressions."""

    first: int
    last: int


class Segment(NamedTuple):
    """`length` view characters from `view_start` map to source offsets.

    With `step` 1 the characters map one to one from `source_start`; with `step`
    0 they were synthesised (an escape resolved, a join inserted) and all map to
    `source_start`.
    """

    view_start: int
    source_start: int
    length: int
    step: int


class View:
    """Text derived from a source, with a map from its offsets to source offsets.

    Views are made for every word of every command, so they are kept small. A
    view whose characters all map from one source offset on (a word or a value
    cut from a file, the most common case) keeps that offset and step instead of
    a list of segments, and makes the list only when asked for it; the index of
    segment starts is built only when a lookup needs it.
    """

    __slots__ = ("_at", "_index", "_segments", "_step", "source", "text")

    def __init__(self, source: Source, text: str, segments: Optional[list[Segment]] = None) -> None:
        self.source = source
        self.text = text
        self._segments: Optional[list[Segment]] = [] if segments is None else segments
        self._index: Optional[list[int]] = None
        self._at = 0
        self._step = 1

    @classmethod
    def mapped(cls, source: Source, text: str, at: int, step: int = 1) -> View:
        """A view of non-empty `text` whose characters map from source offset `at` on.

        With `step` 1 they map one to one; with `step` 0 all map to `at`.
        """
        view = cls.__new__(cls)
        view.source = source
        view.text = text
        view._segments = None
        view._index = None
        view._at = at
        view._step = step
        return view

    @property
    def segments(self) -> list[Segment]:
        """The map: runs of view characters and where they come from."""
        segments = self._segments
        if segments is None:
            segments = self._segments = [Segment(0, self._at, len(self.text), self._step)]
        return segments

    def __repr__(self) -> str:
        return f"View(text={self.text!r}, segments={self.segments!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, View):
            return NotImplemented
        return (
            self.source is other.source
            and self.text == other.text
            and self.segments == other.segments
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def _starts(self) -> list[int]:
        """The view offset where each segment starts (for bisecting)."""
        index = self._index
        if index is None:
            index = self._index = [s.view_start for s in self.segments]
        return index

    def _segment_at(self, offset: int) -> int:
        """Index of the segment holding view offset `offset` (-1 before the first)."""
        segments = self.segments
        if len(segments) == 1:
            return 0 if offset >= segments[0].view_start else -1
        return bisect.bisect_right(self._starts, offset) - 1

    def to_source(self, offset: int) -> int:
        """The source offset of view offset `offset` (may equal `len(text)`)."""
        if self._segments is None:  # one run from `_at`
            length = len(self.text)
            if offset < 0:
                return self._at
            if offset >= length:
                # Past the end: the end of the last character.
                return min(self._at + (length - 1) * self._step + 1, len(self.source.text))
            return self._at + offset * self._step
        if not self._segments:
            return 0
        i = self._segment_at(offset)
        if i < 0:
            return self._segments[0].source_start
        seg = self._segments[i]
        delta = offset - seg.view_start
        if delta >= seg.length:
            # Past the end of this segment: the end of the previous character.
            if seg.length == 0:
                return seg.source_start
            end = seg.source_start + (seg.length - 1) * seg.step + 1
            return min(end, len(self.source.text))
        return seg.source_start + delta * seg.step

    def span(self, start: int, end: int) -> Span:
        """The source span of view range [start, end)."""
        if self._segments is None and 0 <= start < end <= len(self.text):
            # One run from `_at` (a word cut from a file): `to_source` worked out inline.
            step = self._step
            first = self._at + start * step
            last = min(self._at + (end - 1) * step + 1, len(self.source.text))
            return self.source.span(first, max(first, last))
        if end <= start:
            at = self.to_source(start)
            return self.source.span(at, at)
        first = self.to_source(start)
        # A synthesised last character anchored at the end of the file stays inside it.
        last = min(self.to_source(end - 1) + 1, len(self.source.text))
        return self.source.span(first, max(first, last))

    def slice(self, start: int, end: int) -> View:
        """The sub-view [start, end), mapping straight to the source."""
        start = max(0, start)
        end = min(end, len(self.text))
        if end <= start:
            return View(self.source, "")
        text = self.text[start:end]
        if self._segments is None:
            return View.mapped(self.source, text, self._at + start * self._step, self._step)
        i = self._segment_at(start)
        if i >= 0:
            seg = self._segments[i]
            if end <= seg.view_start + seg.length:
                # Inside one segment: one run of the same step.
                at = seg.source_start + (start - seg.view_start) * seg.step
                return View.mapped(self.source, text, at, seg.step)
        builder = ViewBuilder(self)
        builder.add(start, end)
        return builder.build()

    def first_line(self) -> Optional[int]:
        """The source line of the view's start when its text is one unbroken run of the
        source (line k of the text, counted from 0, is then source line `first_line() + k`),
        else None."""
        if self._segments is not None or self._step != 1:
            return None
        if not self.source.text.startswith(self.text, self._at):
            return None
        return self.source.line_of(self._at)

    def line_range(self, start: int, end: int) -> LineRange:
        """The source lines that view range [start, end) touches (those of `span`)."""
        first = self.to_source(start)
        last = first
        if end > start:
            last = max(first, min(self.to_source(end - 1) + 1, len(self.source.text)))
        return LineRange(self.source.line_of(first), self.source.line_of(last))


class ViewBuilder:
    """Builds a view out of pieces of a parent view and synthesised text."""

    def __init__(self, parent: View) -> None:
        self.parent = parent
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def add(self, start: int, end: int) -> ViewBuilder:
        """Append parent text [start, end), keeping its map."""
        start = max(0, start)
        end = min(end, len(self.parent.text))
        if end <= start:
            return self
        self._parts.append(self.parent.text[start:end])
        segs = self.parent.segments
        i = max(0, bisect.bisect_right(self.parent._starts, start) - 1)
        pos = start
        while pos < end and i < len(segs):
            seg = segs[i]
            seg_end = seg.view_start + seg.length
            if seg_end <= pos:
                i += 1
                continue
            piece_end = min(end, seg_end)
            src = seg.source_start + (pos - seg.view_start) * seg.step
            self._push(src, piece_end - pos, seg.step)
            pos = piece_end
            i += 1
        if pos < end:  # parent has no segment there: anchor to its end
            self._push(self.parent.to_source(pos), end - pos, 0)
        return self

    def synth(self, text: str, anchor: int) -> ViewBuilder:
        """Append synthesised `text`, every character mapping to parent offset `anchor`."""
        if text:
            self._parts.append(text)
            self._push(self.parent.to_source(anchor), len(text), 0)
        return self

    def add_view(self, view: View, start: int, end: int) -> ViewBuilder:
        """Append text [start, end) of another view of the same source, keeping its map."""
        sub = view.slice(start, end)
        for seg in sub.segments:
            self._parts.append(sub.text[seg.view_start : seg.view_start + seg.length])
            self._push(seg.source_start, seg.length, seg.step)
        return self

    def _push(self, source_start: int, length: int, step: int) -> None:
        if length <= 0:
            return
        if self._segments:
            last = self._segments[-1]
            if (
                step == 1
                and last.step == 1
                and last.source_start + last.length == source_start
                and last.view_start + last.length == self._length
            ):
                self._segments[-1] = Segment(
                    last.view_start, last.source_start, last.length + length, 1
                )
                self._length += length
                return
        self._segments.append(Segment(self._length, source_start, length, step))
        self._length += length

    def build(self) -> View:
        """The finished view."""
        return View(self.parent.source, "".join(self._parts), list(self._segments))


def join_views(parts: Iterable[tuple[View, int, int]], separator: str = "") -> View:
    """Concatenate ranges of views of one source, with synthesised separators."""
    items = list(parts)
    if not items:
        raise ValueError("join_views needs at least one part")
    base = items[0][0].source.whole()
    builder = ViewBuilder(base)
    for index, (view, start, end) in enumerate(items):
        if index and separator:
            builder.synth(separator, view.to_source(start))
        builder.add_view(view, start, end)
    return builder.build()
