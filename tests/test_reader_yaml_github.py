"""GitHub Actions: run blocks embedded with exact positions, env scopes, shells."""

from __future__ import annotations

import pytest
from reader_yaml_support import pos, read, where

from sslint.linter import kinds
from sslint.linter.readers.ci.github import read_action, read_workflow

WORKFLOW = """\
name: ci
on: [push]
env:
  SSL_NO_VERIFY: "1"
  PIP_INDEX_URL: ${{ vars.INDEX }}
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      PIP_TRUSTED_HOST: pypi.corp.example
    container:
      image: python:3.12
      env:
        POETRY_CERTIFICATES_CORP_CERT: "false"
    steps:
      - uses: actions/checkout@v4
        with:
          run: not-a-command --insecure
      - name: Install
        run: |
          python -m pip install --upgrade pip
          pip install -e . \\
            --extra-index-url http://pypi.corp.example/simple
      - name: One step
        env:
          SSL_NO_VERIFY: "true"
        run: conda skeleton pypi corp-sdk
      - name: Folded
        run: >
          curl --fail
          --insecure
          https://artifacts.corp.example/x.tgz
      - name: Quoted
        run: "pixi install --tls-no-verify"
      - name: Py
        shell: python
        run: |
          import requests
          requests.get("https://x.corp.example", verify=False)
"""


def test_workflow_runs_are_embedded_with_exact_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_workflow, WORKFLOW, monkeypatch)
    install, step, folded, quoted, python = result.embedded
    assert install.kind == kinds.SHELL
    assert install.view.text.startswith(
        "python -m pip install --upgrade pip\npip install -e . \\\n"
    )
    assert install.at("--extra-index-url") == (23, 13)
    assert folded.view.text == "curl --fail --insecure https://artifacts.corp.example/x.tgz\n"
    assert folded.at("--insecure") == (31, 11)
    assert quoted.at("--tls-no-verify") == (34, 28)
    assert python.kind == kinds.PYTHON
    assert python.at("verify=False") == (39, 50)
    assert step.view.text == "conda skeleton pypi corp-sdk"
    # each run block is a script of its own
    assert len({e.script for e in result.embedded}) == 5
    # `with:` inputs are not commands
    assert not any("not-a-command" in text for text in result.texts())


def test_workflow_env_scopes_and_inheritance(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_workflow, WORKFLOW, monkeypatch)
    scopes = [(a.name, a.scope.value, pos(a.name_span)) for a in result.facts.env]
    assert scopes == [
        ("SSL_NO_VERIFY", "workflow", (4, 3)),
        ("PIP_INDEX_URL", "workflow", (5, 3)),
        ("PIP_TRUSTED_HOST", "job", (10, 7)),
        ("POETRY_CERTIFICATES_CORP_CERT", "job", (14, 9)),
        ("SSL_NO_VERIFY", "step", (26, 11)),
    ]
    values = {(a.name, a.scope.value): a.value for a in result.facts.env}
    host = values[("PIP_TRUSTED_HOST", "job")]
    assert host is not None and host.text == "pypi.corp.example" and pos(host.span) == (10, 25)
    assert values[("POETRY_CERTIFICATES_CORP_CERT", "job")].text == "false"  # type: ignore[union-attr]
    index = values[("PIP_INDEX_URL", "workflow")]
    assert index is not None and not index.known
    install, step = result.embedded[:2]
    assert set(install.env) == {
        "SSL_NO_VERIFY",
        "PIP_INDEX_URL",
        "PIP_TRUSTED_HOST",
        "POETRY_CERTIFICATES_CORP_CERT",
    }
    assert install.env["SSL_NO_VERIFY"].text == "1"
    assert step.env["SSL_NO_VERIFY"].text == "true"
    step_assign = result.facts.env[-1]
    assert step_assign.script == step.script
    assert step_assign.statement == (26, 26)


def test_shells_defaults_and_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
defaults:
  run:
    shell: bash -el {0}
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: pip install x
      - run: pip install y
        shell: cmd
      - run: print(1)
        shell: python3 {0}
      - run: x
        shell: perl {0}
  b:
    runs-on: [self-hosted, windows]
    defaults:
      run:
        shell: pwsh
    steps:
      - run: pip install z
  c:
    runs-on: [self-hosted, windows]
    steps:
      - run: pip install w
"""
    result = read(read_workflow, text, monkeypatch)
    assert [(e.kind, e.view.text) for e in result.embedded] == [
        (kinds.SHELL, "pip install x"),
        (kinds.BATCH, "pip install y"),
        (kinds.PYTHON, "print(1)"),
        (kinds.POWERSHELL, "pip install z"),
        (kinds.SHELL, "pip install w"),  # the workflow's default shell
    ]
    windows = read(
        read_workflow,
        "jobs:\n  w:\n    runs-on: windows-2022\n    steps:\n      - run: x\n",
        monkeypatch,
    )
    assert windows.embedded[0].kind == kinds.POWERSHELL


def test_composite_action_steps_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
name: setup
runs:
  using: composite
  steps:
    - shell: bash
      run: |-
        pip config set global.trusted-host pypi.corp.example
    - shell: bash
      env:
        PIP_EXTRA_INDEX_URL: http://legacy.corp.example/simple
      run: pip install -r "${{ inputs.requirements }}"
"""
    result = read(read_action, text, monkeypatch, path="action.yml")
    first, second = result.embedded
    assert first.at("global.trusted-host") == (7, 24)
    assert second.view.text == 'pip install -r "${__ci_expr_1}"'
    assert second.env["__ci_expr_1"].text == "${{ inputs.requirements }}"
    assert result.env() == {
        "PIP_EXTRA_INDEX_URL": ("http://legacy.corp.example/simple", "step", 10, 9)
    }
    assert second.env["PIP_EXTRA_INDEX_URL"].text.startswith("http://")


def test_broken_workflow_is_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_workflow, "jobs:\n  a:\n    steps: [\n", monkeypatch)
    assert result.embedded == []
    (notice,) = result.facts.notices
    assert notice.line == 4 or notice.line == 3


def test_template_expressions_become_unknown_values(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "runs:\n  using: composite\n  steps:\n"
        '    - run: pip install -r "${{ inputs.req }}" --index-url ${{ vars.URL }}/simple\n'
    )
    result = read(read_action, text, monkeypatch)
    (run,) = result.embedded
    assert run.view.text == 'pip install -r "${__ci_expr_1}" --index-url ${__ci_expr_2}/simple'
    first = run.env["__ci_expr_1"]
    assert first.text == "${{ inputs.req }}" and not first.known
    assert pos(first.span) == where(text, "${{ inputs") == (4, 28)
    assert pos(run.env["__ci_expr_2"].span) == where(text, "${{ vars")
