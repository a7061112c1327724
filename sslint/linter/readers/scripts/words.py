"""Small text helpers for line-based config readers: physical lines and shlex-style words."""

from __future__ import annotations

import re
from typing import Optional

from sslint.linter.facts import Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import Segment, View, ViewBuilder

_NEWLINE_RE = re.compile(r"\r\n|\n|\r")


def physical_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line ending."""
    out: list[tuple[int, int]] = []
    pos = 0
    for match in _NEWLINE_RE.finditer(text):
        out.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without surrounding blanks."""
    while start < end and text[start] in " \t\f\v":
        start += 1
    while end > start and text[end - 1] in " \t\f\v":
        end -= 1
    return start, end


class RunBuilder:
    """A ViewBuilder fed one character at a time that copies runs of adjacent text at once."""

    def __init__(self, parent: View) -> None:
        self._builder = ViewBuilder(parent)
        self._start = 0
        self._end = 0
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def add(self, start: int, end: int) -> RunBuilder:
        """Append parent text [start, end)."""
        if end <= start:
            return self
        if start != self._end or self._end == self._start:
            self._flush()
            self._start = start
        self._end = end
        self._length += end - start
        return self

    def synth(self, text: str, anchor: int) -> RunBuilder:
        """Append synthesised text mapping to parent offset `anchor`."""
        self._flush()
        self._builder.synth(text, anchor)
        self._length += len(text)
        return self

    def _flush(self) -> None:
        if self._end > self._start:
            self._builder.add(self._start, self._end)
        self._start = self._end = 0

    def build(self) -> View:
        """The finished view."""
        self._flush()
        return self._builder.build()


def empty_word(view: View, at: int) -> Word:
    """An empty value whose span is the empty range at view offset `at`."""
    return Word(View(view.source, "", [Segment(0, view.to_source(at), 0, 0)]))


def split_words(view: View, start: int = 0, end: int = -1) -> list[Word]:
    """POSIX `shlex.split` of view[start:end]: quotes removed, each word mapped to its text.

    Inside double quotes a backslash escapes only `"` and `\\`; outside quotes
    it escapes any character. An unterminated quote runs to the end.
    """
    text = view.text
    if end < 0:
        end = len(text)
    words: list[Word] = []
    pos = start
    while pos < end:
        while pos < end and text[pos] in " \t\r\n\f\v":
            pos += 1
        if pos >= end:
            break
        builder = RunBuilder(view)
        word_start = pos
        quoted = False
        while pos < end and text[pos] not in " \t\r\n\f\v":
            char = text[pos]
            if char == "\\" and pos + 1 < end:
                builder.add(pos + 1, pos + 2)
                pos += 2
            elif char == "'":
                close = text.find("'", pos + 1, end)
                close = end if close < 0 else close
                builder.add(pos + 1, close)
                quoted = True
                pos = close + 1
            elif char == '"':
                pos += 1
                quoted = True
                while pos < end and text[pos] != '"':
                    if text[pos] == "\\" and pos + 1 < end and text[pos + 1] in '"\\':
                        pos += 1
                    builder.add(pos, pos + 1)
                    pos += 1
                pos += 1
            else:
                builder.add(pos, pos + 1)
                pos += 1
        if len(builder):
            words.append(Word(builder.build()))
        elif quoted:
            words.append(empty_word(view, word_start))
    return words


class OnceNotice:
    """Reports the first unreadable line of a file, not every one.

    Lines holding undecodable bytes (U+FFFD) or NULs are skipped silently: the
    engine has already said the file is not clean text.
    """

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.done = False

    def __call__(self, message: str, line: Optional[int] = None) -> None:
        if self.done:
            return
        if line is not None and garbled(self.ctx.facts.source.line_text(line)):
            return
        self.done = True
        self.ctx.notice(message, line)


def garbled(text: str) -> bool:
    """Whether text holds bytes that did not decode (or NULs)."""
    return "\ufffd" in text or "\x00" in text
