"""Facts: what readers know about a file, in a shape rules can judge.

Readers understand syntax and nothing about security; rules understand one
tool's semantics and nothing about syntax. Facts are the contract between
them. Every fact carries spans in the coordinates of the file the user owns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional

from sslint.linter.source import SLOTS, LineRange, Source, Span, View


class Scope(str, Enum):
    """How far an environment assignment reaches."""

    COMMAND = "command"  # one command: `X=1 cmd`, `env X=1 cmd`, subprocess env=
    STEP = "step"  # one CI step
    SCRIPT = "script"  # the rest of a shell script (`export X=1`)
    JOB = "job"  # a whole CI job
    WORKFLOW = "workflow"  # a whole CI workflow / pipeline
    STAGE = "stage"  # a Dockerfile build stage (`ARG`: every later `RUN`, not the image)
    IMAGE = "image"  # a Dockerfile stage and the image it produces (`ENV`)
    PROCESS = "process"  # a Python process (`os.environ[...]`)
    SERVICE = "service"  # every process of a container (compose, Kubernetes)
    FILE = "file"  # a `.env` file loaded by some tool


class Word:
    """One word of a command or one value, after quote removal and expansion.

    `view.text` is the word's value; the view maps each character back to where
    it is written. For a value that travelled (a `$VAR` expansion, a Dockerfile
    `ARG`, a CI `env:` entry), the view points at the text of the assignment and
    `via` names the use (`"$PIP_OPTS on line 8"`), so a finding lands where the
    flag is written. `known` is False when part of the value could not be
    resolved statically (the unresolved parts stay as written, e.g. `$HOST`).

    Words do not change once made. Readers make one for every word of every
    command, and most are only ever read as text: a word cut from a view
    (`Word.cut`) makes its own view when first asked for it.
    """

    __slots__ = ("_parent", "_start", "_view", "known", "text", "used_at", "via")

    def __init__(
        self,
        view: View,
        known: bool = True,
        via: Optional[str] = None,
        used_at: Optional[Span] = None,
    ) -> None:
        self._view: Optional[View] = view
        self._parent: Optional[View] = None
        self._start = 0
        self.text: str = view.text
        self.known = known
        self.via = via
        self.used_at = used_at

    @classmethod
    def cut(cls, parent: View, start: int, end: int, text: Optional[str] = None) -> Word:
        """The known word of `parent` text [start, end), as written (`text`, if given)."""
        word = cls.__new__(cls)
        word._view = None
        word._parent = parent
        word._start = start  # its text ends where it does in `parent`: no end kept
        word.text = parent.text[start:end] if text is None else text
        word.known = True
        word.via = None
        word.used_at = None
        return word

    @property
    def view(self) -> View:
        """The value with its map to where each character is written."""
        view = self._view
        if view is None:
            assert self._parent is not None
            view = self._view = self._parent.slice(self._start, self._start + len(self.text))
            self._parent = None
        return view

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Word):
            return NotImplemented
        return (self.view, self.known, self.via, self.used_at) == (
            other.view,
            other.known,
            other.via,
            other.used_at,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Word(text={self.text!r}, known={self.known}, via={self.via!r})"

    @property
    def span(self) -> Span:
        """Where the whole word is written."""
        parent = self._parent
        if parent is not None and self.text:
            return parent.span(self._start, self._start + len(self.text))  # as `sub_span` does
        return self.sub_span(0, len(self.text))

    def sub_span(self, start: int, end: int) -> Span:
        """Where characters [start, end) of the value are written."""
        parent = self._parent
        if parent is not None and 0 <= start < end <= len(self.text):
            # A cut word maps as its parent does there (no view needed).
            return parent.span(self._start + start, self._start + end)
        return self.view.span(start, end)

    def part(self, start: int, end: int) -> Word:
        """Characters [start, end) of the value as a word of their own (same origin)."""
        parent = self._parent
        if parent is not None:
            start = max(0, start)
            end = max(start, min(end, len(self.text)))
            return Word.cut(parent, self._start + start, self._start + end)
        return Word(self.view.slice(start, end), self.known, self.via, self.used_at)


@dataclass(**SLOTS)
class EnvAssign:
    """`NAME=value` in some scope, and where (if anywhere) it is undone.

    `value` is None for a bare `export NAME` of an unknown value. `unset_at` is
    the span of the `unset NAME` / `ENV NAME=` / later step that clears it.
    """

    name: str
    name_span: Span
    value: Optional[Word]
    scope: Scope
    statement: LineRange
    exported: bool = True
    unset_at: Optional[Span] = None
    script: str = ""
    seq: int = 0


@dataclass(**SLOTS)
class Command:
    """One command invocation: an argv of words as the process receives it.

    `env` holds the assignments that apply to this command only (prefix
    assignments, `env X=1`, `subprocess.run(..., env=...)`). Commands of one
    script share `script` and are ordered by `seq`, so rules can see that a
    setting is restored later in the same script.
    """

    words: list[Word]
    statement: LineRange
    env: list[EnvAssign] = field(default_factory=list)
    script: str = ""
    seq: int = 0


@dataclass(**SLOTS)
class Setting:
    """A key/value from a tool's configuration file.

    `section` is the path of sections or tables above the key (`("global",)`
    in pip.conf, `("source", "0")` for a Pipfile `[[source]]`). `value` is the
    scalar value (None for lists, maps and missing values), `items` the
    elements of a list value, each with its own span. `value_type` is one of
    `str`, `bool`, `int`, `float`, `null`, `list`, `map`, as the file's own
    syntax typed it (`"false"` quoted in YAML is `str`).
    """

    file_kind: str
    section: tuple[str, ...]
    key: str
    key_span: Span
    value: Optional[Word]
    statement: LineRange
    value_type: str = "str"
    items: list[Word] = field(default_factory=list)


@dataclass(**SLOTS)
class PythonCode:
    """Python source text (a whole file, or code embedded in `python -c`)."""

    view: View
    statement: LineRange


@dataclass(**SLOTS)
class Notice:
    """A problem reading a file: one line for stderr and SARIF notifications.

    Level "error" means the file (or folder) was not fully analysed: it makes
    the scan incomplete. A "warning" notes something that hides no finding.
    """

    path: str
    message: str
    level: str = "warning"  # "warning" or "error"
    line: Optional[int] = None


@dataclass
class FileFacts:
    """Everything the readers found in one file."""

    source: Source
    kind: str
    commands: list[Command] = field(default_factory=list)
    env: list[EnvAssign] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    python: list[PythonCode] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Rules may skip what a cheap pass shows cannot hold a finding; False (the scan without
    # its prefilter) makes them read everything, which proves the skipping hides nothing.
    narrow: bool = True
    # The lower-case tokens the rules of this kind need (see `Checker.tokens`), or None.
    # When narrow, readers may leave out a command whose text holds none of them and
    # nothing that could bring one in (an expansion, a redirection, a here-document).
    tokens: Optional[tuple[str, ...]] = None
    # For a gated kind (`readers.READER_GATES`): the lower-case tokens of the rules that see
    # only what its reader derives (commands, environment). When narrow, a reader whose
    # text holds none of them derives nothing.
    gated: Optional[tuple[str, ...]] = None
    # Lines read as a guess (a string that looks like a command in a file of unknown
    # format): what is found there is probable (`ReadContext.guess`).
    guessed: list[LineRange] = field(default_factory=list)
    # (line, column) where text borrowed from another file is anchored (a callee's script
    # around the values this file hands it): a finding starting there is that file's.
    # The result depends on the other file, so it is not cached.
    borrowed: list[tuple[int, int]] = field(default_factory=list)
    # Another file was read (or looked for) to read this one: the result depends on it,
    # so it is not cached.
    depends_on_others: bool = False
