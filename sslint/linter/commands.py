"""Command normalisation shared by every rule: which program really runs, with which arguments.

`sudo -E pip3.12 install x`, `env A=1 python3 -m pip install x`,
`/opt/conda/bin/conda run -n base pip install x`, `"$PY" -m pip install x` and
`docker run -e X=1 IMAGE pip install x` (see `wrappers`) all come out as
program `pip` with arguments `install x`. Rules match the program name and
read the arguments; they never see wrappers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.wrappers import BUILDERS, UNWRAPPERS, build_args, unwrap

_VERSION_SUFFIX = re.compile(r"(?:[-_]?\d+(?:\.\d+)*)?(?:\.exe)?$", re.IGNORECASE)
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")

# Programs known by a versioned or suffixed spelling: pip3, pip3.12, python3.12.
_VERSIONED = frozenset({"pip", "python", "pypy", "conda", "mamba", "micromamba", "uv", "poetry"})

# Wrappers: name -> options that take an argument (the wrapped command follows the options).
_WRAPPER_OPTIONS: dict[str, frozenset[str]] = {
    "sudo": frozenset(
        {"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user", "--group"}
    ),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-p", "-t"}),
    "time": frozenset({"-f", "--format", "-o", "--output"}),
    "timeout": frozenset({"-s", "--signal", "-k", "--kill-after"}),
    "nohup": frozenset(),
    "exec": frozenset({"-a"}),
    "command": frozenset(),
    "builtin": frozenset(),
    "xargs": frozenset(
        {
            "-a",
            "-d",
            "-E",
            "-e",
            "-I",
            "-i",
            "-L",
            "-l",
            "-n",
            "-P",
            "-s",
            "--arg-file",
            "--delimiter",
        }
    ),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "chronic": frozenset(),
    "retry": frozenset({"-t", "--times", "-d", "--delay"}),
    "busybox": frozenset(),
    "setsid": frozenset(),
    "nsenter": frozenset({"-t", "--target", "-S", "--setuid", "-G", "--setgid"}),
    "fakeroot": frozenset({"-l", "--lib", "--faked", "-s", "-i"}),
    "unbuffer": frozenset(),
    "sshpass": frozenset({"-p", "-f", "-d", "-P"}),
}
# `timeout 60 cmd`: positional arguments before the command.
_WRAPPER_POSITIONALS = {"timeout": 1}

# `<tool> run [opts] cmd…` runners: tool -> options that take an argument.
_RUNNERS: dict[str, frozenset[str]] = {
    "conda": frozenset({"-n", "--name", "-p", "--prefix", "--cwd"}),
    "mamba": frozenset({"-n", "--name", "-p", "--prefix", "--cwd"}),
    "micromamba": frozenset({"-n", "--name", "-p", "--prefix", "--cwd", "-r", "--root-prefix"}),
    "poetry": frozenset({"-C", "--directory", "-P", "--project"}),
    "pipenv": frozenset(),
    # `uv run`'s own options come before the command (`uv run --with x --trusted-host h cmd`).
    "uv": frozenset(
        {
            "--with",
            "--with-editable",
            "--with-requirements",
            "--python",
            "-p",
            "--directory",
            "--project",
            "--package",
            "--extra",
            "--no-extra",
            "--group",
            "--no-group",
            "--only-group",
            "--env-file",
            "--index",
            "--default-index",
            "--index-url",
            "-i",
            "--extra-index-url",
            "--find-links",
            "-f",
            "--allow-insecure-host",
            "--trusted-host",
            "--cache-dir",
            "--config-file",
            "--config-setting",
            "-C",
            "--keyring-provider",
            "--index-strategy",
            "--resolution",
            "--prerelease",
            "--fork-strategy",
            "--exclude-newer",
            "--link-mode",
            "--color",
            "--python-platform",
            "--upgrade-package",
            "-P",
            "--reinstall-package",
            "--refresh-package",
            "--no-binary-package",
            "--no-build-package",
        }
    ),
    "hatch": frozenset({"-e", "--env"}),
    "pdm": frozenset({"-p", "--project"}),
    "pipx": frozenset({"--spec", "--python", "--pip-args", "--index-url", "-i"}),
    "pixi": frozenset({"-e", "--environment", "--manifest-path"}),
}

# Python interpreter options that take an argument (before `-m`).
_PYTHON_ARG_OPTIONS = frozenset({"-W", "-X", "-Q"})


@dataclass
class Invocation:
    """The program a command really runs and its arguments.

    `program` is normalised (`pip3.12` -> `pip`, `python -m pip` -> `pip`,
    `/usr/bin/curl` -> `curl`); `program_word` is the word that named it;
    `env` holds the assignments made for this invocation only (prefix
    assignments and `env NAME=value` wrapper arguments). `runner` names the
    innermost `<tool> run` that started the program (`pipx` of
    `pipx run --pip-args "…" pkg`, `uv` of `uv run --trusted-host h pytest`)
    and `runner_args` holds that runner's own options.
    """

    program: str
    program_word: Word
    args: list[Word]
    env: list[EnvAssign] = field(default_factory=list)
    command: Optional[Command] = None
    runner: str = ""
    runner_args: list[Word] = field(default_factory=list)


@lru_cache(maxsize=4096)
def program_name(text: str) -> str:
    """Normalise a program spelling: strip directories, versions and `.exe`."""
    base = text.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    if not base[-1:].isdigit() and not base.endswith(".exe"):
        return base  # nothing for the version pattern to strip
    stripped = _VERSION_SUFFIX.sub("", base) or base
    if stripped in _VERSIONED:
        return stripped
    if base.endswith(".exe"):
        return base[:-4]
    return base


def _is_python(name: str, word: Word) -> bool:
    if name in ("python", "pypy", "py"):
        return True
    # "$PY", "${PYTHON}", sys.executable: an interpreter held in a variable.
    text = word.text
    return not word.known and bool(re.search(r"py(thon)?\b|executable", text, re.IGNORECASE))


def _skip_options(words: list[Word], i: int, with_arg: frozenset[str]) -> int:
    """Index of the first non-option word from `i`, skipping options and their arguments."""
    while i < len(words):
        text = words[i].text
        if text == "--":
            return i + 1
        if not text.startswith("-") or text == "-":
            return i
        if text in with_arg:
            i += 2
        else:
            i += 1
    return i


# Names after which `invocation` looks further than the first word.
_NOT_PLAIN = frozenset(_WRAPPER_OPTIONS) | frozenset(UNWRAPPERS) | frozenset(_RUNNERS) | BUILDERS
_PYTHONS = frozenset({"python", "pypy", "py"})


def invocation(command: Command) -> Optional[Invocation]:
    """Strip wrappers and interpreters from a command; None if nothing runs."""
    words = command.words
    if words:
        # The common case: a known program, neither wrapper, runner nor interpreter.
        word = words[0]
        text = word.text
        if word.known and "=" not in text:
            name = program_name(text)
            if name not in _NOT_PLAIN and name not in _PYTHONS:
                return Invocation(name, word, words[1:], list(command.env), command)
    words = list(words)
    env = list(command.env)
    runner = ""
    runner_args: list[Word] = []
    i = 0
    for _ in range(16):  # wrappers nest, but not forever
        # Leading NAME=value words (after `env`, or left by a reader).
        while i < len(words) and "=" in words[i].text and _ASSIGN.match(words[i].text):
            env.append(_assignment(words[i], command))
            i += 1
        if i >= len(words):
            return None
        word = words[i]
        name = program_name(word.text)
        if name in _WRAPPER_OPTIONS:
            i = _skip_options(words, i + 1, _WRAPPER_OPTIONS[name])
            i += _WRAPPER_POSITIONALS.get(name, 0)
            continue
        inner = unwrap(name, words, i)
        if inner is not None:
            words, i = inner.words, inner.start
            env.extend(_assignment(assign, command) for assign in inner.env)
            continue
        if name in _RUNNERS and i + 1 < len(words) and words[i + 1].text in ("run", "exec"):
            # `uv run --with x pytest`, `pipx run pkg args`: what follows the options runs.
            j = _skip_options(words, i + 2, _RUNNERS[name])
            if j < len(words):
                runner, runner_args = name, words[i + 2 : j]
                i = j
                continue
            # Nothing after the options (`uv run --frozen`): the tool itself is the program.
        if _is_python(name, word):
            j = _skip_options_python(words, i + 1)
            if j + 1 < len(words) and words[j].text == "-m":
                program, word, rest = program_name(words[j + 1].text), words[j + 1], j + 2
            elif j < len(words) and words[j].text.startswith("-m") and len(words[j].text) > 2:
                program, word, rest = program_name(words[j].text[2:]), words[j], j + 1
            else:
                program, rest = "python", i + 1
        else:
            program, rest = name, i + 1
            built = build_args(name, words[rest:])
            env.extend(_assignment(arg, command, Scope.STAGE) for arg in built)
        return Invocation(
            program=program,
            program_word=word,
            args=words[rest:],
            env=env,
            command=command,
            runner=runner,
            runner_args=runner_args,
        )
    return None


def _skip_options_python(words: list[Word], i: int) -> int:
    """Skip interpreter options (`-u`, `-W ignore`, `-3` for the `py` launcher) before `-m`."""
    while i < len(words):
        text = words[i].text
        if text == "-m" or text.startswith("-m") or text == "-c" or not text.startswith("-"):
            return i
        i += 2 if text in _PYTHON_ARG_OPTIONS else 1
    return i


def _assignment(word: Word, command: Command, scope: Scope = Scope.COMMAND) -> EnvAssign:
    """`NAME=value` given by a wrapper (`env`, `docker run -e`) as a one-command assignment.

    `docker build --build-arg` passes Scope.STAGE: a build's `ARG`, as compose `build.args`.
    """
    name, _, _ = word.text.partition("=")
    name_view = word.view.slice(0, len(name))
    value_view = word.view.slice(len(name) + 1, len(word.text))
    return EnvAssign(
        name=name,
        name_span=name_view.span(0, len(name)),
        value=Word(value_view, known=word.known, via=word.via, used_at=word.used_at),
        scope=scope,
        statement=command.statement,
        exported=True,
        script=command.script,
        seq=command.seq,
    )
