"""GitLab CI: variables, script lists joined per job, anchors and !reference read once."""

from __future__ import annotations

import pytest
from reader_yaml_support import read, where

from sslint.linter import kinds
from sslint.linter.readers.ci.gitlab import read as read_gitlab

PIPELINE = """\
stages: [build, test]
include:
  - local: .gitlab/ci/conda.gitlab-ci.yml
variables:
  PIP_TRUSTED_HOST: "pypi.corp.example"
  DEPLOY_ENV:
    value: "staging"
    description: "where to deploy"

.pip_install: &pip_install
  - python -m pip install --index-url http://pypi.corp.example/simple x

.conda_env: &conda_env
  CONDA_SSL_VERIFY: "false"

.setup:
  before_script:
    - apk add --allow-untrusted vendor/ca.apk

default:
  after_script:
    - echo done

build:
  stage: build
  variables:
    <<: *conda_env
    SSL_NO_VERIFY: "1"
  before_script:
    - !reference [.setup, before_script]
    - export SSL_NO_VERIFY=1
  script:
    - *pip_install
    - |
      echo "building"
      curl -fsSL --insecure https://artifacts.corp.example/upload
    - unset SSL_NO_VERIFY
  after_script:
    - rm -rf build

test:
  extends: .setup
  variables:
    <<: *conda_env
  script:
    - *pip_install
    - >-
      git -c http.sslVerify=false
      push https://git.corp.example/x.git HEAD:main
"""


def test_jobs_scripts_are_joined_and_anchors_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_gitlab, PIPELINE, monkeypatch, path=".gitlab-ci.yml")
    texts = result.texts()
    assert texts == [
        "python -m pip install --index-url http://pypi.corp.example/simple x",
        "apk add --allow-untrusted vendor/ca.apk",
        "echo done",
        'export SSL_NO_VERIFY=1\necho "building"\n'
        "curl -fsSL --insecure https://artifacts.corp.example/upload\n\nunset SSL_NO_VERIFY",
        "rm -rf build",
        "git -c http.sslVerify=false push https://git.corp.example/x.git HEAD:main",
    ]
    anchor, setup, _, build, after, test = result.embedded
    assert anchor.at("--index-url") == where(PIPELINE, "--index-url") == (11, 27)
    assert setup.at("--allow-untrusted") == where(PIPELINE, "--allow-untrusted")
    assert build.at("export") == where(PIPELINE, "export")
    assert build.at("--insecure") == where(PIPELINE, "--insecure")
    assert build.at("unset") == where(PIPELINE, "unset")
    assert test.at("http.sslVerify") == where(PIPELINE, "http.sslVerify") == (48, 14)
    assert test.at("push") == where(PIPELINE, "push https") == (49, 7)
    assert all(e.kind == kinds.SHELL for e in result.embedded)
    assert build.script != after.script  # after_script runs in a shell of its own
    assert len({e.script for e in result.embedded}) == 6


def test_variables_scopes_merges_and_inheritance(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_gitlab, PIPELINE, monkeypatch, path=".gitlab-ci.yml")
    assert result.env() == {
        "PIP_TRUSTED_HOST": ("pypi.corp.example", "workflow", 5, 3),
        "DEPLOY_ENV": ("staging", "workflow", 6, 3),
        "CONDA_SSL_VERIFY": ("false", "job", 14, 3),
        "SSL_NO_VERIFY": ("1", "job", 28, 5),
    }
    # the merged entry is recorded once although two jobs merge it
    assert [a.name for a in result.facts.env].count("CONDA_SSL_VERIFY") == 1
    build = result.embedded[3]
    assert build.env["CONDA_SSL_VERIFY"].text == "false"
    assert build.env["PIP_TRUSTED_HOST"].text == "pypi.corp.example"
    assert build.env["SSL_NO_VERIFY"].span.start_line == 28


def test_script_as_string_nested_lists_and_broken_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = """\
.a: &a [pip install a, [pip install b]]
job:
  script: pip install --trusted-host h x
job2:
  script:
    - *a
    - [pip install c, [pip install d]]
    - !reference [.missing, script]
    - !reference [job, script]
job3:
  script: *a
workflow:
  rules:
    - if: $CI
"""
    result = read(read_gitlab, text, monkeypatch, path=".gitlab-ci.yml")
    assert result.texts() == [
        "pip install a\npip install b",
        "pip install --trusted-host h x",
        "pip install c\npip install d",
    ]
    assert result.embedded[2].at("pip install d") == (7, 24)
    assert not result.facts.notices


def test_extends_variables_reach_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
.base:
  variables:
    PIP_FLAGS: "--trusted-host pypi.corp.example"
.mid:
  extends: .base
job:
  extends: [.mid]
  script:
    - pip install $PIP_FLAGS x
"""
    result = read(read_gitlab, text, monkeypatch, path=".gitlab-ci.yml")
    (job,) = result.embedded
    assert job.env["PIP_FLAGS"].span.start_line == 3
    assert [a.name for a in result.facts.env] == ["PIP_FLAGS"]


def test_cyclic_extends_and_alias_bombs_terminate(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["a0: &a0 [echo x, echo y]"]
    for i in range(1, 25):
        lines.append(f".a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 8) + "]")
    lines += ["j1:", "  extends: j2", "  script: *a24", "j2:", "  extends: j1", "  script: [x]"]
    result = read(read_gitlab, "\n".join(lines) + "\n", monkeypatch, path=".gitlab-ci.yml")
    assert result.texts() == ["echo x\necho y", "x"]
