"""Parse Python 3 code written for a newer Python than the one running sslint.

`ast` only knows the syntax of the interpreter it runs on: on 3.11, a PEP 695
`class Endpoint[T](ABC):`, a `type X = …` statement or a PEP 701 f-string
(`f"{x["key"]}"`) is a syntax error, and so is `match` on 3.9. Instead of
dropping the whole module to the token fallback, the statement the parser
stops at is neutralised in a copy of the text and the parse is retried:

- type parameters of a `class`/`def` header are blanked (`class Endpoint   (ABC):`);
- `except*` loses its star;
- any other block header becomes `if 1:`, any other statement `pass`, and the
  rest of a statement over several lines is blanked.

Every replacement keeps each line's length, so all positions in the tree are
positions in the real text. Python 2 code (a `print` statement, `except X, e:`,
a `0777` literal) is not repaired: that is another language, left to the token
fallback.
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Optional

# Syntax errors that mark Python 2 source.
_PYTHON2 = (
    "Missing parentheses in call to",
    "multiple exception types must be parenthesized",
    "leading zeros in decimal integer literals",
)
_MAX_REPAIRS = 12
_TYPE_PARAMS = re.compile(r"^(\s*(?:async\s+)?(?:def|class)\s+\w+\s*)\[")
_EXCEPT_STAR = re.compile(r"^(\s*except)\s*\*")
# Lines as the tokenizer counts them (`str.splitlines` also splits at form feeds and more).
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_HEADER_END = re.compile(r":\s*(?:#.*)?$")


class Repaired:
    """A tree parsed from a neutralised copy of the text, and the lines left out.

    `lines` are the first lines of the statements left out; `blanked` every line
    whose code is missing from the tree (a statement over several lines blanks all).
    """

    def __init__(self, tree: ast.Module, lines: list[int], blanked: list[int]) -> None:
        self.tree = tree
        self.lines = lines
        self.blanked = blanked


def repair(text: str, error: SyntaxError) -> Optional[Repaired]:
    """The tree of `text` with the statements the parser rejects left out, or None.

    None for Python 2 code, for errors without a line, and when more than a
    few statements would have to go.
    """
    lines = _LINES.findall(text)
    left_out: list[int] = []
    blanked: list[int] = []
    for _ in range(_MAX_REPAIRS):
        line = error.lineno
        if any(marker in (error.msg or "") for marker in _PYTHON2):
            return None
        if not isinstance(line, int) or not 0 < line <= len(lines) or line in left_out:
            return None
        blanked += (index + 1 for index in _neutralise(lines, line - 1, error.msg or ""))
        left_out.append(line)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return Repaired(ast.parse("".join(lines)), sorted(left_out), sorted(blanked))
        except SyntaxError as again:
            error = again
        except (ValueError, RecursionError, MemoryError):
            return None
    return None


def _neutralise(lines: list[str], index: int, message: str) -> range:
    """Rewrite the statement starting at `lines[index]` so that it parses, same lengths.

    Returns the indices of the lines whose code is gone (none when only type
    parameters or a star go: nothing there can switch verification off).
    """
    line = lines[index]
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    params = _TYPE_PARAMS.match(body)
    if params is not None:
        close = _closing_bracket(body, params.end() - 1)
        if close is not None:
            lines[index] = body[: params.end() - 1] + " " * (close + 1 - params.end() + 1)
            lines[index] += body[close + 1 :] + ending
            return range(0)
    star = _EXCEPT_STAR.match(body)
    if star is not None:
        lines[index] = body.replace("*", " ", 1) + ending
        return range(0)
    indent = body[: len(body) - len(body.lstrip())]
    if "unexpected indent" in message or not body.strip():
        lines[index] = " " * len(body) + ending
        return range(index, index + 1)
    header = bool(_HEADER_END.search(body))
    stub = "if 1:" if header else "pass"
    code = body[len(indent) :]
    lines[index] = indent + stub + " " * max(0, len(code) - len(stub)) + ending
    # The rest of a statement over several lines: blank until the brackets close.
    depth = _depth(code)
    following = index + 1
    while depth > 0 and following < len(lines):
        rest = lines[following].rstrip("\r\n")
        lines[following] = " " * len(rest) + lines[following][len(rest) :]
        depth += _depth(rest)
        following += 1
    return range(index, following)


def _closing_bracket(text: str, start: int) -> Optional[int]:
    """Index of the `]` closing the `[` at `start` on the same line."""
    depth = 0
    for position in range(start, len(text)):
        char = text[position]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return position if char == "]" else None
    return None


def _depth(code: str) -> int:
    """Brackets opened minus closed on a line, outside strings and comments (roughly)."""
    depth = 0
    quote = ""
    for char in code:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            break
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
    return depth
