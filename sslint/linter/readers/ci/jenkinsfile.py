"""Jenkinsfile (declarative and scripted Groovy): `sh` / `bat` / `powershell` steps
and the environment they run with.

A small Groovy tokenizer finds strings (`'…'`, `"…"`, `'''…'''`, `\"\"\"…\"\"\"`),
comments, identifiers and brackets. Steps: `sh 'cmd'`, `sh("cmd")`,
`sh(script: '…', returnStdout: true)`, `sh script: "…"`; each is one script.
Environment: `environment { NAME = 'v' }` directly in `pipeline` (Scope.WORKFLOW)
or in a `stage` (Scope.JOB), `withEnv(['A=1']) { … }` (Scope.STEP), scripted
`env.NAME = 'v'` (Scope.WORKFLOW). Groovy escapes are resolved with their
positions kept; `${…}` / `$name` interpolation is substituted by Jenkins before
the shell runs, so it becomes an unknown value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import View, ViewBuilder

_IDENT_RE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_GSTRING_NAME_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "s": " "}
_STEPS = {"sh": kinds.SHELL, "bat": kinds.BATCH, "powershell": kinds.POWERSHELL}
_STEPS["pwsh"] = kinds.POWERSHELL
_PUNCT = "{}()[],:=.+"


@dataclass
class Token:
    """An identifier, a string (with its decoded value) or one punctuation character."""

    kind: str  # "ident", "string", "punct"
    text: str
    start: int
    end: int
    value: Optional[View] = None
    interpolated: dict[str, Word] = field(default_factory=dict)


def read(view: View, ctx: ReadContext) -> None:
    """Read a Jenkinsfile."""
    tokens = tokenize(view)
    _Walker(view, ctx, tokens).walk()


# -- tokens ------------------------------------------------------------------------


def tokenize(view: View) -> list[Token]:
    """Groovy tokens; comments and white space dropped, strings decoded."""
    text = view.text
    tokens: list[Token] = []
    pos = 0
    counter = [0]
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
        elif text.startswith("//", pos):
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            pos = len(text) if end < 0 else end + 2
        elif ch in "'\"":
            token = _string(view, pos, counter)
            tokens.append(token)
            pos = token.end
        elif ch in _PUNCT:
            tokens.append(Token("punct", ch, pos, pos + 1))
            pos += 1
        else:
            match = _IDENT_RE.match(text, pos)
            if match:
                tokens.append(Token("ident", match.group(), pos, match.end()))
                pos = match.end()
            else:
                pos += 1
    return tokens


def _string(view: View, start: int, counter: list[int]) -> Token:
    """A Groovy string literal at `start`: its value as a view, interpolations replaced."""
    text = view.text
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    gstring = quote == '"'
    builder = ViewBuilder(view)
    interpolated: dict[str, Word] = {}
    pos = start + len(delimiter)
    while pos < len(text):
        if text.startswith(delimiter, pos):
            return Token(
                "string",
                text[start : pos + len(delimiter)],
                start,
                pos + len(delimiter),
                builder.build(),
                interpolated,
            )
        ch = text[pos]
        if len(delimiter) == 1 and ch == "\n":
            break  # unterminated single-line string
        if ch == "\\" and pos + 1 < len(text):
            pos = _escape(view, builder, pos)
            continue
        if gstring and ch == "$":
            end = _interpolation_end(text, pos)
            if end > pos:
                counter[0] += 1
                name = f"__groovy_{counter[0]}"
                builder.synth("${" + name + "}", pos)
                interpolated[name] = Word(view.slice(pos, end), known=False)
                pos = end
                continue
        builder.add(pos, pos + 1)
        pos += 1
    return Token("string", text[start:pos], start, pos, builder.build(), interpolated)


def _escape(view: View, builder: ViewBuilder, pos: int) -> int:
    text = view.text
    code = text[pos + 1]
    if code == "\n":
        return pos + 2  # line continuation inside a string
    if code in _ESCAPES:
        builder.synth(_ESCAPES[code], pos)
        return pos + 2
    if code == "u" and re.match(r"[0-9a-fA-F]{4}", text[pos + 2 : pos + 6]):
        builder.synth(chr(int(text[pos + 2 : pos + 6], 16)), pos)
        return pos + 6
    builder.add(pos + 1, pos + 2)  # \\ \' \" \$ and anything else: the character itself
    return pos + 2


def _interpolation_end(text: str, pos: int) -> int:
    """End of a `${…}` (braces balanced) or `$name.attr` interpolation at `pos`."""
    if text.startswith("${", pos):
        depth = 0
        for index in range(pos + 1, len(text)):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    return index + 1
        return pos
    match = _GSTRING_NAME_RE.match(text, pos)
    return match.end() if match else pos


# -- structure ---------------------------------------------------------------------


@dataclass
class _Frame:
    kind: str  # "pipeline", "stage", "environment", "env", "other"
    env: dict[str, Word] = field(default_factory=dict)


class _Walker:
    def __init__(self, view: View, ctx: ReadContext, tokens: list[Token]) -> None:
        self.view = view
        self.ctx = ctx
        self.tokens = tokens
        self.stack: list[_Frame] = []
        self.pending: Optional[_Frame] = None  # the frame the next `{` opens
        self.globals: dict[str, Word] = {}

    def walk(self) -> None:
        index = 0
        while index < len(self.tokens):
            index = self.step(index)

    def env(self) -> dict[str, Word]:
        """Variables visible here: every enclosing block's, inner ones winning."""
        out: dict[str, Word] = dict(self.globals)
        for frame in self.stack:
            out.update(frame.env)
        return out

    def at(self, index: int, kind: str, text: Optional[str] = None) -> bool:
        if index >= len(self.tokens):
            return False
        token = self.tokens[index]
        return token.kind == kind and (text is None or token.text == text)

    def step(self, index: int) -> int:
        token = self.tokens[index]
        if token.kind == "punct" and token.text == "{":
            self.stack.append(self.pending or _Frame("other"))
            self.pending = None
            if self.stack[-1].kind == "environment":
                return self.environment(index + 1)
            return index + 1
        if token.kind == "punct" and token.text == "}":
            if self.stack:
                self.stack.pop()
            return index + 1
        if token.kind != "ident":
            return index + 1
        name = token.text
        if name == "pipeline" and self.at(index + 1, "punct", "{"):
            self.pending = _Frame("pipeline")
        elif name == "stage" and self.at(index + 1, "punct", "("):
            self.pending = _Frame("stage")
        elif name == "environment" and self.at(index + 1, "punct", "{"):
            self.pending = _Frame("environment")
        elif name == "withEnv" and self.at(index + 1, "punct", "("):
            return self.with_env(index + 2)
        elif name == "env" and self.at(index + 1, "punct", ".") and self.at(index + 2, "ident"):
            if self.at(index + 3, "punct", "=") and self.at(index + 4, "string"):
                self.assign(self.tokens[index + 2], self.tokens[index + 4], Scope.WORKFLOW)
                return index + 5
        elif name in _STEPS and not self.at(index - 1, "punct", "."):
            return self.shell_step(index)
        return index + 1

    def environment(self, index: int) -> int:
        """`NAME = value` pairs up to the closing brace of an `environment { }` block."""
        owner = self.stack[-2].kind if len(self.stack) >= 2 else "pipeline"
        scope = Scope.JOB if owner == "stage" else Scope.WORKFLOW
        while index < len(self.tokens) and not self.at(index, "punct", "}"):
            if self.at(index, "ident") and self.at(index + 1, "punct", "="):
                name_token = self.tokens[index]
                if self.at(index + 2, "string"):
                    self.assign(name_token, self.tokens[index + 2], scope)
                else:
                    self.assign(name_token, None, scope)
                index += 2
            else:
                index += 1
        return index  # the `}` pops the frame

    def assign(self, name: Token, value: Optional[Token], scope: Scope) -> None:
        """Record `NAME = value`; the value is visible in the block the assignment covers."""
        word: Optional[Word] = None
        if value is not None and value.value is not None:
            word = Word(value.value, known=not value.interpolated)
        lines = self.view.line_range(name.start, (value or name).end)
        name_span = self.view.span(name.start, name.end)
        self.ctx.add_env(EnvAssign(name.text, name_span, word, scope, lines))
        if word is None:
            return
        if self.stack and self.stack[-1].kind == "environment" and len(self.stack) >= 2:
            self.stack[-2].env[name.text] = word  # the pipeline or stage that holds the block
        else:
            self.globals[name.text] = word  # scripted `env.NAME = …`: the rest of the run

    def with_env(self, index: int) -> int:
        """`withEnv(['A=1', "B=$x"]) {`: step-scoped variables for the block."""
        frame = _Frame("env")
        while index < len(self.tokens) and not self.at(index, "punct", ")"):
            token = self.tokens[index]
            if token.kind == "string" and token.value is not None:
                value = token.value
                name, sep, _ = value.text.partition("=")
                if sep and _NAME_RE.match(name):
                    word = Word(
                        value.slice(len(name) + 1, len(value.text)), known=not token.interpolated
                    )
                    frame.env[name] = word
                    lines = self.view.line_range(token.start, token.end)
                    self.ctx.add_env(
                        EnvAssign(name, value.span(0, len(name)), word, Scope.STEP, lines)
                    )
            index += 1
        self.pending = frame
        return index + 1

    def shell_step(self, index: int) -> int:
        """`sh 'cmd'`, `sh("cmd")`, `sh(script: 'cmd', …)`, `sh script: "cmd"`."""
        kind = _STEPS[self.tokens[index].text]
        cursor = index + 1
        parens = self.at(cursor, "punct", "(")
        if parens:
            cursor += 1
        script: Optional[Token] = None
        if self.at(cursor, "string"):
            script = self.tokens[cursor]
        else:
            # named arguments: look for `script:` up to the end of the call / line
            probe = cursor
            line = self.view.span(self.tokens[index].start, self.tokens[index].end).start_line
            while probe + 2 < len(self.tokens):
                token = self.tokens[probe]
                if parens and token.kind == "punct" and token.text == ")":
                    break
                if not parens and self.view.span(token.start, token.end).start_line != line:
                    break
                if token.text == "script" and self.at(probe + 1, "punct", ":"):
                    if self.at(probe + 2, "string"):
                        script = self.tokens[probe + 2]
                    break
                probe += 1
        if script is None or script.value is None:
            return index + 1
        env = self.env()
        env.update(script.interpolated)
        label = self.ctx.new_script(f"{self.tokens[index].text}@{script.start}")
        self.ctx.embed(kind, script.value, env=env, script=label)
        return index + 1
