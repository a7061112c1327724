"""devcontainer.json, Gitpod, cloud-init user data and Salt states."""

from __future__ import annotations

from pipeline_support import at, findings

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

DEVCONTAINER = """\
// Dev container for the corp network (comments and trailing commas: JSONC)
{
  "name": "app",
  /* the corp mirror: "postCreateCommand": "pip install --trusted-host x" */
  "build": {
    "dockerfile": "Dockerfile",
    "args": {"PIP_TRUSTED_HOST": "pypi.corp.example",},
  },
  "containerEnv": {"NODE_TLS_REJECT_UNAUTHORIZED": "0", "LANG": "C.UTF-8"},
  "remoteEnv": {"PIP_INDEX_URL": "http://pypi.corp.example/simple"},
  "postCreateCommand": "echo \\"\\u0073etup\\" && pip install --trusted-host pypi.org -e .",
  "postStartCommand": ["curl", "-k", "https://x.corp.example"],
  "onCreateCommand": {
    "git": "git -c http.sslVerify=false clone https://git.corp.example/x",
    "tools": ["bash", "-c", "wget --no-check-certificate https://x.corp.example"],
  },
  // "postAttachCommand": "curl -k https://commented.example"
}
"""


def test_devcontainer_lifecycle_commands_env_and_build_args() -> None:
    t = DEVCONTAINER
    assert findings(t, ".devcontainer/devcontainer.json") == sorted(
        [
            at("SSL101", t, "PIP_TRUSTED_HOST"),
            at("SSL204", t, "NODE_TLS_REJECT_UNAUTHORIZED"),
            at("SSL102", t, "PIP_INDEX_URL"),
            at("SSL101", t, "--trusted-host pypi.org"),
            at("SSL201", t, '-k"'),
            at("SSL203", t, "http.sslVerify=false"),
            at("SSL202", t, "--no-check-certificate"),
        ]
    )


def test_devcontainer_commented_out_members_keep_the_commas_before_them() -> None:
    t = (
        '{\n    "image": "continuumio/miniconda3",\n\n'
        '    // "features": {},\n    // "forwardPorts": [],\n    /* "a": [] */\n'
        '    "postCreateCommand": "curl -k https://x.corp.example"\n'
        '    // "remoteUser": "root"\n}\n'
    )
    assert findings(t, ".devcontainer/devcontainer.json") == [at("SSL201", t, "-k")]


def test_devcontainer_without_commands_stays_clean_and_other_json_is_a_guess() -> None:
    quiet = '{\n  // image only\n  "image": "mcr.microsoft.com/devcontainers/python:3.12",\n}\n'
    assert findings(quiet, ".devcontainer/python/devcontainer.json") == []
    # Any other JSON: a command string is read as a guess (tests/test_reader_guessed.py).
    assert findings('{"command": "curl -k https://x"}\n', "settings.json") == [("SSL201", 1, 19)]


def test_devcontainer_that_is_not_json_says_so() -> None:
    result = scan_bytes(b'{"postCreateCommand": "curl -k x"\n', ".devcontainer.json", Config())
    assert [n.message for n in result.notices] == [
        "invalid JSON: Expecting ',' delimiter"
    ] and not result.findings


GITPOD = """\
image: gitpod/workspace-python
tasks:
  - name: setup
    env:
      SSL_NO_VERIFY: "1"
    before: export CURL_CA_BUNDLE=""
    init: |
      pip install --trusted-host pypi.org -r requirements.txt
    command: curl -k https://x.corp.example
  - name: docs
    command: echo "curl -k"
"""


def test_gitpod_tasks_one_session_with_env() -> None:
    t = GITPOD
    assert findings(t, ".gitpod.yml") == sorted(
        [
            at("SSL104", t, "SSL_NO_VERIFY"),
            at("SSL205", t, "CURL_CA_BUNDLE"),
            at("SSL101", t, "--trusted-host"),
            at("SSL201", t, "-k https"),
        ]
    )


CLOUD_INIT = """\
#cloud-config
package_update: true
bootcmd:
  - [sh, -c, "echo 'Acquire::https::Verify-Peer \\"false\\";' > /etc/apt/apt.conf.d/99x"]
runcmd:
  - pip3 install --trusted-host pypi.org app
  - [curl, -k, "https://x.corp.example/setup.sh", -o, /tmp/setup.sh]
  - echo "--trusted-host is not needed here"
write_files:
  - path: /etc/pip.conf
    content: |
      [global]
      trusted-host = pypi.corp.example
  - path: /etc/profile.d/corp.sh
    permissions: "0644"
    content: |
      export GIT_SSL_NO_VERIFY=1
  - path: /root/.condarc
    encoding: b64
    content: c3NsX3ZlcmlmeTogZmFsc2UK
apt:
  conf: |
    APT::Get::AllowUnauthenticated "true";
yum_repos:
  corp:
    baseurl: https://repo.corp.example/el9
    sslverify: false
"""


def test_cloud_init_commands_written_files_apt_and_yum() -> None:
    t = CLOUD_INIT
    expected = sorted(
        [
            at("SSL206", t, "Acquire::https"),  # written by `echo … > apt.conf.d/99x`
            at("SSL101", t, "--trusted-host pypi.org"),
            at("SSL201", t, "-k,"),
            at("SSL101", t, "trusted-host = "),
            at("SSL203", t, "GIT_SSL_NO_VERIFY"),
            at("SSL401", t, "APT::Get::AllowUnauthenticated"),
            at("SSL206", t, "sslverify"),
        ]
    )
    assert findings(t, "user-data") == expected
    assert findings(t, "deploy/cloud-init.yaml") == expected
    assert findings(t, "deploy/vm/init.yml") == expected  # sniffed inside any YAML


def test_cloud_init_is_recognised_by_its_first_line() -> None:
    assert kinds.detect("user-data", b"#cloud-config\nruncmd: []\n") == kinds.CLOUD_INIT
    assert kinds.detect("user-data", b"#!/bin/sh\ncurl -k x\n") == kinds.SHELL
    assert kinds.detect("meta-data", b"instance-id: x\n") is None
    # Not cloud-config: any YAML, whose command strings are read as a guess.
    other = "#not-cloud-config\nruncmd:\n  - curl -k https://x\n"
    assert findings(other, "init.yml") == [at("SSL201", other, "-k")]


SALT = """\
{% set host = pillar.get('pypi_host', 'pypi.corp.example') %}
install-app:
  cmd.run:
    - name: pip install --trusted-host {{ host }} app
    - env:
      - SSL_NO_VERIFY: "1"
    - unless: test -d /opt/app

curl -k https://x.corp.example/bootstrap.sh | sh:
  cmd.run: []

legacy:
  cmd:
    - run
    - names:
      - git -c http.sslVerify=false clone https://git.corp.example/x
      - echo done
{% for pkg in ['a', 'b'] %}
pkg-{{ pkg }}:
  pkg.installed:
    - name: {{ pkg }}
{% endfor %}
"""


def test_salt_cmd_states_with_jinja_masked() -> None:
    t = SALT
    assert findings(t, "salt/app/init.sls") == sorted(
        [
            at("SSL101", t, "--trusted-host"),
            at("SSL105", t, "SSL_NO_VERIFY"),
            at("SSL201", t, "-k https"),
            at("SSL203", t, "http.sslVerify=false"),
        ]
    )


def test_salt_non_cmd_states_stay_clean() -> None:
    quiet = "pip-pkgs:\n  pip.installed:\n    - name: 'curl -k'\n  file.managed:\n    - name: /x\n"
    assert findings(quiet, "top/init.sls") == []


SALT_PIP = """\
flask:
  pip.installed:
    - trusted_host: pypi.org
    - index_url: http://pypi.corp.example/simple
    - extra_index_url: https://pypi.corp.example/simple
requests:
  pip:
    - installed
    - trusted_host: {{ pillar['pypi_host'] }}
    - find_links: http://files.corp.example/wheels
verified:
  pip.installed:
    - cert: /etc/ssl/corp.pem
    - index_url: https://pypi.corp.example/simple
not-pip:
  pkg.installed:
    - trusted_host: pypi.org
"""


def test_salt_pip_installed_trusted_host_and_plain_http_indexes() -> None:
    t = SALT_PIP
    assert findings(t, "salt/web/init.sls") == [
        at("SSL101", t, "trusted_host"),
        at("SSL101", t, "trusted_host", 1),  # a Jinja host is still trusted
        at("SSL102", t, "http://pypi"),
        at("SSL102", t, "http://files"),
    ]
