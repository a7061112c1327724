"""YAML readers through the engine: real shell reader, real rules, exact spans."""

from __future__ import annotations

from reader_yaml_support import where

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes


def findings(text: str, path: str) -> list[tuple[str, int, int]]:
    result = scan_bytes(text.encode(), path, Config())
    assert not result.notices, result.notices
    return sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)


GITLAB = """\
variables:
  PIP_TRUSTED_HOST: "pypi.corp.example"
.conda_env: &conda_env
  CONDA_SSL_VERIFY: "false"
.pip: &pip
  - pip install --index-url http://pypi.corp.example/simple x
build:
  variables:
    <<: *conda_env
    SSL_NO_VERIFY: "1"
  script:
    - *pip
    - |
      echo "building"
      sh -c 'pip install --trusted-host files.pythonhosted.org -r req.txt'
test:
  variables:
    <<: *conda_env
  script:
    - *pip
    - SSL_NO_VERIFY=1 conda skeleton pypi corp-sdk
"""


def test_gitlab_pipeline_findings_once_where_written() -> None:
    assert findings(GITLAB, ".gitlab-ci.yml") == [
        ("SSL101", 2, 3),
        ("SSL101", *where(GITLAB, "--trusted-host")),
        ("SSL102", *where(GITLAB, "http://pypi")),
        ("SSL103", 4, 3),
        ("SSL104", 10, 5),
        ("SSL105", 21, 7),
    ]


def test_sh_c_inside_block_scalar_inside_gitlab_job_maps_to_file_column() -> None:
    # two levels deep: YAML block scalar -> shell -> `sh -c '…'` -> shell
    line, column = where(GITLAB, "--trusted-host")
    assert (line, column) == (15, 26)
    assert ("SSL101", 15, 26) in findings(GITLAB, ".gitlab-ci.yml")


def test_gitlab_restore_across_script_items_is_one_script() -> None:
    text = """\
build:
  script:
    - conda config --set ssl_verify False
    - conda build recipe
    - conda config --set ssl_verify True
other:
  script:
    - conda config --set ssl_verify false
"""
    assert findings(text, "ci/.gitlab/ci/conda.gitlab-ci.yml") == [
        ("SSL103", *where(text, "ssl_verify false")),
        ("SSL106", *where(text, "ssl_verify False")),
    ]


def test_github_workflow_scopes_and_blocks() -> None:
    text = """\
on: [push]
env:
  SSL_NO_VERIFY: "1"
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      PIP_TRUSTED_HOST: pypi.corp.example
    steps:
      - env:
          SSL_NO_VERIFY: "true"
        run: conda skeleton pypi x
      - run: >
          curl --fail
          --insecure
          https://x.corp.example/f -o f
      - run: |
          conda config --set ssl_verify false
          conda build .
          conda config --set ssl_verify true
      - run: echo "pip install --trusted-host is not needed"
      - shell: python
        run: |
          import requests
          requests.get("https://x.corp.example", verify=False)
"""
    assert findings(text, ".github/workflows/ci.yml") == [
        ("SSL101", 8, 7),
        ("SSL104", 3, 3),
        ("SSL105", 11, 11),
        ("SSL106", *where(text, "ssl_verify false")),
        ("SSL201", *where(text, "--insecure")),
        ("SSL301", *where(text, "verify=False")),
    ]


def test_condarc_settings() -> None:
    text = """\
channels:
  - http://conda.corp.example/conda-forge
  - defaults
ssl_verify: False
proxy_servers:
  http: http://proxy.corp.example:3128
"""
    assert findings(text, ".condarc") == [("SSL102", 2, 5), ("SSL103", 4, 1)]
    assert findings('ssl_verify: "/etc/ssl/corp.pem"\n', "etc/conda/condarc.d/10.yml") == []
    assert findings("verify_ssl: no\n", ".mambarc") == [("SSL103", 1, 1)]


def test_broken_yaml_is_one_warning_and_no_traceback() -> None:
    result = scan_bytes(b"jobs:\n  a: [\n    --insecure\n", ".github/workflows/x.yml", Config())
    assert result.findings == []
    assert len(result.notices) == 1 and result.notices[0].line is not None
