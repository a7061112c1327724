"""Build arguments linked to the Dockerfile they build (build-push-action, compose)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from _click import cli_runner

from sslint.cli import main

Row = tuple[str, str, int, int, int, str, str]

WORKFLOW = """\
on: push
jobs:
  img:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/app.Dockerfile
          build-args: |
            PIP_ARGS=--trusted-host pypi.corp.example
            FETCH_FLAGS=-k
            PIP_TRUSTED_HOST=pypi.corp.example
            UNUSED_FLAGS=-k
            SAFE_ARGS=--cert /etc/ssl/corp.pem
"""

DOCKERFILE = """\
FROM python:3.12
ARG PIP_ARGS
ARG FETCH_FLAGS SAFE_ARGS=
RUN pip install $PIP_ARGS -r requirements.txt && \\
    pip install ${SAFE_ARGS} flask
RUN curl $FETCH_FLAGS https://get.corp.example/x.sh -o x.sh
RUN ["sh", "-c", "curl $UNUSED_FLAGS https://x"]
RUN curl -k https://own.corp.example
"""

COMPOSE = """\
services:
  app:
    build:
      context: ./app
      args:
        PIP_ARGS: --trusted-host pypi.corp.example
        PIP_TRUSTED_HOST: pypi.corp.example
  web:
    build:
      context: ./web
      dockerfile: Web.Dockerfile
      args:
        - FETCH_FLAGS=-k
        - NODE_TLS_REJECT_UNAUTHORIZED=0
  remote:
    build:
      context: https://github.com/corp/app.git
      args:
        PIP_TRUSTED_HOST: pypi.corp.example
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "sslint.toml").write_text("")
    return root


def _findings(cwd: Path, *args: str) -> list[Row]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = cli_runner().invoke(main, ["--no-cache", *args, "--format", "json"])
    finally:
        os.chdir(old)
    assert "Traceback" not in result.stderr
    return [
        (
            f["path"],
            f["rule"],
            f["line"],
            f["column"],
            f["end_column"],
            f["precision"],
            f["level"],
        )
        for f in json.loads(result.stdout)
    ]


def test_build_push_args_are_read_where_the_dockerfile_uses_them(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "repo",
        {".github/workflows/img.yml": WORKFLOW, "docker/app.Dockerfile": DOCKERFILE},
    )
    assert _findings(root, ".") == [
        # the workflow's values, pasted where the Dockerfile's RUNs write them
        (".github/workflows/img.yml", "SSL101", 11, 22, 36, "proven", "error"),
        (".github/workflows/img.yml", "SSL201", 12, 25, 27, "proven", "error"),
        # PIP_TRUSTED_HOST and UNUSED_FLAGS: no `ARG`, no effect on the build.
        # The Dockerfile's own switch, reported there only.
        ("docker/app.Dockerfile", "SSL201", 8, 10, 12, "proven", "error"),
    ]


def test_an_argument_the_dockerfile_declares_is_build_environment(tmp_path: Path) -> None:
    dockerfile = "FROM python:3.12\nARG PIP_TRUSTED_HOST\nRUN pip install -r r.txt\n"
    root = _write(
        tmp_path / "repo",
        {".github/workflows/img.yml": WORKFLOW, "docker/app.Dockerfile": dockerfile},
    )
    assert _findings(root, ".github") == [
        (".github/workflows/img.yml", "SSL101", 13, 13, 29, "proven", "error"),
    ]


def test_without_the_dockerfile_the_arguments_are_a_guess(tmp_path: Path) -> None:
    root = _write(tmp_path / "repo", {".github/workflows/img.yml": WORKFLOW})
    assert _findings(root, ".") == [
        # by name only, as before: probable, and a warning
        (".github/workflows/img.yml", "SSL101", 13, 13, 29, "probable", "warning"),
    ]
    outside = WORKFLOW.replace("docker/app.Dockerfile", "../app.Dockerfile")
    (tmp_path / "app.Dockerfile").write_text(DOCKERFILE)
    (root / ".github/workflows/img.yml").write_text(outside)
    assert [row[1:] for row in _findings(root, ".")] == [
        ("SSL101", 13, 13, 29, "probable", "warning"),
    ]


def test_the_workflow_holds_no_switch_word_and_is_still_read(tmp_path: Path) -> None:
    workflow = WORKFLOW.split("            PIP_ARGS")[0] + "            FETCH_FLAGS=-k\n"
    root = _write(
        tmp_path / "repo",
        {".github/workflows/img.yml": workflow, "docker/app.Dockerfile": DOCKERFILE},
    )
    assert _findings(root, ".github") == [
        (".github/workflows/img.yml", "SSL201", 11, 25, 27, "proven", "error"),
    ]


def test_a_changed_dockerfile_changes_the_workflow_result_with_the_cache_on(
    tmp_path: Path,
) -> None:
    dockerfile = "FROM python:3.12\nRUN pip install -r r.txt\n"
    root = _write(
        tmp_path / "repo",
        {".github/workflows/img.yml": WORKFLOW, "docker/app.Dockerfile": dockerfile},
    )
    old = os.getcwd()
    os.chdir(root)
    try:
        runs = []
        for text in (dockerfile, dockerfile.replace("RUN", "ARG PIP_TRUSTED_HOST\nRUN")):
            (root / "docker/app.Dockerfile").write_text(text)
            result = cli_runner().invoke(main, [".github", "--format", "json"])
            runs.append([(f["rule"], f["line"]) for f in json.loads(result.stdout)])
    finally:
        os.chdir(old)
    assert runs == [[], [("SSL101", 13)]]


def test_compose_build_args_follow_the_dockerfile_of_the_context(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "repo",
        {
            "docker-compose.yml": COMPOSE,
            "app/Dockerfile": "FROM python:3.12\nARG PIP_ARGS\nRUN pip install $PIP_ARGS x\n",
            "web/Web.Dockerfile": (
                "FROM node:20\nARG FETCH_FLAGS\nARG NODE_TLS_REJECT_UNAUTHORIZED\n"
                "RUN curl ${FETCH_FLAGS} https://x.corp.example && npm ci\n"
            ),
        },
    )
    assert _findings(root, "docker-compose.yml") == [
        ("docker-compose.yml", "SSL101", 6, 19, 33, "proven", "error"),
        # line 7: PIP_TRUSTED_HOST, not declared by app/Dockerfile
        ("docker-compose.yml", "SSL201", 13, 23, 25, "proven", "error"),
        ("docker-compose.yml", "SSL204", 14, 11, 39, "proven", "error"),
        # a remote context: the Dockerfile is not in the repository
        ("docker-compose.yml", "SSL101", 19, 9, 25, "probable", "warning"),
    ]
