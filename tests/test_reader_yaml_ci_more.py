"""Azure Pipelines, CircleCI, Bitbucket Pipelines and Travis CI readers."""

from __future__ import annotations

import pytest
from reader_yaml_support import read, where

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.readers.ci.azure import read as read_azure
from sslint.linter.readers.ci.bitbucket import read as read_bitbucket
from sslint.linter.readers.ci.circleci import read as read_circleci
from sslint.linter.readers.ci.travis import read as read_travis


def rules(text: str, path: str) -> list[tuple[str, int, int]]:
    result = scan_bytes(text.encode(), path, Config())
    assert not result.notices, result.notices
    return sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)


AZURE = """\
variables:
  PIP_TRUSTED_HOST: pypi.corp.example
  pip.flags: --index-url http://pypi.corp.example/simple
stages:
  - stage: build
    variables:
      - name: SSL_NO_VERIFY
        value: 1
      - group: corp-secrets
    jobs:
      - job: linux
        steps:
          - script: |
              python -m pip install --upgrade pip
              pip install $(pip.flags) x
          - bash: conda config --set ssl_verify false
          - task: CmdLine@2
            inputs:
              script: curl -k https://x.corp.example
          - task: Bash@3
            inputs:
              targetType: filePath
              filePath: scripts/build.sh
          - pwsh: pip install --trusted-host h.corp.example x
          - script: conda skeleton pypi corp-sdk
            env:
              SSL_NO_VERIFY: "1"
"""


def test_azure_steps_variables_and_macros(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_azure, AZURE, monkeypatch, path="azure-pipelines.yml")
    assert [(e.kind, e.view.text.split("\n")[0]) for e in result.embedded] == [
        (kinds.SHELL, "python -m pip install --upgrade pip"),
        (kinds.SHELL, "conda config --set ssl_verify false"),
        (kinds.SHELL, "curl -k https://x.corp.example"),
        (kinds.POWERSHELL, "pip install --trusted-host h.corp.example x"),
        (kinds.SHELL, "conda skeleton pypi corp-sdk"),
    ]
    assert result.env() == {
        "PIP_TRUSTED_HOST": ("pypi.corp.example", "workflow", 2, 3),
        "PIP_FLAGS": ("--index-url http://pypi.corp.example/simple", "workflow", 3, 3),
        "SSL_NO_VERIFY": ("1", "step", 27, 15),
    }
    assert [a.scope.value for a in result.facts.env if a.name == "SSL_NO_VERIFY"] == [
        "job",
        "step",
    ]
    install = result.embedded[0]
    assert "$(pip.flags)" not in install.view.text
    (macro,) = [w for n, w in install.env.items() if n.startswith("__ci_expr")]
    assert macro.text.startswith("--index-url") and macro.span.start_line == 3
    assert result.embedded[2].at("-k") == where(AZURE, "-k https")


def test_azure_findings_end_to_end() -> None:
    assert rules(AZURE, "azure-pipelines.yml") == [
        ("SSL101", 2, 3),
        ("SSL101", *where(AZURE, "--trusted-host")),  # PowerShell step
        ("SSL102", *where(AZURE, "http://pypi")),  # through the $(pip.flags) macro
        ("SSL103", *where(AZURE, "ssl_verify false")),
        ("SSL104", 7, 15),
        ("SSL105", 27, 15),
        ("SSL201", *where(AZURE, "-k https")),
    ]


CIRCLECI = """\
version: 2.1
executors:
  py:
    docker:
      - image: cimg/python:3.12
    environment:
      PIP_TRUSTED_HOST: pypi.corp.example
commands:
  fetch:
    parameters:
      url: {type: string}
    steps:
      - run: curl -fsSLk << parameters.url >> -o out
jobs:
  test:
    executor: py
    environment:
      SSL_NO_VERIFY: "true"
    steps:
      - checkout
      - fetch: {url: "https://x.corp.example"}
      - run:
          name: Install
          command: |
            pip install -r requirements.txt
            wget --no-check-certificate https://x.corp.example/d.zip
      - run:
          environment:
            SSL_NO_VERIFY: "1"
          command: conda skeleton pypi corp-sdk
orbs:
  corp:
    commands:
      setup:
        steps:
          - run: git config --global http.sslVerify false
"""


def test_circleci_runs_commands_and_orbs(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_circleci, CIRCLECI, monkeypatch, path=".circleci/config.yml")
    texts = [e.view.text for e in result.embedded]
    assert texts[0] == "curl -fsSLk ${__ci_expr_1} -o out"
    assert texts[1].startswith("pip install -r requirements.txt\nwget")
    assert texts[2:] == ["conda skeleton pypi corp-sdk", "git config --global http.sslVerify false"]
    install = result.embedded[1]
    assert install.env["PIP_TRUSTED_HOST"].span.start_line == 7
    assert install.at("--no-check-certificate") == where(CIRCLECI, "--no-check-certificate")
    scopes = [(a.name, a.scope.value, a.name_span.start_line) for a in result.facts.env]
    assert scopes == [
        ("PIP_TRUSTED_HOST", "job", 7),
        ("SSL_NO_VERIFY", "job", 18),
        ("SSL_NO_VERIFY", "step", 29),
    ]


def test_circleci_findings_end_to_end() -> None:
    assert rules(CIRCLECI, ".circleci/config.yml") == [
        ("SSL101", 7, 7),
        ("SSL104", 18, 7),
        ("SSL105", 29, 13),
        ("SSL201", *where(CIRCLECI, "-fsSLk")),
        ("SSL202", *where(CIRCLECI, "--no-check-certificate")),
        ("SSL203", *where(CIRCLECI, "http.sslVerify")),
    ]


BITBUCKET = """\
definitions:
  steps:
    - step: &test
        script:
          - pip install --trusted-host pypi.corp.example -r requirements.txt
    - step: &docs
        script:
          - export SSL_NO_VERIFY=1
          - conda skeleton pypi corp-sdk
          - unset SSL_NO_VERIFY
pipelines:
  default:
    - step: *test
  branches:
    main:
      - step: *test
      - parallel:
          - step:
              script: [curl -k https://a.corp.example]
      - parallel:
          steps:
            - step: {script: [curl --insecure https://b.corp.example]}
      - stage:
          steps:
            - step:
                script:
                  - git config --global http.sslVerify false
                after-script:
                  - echo done
"""


def test_bitbucket_steps_read_once_where_written(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_bitbucket, BITBUCKET, monkeypatch, path="bitbucket-pipelines.yml")
    assert [e.view.text for e in result.embedded] == [
        "pip install --trusted-host pypi.corp.example -r requirements.txt",
        "export SSL_NO_VERIFY=1\nconda skeleton pypi corp-sdk\nunset SSL_NO_VERIFY",
        "curl -k https://a.corp.example",
        "curl --insecure https://b.corp.example",
        "git config --global http.sslVerify false",
        "echo done",
    ]
    assert result.embedded[0].at("--trusted-host") == where(BITBUCKET, "--trusted-host")
    assert result.embedded[3].at("--insecure") == where(BITBUCKET, "--insecure")


def test_bitbucket_findings_end_to_end() -> None:
    assert rules(BITBUCKET, "bitbucket-pipelines.yml") == [
        ("SSL101", *where(BITBUCKET, "--trusted-host")),
        ("SSL105", *where(BITBUCKET, "SSL_NO_VERIFY=1")),
        ("SSL201", *where(BITBUCKET, "-k https")),
        ("SSL201", *where(BITBUCKET, "--insecure")),
        ("SSL203", *where(BITBUCKET, "http.sslVerify")),
    ]


TRAVIS = """\
language: python
env:
  global:
    - PIP_TRUSTED_HOST=pypi.corp.example PIP_INDEX_URL='http://pypi.corp.example/simple'
    - secure: "abc=="
  jobs:
    - NODE_TLS_REJECT_UNAUTHORIZED=0
before_install:
  - sudo apt-get install -y --allow-unauthenticated libcorp-dev
install: pip install -r requirements.txt
script:
  - pytest
deploy:
  provider: script
  script: curl -k https://deploy.corp.example
jobs:
  include:
    - env: GIT_SSL_NO_VERIFY=1
      script: npm config set strict-ssl false
"""


def test_travis_env_strings_and_phases(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_travis, TRAVIS, monkeypatch, path=".travis.yml")
    env = result.env()
    assert env["PIP_TRUSTED_HOST"] == ("pypi.corp.example", "workflow", 4, 7)
    assert env["PIP_INDEX_URL"][:2] == ("http://pypi.corp.example/simple", "workflow")
    assert env["PIP_INDEX_URL"][2:] == where(TRAVIS, "PIP_INDEX_URL")
    assert env["NODE_TLS_REJECT_UNAUTHORIZED"][1] == "job"
    assert env["GIT_SSL_NO_VERIFY"][1:] == ("job", 18, 12)
    index = next(a for a in result.facts.env if a.name == "PIP_INDEX_URL").value
    assert index is not None and index.span.start_column == where(TRAVIS, "http://pypi")[1]
    build, include = result.embedded
    assert build.view.text == (
        "sudo apt-get install -y --allow-unauthenticated libcorp-dev\n"
        "pip install -r requirements.txt\npytest\ncurl -k https://deploy.corp.example"
    )
    assert build.env["PIP_TRUSTED_HOST"].text == "pypi.corp.example"
    assert include.view.text == "npm config set strict-ssl false"
    assert include.env["GIT_SSL_NO_VERIFY"].text == "1"


def test_travis_findings_end_to_end() -> None:
    assert rules(TRAVIS, ".travis.yml") == [
        ("SSL101", 4, 7),
        ("SSL102", *where(TRAVIS, "PIP_INDEX_URL")),
        ("SSL201", *where(TRAVIS, "-k https")),
        ("SSL203", 18, 12),
        ("SSL204", 7, 7),
        ("SSL204", *where(TRAVIS, "strict-ssl")),
        ("SSL401", *where(TRAVIS, "--allow-unauthenticated")),
    ]
