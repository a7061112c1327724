"""Tekton, Argo Workflows, Concourse and Azure template documents recognised inside any YAML."""

from __future__ import annotations

from pipeline_support import at, findings

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

TEKTON = """\
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  params:
    - name: host
      default: pypi.corp.example
  stepTemplate:
    env:
      - name: PIP_TRUSTED_HOST
        value: pypi.corp.example
  steps:
    - name: install
      image: python:3.12
      script: |
        #!/usr/bin/env bash
        set -e
        pip install --trusted-host $(params.host) -r requirements.txt
    - name: fetch
      image: curlimages/curl
      command: ["curl"]
      args: ["-k", "https://x.corp.example"]
    - name: check
      image: python:3.12
      script: |
        #!/usr/bin/env python3
        print("curl -k")
---
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  tasks:
    - name: push
      taskSpec:
        steps:
          - name: push
            image: alpine/git
            env:
              - name: GIT_SSL_NO_VERIFY
                value: "true"
            script: git push
"""


def test_tekton_steps_scripts_and_step_templates() -> None:
    t = TEKTON
    assert findings(t, "ci/tekton/build.yaml") == sorted(
        [
            at("SSL101", t, "PIP_TRUSTED_HOST"),
            at("SSL101", t, "--trusted-host"),
            at("SSL201", t, '-k"'),
            at("SSL203", t, "GIT_SSL_NO_VERIFY"),
        ]
    )


ARGO = """\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: build
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: fetch
            template: fetch
    - name: fetch
      container:
        image: alpine
        command: [sh, -c]
        args: ["curl -k https://x.corp.example/{{inputs.parameters.path}}"]
        env:
          - name: NODE_TLS_REJECT_UNAUTHORIZED
            value: "0"
    - name: install
      script:
        image: python:3.12
        command: [bash]
        source: |
          pip install --trusted-host pypi.org app
    - name: py
      script:
        image: python:3.12
        command: [python]
        source: |
          print("pip install --trusted-host")
"""


def test_argo_containers_and_script_templates() -> None:
    t = ARGO
    assert findings(t, "workflows/build.yaml") == sorted(
        [
            at("SSL201", t, "-k https"),
            at("SSL204", t, "NODE_TLS_REJECT_UNAUTHORIZED"),
            at("SSL101", t, "--trusted-host pypi.org"),
        ]
    )


CONCOURSE = """\
resources:
  - name: repo
    type: git
    source:
      uri: https://git.corp.example/app.git
jobs:
  - name: test
    plan:
      - get: repo
        trigger: true
      - task: unit
        params:
          SSL_NO_VERIFY: "1"
        config:
          platform: linux
          image_resource:
            type: registry-image
            source: {repository: python, tag: "3.12"}
          inputs: [{name: repo}]
          run:
            path: sh
            args:
              - -exc
              - |
                cd repo
                pip install --trusted-host pypi.org -r requirements.txt
      - in_parallel:
          - task: fetch
            config:
              platform: linux
              run: {path: curl, args: [-k, "https://x.corp.example"]}
"""


def test_concourse_pipeline_task_configs_and_params() -> None:
    t = CONCOURSE
    assert findings(t, "ci/pipeline.yml") == sorted(
        [
            at("SSL105", t, "SSL_NO_VERIFY"),
            at("SSL101", t, "--trusted-host"),
            at("SSL201", t, "-k,"),
        ]
    )


def test_concourse_task_file() -> None:
    t = "platform: linux\nparams:\n  PIP_TRUSTED_HOST: pypi.org\nrun:\n  path: ci/test.sh\n"
    assert findings(t, "ci/tasks/test.yml") == [at("SSL101", t, "PIP_TRUSTED_HOST")]


def test_unrelated_yaml_with_command_strings_is_read_as_a_guess() -> None:
    # Strings that start with a command in YAML of no known format are read as shell, as a
    # guess (probable findings, see tests/test_reader_guessed.py); prose keys stay unread.
    menu = (
        "# docs menu\ncommand: pip install --trusted-host pypi.org\n"
        "menu:\n  - name: install\n    command: curl -k https://x\n"
    )
    assert findings(menu, "config/app.yaml") == [
        at("SSL101", menu, "--trusted-host"),
        at("SSL201", menu, "-k"),
    ]
    config_map = "apiVersion: v1\nkind: ConfigMap\ndata:\n  script: curl -k https://x\n"
    assert findings(config_map, "config/app.yaml") == [at("SSL201", config_map, "-k")]
    args = "jobs:\n  - name: a\n    run: {path: sh, args: [-c, 'curl -k https://x']}\n"
    assert findings(args, "config/app.yaml") == [at("SSL201", args, "-k")]
    quiet = [
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  description: use curl -k\n",
        "menu:\n  - name: curl -k https://x\n    help: pip install --trusted-host h\n",
        "notes: run curl -k https://x first\n",  # prose: the line does not start the command
    ]
    for text in quiet:
        assert findings(text, "config/app.yaml") == [], text


def test_ci_clone_switches_are_ssl203() -> None:
    concourse = """\
resources:
  - name: repo
    type: git
    source: {uri: "https://git.corp.example/app.git", skip_ssl_verification: true}
  - name: image
    type: registry-image
    source: {repository: app, skip_ssl_verification: true}
  - name: safe
    type: git
    source: {uri: "https://git.corp.example/b.git", skip_ssl_verification: false}
jobs:
  - name: a
    plan: [{get: repo}]
"""
    assert findings(concourse, "ci/pipeline.yml") == [
        at("SSL203", concourse, "skip_ssl_verification")
    ]  # registry-image documents no such switch: not a finding
    tekton = """\
apiVersion: tekton.dev/v1
kind: PipelineRun
spec:
  pipelineSpec:
    tasks:
      - name: fetch
        taskRef: {name: git-clone}
        params:
          - name: url
            value: https://git.corp.example/app.git
          - name: sslVerify
            value: "false"
      - name: fetch-verified
        taskRef: {name: git-clone}
        params:
          - name: sslVerify
            value: "true"
"""
    assert findings(tekton, "ci/run.yaml") == [at("SSL203", tekton, "sslVerify")]


def test_argo_rollout_pod_template_containers_are_still_read() -> None:
    t = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
spec:
  template:
    spec:
      containers:
        - name: app
          image: app
          command: [sh, -c, "curl -k https://x.corp.example && exec app"]
      initContainers:
        - name: init
          image: alpine/git
          env:
            - name: GIT_SSL_NO_VERIFY
              value: "1"
"""
    assert findings(t, "deploy/rollout.yaml") == sorted(
        [at("SSL201", t, "-k https"), at("SSL203", t, "GIT_SSL_NO_VERIFY")]
    )


TEKTON_PARAMS = """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: build}
spec:
  params:
    - name: sslVerify
      default: "false"
    - name: pipflags
      default: "--trusted-host pypi.org"
    - name: verified
      default: "true"
    - name: flags
      default: "-fsSL"
  steps:
    - name: clone
      image: alpine/git
      script: |
        git -c http.sslVerify=$(params.sslVerify) clone https://git.corp.example/a.git
        git -c http.sslVerify=$(params.verified) clone https://git.corp.example/b.git
        pip install $(params.pipflags) flask
        pip install $(params.unknown) flask
    - name: fetch
      image: curlimages/curl
      command: [curl]
      args: ["$(params.flags)", "$(context.taskRun.name)", "https://x.corp.example"]
---
apiVersion: tekton.dev/v1
kind: TaskRun
metadata: {name: build-run}
spec:
  taskRef: {name: build}
  params:
    - name: flags
      value: "-k"
"""


def test_tekton_params_paste_defaults_and_run_values_where_written() -> None:
    t = TEKTON_PARAMS
    assert findings(t, "ci/tekton/build.yaml") == sorted(
        [
            at("SSL203", t, 'false"'),  # the default, where the value is written
            at("SSL101", t, "--trusted-host pypi.org"),
            at("SSL201", t, "-k"),
        ]
    )


def test_tekton_param_near_misses_stay_clean() -> None:
    safe = TEKTON_PARAMS.replace('default: "false"', 'default: "true"')
    safe = safe.replace('"--trusted-host pypi.org"', '"--cert /etc/ssl/ca.pem"')
    safe = safe.replace('value: "-k"', 'value: "-f"')
    assert findings(safe, "ci/tekton/build.yaml") == []


def test_concourse_resource_tls_switches_are_ssl207() -> None:
    t = """\
resources:
  - name: artifacts
    type: s3
    source:
      bucket: b
      endpoint: https://minio.corp.example
      skip_ssl_verification: true
  - name: image
    type: docker-image
    source:
      repository: registry.corp.example/app
      insecure_registries: ["registry.corp.example:443"]
  - name: release
    type: github-release
    source: {owner: corp, repository: app, insecure: true}
  - name: verified
    type: s3
    source: {bucket: c, skip_ssl_verification: false}
  - name: chart
    type: helm-chart
    source: {insecure_skip_tls_verify: true}
jobs:
  - name: a
    plan: [{get: artifacts}]
"""
    assert findings(t, "ci/pipeline.yml") == [
        at("SSL207", t, "skip_ssl_verification"),
        at("SSL207", t, "insecure_registries"),
        at("SSL207", t, "insecure: true"),
    ]


def test_argo_git_artifact_insecure_skip_tls_is_ssl203() -> None:
    t = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  templates:
    - name: main
      inputs:
        artifacts:
          - name: src
            path: /src
            git: {repo: "https://git.corp.example/a.git", insecureSkipTLS: true}
          - name: verified
            path: /b
            git: {repo: "https://git.corp.example/b.git", insecureSkipTLS: false}
      container: {image: alpine, command: [ls]}
"""
    assert findings(t, "ci/wf.yaml") == [at("SSL203", t, "insecureSkipTLS")]


def test_azure_template_shapes_are_read_as_azure_and_others_are_not() -> None:
    t = """\
parameters:
  - name: pipArgs
    default: --trusted-host pypi.org
steps:
  - script: pip install ${{ parameters.pipArgs }} flask
  - task: Bash@3
    inputs: {targetType: inline, script: "curl -k https://x.corp.example"}
  - template: more.yml
"""
    assert findings(t, "templates/steps/install.yml") == [
        at("SSL101", t, "--trusted-host"),
        at("SSL201", t, "-k"),
    ]
    jobs = "jobs:\n- job: a\n  variables: {SSL_NO_VERIFY: 1}\n  steps: [{script: make}]\n"
    assert findings(jobs, "ci/templates/jobs.yml") == [at("SSL104", jobs, "SSL_NO_VERIFY")]
    # GitHub-style steps, and a document with other top-level keys, are not templates
    other = "steps:\n  - run: echo ${{ parameters.x }}\n  - script: make\n"
    assert findings(other, "ci/steps.yml") == []
    mixed = "name: x\nsteps:\n  - script: pip install --trusted-host pypi.org x\n"
    result = scan_bytes(mixed.encode(), "ci/other.yml", Config(), prefilter=False)
    assert [f.precision for f in result.findings] == ["probable"]  # the guess, as before
