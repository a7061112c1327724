"""Dockerfile reader: instructions, RUN scripts, ENV/ARG, heredocs, stages.

Instructions are joined across escape-character continuations (comment and
blank lines between them dropped, `# escape=` honoured) into one view that
maps back to the file. Shell-form `RUN`/`CMD`/`ENTRYPOINT` go to the shell
reader (or the word-level reader under a PowerShell / cmd `SHELL`) with the
stage's `ARG`/`ENV` as inherited variables; exec-form JSON arrays become
commands; BuildKit heredocs are scripts, stdin or files (`COPY <<EOF path`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Optional

from sslint.linter import kinds
from sslint.linter.commands import invocation, program_name
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers.scripts.shell import SHELLS, assignments, embed_inline
from sslint.linter.readers.scripts.shell_words import Piece
from sslint.linter.readers.scripts.written_files import path_kind
from sslint.linter.source import LineRange, Span, View, ViewBuilder, join_views

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext

_DIRECTIVE_RE = re.compile(r"[ \t]*#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(\S*)[ \t]*\Z")
_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_KEYWORD_RE = re.compile(r"[ \t]*([A-Za-z]+)(?=[ \t]|\Z)[ \t]*")
_FLAG_RE = re.compile(r"--[A-Za-z][\w-]*(?:=\S*)?[ \t]*")
# A JSON array's first string and the comma or bracket after it: exec form was meant.
_EXEC_FORM_START_RE = re.compile(r'\s*\[\s*"(?:[^"\\]|\\.)*"\s*[,\]]')
_HEREDOC_RE = re.compile(
    r"(?<!<)<<(-?)[ \t]*(?:\"([^\"\n]+)\"|'([^'\n]+)'|([A-Za-z_][A-Za-z0-9_.\-]*))"
)
_WINDOWS_IMAGE_RE = re.compile(r"windows|nanoserver|servercore", re.IGNORECASE)
_JSON_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


@dataclass
class Heredoc:
    """One BuildKit here-document of an instruction."""

    delimiter: str
    marker: tuple[int, int]  # the `<<EOF` text in the instruction view
    body: View


@dataclass
class Instruction:
    """One instruction: keyword, joined arguments, lines, heredocs."""

    keyword: str
    args: View
    statement: LineRange
    heredocs: list[Heredoc] = field(default_factory=list)
    end: Optional[View] = None  # the file text from the first body line to the last delimiter


@dataclass
class Stage:
    """A build stage: its variables and the assignments made in it."""

    name: str
    env: dict[str, Word] = field(default_factory=dict)
    image_env: dict[str, Word] = field(default_factory=dict)
    assigns: list[EnvAssign] = field(default_factory=list)
    shell: str = kinds.SHELL
    end: Optional[Span] = None


def read(view: View, ctx: ReadContext) -> None:
    """Read a Dockerfile (Containerfile)."""
    DockerfileReader(view, ctx).read()


class DockerfileReader:
    """Splits a Dockerfile into instructions and records their facts."""

    def __init__(self, view: View, ctx: ReadContext) -> None:
        self.view = view
        self.ctx = ctx
        self.text = view.text
        self.lines = _line_bounds(self.text)
        self.escape = "\\"
        self.global_args: dict[str, tuple[Word, Span]] = {}
        self.stages: list[Stage] = []
        self.stage: Optional[Stage] = None
        self.bases: set[str] = set()

    def read(self) -> None:
        """Read every instruction in order."""
        for instruction in self.instructions():
            self._dispatch(instruction)
        self._close_stages()

    def instructions(self) -> Iterator[Instruction]:
        """Every instruction in order, split but not read."""
        index = self._directives()
        while index < len(self.lines):
            instruction, index = self._instruction(index)
            if instruction is not None:
                yield instruction

    # -- splitting ---------------------------------------------------------

    def _line(self, index: int) -> str:
        start, end = self.lines[index]
        return self.text[start:end]

    def _line_start(self, index: int) -> int:
        return self.lines[index][0] if index < len(self.lines) else len(self.text)

    def _directives(self) -> int:
        index = 0
        while index < len(self.lines):
            match = _DIRECTIVE_RE.match(self._line(index))
            if not match or match.group(1).lower() not in _DIRECTIVES:
                break
            if match.group(1).lower() == "escape" and match.group(2) in ("`", "\\"):
                self.escape = match.group(2)
            index += 1
        return index

    def _skippable(self, index: int) -> bool:
        stripped = self._line(index).strip()
        return not stripped or stripped.startswith("#")

    def _instruction(self, index: int) -> tuple[Optional[Instruction], int]:
        """The instruction starting at line `index` (or None for a blank/comment line)."""
        if self._skippable(index):
            return None, index + 1
        first = index
        builder = ViewBuilder(self.view)
        last = index
        while True:
            start, end = self.lines[index]
            line = self.text[start:end]
            stripped = line.rstrip(" \t")
            last = index
            index += 1
            if stripped.endswith(self.escape):
                builder.add(start, start + len(stripped) - 1)
                while index < len(self.lines) and self._skippable(index):
                    index += 1
                if index >= len(self.lines):
                    break
                continue
            builder.add(start, end)
            break
        joined = builder.build()
        statement = LineRange(
            self.view.span(self.lines[first][0], self.lines[first][0]).start_line,
            self.view.span(self.lines[last][0], self.lines[last][0]).start_line,
        )
        match = _KEYWORD_RE.match(joined.text)
        if not match:
            first_line = statement.first
            self.ctx.notice(
                f"Dockerfile line {first_line} is not an instruction; skipped", first_line
            )
            return None, index
        instruction = Instruction(
            keyword=match.group(1).upper(),
            args=joined.slice(match.end(), len(joined.text)),
            statement=statement,
        )
        if instruction.keyword in ("RUN", "COPY", "ADD"):
            index = self._heredocs(instruction, index)
        return instruction, index

    def _heredocs(self, instruction: Instruction, index: int) -> int:
        """Attach the bodies of `<<EOF` markers; returns the line after the last delimiter."""
        body_first = index
        for match in _HEREDOC_RE.finditer(instruction.args.text):
            delimiter = match.group(2) or match.group(3) or match.group(4) or ""
            strip_tabs = match.group(1) == "-"
            start_line = index
            while index < len(self.lines):
                line = self._line(index)
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
                index += 1
            body_start = (
                self.lines[start_line][0] if start_line < len(self.lines) else len(self.text)
            )
            body_end = self.lines[index][0] if index < len(self.lines) else len(self.text)
            if index >= len(self.lines):
                line_no = instruction.statement.first
                self.ctx.notice(
                    f"here-document <<{delimiter} of line {line_no} is not terminated; "
                    "read to the end of the file",
                    line_no,
                )
            body = self._body(body_start, body_end, strip_tabs)
            instruction.heredocs.append(Heredoc(delimiter, (match.start(), match.end()), body))
            index += 1
        if instruction.heredocs:
            end = self.lines[index - 1][1] if index - 1 < len(self.lines) else len(self.text)
            start = self.lines[body_first][0] if body_first < len(self.lines) else len(self.text)
            instruction.end = self.view.slice(start, max(start, end))
        return index

    def _body(self, start: int, end: int, strip_tabs: bool) -> View:
        if not strip_tabs:
            return self.view.slice(start, end)
        builder = ViewBuilder(self.view)
        pos = start
        while pos < end:
            line_end = self.text.find("\n", pos, end)
            line_end = end if line_end < 0 else line_end + 1
            while pos < line_end and self.text[pos] == "\t":
                pos += 1
            builder.add(pos, line_end)
            pos = line_end
        return builder.build()

    # -- instructions --------------------------------------------------------

    def _dispatch(self, ins: Instruction) -> None:
        keyword = ins.keyword
        if keyword == "FROM":
            self._from(ins)
        elif keyword == "ARG":
            self._arg(ins)
        elif keyword == "ENV":
            self._env(ins)
        elif keyword == "SHELL":
            self._shell(ins)
        elif keyword == "RUN":
            self._run(ins, ins.args, "RUN")
        elif keyword in ("CMD", "ENTRYPOINT"):
            self._run(ins, ins.args, keyword)
        elif keyword == "HEALTHCHECK":
            match = re.search(r"(?:^|\s)CMD\s+", ins.args.text, re.IGNORECASE)
            if match:
                self._run(ins, ins.args.slice(match.end(), len(ins.args.text)), "HEALTHCHECK")
        elif keyword in ("COPY", "ADD"):
            self._copy(ins)

    def _current(self) -> Stage:
        if self.stage is None:
            self.stage = Stage(name="")
            self.stages.append(self.stage)
        return self.stage

    def _from(self, ins: Instruction) -> None:
        words = ins.args.text.split()
        words = [w for w in words if not w.startswith("--")]
        image = words[0] if words else ""
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else ""
        start = ins.args.to_source(0)
        if self.stage is not None:
            self.stage.end = self.view.source.span(start, start)
        stage = Stage(name=name)
        base = next((s for s in reversed(self.stages) if s.name and s.name == image.lower()), None)
        if base is not None:
            self.bases.add(base.name)
            stage.env = dict(base.image_env)
            stage.image_env = dict(base.image_env)
            stage.shell = base.shell
        elif self.escape == "`" or _WINDOWS_IMAGE_RE.search(image):
            stage.shell = kinds.BATCH
        self.stages.append(stage)
        self.stage = stage

    def _arg(self, ins: Instruction) -> None:
        stage = self.stage
        env = stage.env if stage is not None else {}
        for name, name_span, value in assignments(ins.args, env):
            if stage is None:
                if value is not None:
                    self.global_args[name] = (value, name_span)
                continue
            if value is None:
                if name in self.global_args:
                    value, name_span = self.global_args[name]
                else:
                    continue
            stage.env[name] = value
            self._assign(name, name_span, value, Scope.STAGE, ins.statement)

    def _env(self, ins: Instruction) -> None:
        stage = self._current()
        pairs = assignments(ins.args, stage.env)
        if not pairs or any(value is None for _, _, value in pairs):
            pairs = self._legacy_env(ins.args) or pairs
        for name, name_span, value in pairs:
            if value is None:
                continue
            if not value.text:
                for assign in stage.assigns:
                    if assign.name == name and assign.unset_at is None:
                        assign.unset_at = name_span
            else:
                self._assign(name, name_span, value, Scope.IMAGE, ins.statement)
            stage.env[name] = value
            stage.image_env[name] = value

    def _legacy_env(self, args: View) -> list[tuple[str, Span, Optional[Word]]]:
        """`ENV NAME value with spaces` (the old one-pair form)."""
        match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]+(\S.*?)[ \t\r]*\Z", args.text, re.DOTALL)
        if not match or "=" in args.text[: match.end(1)]:
            return []
        start, end = match.start(2), match.end(2)
        text = args.text
        if end - start >= 2 and text[start] == text[end - 1] and text[start] in "\"'":
            start, end = start + 1, end - 1
        return [(match.group(1), args.span(0, match.end(1)), Word(args.slice(start, end)))]

    def _assign(
        self, name: str, name_span: Span, value: Word, scope: Scope, statement: LineRange
    ) -> None:
        assign = EnvAssign(
            name=name,
            name_span=name_span,
            value=value,
            scope=scope,
            statement=statement,
            exported=True,
        )
        self.ctx.add_env(assign)
        self._current().assigns.append(assign)

    def _shell(self, ins: Instruction) -> None:
        words = _json_words(ins.args)
        if not words:
            return
        name = program_name(words[0].text)
        if name in ("pwsh", "powershell"):
            self._current().shell = kinds.POWERSHELL
        elif name == "cmd":
            self._current().shell = kinds.BATCH
        elif name in SHELLS:
            self._current().shell = kinds.SHELL

    def _close_stages(self) -> None:
        """ENV of a stage that is neither the last nor a base of another ends with it."""
        for stage in self.stages[:-1]:
            if stage.end is None or (stage.name and stage.name in self.bases):
                continue
            for assign in stage.assigns:
                if assign.scope is Scope.IMAGE and assign.unset_at is None:
                    assign.unset_at = stage.end

    # -- commands ---------------------------------------------------------

    def _run(self, ins: Instruction, args: View, label: str) -> None:
        stage = self._current()
        text = args.text
        skip = 0
        if label == "RUN":
            while True:
                match = _FLAG_RE.match(text, skip)
                if not match:
                    break
                skip = match.end()
        body = args.slice(skip, len(text))
        script = self.ctx.new_script(label)
        before_commands = len(self.ctx.facts.commands)
        before_env = len(self.ctx.facts.env)
        if body.text.lstrip().startswith("["):
            words = _json_words(body)
            if words is not None:
                self._exec_form(words, ins, script, stage)
                return
            if _EXEC_FORM_START_RE.match(body.text):
                # Meant as exec form (`["pip", …`) but broken; a test (`[ -f x ]`) is shell form.
                self.ctx.notice(
                    f"{label} at line {ins.statement.first} is not valid JSON; read as shell form",
                    ins.statement.first,
                )
        if ins.heredocs:
            self._run_heredocs(ins, body, script, stage)
        else:
            self.ctx.embed(stage.shell, body, env=dict(stage.env), script=script)
        self._widen(ins.statement, before_commands, before_env)

    def _run_heredocs(self, ins: Instruction, body: View, script: str, stage: Stage) -> None:
        """`RUN <<EOF` (the body is the script), `RUN <<EOF bash`, `RUN python3 <<EOF`."""
        text = body.text
        offset = len(ins.args.text) - len(text)
        leading = len(text) - len(text.lstrip())
        markers: list[tuple[int, int]] = []
        pos = leading
        for heredoc in ins.heredocs:
            start, end = heredoc.marker[0] - offset, heredoc.marker[1] - offset
            if start != pos:
                break
            markers.append((start, end))
            pos = end + (len(text[end:]) - len(text[end:].lstrip(" \t")))
        rest_text = text[pos:].strip()
        if markers and not rest_text:
            for heredoc in ins.heredocs:
                self.ctx.embed(
                    _script_kind(heredoc.body, stage.shell),
                    heredoc.body,
                    env=dict(stage.env),
                    script=script,
                )
            return
        parts: list[tuple[View, int, int]] = []
        if markers:
            parts.append((body, pos, len(text)))
            parts.extend((body, start, end) for start, end in markers)
        else:
            parts.append((body, 0, len(text)))
        if ins.end is not None:
            parts.append((ins.end, 0, len(ins.end.text)))
        joined = _join_words(parts)
        self.ctx.embed(stage.shell, joined, env=dict(stage.env), script=script)

    def _exec_form(self, words: list[Word], ins: Instruction, script: str, stage: Stage) -> None:
        if not words:
            return
        cmd = Command(words=words, statement=ins.statement, script=script)
        self.ctx.add_command(cmd)
        found = invocation(cmd)
        if found is not None:
            embed_inline(self.ctx, cmd, found, lambda: dict(stage.env))

    def _widen(self, statement: LineRange, commands: int, env: int) -> None:
        """Facts written on the instruction's own lines take the whole instruction as statement."""
        first, last = statement
        for cmd in self.ctx.facts.commands[commands:]:
            if cmd.statement.first >= first and cmd.statement.last <= last:
                cmd.statement = statement
        for assign in self.ctx.facts.env[env:]:
            if assign.statement.first >= first and assign.statement.last <= last:
                assign.statement = statement

    def _copy(self, ins: Instruction) -> None:
        """`COPY <<EOF /etc/pip.conf`: the here-document is that file."""
        if not ins.heredocs:
            return
        text = ins.args.text
        last_marker = ins.heredocs[-1].marker[1]
        targets = [t for t in text[last_marker:].split() if not t.startswith("--")]
        if not targets:
            return
        target = targets[-1]
        for heredoc in ins.heredocs:
            path = target + heredoc.delimiter if target.endswith("/") else target
            kind = path_kind(path)
            if kind is not None:
                self.ctx.embed(kind, heredoc.body)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line ending."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline
        content_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        bounds.append((pos, content_end))
        pos = end + 1
    return bounds


def _script_kind(body: View, default: str) -> str:
    """A heredoc script runs with its shebang's interpreter, else the stage's shell."""
    first = body.text.split("\n", 1)[0]
    if first.startswith("#!"):
        kind = kinds.kind_from_shebang(first.encode("utf-8", "replace"))
        if kind is not None:
            return kind
    return default


def _join_words(parts: list[tuple[View, int, int]]) -> View:
    """The command text with heredoc markers moved after it, then the heredoc bodies."""
    if len(parts) == 1:
        view, start, end = parts[0]
        return view.slice(start, end)
    head = join_views(parts[:-1], " ")
    return join_views([(head, 0, len(head.text)), parts[-1]], "\n")


def _json_words(view: View) -> Optional[list[Word]]:
    """The strings of a JSON array (`["pip", "install"]`) as words, or None if not one."""
    text = view.text
    i = len(text) - len(text.lstrip())
    if i >= len(text) or text[i] != "[":
        return None
    i += 1
    words: list[Word] = []
    source = view.source
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i < len(text) and text[i] == "]" and not words:
            i += 1
            break
        if i >= len(text) or text[i] != '"':
            return None
        piece = Piece()
        i += 1
        pos = i
        while i < len(text) and text[i] != '"':
            if text[i] == "\\" and i + 1 < len(text):
                piece.add(view, pos, i)
                nxt = text[i + 1]
                if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2 : i + 6]):
                    piece.synth(chr(int(text[i + 2 : i + 6], 16)), view.to_source(i))
                    i += 6
                elif nxt in _JSON_ESCAPES:
                    piece.synth(_JSON_ESCAPES[nxt], view.to_source(i))
                    i += 2
                else:
                    return None
                pos = i
                continue
            i += 1
        if i >= len(text):
            return None
        piece.add(view, pos, i)
        words.append(piece.word(source))
        i += 1
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i < len(text) and text[i] == ",":
            i += 1
            continue
        if i < len(text) and text[i] == "]":
            i += 1
            break
        return None
    if text[i:].strip():
        return None
    return words
