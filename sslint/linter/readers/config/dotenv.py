"""`.env` files: `KEY=value` lines loaded into a process environment (python-dotenv, compose).

`#` lines are comments, `export KEY=value` is accepted, single-quoted values
are literal, double-quoted ones resolve `\\n` `\\t` `\\"` `\\\\` escapes and may
span lines, unquoted ones end at ` #` and lose trailing blanks. A bare `KEY`
has no value. Each assignment is an EnvAssign of scope FILE; values holding
`${VAR}` / `$VAR` are not fully known.
"""

from __future__ import annotations

import re
from typing import Optional

from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice, RunBuilder, empty_word
from sslint.linter.source import View

_KEY_RE = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*(=)?[ \t]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}
_EXPANSION_RE = re.compile(r"\$\{?[A-Za-z_]")


def _double_quoted(view: View, pos: int) -> tuple[Word, int]:
    """The value after an opening `"`, and the offset after its closing quote."""
    text = view.text
    builder = RunBuilder(view)
    start = pos
    while pos < len(text) and text[pos] != '"':
        if text[pos] == "\\" and pos + 1 < len(text) and text[pos + 1] in _ESCAPES:
            builder.synth(_ESCAPES[text[pos + 1]], pos)
            pos += 2
            continue
        builder.add(pos, pos + 1)
        pos += 1
    word = Word(builder.build()) if len(builder) else empty_word(view, start)
    return word, pos + 1


def _value(view: View, pos: int) -> tuple[Word, int, bool]:
    """The value starting at `pos`, the offset where its line ends, and whether it expands."""
    text = view.text
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    if pos < len(text) and text[pos] == "'":
        close = text.find("'", pos + 1)
        close = line_end if close < 0 else close
        word = Word(view.slice(pos + 1, close)) if close > pos + 1 else empty_word(view, pos + 1)
        after = text.find("\n", close)
        return word, len(text) if after < 0 else after, False
    if pos < len(text) and text[pos] == '"':
        word, after = _double_quoted(view, pos + 1)
        end = text.find("\n", min(after, len(text)))
        return word, len(text) if end < 0 else end, bool(_EXPANSION_RE.search(word.text))
    end = line_end
    comment = re.search(r"[ \t]#", text[pos:line_end])
    if comment:
        end = pos + comment.start()
    while end > pos and text[end - 1] in " \t\r":
        end -= 1
    word = Word(view.slice(pos, end)) if end > pos else empty_word(view, pos)
    return word, line_end, bool(_EXPANSION_RE.search(word.text))


def read(view: View, ctx: ReadContext) -> None:
    """Record every assignment of a `.env` file."""
    text = view.text
    notice = OnceNotice(ctx)
    pos = 0
    while pos < len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        stripped = text[pos:line_end].strip()
        if not stripped or stripped.startswith("#"):
            pos = line_end + 1
            continue
        match = _KEY_RE.match(text, pos, line_end)
        if not match:
            notice("not a KEY=value line", view.span(pos, pos).start_line)
            pos = line_end + 1
            continue
        value: Optional[Word] = None
        end = line_end
        if match.group(2):
            value, end, expands = _value(view, match.end())
            if expands:
                value = Word(value.view, known=False)
        ctx.add_env(
            EnvAssign(
                name=match.group(1),
                name_span=view.span(match.start(1), match.end(1)),
                value=value,
                scope=Scope.FILE,
                statement=view.line_range(match.start(1), max(end, match.end(1))),
            )
        )
        pos = end + 1
