"""Command normalisation: wrappers, interpreters, paths."""

from __future__ import annotations

import pytest

from sslint.linter.commands import invocation, program_name
from sslint.linter.facts import Command, Word
from sslint.linter.source import LineRange, Source


def _command(line: str) -> Command:
    src = Source("x.sh", line)
    whole = src.whole()
    words = []
    pos = 0
    for part in line.split(" "):
        words.append(Word(whole.slice(pos, pos + len(part))))
        pos += len(part) + 1
    return Command(words=words, statement=LineRange(1, 1))


@pytest.mark.parametrize(
    ("line", "program", "first_arg"),
    [
        ("pip install x", "pip", "install"),
        ("pip3.12 install x", "pip", "install"),
        ("/usr/local/bin/pip3 install x", "pip", "install"),
        ("sudo -E -u root pip install x", "pip", "install"),
        ("env A=1 B=2 python3 -m pip install x", "pip", "install"),
        ("python3.12 -u -W ignore -m pip install x", "pip", "install"),
        ("py -3 -m pip install x", "pip", "install"),
        ("timeout 60 nice -n 5 curl -k u", "curl", "-k"),
        ("/opt/conda/bin/conda run -n base pip install x", "pip", "install"),
        ("poetry run pip install x", "pip", "install"),
        ("xargs -n 1 pip install", "pip", "install"),
        ("C:\\Python312\\python.exe -m pip install x", "pip", "install"),
        ("conda config --set ssl_verify false", "conda", "config"),
        ("nohup exec command time -p pip install x", "pip", "install"),
        ("stdbuf -oL busybox wget -q u", "wget", "-q"),
        ("timeout -s KILL 5m pip install x", "pip", "install"),
        ("sudo -H -u root .venv/bin/pip install x", "pip", "install"),
        ("mamba run -n env pip install x", "pip", "install"),
        ("micromamba run -n env curl -k u", "curl", "-k"),
        ("conda run -n base --no-capture-output python -m pip install x", "pip", "install"),
        ("pipenv run pip install x", "pip", "install"),
        ("hatch run -e test pip install x", "pip", "install"),
        ("pdm run pip install x", "pip", "install"),
        ("uv run --with rich python -m pip install x", "pip", "install"),
        ("uv run --trusted-host h --with rich curl -k u", "curl", "-k"),
        ("uv run --frozen", "uv", "run"),
        ("uvx --allow-insecure-host=h ruff", "uvx", "--allow-insecure-host=h"),
        ("pipx run pip-tools x", "pip-tools", "x"),
        ("py -3.12 -m pip install x", "pip", "install"),
        ("docker run --rm -it -v /a:/b -e A=1 python:3.12 pip install x", "pip", "install"),
        ("docker run --entrypoint=pip python:3.12 install x", "pip", "install"),
        ("docker --context ci exec -w /src web pip install x", "pip", "install"),
        ("kubectl --context=prod -n ci exec -it pod -c app -- pip install x", "pip", "install"),
        ("sudo -u app docker compose exec -T web curl -k u", "curl", "-k"),
        ("find . -name '*.whl' -exec pip install {} +", "pip", "install"),
        ("sshpass -p secret ssh h ls", "ssh", "h"),
        ("gosu app timeout 5 curl -k u", "curl", "-k"),
        ("docker build -t curl -k .", "docker", "build"),
    ],
)
def test_invocation(line: str, program: str, first_arg: str) -> None:
    found = invocation(_command(line))
    assert found is not None
    assert found.program == program
    assert found.args[0].text == first_arg


def test_env_wrapper_assignments_are_one_command_env() -> None:
    found = invocation(_command("env NODE_TLS_REJECT_UNAUTHORIZED=0 npx gen"))
    assert found is not None and found.program == "npx"
    (assign,) = found.env
    assert assign.name == "NODE_TLS_REJECT_UNAUTHORIZED"
    assert assign.value is not None and assign.value.text == "0"
    assert (assign.name_span.start_column, assign.name_span.end_column) == (5, 33)


def test_container_env_and_find_terminator() -> None:
    found = invocation(_command("docker run -e PIP_TRUSTED_HOST=h --env=B=2 -e C img pip list"))
    assert found is not None and found.program == "pip"
    assert [(a.name, a.value.text if a.value else None) for a in found.env] == [
        ("PIP_TRUSTED_HOST", "h"),
        ("B", "2"),
    ]
    found = invocation(_command("find . -exec curl -k {} ; -print"))
    assert found is not None and [w.text for w in found.args] == ["-k", "{}"]


def test_program_name() -> None:
    assert program_name("pip3") == "pip"
    assert program_name("curl.exe") == "curl"
    assert program_name("git") == "git"


def test_interpreter_held_in_a_variable() -> None:
    src = Source("x.sh", '"$PYTHON" -m pip install x')
    whole = src.whole()
    words = [
        Word(whole.slice(1, 8), known=False),
        Word(whole.slice(10, 12)),
        Word(whole.slice(13, 16)),
        Word(whole.slice(17, 24)),
    ]
    found = invocation(Command(words=words, statement=LineRange(1, 1)))
    assert found is not None and found.program == "pip"
    assert found.args[0].text == "install"
