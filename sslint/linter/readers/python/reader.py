"""The Python reader: the code itself for the Python rules, plus the commands it runs.

Works on any view: a whole `.py` file, the string of `python -c "…"`, the body
of a `python - <<EOF` here-document or of a GitHub `shell: python` step. Every
position goes through the view, so findings land in the file the user owns.
"""

from __future__ import annotations

from functools import cache
from typing import Optional

from ahocorasick_rs import AhoCorasick

from sslint.linter.facts import PythonCode
from sslint.linter.readers import ReadContext
from sslint.linter.readers.python.gate import names_a_fact
from sslint.linter.readers.python.parse import parsed
from sslint.linter.source import View
from sslint.linter.token_search import word_search


def _runs_things(text: str, gated: Optional[tuple[str, ...]] = None) -> bool:
    """Can this code run a command or set a variable that a rule reads (as far as its text shows)?

    `gated`: the tokens the rules reading commands and variables need; code that holds
    none of them, other than in comments, can run nothing they report.
    """
    if not names_a_fact(text):
        return False
    if gated is None:
        return True
    lowered = text.lower()
    found = _search(gated).find_matches_as_indexes(lowered, True)
    return any(_outside_comments(lowered, start) for _, start, _ in found)


@cache
def _search(tokens: tuple[str, ...]) -> AhoCorasick:
    return word_search(tokens)


def _outside_comments(text: str, position: int) -> bool:
    """Is `position` somewhere other than after a `#` that starts a comment?

    A `#` with no quote before it on its line starts a comment (or, inside an open
    triple-quoted string, comment-like text such as a license header).
    """
    line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    before = text[line_start:position]
    return "#" not in before or "'" in before or '"' in before


def read(view: View, ctx: ReadContext) -> None:
    """Record the code for the Python rules and read its commands and environment.

    The code is parsed here only when it can run a command or set a variable;
    the rules parse it when they need it (see `python.parse.parsed`).
    """
    code = PythonCode(view, view.line_range(0, len(view.text)))
    ctx.facts.python.append(code)
    narrow = ctx.facts.narrow
    runs_things = _runs_things(view.text, ctx.facts.gated if narrow else None)
    if narrow and not runs_things:
        return
    tree = parsed(ctx.facts, code)
    if tree.tree is None or not runs_things:
        return
    from sslint.linter.readers.python.facts import PythonFacts

    PythonFacts(tree, ctx).run()
