"""Taskfiles, conda-build / rattler-build recipes and pre-commit hooks."""

from __future__ import annotations

from pipeline_support import at, findings

from sslint.linter import kinds
from sslint.linter.engine import read_facts
from sslint.linter.source import Source

TASKFILE = """\
version: '3'
vars:
  HOST: pypi.corp.example
  GIT_COMMIT:
    sh: git -c http.sslVerify=false rev-parse HEAD
env:
  PIP_TRUSTED_HOST: '{{.HOST}}'
tasks:
  install:
    desc: install with pip (--trusted-host is not used)
    env:
      NODE_TLS_REJECT_UNAUTHORIZED: "0"
    cmds:
      - pip install --trusted-host {{.HOST}} -r requirements.txt
      - cmd: curl -k https://x.corp.example -o x
      - task: fetch
    preconditions:
      - sh: test -f requirements.txt
  fetch: wget --no-check-certificate https://x.corp.example
  lint:
    - ruff check .
"""


def test_taskfile_cmds_vars_env_and_templates() -> None:
    t = TASKFILE
    assert findings(t, "Taskfile.yml") == sorted(
        [
            at("SSL203", t, "http.sslVerify=false"),
            at("SSL101", t, "PIP_TRUSTED_HOST"),
            at("SSL204", t, "NODE_TLS_REJECT_UNAUTHORIZED"),
            at("SSL101", t, "--trusted-host {{"),
            at("SSL201", t, "-k https"),
            at("SSL202", t, "--no-check-certificate"),
        ]
    )


META = """\
{% set name = "corp-sdk" %}
{% set version = "1.2.0" %}

package:
  name: {{ name|lower }}
  version: {{ version }}

source:
  url: https://pypi.org/packages/source/{{ name[0] }}/{{ name }}/{{ name }}-{{ version }}.tar.gz

build:
  number: 0
  script: {{ PYTHON }} -m pip install . --no-deps --trusted-host pypi.org -vv  # [not win]
  script_env:
    - PIP_INDEX_URL=http://pypi.corp.example/simple

requirements:
  host:
    - python
    - pip

test:
  imports:
    - corp_sdk
  commands:
    - pip check
    - curl -k https://x.corp.example  # [linux]

outputs:
  - name: corp-sdk-cli
    script: install_cli.sh
  - name: corp-sdk-extra
    build:
      script:
        - wget --no-check-certificate https://x.corp.example/extra.tgz
"""


def test_conda_build_recipe_with_jinja() -> None:
    t = META
    assert findings(t, "recipe/meta.yaml") == sorted(
        [
            at("SSL101", t, "--trusted-host"),
            at("SSL102", t, "PIP_INDEX_URL"),
            at("SSL201", t, "-k https"),
            at("SSL202", t, "--no-check-certificate"),
        ]
    )


RATTLER = """\
context:
  version: "0.3.0"
package:
  name: tool
  version: ${{ version }}
build:
  script:
    env:
      SSL_NO_VERIFY: "1"
    content:
      - ${{ PYTHON }} -m pip install . --trusted-host pypi.org
tests:
  - script:
      - curl --insecure https://x.corp.example
"""


def test_rattler_build_recipe() -> None:
    t = RATTLER
    assert findings(t, "recipe/recipe.yaml") == sorted(
        [
            at("SSL104", t, "SSL_NO_VERIFY"),  # the whole build's environment
            at("SSL101", t, "--trusted-host"),
            at("SSL201", t, "--insecure"),
        ]
    )


def test_meta_yaml_that_is_not_a_recipe_is_any_yaml() -> None:
    # Not a recipe: any YAML, whose command-like strings are read as a guess.
    t = "title: docs\ncommand: pip install --trusted-host pypi.org\n"
    assert findings(t, "site/meta.yaml") == [at("SSL101", t, "--trusted-host")]
    k8s = "spec:\n  containers:\n    - name: a\n      command: [curl, -k, https://x]\n"
    assert findings(k8s, "chart/meta.yaml") == [at("SSL201", k8s, "-k")]


PRE_COMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.6.0
    hooks:
      - id: ruff
        args: [--trusted-host-looking-arg]
  - repo: local
    hooks:
      - id: deps
        name: install deps
        entry: pip install --trusted-host pypi.org
        language: system
        args: [-r, requirements.txt]
        pass_filenames: false
      - id: no-insecure-flags
        name: forbid insecure pip flags
        entry: "--trusted-host|curl -k"
        language: pygrep
      - id: fail-on-k
        name: fail
        entry: "do not use curl -k"
        language: fail
      - id: fetch
        name: fetch
        entry: bash -c 'curl -k https://x.corp.example'
        language: script
"""


def test_pre_commit_local_hooks_only() -> None:
    t = PRE_COMMIT
    assert findings(t, ".pre-commit-config.yaml") == sorted(
        [at("SSL101", t, "--trusted-host pypi.org"), at("SSL201", t, "-k https")]
    )


def test_pre_commit_hook_definitions() -> None:
    t = "- id: setup\n  name: setup\n  entry: curl -k https://x\n  language: system\n"
    assert findings(t, ".pre-commit-hooks.yaml") == [at("SSL201", t, "-k")]


def test_recipe_interpreter_templates_become_python() -> None:
    for path, text in (("recipe/meta.yaml", META), ("recipe/recipe.yaml", RATTLER)):
        facts = read_facts(Source(path, text), kinds.CONDA_RECIPE, narrow=False)
        argvs = [[w.text for w in c.words] for c in facts.commands]
        assert argvs[0][:4] == ["python", "-m", "pip", "install"], argvs
