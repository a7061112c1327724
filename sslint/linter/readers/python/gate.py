"""The names through which Python code runs a command or sets a variable.

The reader (`python.facts`) resolves calls such as `subprocess.run`,
`os.system` and `os.environ[...] = …`; each needs one of the reader's gate
words (`readers.READER_GATES`) written as a whole name, not inside a longer
word (`ENVIRONMENT`, `environment_ids`, `SubprocessError`). These tests tell
the two apart, on text (the reader) and on lower-case bytes (the prefilter,
which must let through at least what the reader reads).
"""

from __future__ import annotations

import re

from sslint.linter.token_search import word_search

# The names holding a gate word that the reader resolves (`os.environ`, `import
# subprocess`, `"environ"` in `getattr`). `system` is separate: it is an everyday
# word ("filesystem", "the remote system") and counts only as a call's attribute
# (`os.system`, `o.system`) or where `os` names are imported (`from os import system`).
FACT_NAMES = frozenset(
    {"subprocess", "create_subprocess_exec", "create_subprocess_shell", "popen", "environ"}
    | {"putenv", "nox", "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp"}
    | {"execlpe"}
)
FACT_TOKENS = ("subprocess", "popen", "environ", "putenv", "execv", "execl", "nox")
_SYSTEM_ATTRIBUTE = re.compile(r"\.\s*system\b")
# The word start before `from` is checked after a match: a pattern that starts
# with `\b` has no literal prefix, so `re` would try it at every position.
_FROM_OS = re.compile(r"from\s+os\s+import\b")

# Every token in one pass; a token's word is the run of word characters around it.
_FACT_SEARCH = word_search(FACT_TOKENS)
# A token and the rest of the word it starts (a literal prefix: searched at C speed).
_BYTES_WORD_FROM = {
    token: re.compile(re.escape(token.encode()) + rb"[a-z0-9_]*") for token in FACT_TOKENS
}
_BYTES_FACT_NAMES = frozenset(name.encode() for name in FACT_NAMES)
_BYTES_SYSTEM = re.compile(rb"\.\s*system(?![a-z0-9_])")
_BYTES_FROM_OS = re.compile(rb"from\s+os\s+import")
_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_")


def names_a_fact(text: str) -> bool:
    """Does Python code name something through which the reader sees it run or set things?"""
    size = len(text)
    for _, start, end in _FACT_SEARCH.find_matches_as_indexes(text, True):
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        while end < size and (text[end].isalnum() or text[end] == "_"):
            end += 1
        if text[start:end] in FACT_NAMES:
            return True
    if "system" not in text:
        return False
    return _SYSTEM_ATTRIBUTE.search(text) is not None or _imports_from_os(text)


def _imports_from_os(text: str) -> bool:
    """Is `from os import` written in `text` as words (not the end of `xfrom`)?"""
    for found in _FROM_OS.finditer(text):
        start = found.start()
        if not start or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
    return False


def may_name_a_fact(lowered: bytes) -> bool:
    """The prefilter's test, on a file's lower-case bytes: True wherever `names_a_fact` can be.

    Only ASCII letters, digits and `_` extend a word here (the reader also counts other
    letters), and case is ignored, so this lets through a superset of what the reader reads.
    """
    for token in FACT_TOKENS:
        if token.encode() in lowered:
            for found in _BYTES_WORD_FROM[token].finditer(lowered):
                start = found.start()
                while start and lowered[start - 1] in _NAME_BYTES:
                    start -= 1
                if lowered[start : found.end()] in _BYTES_FACT_NAMES:
                    return True
    if b"system" in lowered and _BYTES_SYSTEM.search(lowered) is not None:
        return True
    return b"from" in lowered and _BYTES_FROM_OS.search(lowered) is not None
