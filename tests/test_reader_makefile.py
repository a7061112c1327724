"""Makefile reader: recipes as shell, make variables expanded to where they are written."""

from __future__ import annotations

from sslint.linter import kinds, readers
from sslint.linter.facts import Command, FileFacts, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import Source


def read(text: str) -> FileFacts:
    source = Source("Makefile", text)
    facts = FileFacts(source=source, kind=kinds.MAKEFILE)
    reader = readers.reader_for(kinds.MAKEFILE)
    assert reader is not None
    reader(source.whole(), ReadContext(facts))
    return facts


def pos(word: Word) -> tuple[int, int]:
    return (word.span.start_line, word.span.start_column)


def texts(command: Command) -> list[str]:
    return [w.text for w in command.words]


MAKEFILE = """\
PYTHON ?= python3
PYTHON ?= python2
PIP_FLAGS := --trusted-host pypi.corp.example  # the proxy
PIP_FLAGS += -q
export PIP_INDEX_URL = http://pypi.corp.example/simple

install: deps
\t$(PYTHON) -m pip install $(PIP_FLAGS) -r requirements.txt

fixtures:
\t@curl -fsSLk https://x.corp.example/f.tgz \\
\t    | tar -xz
\t-wget --no-check-certificate u; echo $$HOME ${UNKNOWN}
# pip install --trusted-host in a comment

lint: ; @echo "never use --trusted-host"
"""


def test_recipes_are_commands_with_variables_expanded_where_written() -> None:
    facts = read(MAKEFILE)
    pip = facts.commands[0]
    assert texts(pip) == [
        "python3",
        "-m",
        "pip",
        "install",
        "--trusted-host",
        "pypi.corp.example",
        "-q",
        "-r",
        "requirements.txt",
    ]
    assert pos(pip.words[0]) == (1, 11)
    assert pos(pip.words[4]) == (3, 14)
    assert pos(pip.words[6]) == (4, 14)
    assert tuple(pip.statement) == (8, 8)


def test_prefixes_continuations_and_dollars() -> None:
    facts = read(MAKEFILE)
    programs = [c.words[0].text for c in facts.commands]
    assert programs == ["python3", "curl", "tar", "wget", "echo", "echo"]
    curl = facts.commands[1]
    assert pos(curl.words[1]) == (11, 8)
    assert tuple(curl.statement) == (11, 12)
    tar = facts.commands[2]
    assert pos(tar.words[0]) == (12, 8)
    wget = facts.commands[3]
    assert pos(wget.words[1]) == (13, 8)
    echo = facts.commands[4]
    assert [w.text for w in echo.words[1:]] == ["$HOME", "${UNKNOWN}"]
    assert curl.script == wget.script != pip_script(facts)
    lint = facts.commands[5]
    assert pos(lint.words[0]) == (16, 10)


def pip_script(facts: FileFacts) -> str:
    return facts.commands[0].script


def test_export_is_environment_of_every_recipe() -> None:
    facts = read(MAKEFILE)
    (assign,) = facts.env
    assert assign.name == "PIP_INDEX_URL" and assign.scope is Scope.SCRIPT
    assert (assign.name_span.start_line, assign.name_span.start_column) == (5, 8)
    assert assign.value is not None and assign.value.text == "http://pypi.corp.example/simple"
    facts = read("export OPTS = --trusted-host h\nall:\n\tsh -c 'pip install $$OPTS'\n")
    pip = facts.commands[-1]
    assert texts(pip) == ["pip", "install", "--trusted-host", "h"]
    assert pos(pip.words[2]) == (1, 15)


def test_recipeprefix_and_target_specific_variables() -> None:
    facts = read(
        ".RECIPEPREFIX = >\n"
        "FLAGS = -q\n"
        "ci: FLAGS = --insecure\n"
        "ci:\n"
        "> curl $(FLAGS) u\n"
        "other:\n"
        "> curl $(FLAGS) v\n"
    )
    first, second = facts.commands
    assert texts(first) == ["curl", "--insecure", "u"]
    assert pos(first.words[1]) == (3, 13)
    assert texts(second) == ["curl", "-q", "v"]
