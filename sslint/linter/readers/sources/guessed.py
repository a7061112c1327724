"""Strings and environment maps in structured files of no known format, read as a guess.

The next pipeline or dev-environment format still runs its commands from
strings and sets variables from maps. In a YAML, JSON or TOML file sslint knows
no format for, each string value is looked at with the keys that lead to it:

- under an `env` / `environment` / `variables` map, a `NAME: value` entry is an
  environment assignment;
- a string one of whose lines starts with a command a rule knows (pip, conda,
  curl, wget, git, npm, uv, apt-get, …, after an optional `sudo`) is read as
  shell;
- a list of strings whose first one is such a command (or a shell, `python`,
  `sudo`, `env`) is read as an argv (`GuessedArgv`: `["pip", "install", …]`).

Both are guesses: what is found there is probable, and an error only a warning
(`ReadContext.guess`). Prose is not a command, and data for people names
commands too (`"curl -k skips certificate checks"`), so a string is read only
when every line that starts a known command reads as a command line: its
words up to the first shell operator or comment are options, URLs, paths,
package specs and other arguments, not the words of a sentence (`is`,
`never`, `instead`, `unsafe`, a contraction, a comma after a word, a full
stop at the end). Nothing is read under keys that hold text for people
(`description`, `help`, `insecureWarning`, `warning.insecure`, `faq`, …) or in
files of messages (under `locales/`, `i18n/`, `translations/` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional, Union

from sslint.linter import kinds
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Templates, substitute
from sslint.linter.source import LineRange

_COMMAND_WORDS = (
    r"pip[0-9.]*|python[0-9.]*[ \t]+-m[ \t]+pip|uv|uvx|curl|wget|git|conda|mamba|micromamba"
    r"|npm|npx|yarn|pnpm|apt-get|apt|yum|dnf|apk|poetry|pipx|pixi|helm|kubectl|ansible-galaxy"
)
# A line that starts a command a rule knows (`sudo -E pip …`, `/usr/bin/curl …`).
_COMMAND_LINE_RE = re.compile(
    r"^[ \t]*(?:sudo[ \t]+(?:-\S+[ \t]+)*)?(?:\S*/)?(?:" + _COMMAND_WORDS + r")[ \t]",
    re.MULTILINE,
)
# A command word such a line starts with, followed by any white space (`names_a_command`).
_COMMAND_WORD_RE = re.compile(r"(?:" + _COMMAND_WORDS + r")\s")
_ENV_MAPS = frozenset({"env", "environment", "variables", "env_vars", "environment_variables"})
_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Keys whose values are text for people or quoted samples, not something a program runs
# (a key anywhere above a string counts: `x-code-samples: [{source: "curl -k …"}]`).
_PROSE_KEYS = frozenset(
    {
        "about",
        "comment",
        "comments",
        "description",
        "detail",
        "details",
        "doc",
        "docs",
        "documentation",
        "example",
        "examples",
        "help",
        "hint",
        "info",
        "label",
        "line_text",
        "message",
        "msg",
        "name",
        "note",
        "notes",
        "placeholder",
        "sample",
        "samples",
        "snippet",
        "snippets",
        "summary",
        "text",
        "title",
        "tooltip",
        "usage",
        "x-code-samples",
        "x-codesamples",
    }
)


# Keys and file names made of one of these words hold messages for people.
_MESSAGE_WORDS = frozenset(
    {
        "answer",
        "answers",
        "caption",
        "comment",
        "comments",
        "description",
        "example",
        "examples",
        "faq",
        "faqs",
        "help",
        "hint",
        "hints",
        "i18n",
        "l10n",
        "label",
        "locale",
        "locales",
        "message",
        "messages",
        "msg",
        "note",
        "notes",
        "placeholder",
        "question",
        "questions",
        "sample",
        "samples",
        "summary",
        "tip",
        "tips",
        "title",
        "tooltip",
        "translation",
        "translations",
        "warning",
        "warnings",
    }
)
_MESSAGE_FOLDERS = frozenset({"i18n", "l10n", "locale", "locales", "translations"})
_KEY_CHUNK_RE = re.compile(r"[^A-Za-z0-9]+")
_CAMEL_RE = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# Words of a sentence that are no argument of a command a rule knows: function words
# and the words written about these very switches.
_PROSE_WORDS = frozenset(
    {
        "an",
        "are",
        "avoid",
        "be",
        "because",
        "but",
        "can",
        "cannot",
        "dangerous",
        "disables",
        "does",
        "if",
        "ignores",
        "insecure",
        "instead",
        "is",
        "it",
        "its",
        "must",
        "never",
        "not",
        "of",
        "should",
        "skips",
        "that",
        "the",
        "this",
        "to",
        "unsafe",
        "was",
        "we",
        "were",
        "when",
        "will",
        "would",
        "you",
        "your",
    }
)
# Ends a simple command: `;`, `&&`, `||`, `|`, `&`, a redirection, a subshell, a newline.
_OPERATORS = frozenset(";&|<>()`\n")
_PUNCTUATED_RE = re.compile(r"\w[\w\])]*,\Z")
_FINAL_STOP_RE = re.compile(r".*[A-Za-z][.!?]\Z")

# The first word of a guessed argv: a command a rule knows, or one that runs another.
_ARGV_HEAD_RE = re.compile(
    r"(?:\S*/)?(?:" + _COMMAND_WORDS + r"|python[0-9.]*|sh|bash|dash|sudo|env)\Z"
)


def starts_an_argv(first: str) -> bool:
    """Whether `first`, the first string of a list, names a command an argv list runs."""
    return _ARGV_HEAD_RE.match(first) is not None


def is_env_map(key: str) -> bool:
    """Whether a key names a map of environment variables (`env`, `environment`, …)."""
    return key.lower() in _ENV_MAPS


def holds_a_command(text: str) -> bool:
    """Whether a line of `text` starts a command a rule knows and every such line reads
    as a command line, not as a sentence."""
    found = False
    for match in _COMMAND_LINE_RE.finditer(text):
        end = text.find("\n", match.end())
        if _reads_as_prose(text[match.end() : len(text) if end < 0 else end]):
            return False
        found = True
    return found


def names_a_command(text: str) -> bool:
    """Whether a command word a line of `holds_a_command` starts with is written in `text`
    followed by white space (true of any text that holds such a line, even with the
    blanks after its words written as other white space)."""
    return _COMMAND_WORD_RE.search(text) is not None


def names_an_env_map(text: str) -> bool:
    """Whether a name `is_env_map` takes may be written in `text` (each holds `env` or
    `variables`)."""
    lowered = text.lower()
    return "env" in lowered or "variables" in lowered


def _reads_as_prose(rest: str) -> bool:
    """Whether the words after a command's name, up to the first shell operator or
    comment, are those of a sentence (quoted words are arguments, whatever they say)."""
    words: list[str] = []
    word: Optional[str] = ""  # None: the word being read has a quoted or escaped part
    i = 0
    while i < len(rest):
        char = rest[i]
        if char in " \t\r":
            if word != "":
                words.append(word or "")
            word, i = "", i + 1
            continue
        if char in _OPERATORS or (char == "#" and word == ""):
            break
        if char == "'" and word and word[-1].isalpha() and rest[i + 1 : i + 2].isalpha():
            return True  # a contraction: don't, isn't, it's
        if char in "'\"\\":
            close = i + 2 if char == "\\" else _closing_quote(rest, i)
            word, i = None, close
            continue
        word = None if word is None else word + char
        i += 1
    if word != "":
        words.append(word or "")
    return _sentence(words)


def _closing_quote(text: str, start: int) -> int:
    """The offset after the quoted part that opens at `start` (the end of the text when
    it is not closed there)."""
    quote, i = text[start], start + 1
    while i < len(text) and text[i] != quote:
        i += 2 if quote == '"' and text[i] == "\\" else 1
    return min(i + 1, len(text))


def _sentence(words: list[str]) -> bool:
    """Whether unquoted words (quoted ones are "") read as a sentence: a word of prose,
    a comma after a word, or a full stop, question or exclamation mark at the end."""
    for word in words:
        if word.rstrip(".,!?").lower() in _PROSE_WORDS or _PUNCTUATED_RE.match(word):
            return True
    return bool(words) and _FINAL_STOP_RE.match(words[-1]) is not None


@lru_cache(maxsize=1024)
def _prose_key(key: str) -> bool:
    """Whether a key names text for people: a prose key, or one whose words include a
    word for a message (`insecureWarning`, `warning.insecure`, `faq_items`)."""
    if key.lower() in _PROSE_KEYS:
        return True
    for chunk in _KEY_CHUNK_RE.split(key):
        parts = [chunk, *_CAMEL_RE.findall(chunk)]
        if any(part.lower() in _MESSAGE_WORDS for part in parts):
            return True
    return False


def prose_file(path: str) -> bool:
    """Whether a file is one of messages for people (under `locales/`, `i18n/`, …, or
    named so: `i18n.json`)."""
    parts = path.replace("\\", "/").lower().split("/")
    return any(part in _MESSAGE_FOLDERS for part in parts[:-1]) or (
        parts[-1].split(".")[0] in _MESSAGE_FOLDERS
    )


@dataclass(frozen=True)
class GuessedString:
    """A string value, the keys that lead to it (list items take their list's key) and
    the key word that names it (None for a list item)."""

    path: tuple[str, ...]
    key: Optional[Word]
    value: Word
    statement: LineRange


@dataclass(frozen=True)
class GuessedArgv:
    """A list of strings that reads as an argv, with the keys that lead to it."""

    path: tuple[str, ...]
    words: tuple[Word, ...]
    statement: LineRange


def worth_reading(path: tuple[str, ...], named: bool, value: str) -> bool:
    """Whether a string value under `path` (`named`: the last key names it) is read:
    an environment entry or a command, under no prose key (a cheap look, before any
    position is worked out)."""
    if not (_is_env_entry(path, named) or holds_a_command(value)):
        return False
    return not any(_prose_key(part) for part in path)


def _is_env_entry(path: tuple[str, ...], named: bool) -> bool:
    return named and len(path) > 1 and is_env_map(path[-2]) and bool(_ENV_NAME_RE.match(path[-1]))


def read_guessed(
    ctx: ReadContext, strings: Iterable[Union[GuessedString, GuessedArgv]], label: str
) -> None:
    """Record the environment maps and read the command strings and argvs, each as a guess
    (nothing in a file of messages)."""
    from sslint.linter.commands import invocation
    from sslint.linter.readers.scripts.shell import embed_inline

    if prose_file(ctx.path):
        return
    for string in strings:
        if isinstance(string, GuessedArgv):
            if any(_prose_key(part) for part in string.path):
                continue
            ctx.guess(string.statement)
            script = ctx.new_script(label)
            command = Command(words=list(string.words), statement=string.statement, script=script)
            ctx.add_command(command)
            found = invocation(command)
            if found is not None:
                embed_inline(ctx.child(script=script), command, found, dict)
            continue
        named = string.key is not None
        if not worth_reading(string.path, named, string.value.text):
            continue
        if string.key is not None and _is_env_entry(string.path, named):
            ctx.guess(string.statement)
            ctx.add_env(
                EnvAssign(
                    name=string.key.text,
                    name_span=string.key.span,
                    value=string.value,
                    scope=Scope.FILE,
                    statement=string.statement,
                )
            )
        elif holds_a_command(string.value.text):
            ctx.guess(string.statement)
            # `${{ … }}` of a CI template: unknown words, as the CI readers read them.
            text, values = substitute(string.value.view, Templates())
            ctx.embed(kinds.SHELL, text, env=values, script=ctx.new_script(label))
