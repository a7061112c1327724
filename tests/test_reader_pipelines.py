"""Buildkite, Drone, Woodpecker, AppVeyor, AWS CodeBuild and Google Cloud Build."""

from __future__ import annotations

from pipeline_support import at, findings

BUILDKITE = """\
env:
  PIP_TRUSTED_HOST: pypi.corp.example
steps:
  - label: ":python: test"
    command: |
      python -m pip install -U pip
      pip install --trusted-host pypi.org -r requirements.txt
  - wait
  - group: ":rocket: deploy"
    steps:
      - label: fetch
        commands:
          - "echo fetching"
          - "curl -fsSLk https://artifacts.corp.example/x.tgz -o x.tgz"
        env:
          SSL_NO_VERIFY: "1"
      - block: ":shipit: release"
  - label: docs
    # pip install --trusted-host in a comment is not a command
    command: echo "--trusted-host is documented in pip's manual"
"""


def test_buildkite_commands_block_scalars_groups_and_env() -> None:
    t = BUILDKITE
    assert findings(t, ".buildkite/pipeline.yml") == sorted(
        [
            at("SSL101", t, "PIP_TRUSTED_HOST"),
            at("SSL101", t, "--trusted-host pypi.org"),
            at("SSL201", t, "-fsSLk"),
            at("SSL105", t, "SSL_NO_VERIFY"),
        ]
    )


DRONE = """\
kind: pipeline
type: docker
name: default
environment:
  GIT_SSL_NO_VERIFY: "true"
steps:
  - name: test
    image: python:3.12
    environment:
      TOKEN:
        from_secret: token
      NODE_TLS_REJECT_UNAUTHORIZED: 0
    commands:
      - pip install --trusted-host pypi.org .
      - pytest
services:
  - name: cache
    image: redis
---
kind: pipeline
name: nightly
steps:
  - name: fetch
    image: alpine
    commands: ["wget --no-check-certificate https://x.corp.example/a", "wget https://ok"]
"""


def test_drone_multi_document_steps_and_environment() -> None:
    t = DRONE
    assert findings(t, ".drone.yml") == sorted(
        [
            at("SSL203", t, "GIT_SSL_NO_VERIFY"),
            at("SSL204", t, "NODE_TLS_REJECT_UNAUTHORIZED"),
            at("SSL101", t, "--trusted-host"),
            at("SSL202", t, "--no-check-certificate"),
        ]
    )


WOODPECKER = """\
steps:
  build:
    image: node:20
    environment:
      npm_config_strict_ssl: "false"
    commands:
      - npm ci
  lint:
    image: python
    commands: |
      pip install \\
        --trusted-host pypi.org ruff
"""


def test_woodpecker_map_of_named_steps_in_a_folder() -> None:
    t = WOODPECKER
    assert findings(t, ".woodpecker/build.yaml") == sorted(
        [at("SSL204", t, "npm_config_strict_ssl"), at("SSL101", t, "--trusted-host")]
    )


APPVEYOR = """\
image: Visual Studio 2022
environment:
  global:
    PYTHONHTTPSVERIFY: 0
  matrix:
    - PYTHON: "C:\\\\Python312"
    - PYTHON: "C:\\\\Python311"
      GIT_SSL_NO_VERIFY: 1
install:
  - cmd: "%PYTHON%\\\\python.exe -m pip install --trusted-host pypi.org -r requirements.txt"
  - ps: Invoke-WebRequest https://x.corp.example -OutFile x.zip
  - sh: curl -k https://x.corp.example
  - pip install --trusted-host files.pythonhosted.org wheel
build_script: git -c http.sslVerify=false fetch origin
test: off
for:
  - branches:
      only: [main]
    deploy_script:
      - cmd: curl --insecure https://deploy.corp.example
"""


def test_appveyor_forms_environment_matrix_and_branch_configurations() -> None:
    t = APPVEYOR
    assert findings(t, "appveyor.yml") == sorted(
        [
            at("SSL205", t, "PYTHONHTTPSVERIFY"),
            at("SSL203", t, "GIT_SSL_NO_VERIFY"),
            at("SSL101", t, "--trusted-host pypi.org"),
            at("SSL201", t, "-k https"),
            at("SSL101", t, "--trusted-host files"),
            at("SSL203", t, "http.sslVerify=false"),
            at("SSL201", t, "--insecure"),
        ]
    )


CODEBUILD = """\
version: 0.2
env:
  shell: bash
  variables:
    PIP_TRUSTED_HOST: "pypi.org files.pythonhosted.org"
    IMAGE_TAG: latest
  parameter-store:
    TOKEN: /corp/token
phases:
  install:
    runtime-versions:
      python: 3.12
    commands:
      - pip install -r requirements.txt
  build:
    commands:
      - |
        if [ -n "$CI" ]; then
          curl -k https://artifacts.corp.example/x -o x
        fi
    finally:
      - echo "curl -k is not run here"
"""


def test_codebuild_phases_one_shell_and_env_variables() -> None:
    t = CODEBUILD
    assert findings(t, "buildspec.yml") == sorted(
        [at("SSL101", t, "PIP_TRUSTED_HOST"), at("SSL201", t, "-k https")]
    )


CLOUDBUILD = """\
steps:
  - id: deps
    name: python:3.12
    entrypoint: bash
    args: ['-c', 'pip install --trusted-host pypi.org -r requirements.txt']
    env: ['NODE_TLS_REJECT_UNAUTHORIZED=0', 'A=1']
  - name: gcr.io/cloud-builders/curl
    args: ['-k', 'https://x.corp.example']
  - name: gcr.io/cloud-builders/docker
    args: ['build', '-t', 'app', '.']
  - name: ubuntu
    script: |
      #!/usr/bin/env bash
      git -c http.sslVerify=false clone https://git.corp.example/x
  - name: python
    entrypoint: python
    args: ["-c", "import os; print('--trusted-host')"]
options:
  env:
    - "PIP_INDEX_URL=http://pypi.corp.example/simple"
"""


def test_cloudbuild_entrypoints_image_tools_scripts_and_env() -> None:
    t = CLOUDBUILD
    assert findings(t, "cloudbuild.yaml") == sorted(
        [
            at("SSL101", t, "--trusted-host"),
            at("SSL204", t, "NODE_TLS_REJECT_UNAUTHORIZED"),
            at("SSL201", t, "-k"),
            at("SSL203", t, "http.sslVerify=false"),
            at("SSL102", t, "PIP_INDEX_URL"),
        ]
    )


def test_cloudbuild_json_form() -> None:
    t = (
        '{"steps": [{"name": "python", "entrypoint": "pip",\n'
        ' "args": ["install", "--trusted-host", "pypi.org", "x"]}]}\n'
    )
    assert findings(t, "cloudbuild.json") == [at("SSL101", t, "--trusted-host")]


def test_near_misses_stay_clean() -> None:
    quiet = {
        ".buildkite/pipeline.yml": "steps:\n  - command: echo '--trusted-host'\n  - wait\n",
        ".drone.yml": "kind: pipeline\nsteps:\n  - name: a\n    commands: [make]\n",
        "appveyor.yml": "install:\n  - cmd: echo curl -k\nbuild: off\n",
        "buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands: [make]\n",
        "cloudbuild.yaml": "steps:\n  - name: gcr.io/cloud-builders/git\n    args: [clone, https://x]\n",
    }
    for path, text in quiet.items():
        assert findings(text, path) == [], path


def test_drone_and_woodpecker_clone_skip_verify_is_ssl203() -> None:
    drone = "kind: pipeline\nclone:\n  depth: 1\n  skip_verify: true\nsteps: []\n"
    assert findings(drone, ".drone.yml") == [at("SSL203", drone, "skip_verify")]
    woodpecker = (
        "clone:\n  git:\n    image: woodpeckerci/plugin-git\n    settings:\n"
        "      depth: 50\n      skip_verify: true\nsteps:\n  - name: a\n    commands: [make]\n"
    )
    assert findings(woodpecker, ".woodpecker.yml") == [at("SSL203", woodpecker, "skip_verify")]
    listed = "clone:\n  - name: git\n    image: plugin-git\n    settings: {skip_verify: true}\n"
    assert findings(listed, ".woodpecker/ci.yml") == [at("SSL203", listed, "skip_verify")]
    kept = "kind: pipeline\nclone:\n  skip_verify: false\nsteps: []\n"
    assert findings(kept, ".drone.yml") == []


def test_other_yaml_in_the_buildkite_folder_is_any_yaml() -> None:
    t = "spec:\n  containers:\n    - name: a\n      command: [curl, -k, https://x]\n"
    assert findings(t, ".buildkite/k8s-job.yaml") == [at("SSL201", t, "-k")]


def test_appveyor_branch_configurations_see_the_common_environment() -> None:
    t = (
        "image: Ubuntu2204\nenvironment:\n  PIP_FLAGS: --trusted-host pypi.org\n"
        "for:\n  - branches: {only: [main]}\n    install:\n      - pip install $PIP_FLAGS x\n"
    )
    assert findings(t, "appveyor.yml") == [at("SSL101", t, "--trusted-host")]


def test_buildkite_git_clone_flags_with_ssl_verify_false_is_ssl203() -> None:
    t = """\
env:
  BUILDKITE_GIT_CLONE_FLAGS: "-v -c http.sslVerify=false"
steps:
  - command: make test
    env:
      BUILDKITE_GIT_CLONE_FLAGS: "--config=http.sslVerify=true -v"
  - command: make lint
    env:
      BUILDKITE_GIT_CLONE_FLAGS: --config http.https://git.corp.example/.sslVerify=off
"""
    assert findings(t, ".buildkite/pipeline.yml") == [
        at("SSL203", t, "http.sslVerify=false"),
        at("SSL203", t, "http.https://git.corp.example/.sslVerify=off"),
    ]
