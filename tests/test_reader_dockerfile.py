"""Dockerfile reader: instructions, continuations, RUN forms, heredocs, ENV/ARG and stages."""

from __future__ import annotations

import pytest

from sslint.linter import kinds, readers
from sslint.linter.facts import Command, FileFacts, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import Source, View


def read(text: str) -> FileFacts:
    source = Source("Dockerfile", text)
    facts = FileFacts(source=source, kind=kinds.DOCKERFILE)
    reader = readers.reader_for(kinds.DOCKERFILE)
    assert reader is not None
    reader(source.whole(), ReadContext(facts))
    return facts


def pos(word: Word) -> tuple[int, int]:
    return (word.span.start_line, word.span.start_column)


def texts(command: Command) -> list[str]:
    return [w.text for w in command.words]


def find(facts: FileFacts, program: str) -> Command:
    return next(c for c in facts.commands if c.words[0].text == program)


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, View]]:
    seen: list[tuple[str, View]] = []
    for kind in (kinds.PIP_CONF, kinds.CONDARC, kinds.PYTHON, kinds.BATCH, kinds.POWERSHELL):

        def record(view: View, ctx: ReadContext, kind: str = kind) -> None:
            seen.append((kind, view))

        monkeypatch.setitem(readers._LOADED, kind, record)
    return seen


def test_continuations_with_comments_and_blank_lines_between() -> None:
    facts = read(
        "FROM python:3.12\n"
        "RUN pip3 install \\\n"
        "      --no-cache-dir \\\n"
        "  # a comment inside the instruction\n"
        "\n"
        "      --trusted-host=pypi.corp.example \\\n"
        "      pkg\n"
        "# pip install --trusted-host never\n"
        "run curl -k https://x.corp.example\n"
    )
    pip = find(facts, "pip3")
    assert texts(pip) == [
        "pip3",
        "install",
        "--no-cache-dir",
        "--trusted-host=pypi.corp.example",
        "pkg",
    ]
    assert pos(pip.words[3]) == (6, 7)
    assert tuple(pip.statement) == (2, 7)
    curl = find(facts, "curl")
    assert pos(curl.words[1]) == (9, 10)
    assert curl.script != pip.script
    assert [c.words[0].text for c in facts.commands] == ["pip3", "curl"]


def test_run_flags_are_skipped_and_chains_share_one_statement() -> None:
    facts = read(
        "FROM x\n"
        "RUN --mount=type=cache,target=/root/.cache/pip --network=host pip install a \\\n"
        " && conda config --set ssl_verify false\n"
    )
    pip, conda = facts.commands
    assert texts(pip)[:3] == ["pip", "install", "a"]
    assert pos(pip.words[0]) == (2, 63)
    assert tuple(conda.statement) == (2, 3)
    assert conda.script == pip.script and conda.seq > pip.seq


def test_exec_form_and_sh_c_in_exec_form() -> None:
    facts = read(
        "FROM x\n"
        'RUN ["pip", "install", "--trusted-host", "h\\u0041", "p"]\n'
        'RUN ["/bin/sh", "-c", "wget --no-check-certificate \\"u\\""]\n'
        'CMD ["python", "-m", "app"]\n'
    )
    pip = find(facts, "pip")
    assert texts(pip) == ["pip", "install", "--trusted-host", "hA", "p"]
    assert pos(pip.words[2]) == (2, 25)
    wget = find(facts, "wget")
    assert texts(wget) == ["wget", "--no-check-certificate", "u"]
    assert pos(wget.words[1]) == (3, 29)
    assert texts(find(facts, "python")) == ["python", "-m", "app"]


def test_env_pairs_legacy_form_and_arg_travel_into_run() -> None:
    facts = read(
        "FROM ubuntu:22.04\n"
        "ARG PIP_FLAGS=--trusted-host=pypi.corp.example\n"
        "ARG UNSET_ARG\n"
        "ENV SSL_NO_VERIFY=1\n"
        "ENV NODE_TLS_REJECT_UNAUTHORIZED 0\n"
        'ENV A=1 \\\n    HOSTS="pypi.corp.example files.corp.example" \\\n    PYTHONHTTPSVERIFY=0\n'
        "RUN pip install $PIP_FLAGS x\n"
    )
    env = {e.name: e for e in facts.env}
    assert env["PIP_FLAGS"].scope is Scope.STAGE
    assert env["SSL_NO_VERIFY"].scope is Scope.IMAGE
    legacy = env["NODE_TLS_REJECT_UNAUTHORIZED"]
    assert legacy.value is not None and legacy.value.text == "0"
    assert (legacy.name_span.start_line, legacy.name_span.start_column) == (5, 5)
    hosts = env["HOSTS"]
    assert hosts.value is not None and hosts.value.text == "pypi.corp.example files.corp.example"
    assert hosts.name_span.start_line == 7 and tuple(hosts.statement) == (6, 8)
    assert env["PYTHONHTTPSVERIFY"].name_span.start_line == 8
    assert "UNSET_ARG" not in env
    pip = find(facts, "pip")
    assert texts(pip) == ["pip", "install", "--trusted-host=pypi.corp.example", "x"]
    assert pos(pip.words[2]) == (2, 15)
    assert pip.words[2].via == "$PIP_FLAGS on line 9"


def test_env_cleared_later_and_stages_do_not_share_variables() -> None:
    facts = read(
        "ARG GLOBAL=--trusted-host=g.corp.example\n"
        "FROM x AS build\n"
        "ENV SSL_NO_VERIFY=1\n"
        "ENV GIT_SSL_NO_VERIFY=1\n"
        "ENV GIT_SSL_NO_VERIFY=\n"
        "RUN pip install $GLOBAL $SSL_NO_VERIFY\n"
        "FROM y\n"
        "ARG GLOBAL\n"
        "RUN pip install $GLOBAL $SSL_NO_VERIFY\n"
    )
    env = {e.name: e for e in facts.env}
    git = env["GIT_SSL_NO_VERIFY"]
    assert git.unset_at is not None and git.unset_at.start_line == 5
    ssl = env["SSL_NO_VERIFY"]
    assert ssl.unset_at is not None and ssl.unset_at.start_line == 7  # the stage ends
    first, second = facts.commands
    assert texts(first)[2:] == ["$GLOBAL", "1"]
    assert texts(second)[2:] == ["--trusted-host=g.corp.example", "$SSL_NO_VERIFY"]
    assert pos(second.words[2]) == (1, 12)


def test_stage_built_on_a_stage_keeps_its_env() -> None:
    facts = read("FROM x AS base\nENV SSL_NO_VERIFY=1\nFROM base\nRUN echo $SSL_NO_VERIFY\n")
    assert texts(facts.commands[0]) == ["echo", "1"]
    assert facts.env[0].unset_at is None


def test_heredocs_run_scripts_stdin_and_copy(embedded: list[tuple[str, View]]) -> None:
    facts = read(
        "# syntax=docker/dockerfile:1.7\n"
        "FROM x\n"
        "COPY <<EOF /opt/conda/.condarc\n"
        "ssl_verify: false\n"
        "EOF\n"
        "RUN <<EOF\n"
        "pip install \\\n"
        "    --trusted-host h\n"
        "EOF\n"
        "RUN <<'SCRIPT' bash\n"
        "curl -k u\n"
        "SCRIPT\n"
        "RUN python3 <<EOF\n"
        "import ssl\n"
        "EOF\n"
        "RUN curl -x u v\n"
    )
    assert [(k, v.text) for k, v in embedded] == [
        (kinds.CONDARC, "ssl_verify: false\n"),
        (kinds.PYTHON, "import ssl\n"),
    ]
    assert embedded[0][1].span(0, 10).start_line == 4
    pip = find(facts, "pip")
    assert pos(pip.words[2]) == (8, 5)
    curls = [c for c in facts.commands if c.words[0].text == "curl"]
    assert [pos(c.words[1]) for c in curls] == [(11, 6), (16, 10)]


def test_escape_directive_and_windows_shell(embedded: list[tuple[str, View]]) -> None:
    read(
        "# escape=`\n"
        "FROM python:3.12-windowsservercore\n"
        'SHELL ["cmd", "/S", "/C"]\n'
        "WORKDIR C:\\build\\\n"
        "RUN python -m pip install `\n"
        "      --trusted-host pypi.corp.example\n"
        'SHELL ["pwsh", "-Command"]\n'
        "RUN Invoke-WebRequest u\n"
    )
    assert [k for k, _ in embedded] == [kinds.BATCH, kinds.POWERSHELL]
    view = embedded[0][1]
    assert view.text == "python -m pip install       --trusted-host pypi.corp.example"
    assert view.span(28, 42).start_line == 6


def test_broken_dockerfiles_give_notices_and_keep_going() -> None:
    facts = read(
        'FROM x\nRUN ["pip", "install"\nRUN curl -k u\nRUN <<EOF\nwget --no-check-certificate u\n'
    )
    assert find(facts, "curl")
    assert find(facts, "wget")
    messages = [n.message for n in facts.notices]
    assert any("not valid JSON" in m for m in messages)
    assert any("<<EOF" in m and "not terminated" in m for m in messages)
    assert read("\\\n\\\n").commands == []
