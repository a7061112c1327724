"""apt.conf and apt.conf.d files, read like apt's `ReadConfigFile`.

`Acquire::https::Verify-Peer "false";` and the nested form
`Acquire { https { Verify-Peer "false"; }; };` both become a Setting with key
"Acquire::https::Verify-Peer" (the scopes joined with `::`, each part as
written) and the span of the innermost key. `//` and `#` start comments
outside quotes (except the `#clear` / `#include` directives, which are
skipped), `/* … */` is a block comment. Values may be quoted or bare.
List items without a key (`{ "a"; "b"; }`) are not settings.
"""

from __future__ import annotations

from typing import NamedTuple

from sslint.linter import kinds
from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice, empty_word
from sslint.linter.source import View

_DIRECTIVES = ("#clear", "#include", "#x-apt-configure-index")


class _Token(NamedTuple):
    kind: str  # "word", "string", "{", "}", ";"
    start: int
    end: int


def _tokens(view: View, notice: OnceNotice) -> list[_Token]:
    text = view.text
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
        elif text.startswith("//", pos) or (char == "#" and not text.startswith(_DIRECTIVES, pos)):
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            pos = len(text) if close < 0 else close + 2
        elif char == "#":  # a directive: skip it up to its `;`
            semi = text.find(";", pos)
            pos = len(text) if semi < 0 else semi + 1
        elif char in "{};":
            out.append(_Token(char, pos, pos + 1))
            pos += 1
        elif char == '"':
            close = text.find('"', pos + 1)
            if close < 0:
                notice("unterminated quote in apt configuration", view.span(pos, pos).start_line)
                close = len(text)
            out.append(_Token("string", pos + 1, close))
            pos = close + 1
        else:
            stop = pos
            while stop < len(text) and not text[stop].isspace() and text[stop] not in '{};"':
                stop += 1
            out.append(_Token("word", pos, stop))
            pos = stop
    return out


def read(view: View, ctx: ReadContext) -> None:
    """Record every `Scope::Key "value";` of an apt configuration file."""
    text = view.text
    scopes: list[str] = []
    pending: list[_Token] = []
    notice = OnceNotice(ctx)
    for token in _tokens(view, notice):
        if token.kind not in "{};":
            pending.append(token)
            continue
        if token.kind == "{":
            if pending and pending[0].kind == "word":
                scopes.append(text[pending[0].start : pending[0].end].rstrip(":"))
            else:
                scopes.append("")
        elif token.kind == "}":
            if scopes:
                scopes.pop()
            else:
                notice(
                    "unbalanced '}' in apt configuration",
                    view.span(token.start, token.start).start_line,
                )
        elif len(pending) >= 2 and pending[0].kind == "word":
            key, value = pending[0], pending[1]
            path = "::".join([s for s in scopes if s] + [text[key.start : key.end]])
            word = (
                Word(view.slice(value.start, value.end))
                if value.end > value.start
                else empty_word(view, value.start)
            )
            ctx.add_setting(
                Setting(
                    file_kind=kinds.APT_CONF,
                    section=(),
                    key=path,
                    key_span=view.span(key.start, key.end),
                    value=word,
                    statement=view.line_range(key.start, token.end),
                )
            )
        pending = []
