"""The Python reader: the code itself for the Python rules, plus the commands it runs.

Works on any view: a whole `.py` file, the string of `python -c "…"`, the body
of a `python - <<EOF` here-document or of a GitHub `shell: python` step. Every
position goes through the view, so findings land in the file the user owns.
"""

from __future__ import annotations

import re
from typing import Optional

from sslint.linter import kinds
from sslint.linter.facts import PythonCode
from sslint.linter.readers import READER_GATES, ReadContext
from sslint.linter.readers.python.parse import parsed
from sslint.linter.source import View

# Substrings without which code can run no command and set no variable. `system` is
# also an everyday word ("filesystem", "the remote system"): it counts only as a
# call's attribute (`os.system`, `o.system`) or where `os` names are imported
# (`from os import system as run`), the two ways the reader resolves `os.system`.
_FACT_TOKENS = tuple(token.decode() for token in READER_GATES[kinds.PYTHON] if token != b"system")
_OS_SYSTEM = re.compile(r"\.\s*system\b|\bfrom\s+os\s+import\b")
# The names holding one of those tokens that the reader resolves (`python.facts`): the
# token counts only where it is written as one of them, whole (`os.environ`, `import
# subprocess`, `"environ"` in `getattr`), not inside a longer word (`ENVIRONMENT`,
# `environment_ids`, `SubprocessError`).
FACT_NAMES = frozenset(
    {"subprocess", "create_subprocess_exec", "create_subprocess_shell", "popen", "environ"}
    | {"putenv", "nox", "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp"}
    | {"execlpe"}
)
# The token and the rest of the word it starts (a literal prefix: searched at C speed).
_WORD_FROM = {token: re.compile(re.escape(token) + r"\w*") for token in _FACT_TOKENS}


def _runs_things(text: str, gated: Optional[tuple[str, ...]] = None) -> bool:
    """Can this code run a command or set a variable that a rule reads (as far as its text shows)?

    `gated`: the tokens the rules reading commands and variables need; code that holds
    none of them can run nothing they report.
    """
    if not any(_names_a_fact(text, token) for token in _FACT_TOKENS) and not (
        "system" in text and _OS_SYSTEM.search(text) is not None
    ):
        return False
    if gated is None:
        return True
    lowered = text.lower()
    return any(_outside_comments(lowered, token) for token in gated)


def _names_a_fact(text: str, token: str) -> bool:
    """Is `token` written in `text` as one of the `FACT_NAMES`, a whole word?"""
    if token not in text:
        return False
    for found in _WORD_FROM[token].finditer(text):
        start = found.start()
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        if text[start : found.end()] in FACT_NAMES:
            return True
    return False


def _outside_comments(text: str, token: str) -> bool:
    """Is `token` written somewhere in `text` other than after a `#` that starts a comment?

    A `#` with no quote before it on its line starts a comment (or, inside an open
    triple-quoted string, comment-like text such as a license header).
    """
    position = text.find(token)
    while position >= 0:
        line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
        before = text[line_start:position]
        if "#" not in before or "'" in before or '"' in before:
            return True
        position = text.find(token, position + len(token))
    return False


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
