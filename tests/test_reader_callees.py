"""Values handed to reusable workflows, composite actions and Azure templates, read where pasted."""

from __future__ import annotations

import json
import os
from pathlib import Path

from _click import cli_runner

from sslint.cli import main

CALLER = """\
on: [push]
jobs:
  build:
    uses: ./.github/workflows/build.yml
    with:
      pip-args: --trusted-host pypi.corp.example
      python: "3.12"
  remote:
    uses: corp/pipelines/.github/workflows/build.yml@v1
    with:
      pip-args: --trusted-host pypi.corp.example
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: ./.github/actions/setup
        with:
          extra: -k
          safe: --cert /etc/ssl/ca.pem
      - uses: ./../outside
        with:
          extra: -k
"""

CALLEE = """\
on:
  workflow_call:
    inputs:
      pip-args: {type: string, default: ""}
      python: {type: string}
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
      - run: |
          python${{ inputs.python }} -m pip install ${{ inputs.pip-args }} -r requirements.txt
          curl -k https://own.corp.example/${{ inputs.python }} --retry ${{ inputs.retries }}
"""

ACTION = """\
name: setup
inputs:
  extra: {default: ""}
  safe: {default: ""}
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        curl -fsSL ${{ inputs.extra }} https://get.corp.example/x.sh | sh
        pip install ${{ inputs.safe }} x
"""


def _repo(root: Path) -> Path:
    files = {
        ".github/workflows/ci.yml": CALLER,
        ".github/workflows/build.yml": CALLEE,
        ".github/actions/setup/action.yml": ACTION,
        "outside/action.yml": ACTION,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "sslint.toml").write_text("")
    return root


def _findings(cwd: Path, *args: str) -> list[tuple[str, str, int, int, int]]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = cli_runner().invoke(main, [*args, "--format", "json"])
    finally:
        os.chdir(old)
    assert "Traceback" not in result.stderr
    return [
        (f["path"], f["rule"], f["line"], f["column"], f["end_column"])
        for f in json.loads(result.stdout)
    ]


def test_values_handed_to_local_callees_are_found_where_they_are_written(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    assert _findings(root, "--no-cache", ".github") == [
        # the callee's own switch: reported in the callee, not again in the caller
        (".github/workflows/build.yml", "SSL201", 12, 16, 18),
        # `pip-args` pasted into the callee's pip command
        (".github/workflows/ci.yml", "SSL101", 6, 17, 31),
        # `extra` pasted into the composite action's curl command
        (".github/workflows/ci.yml", "SSL201", 20, 18, 20),
    ]


def test_the_caller_alone_and_from_another_folder(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    found = _findings(root, "--no-cache", ".github/workflows/ci.yml")
    assert [(rule, line) for _, rule, line, _, _ in found] == [("SSL101", 6), ("SSL201", 20)]
    outside = _findings(tmp_path, "--no-cache", "repo/.github/workflows/ci.yml")
    assert [(rule, line) for _, rule, line, _, _ in outside] == [("SSL101", 6), ("SSL201", 20)]


def test_a_changed_callee_changes_the_callers_result_with_the_cache_on(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    caller = ".github/workflows/ci.yml"
    assert [line for _, _, line, _, _ in _findings(root, caller)] == [6, 20]
    (root / ".github/workflows/build.yml").write_text(
        CALLEE.replace("-m pip install ${{ inputs.pip-args }}", "-m pip --version")
    )
    assert [line for _, _, line, _, _ in _findings(root, caller)] == [20]


def test_callees_that_cannot_be_read_are_skipped(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    (root / ".github/workflows/build.yml").write_text("jobs: [unclosed\n")
    (root / ".github/actions/setup/action.yml").unlink()
    (root / ".github/actions/setup/action.yml").symlink_to(root.parent / "elsewhere.yml")
    (root.parent / "elsewhere.yml").write_text(ACTION)  # outside the repository: not read
    found = _findings(root, "--no-cache", ".github/workflows/ci.yml")
    assert found == []


AZURE = """\
trigger: [main]
stages:
  - stage: build
    jobs:
      - job: b
        steps:
          - template: templates/install.yml
            parameters:
              pipArgs: --trusted-host pypi.corp.example
              safe: --cert /etc/ssl/ca.pem
          - template: /templates/install.yml
            parameters:
              pipArgs: --trusted-host root.corp.example
          - template: templates/install.yml@shared
            parameters:
              pipArgs: --trusted-host other.corp.example
      - template: templates/job.yml
        parameters:
          curlFlags: -k
"""

INSTALL = """\
parameters:
  - name: pipArgs
    default: ''
  - name: safe
    default: ''
steps:
  - script: |
      pip install ${{ parameters.pipArgs }} -r requirements.txt
      pip install ${{ parameters.safe }} x
  - bash: curl -k https://own.corp.example/${{ parameters.safe }}
"""

JOB = """\
parameters:
  - name: curlFlags
    default: ''
jobs:
  - job: fetch
    steps:
      - task: Bash@3
        inputs:
          targetType: inline
          script: curl -fsSL ${{ parameters.curlFlags }} https://x.corp.example
"""


def test_parameters_handed_to_azure_templates(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "templates").mkdir(parents=True)
    (root / "azure-pipelines.yml").write_text(AZURE)
    (root / "templates/install.yml").write_text(INSTALL)
    (root / "templates/job.yml").write_text(JOB)
    assert _findings(root, "--no-cache", ".") == [
        ("azure-pipelines.yml", "SSL101", 9, 24, 38),  # pasted into the template's pip
        ("azure-pipelines.yml", "SSL201", 19, 22, 24),  # pasted into a template job's curl
        # the template's own switch: a YAML file shaped as an Azure template is one
        ("templates/install.yml", "SSL201", 10, 16, 18),
    ]


def test_extends_parameters_and_defaults_in_the_template_itself(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "templates").mkdir(parents=True)
    (root / "azure-pipelines.yml").write_text(
        "trigger: [main]\n"
        "extends:\n"
        "  template: templates/build.yml\n"
        "  parameters:\n"
        "    pipArgs: --trusted-host pypi.org\n"
    )
    (root / "templates/build.yml").write_text(
        "parameters:\n"
        "  - name: pipArgs\n"
        "    type: string\n"
        "    default: ''\n"
        "  - name: fetchFlags\n"
        "    default: -k\n"
        "  - name: gitVerify\n"
        "    default: 'true'\n"
        "steps:\n"
        "  - script: pip install ${{ parameters.pipArgs }} -r requirements.txt\n"
        "  - bash: curl ${{ parameters.fetchFlags }} https://x.corp.example\n"
        "  - bash: git -c http.sslVerify=${{ parameters.gitVerify }} fetch\n"
    )
    assert _findings(root, "--no-cache", ".") == [
        ("azure-pipelines.yml", "SSL101", 5, 14, 28),  # extends: parameters, pasted
        ("templates/build.yml", "SSL201", 6, 14, 16),  # the default, where it is written
    ]
    old = os.getcwd()
    os.chdir(root)
    try:
        result = cli_runner().invoke(main, ["--no-cache", "--format", "json", "templates"])
    finally:
        os.chdir(old)
    assert [f["precision"] for f in json.loads(result.stdout)] == ["proven"]
