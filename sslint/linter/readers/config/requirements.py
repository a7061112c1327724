"""Requirements and constraints files, read the way pip's `req_file` module reads them.

Lines ending in `\\` are joined with the next one (a comment line ends the
join), `#` at the start or after whitespace starts a comment, and a line
whose first space-separated token starts with `-` is an option line, split
with shlex. Each option line becomes a Command `pip install <options…>` (the
two leading words are synthesised at the start of the line), so pip's rule
judges it like a command line. Options after a requirement (`--hash`,
`--config-settings`) belong to that requirement and are not commands.
`${VAR}` references stay as written (pip expands them from its environment).

`-r FILE` / `-c FILE` includes are listed in `facts.extra["includes"]` so the
engine can read those files as requirements too, whatever their names.
"""

from __future__ import annotations

import re
from typing import Optional

from sslint.linter.facts import Command, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import physical_lines, split_words
from sslint.linter.source import LineRange, View, ViewBuilder

_COMMENT_RE = re.compile(r"(^|\s+)#.*$")
_ENV_RE = re.compile(r"\$\{[A-Z0-9_]+\}")

# The long options pip accepts in a requirements file (optparse: unique prefixes work).
_LONG_OPTIONS = (
    "--index-url",
    "--extra-index-url",
    "--no-index",
    "--constraint",
    "--requirement",
    "--editable",
    "--find-links",
    "--no-binary",
    "--only-binary",
    "--prefer-binary",
    "--require-hashes",
    "--pre",
    "--trusted-host",
    "--use-feature",
)
_INCLUDE_SHORT = ("-r", "-c")
_INCLUDE_LONG = ("--requirement", "--constraint")


def _logical_lines(view: View) -> list[tuple[View, LineRange]]:
    """pip's `join_lines` + comment removal: one view per logical line."""
    text = view.text
    out: list[tuple[View, LineRange]] = []
    pending: list[tuple[int, int]] = []

    def flush(pieces: list[tuple[int, int]]) -> None:
        builder = ViewBuilder(view)
        for start, end in pieces:
            builder.add(start, end)
        first = pieces[0][0]
        last = max(pieces[-1][1], first)
        out.append((builder.build(), view.line_range(first, last)))

    for start, end in physical_lines(text):
        line = text[start:end]
        if not pending and not line.lstrip().startswith("-") and not line.endswith("\\"):
            continue  # a requirement, a comment or a blank line: nothing to read
        is_comment = _COMMENT_RE.match(line) is not None
        if line.endswith("\\") and not is_comment:
            stripped_end = end
            while stripped_end > start and text[stripped_end - 1] == "\\":
                stripped_end -= 1
            pending.append((start, stripped_end))
            continue
        if is_comment and pending:
            # pip prefixes the comment with a space so that it is removed as a comment
            comment_view = ViewBuilder(view)
            for piece_start, piece_end in pending:
                comment_view.add(piece_start, piece_end)
            comment_view.synth(" ", start)
            comment_view.add(start, end)
            first = pending[0][0]
            out.append((comment_view.build(), view.line_range(first, max(end, first))))
            pending = []
            continue
        pending.append((start, end))
        flush(pending)
        pending = []
    if pending:
        flush(pending)
    return out


def _without_comment(line: View) -> tuple[int, int]:
    """The [start, end) of the logical line after comment removal and stripping."""
    match = _COMMENT_RE.search(line.text)
    end = match.start() if match else len(line.text)
    start = 0
    while start < end and line.text[start].isspace():
        start += 1
    while end > start and line.text[end - 1].isspace():
        end -= 1
    return start, end


def _options_start(text: str, start: int, end: int) -> int:
    """pip's `break_args_options`: offset of the first space-separated token starting with `-`."""
    pos = start
    while pos < end:
        next_space = text.find(" ", pos, end)
        token_end = end if next_space < 0 else next_space
        if text.startswith("-", pos):
            return pos
        pos = token_end + 1
    return end


def _long_option(name: str) -> Optional[str]:
    """The long option a (possibly abbreviated) spelling names, or None."""
    if name in _LONG_OPTIONS:
        return name
    matches = [option for option in _LONG_OPTIONS if option.startswith(name)]
    return matches[0] if len(matches) == 1 else None


def _include_target(words: list[Word], index: int) -> Optional[Word]:
    """The file named by an include option at words[index] (`-r f`, `-rf`, `--requirement=f`)."""
    word = words[index]
    text = word.text
    if text in _INCLUDE_SHORT:
        return words[index + 1] if index + 1 < len(words) else None
    if text[:2] in _INCLUDE_SHORT and not text.startswith("--"):
        return Word(word.view.slice(2, len(text)))
    if text.startswith("--"):
        name, eq, _ = text.partition("=")
        if _long_option(name) in _INCLUDE_LONG:
            if eq:
                return Word(word.view.slice(len(name) + 1, len(text)))
            return words[index + 1] if index + 1 < len(words) else None
    return None


def _with_known(word: Word) -> Word:
    if _ENV_RE.search(word.text):
        return Word(word.view, known=False, via=word.via, used_at=word.used_at)
    return word


def read(view: View, ctx: ReadContext) -> None:
    """Record each option line as a `pip install` Command and each include."""
    includes: list[str] = ctx.facts.extra.setdefault("includes", [])
    for line, statement in _logical_lines(view):
        start, end = _without_comment(line)
        if start >= end:
            continue
        options_at = _options_start(line.text, start, end)
        if options_at >= end or options_at > start:
            continue  # a requirement (with or without per-requirement options)
        words = [_with_known(w) for w in split_words(line, options_at, end)]
        if not words:
            continue
        synth = ViewBuilder(line).synth("pip", start).build()
        install = ViewBuilder(line).synth("install", start).build()
        ctx.add_command(Command(words=[Word(synth), Word(install), *words], statement=statement))
        for index in range(len(words)):
            target = _include_target(words, index)
            if target is not None and target.text:
                includes.append(target.text)
