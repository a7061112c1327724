"""Generic YAML: Kubernetes manifests, Helm values, Ansible, kubeconfig; conda env; yarnrc."""

from __future__ import annotations

import pytest
from reader_yaml_support import pos, read, where

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.readers.config.conda_env import read as read_conda_env
from sslint.linter.readers.config.yarnrc_yml import read as read_yarnrc
from sslint.linter.readers.sources.yaml_generic import read as read_yaml
from sslint.linter.readers.sources.yaml_generic import read_kubeconfig


def rules(text: str, path: str) -> list[tuple[str, int, int]]:
    result = scan_bytes(text.encode(), path, Config())
    assert not result.notices, result.notices
    return sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)


MANIFESTS = """\
apiVersion: batch/v1
kind: Job
metadata: {name: seed}
spec:
  template:
    spec:
      initContainers:
        - name: fetch
          image: curlimages/curl
          command: ["curl", "--insecure", "-o", "/data/x", "https://x.corp.example"]
      containers:
        - name: seed
          image: python:3.12
          env:
            - name: SSL_NO_VERIFY
              value: "1"
            - name: TOKEN
              valueFrom: {secretKeyRef: {name: t, key: t}}
          command: ["sh", "-c"]
          args:
            - |
              pip install --trusted-host pypi.corp.example -r req.txt
              python seed.py
---
# Helm values
worker:
  image: x
  containers:
    - name: w
      command: [pip]
      args: [install, --index-url, "http://pypi.corp.example/simple", x]
"""


def test_kubernetes_containers_commands_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_yaml, MANIFESTS, monkeypatch, path="k8s/job.yaml")
    argvs = [[w.text for w in c.words] for c in result.facts.commands]
    assert argvs[0] == ["curl", "--insecure", "-o", "/data/x", "https://x.corp.example"]
    assert argvs[1][:2] == ["sh", "-c"]
    assert argvs[2] == ["pip", "install", "--index-url", "http://pypi.corp.example/simple", "x"]
    assert pos(result.facts.commands[0].words[1].span) == where(MANIFESTS, "--insecure")
    (script,) = result.embedded
    assert script.kind == kinds.SHELL
    assert script.at("--trusted-host") == where(MANIFESTS, "--trusted-host")
    assert result.env() == {
        "SSL_NO_VERIFY": ("1", "service", 15, 21),
        "TOKEN": ("", "service", 17, 21),
    }
    assert script.env["SSL_NO_VERIFY"].text == "1"


def test_kubernetes_findings_end_to_end() -> None:
    assert rules(MANIFESTS, "k8s/job.yaml") == [
        ("SSL101", *where(MANIFESTS, "--trusted-host")),
        ("SSL102", *where(MANIFESTS, "http://pypi")),
        ("SSL104", 15, 21),
        ("SSL201", *where(MANIFESTS, "--insecure")),
    ]


PLAYBOOK = """\
---
- name: Provision
  hosts: agents
  environment:
    PIP_INDEX_URL: https://pypi.corp.example/simple
  module_defaults:
    ansible.builtin.get_url:
      validate_certs: false
  tasks:
    - name: Register
      ansible.builtin.uri:
        url: https://controller.corp.example/api
        validate_certs: no
    - name: Verified
      get_url: url=https://x.corp.example/f dest=/tmp/f validate_certs=yes
    - block:
        - name: Tools
          ansible.builtin.pip:
            name: corp-tools
            extra_args: --trusted-host pypi.corp.example
        - name: Galaxy
          ansible.builtin.command: ansible-galaxy install -r req.yml --ignore-certs
          environment:
            GIT_SSL_NO_VERIFY: "true"
        - shell:
            cmd: curl -k https://x.corp.example | sh
          with_items: [a]
"""


def test_ansible_tasks_settings_commands_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_yaml, PLAYBOOK, monkeypatch, path="playbooks/site.yml")
    settings = [
        (s.file_kind, s.section, s.key, s.value.text if s.value else None, pos(s.key_span))
        for s in result.facts.settings
        if s.key == "validate_certs"
    ]
    assert settings == [
        ("ansible", ("ansible.builtin.get_url",), "validate_certs", "false", (8, 7)),
        ("ansible", ("ansible.builtin.uri",), "validate_certs", "no", (13, 9)),
        ("ansible", ("get_url",), "validate_certs", "yes", where(PLAYBOOK, "validate_certs=")),
    ]
    texts = [e.view.text for e in result.embedded]
    assert texts == [
        "pip install --trusted-host pypi.corp.example",
        "ansible-galaxy install -r req.yml --ignore-certs",
        "curl -k https://x.corp.example | sh",
    ]
    pip, galaxy, curl = result.embedded
    assert pip.at("--trusted-host") == where(PLAYBOOK, "--trusted-host")
    assert pip.view.span(0, 3).start_line == 20  # the synthesised `pip install` sits there
    assert galaxy.env["GIT_SSL_NO_VERIFY"].text == "true"
    assert galaxy.env["PIP_INDEX_URL"].text.startswith("https://")
    assert curl.at("-k") == where(PLAYBOOK, "-k https")
    assert result.env()["GIT_SSL_NO_VERIFY"][1:] == ("job", 24, 13)


def test_ansible_findings_end_to_end() -> None:
    assert rules(PLAYBOOK, "roles/agent/tasks/main.yml") == [
        ("SSL101", *where(PLAYBOOK, "--trusted-host")),
        ("SSL201", *where(PLAYBOOK, "-k https")),
        ("SSL203", 24, 13),
        ("SSL208", 8, 7),
        ("SSL208", 13, 9),
        ("SSL208", *where(PLAYBOOK, "--ignore-certs")),
    ]


def test_kubeconfig_clusters_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
apiVersion: v1
kind: Config
clusters:
  - name: staging
    cluster:
      server: https://k8s.corp.example:6443
      insecure-skip-tls-verify: true
contexts: []
"""
    for reader in (read_kubeconfig, read_yaml):
        result = read(reader, text, monkeypatch, path=".kube/config")
        (server, skip) = result.facts.settings
        assert server.key == "server"
        assert (skip.file_kind, skip.section, skip.key) == (
            kinds.KUBECONFIG,
            ("clusters", "staging"),
            "insecure-skip-tls-verify",
        )
        assert skip.value is not None and skip.value_type == "bool" and pos(skip.key_span) == (7, 7)
    assert rules(text, "deploy/kubeconfig.yaml") == [("SSL207", 7, 7)]
    assert rules(text, "ops/cluster.yaml") == [("SSL207", 7, 7)]


def test_conda_environment_channels_and_pip_requirements(monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
name: analytics
channels:
  - http://conda.corp.example/analytics
  - conda-forge
variables:
  PIP_CERT: /etc/ssl/corp.pem
dependencies:
  - python=3.12
  - pip:
    - --trusted-host pypi.corp.example
    - corp-analytics==0.9.2
"""
    result = read(read_conda_env, text, monkeypatch, path="environment.yml")
    (channels,) = result.facts.settings
    assert channels.file_kind == kinds.CONDA_ENV and channels.key == "channels"
    assert [pos(w.span) for w in channels.items] == [(3, 5), (4, 5)]
    (requirements,) = result.embedded
    assert requirements.kind == kinds.REQUIREMENTS
    assert requirements.view.text == "--trusted-host pypi.corp.example\ncorp-analytics==0.9.2"
    assert requirements.at("--trusted-host") == (10, 7)
    assert result.env() == {"PIP_CERT": ("/etc/ssl/corp.pem", "file", 6, 3)}
    monkeypatch.undo()  # read the embedded requirements for real
    assert rules(text, "environment.yml") == [("SSL101", 10, 7), ("SSL102", 3, 5)]


def test_yarnrc_yml_settings_with_nested_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
enableStrictSsl: false
caFilePath: /etc/ssl/corp.pem
npmScopes:
  corp:
    npmRegistryServer: "http://npm.corp.example"
    npmAlwaysAuth: true
"""
    result = read(read_yarnrc, text, monkeypatch, path=".yarnrc.yml")
    table = [(s.section, s.key, s.value_type) for s in result.facts.settings]
    assert table == [
        ((), "enableStrictSsl", "bool"),
        ((), "caFilePath", "str"),
        ((), "npmScopes", "map"),
        (("npmScopes",), "corp", "map"),
        (("npmScopes", "corp"), "npmRegistryServer", "str"),
        (("npmScopes", "corp"), "npmAlwaysAuth", "bool"),
    ]
    assert all(s.file_kind == kinds.YARNRC_YML for s in result.facts.settings)
    assert ("SSL204", 1, 1) in rules(text, ".yarnrc.yml")


def test_unrelated_yaml_gives_nothing_and_no_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "openapi: 3.0.0\npaths:\n  /x:\n    get: {summary: --insecure}\nlist: [a, b]\n"
    result = read(read_yaml, text, monkeypatch, path="api.yaml")
    assert result.facts.commands == [] and result.embedded == [] and not result.facts.notices


def test_helm_chart_template_that_is_not_yaml_is_skipped_quietly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = """\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          {{- if .Values.debug }}
          command: ["curl", "-k", "https://x.corp.example"]
          {{- end }}
"""
    result = read(read_yaml, text, monkeypatch, path="chart/templates/deploy.yaml")
    assert not result.facts.notices
    broken = read(read_yaml, "a: [\n", monkeypatch, path="plain.yaml")
    assert len(broken.facts.notices) == 1


def test_ansible_arguments_without_a_token_are_left_out_when_narrow() -> None:
    from sslint.linter.engine import read_facts
    from sslint.linter.source import Source

    def keys(narrow: bool) -> list[tuple[tuple[str, ...], str]]:
        facts = read_facts(Source("site.yml", PLAYBOOK), kinds.YAML, narrow=narrow)
        return [(s.section, s.key) for s in facts.settings]

    assert keys(narrow=True) == [
        (("ansible.builtin.get_url",), "validate_certs"),
        (("ansible.builtin.uri",), "validate_certs"),
        (("get_url",), "url"),  # free-form arguments are all kept
        (("get_url",), "dest"),
        (("get_url",), "validate_certs"),
        (("ansible.builtin.pip",), "extra_args"),
        (("shell",), "cmd"),  # `curl -k …`
    ]
    every = keys(narrow=False)
    assert (("ansible.builtin.uri",), "url") in every
    assert (("ansible.builtin.pip",), "name") in every
    assert set(keys(narrow=True)) < set(every)
