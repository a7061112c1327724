"""Docker Compose: environment scopes, string and exec-form commands, build args."""

from __future__ import annotations

import pytest
from reader_yaml_support import read, where

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.readers.scripts.compose import read as read_compose

COMPOSE = """\
x-env: &common
  GIT_SSL_NO_VERIFY: "1"
services:
  api:
    build:
      context: .
      args:
        - PIP_TRUSTED_HOST=pypi.corp.example
    environment:
      - PYTHONHTTPSVERIFY=0
      - BARE_NAME
  web:
    environment:
      <<: *common
      SSL_NO_VERIFY: "1"
    command: ["sh", "-c", "npm config set strict-ssl false && npm start"]
    healthcheck:
      test: ["CMD-SHELL", "curl -k https://localhost/health"]
  worker:
    environment: *common
    entrypoint: ["/usr/bin/pip", "install", "--trusted-host", "h.corp.example", "x"]
    command: sh -c "pip install --index-url http://pypi.corp.example/simple x"
"""


def test_environment_forms_and_scopes(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_compose, COMPOSE, monkeypatch, path="docker-compose.yml")
    assert result.env() == {
        "PIP_TRUSTED_HOST": ("pypi.corp.example", "stage", 8, 11),
        "PYTHONHTTPSVERIFY": ("0", "service", 10, 9),
        "BARE_NAME": ("", "service", 11, 9),
        "GIT_SSL_NO_VERIFY": ("1", "service", 2, 3),
        "SSL_NO_VERIFY": ("1", "service", 15, 7),
    }
    assert [a.name for a in result.facts.env].count("GIT_SSL_NO_VERIFY") == 1
    value = result.facts.env[0].value
    assert value is not None and value.span.start_column == 28


def test_exec_form_commands_are_argv_words(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_compose, COMPOSE, monkeypatch, path="docker-compose.yml")
    argvs = [[w.text for w in c.words] for c in result.facts.commands]
    assert argvs[0] == ["sh", "-c", "npm config set strict-ssl false && npm start"]
    pip = result.facts.commands[-1]
    assert [w.text for w in pip.words][:3] == ["/usr/bin/pip", "install", "--trusted-host"]
    flag = pip.words[2]
    assert (flag.span.start_line, flag.span.start_column) == where(COMPOSE, "--trusted-host")
    # `sh -c` code and the shell-form health check and command are embedded as shell
    shells = [(e.kind, e.view.text) for e in result.embedded]
    assert shells == [
        (kinds.SHELL, "npm config set strict-ssl false && npm start"),
        (kinds.SHELL, "curl -k https://localhost/health"),
        (kinds.SHELL, 'sh -c "pip install --index-url http://pypi.corp.example/simple x"'),
    ]
    assert result.embedded[0].at("strict-ssl") == where(COMPOSE, "strict-ssl")
    assert result.embedded[1].at("-k") == where(COMPOSE, "-k https")


def test_compose_findings_end_to_end() -> None:
    found = scan_bytes(COMPOSE.encode(), "docker-compose.yml", Config())
    assert not found.notices
    got = sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in found.findings)
    assert got == [
        ("SSL101", 8, 11),
        ("SSL101", *where(COMPOSE, "--trusted-host")),
        ("SSL102", *where(COMPOSE, "http://pypi")),
        ("SSL104", 15, 7),
        ("SSL201", *where(COMPOSE, "-k https")),
        ("SSL203", 2, 3),
        ("SSL204", *where(COMPOSE, "strict-ssl")),
        ("SSL205", 10, 9),
    ]
