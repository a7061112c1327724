"""Jenkinsfile: sh/bat/powershell steps in every call form, environment scopes, escapes."""

from __future__ import annotations

import pytest
from reader_yaml_support import read, where

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.readers.ci.jenkinsfile import read as read_jenkinsfile

PIPELINE = """\
pipeline {
    agent any
    environment {
        PIP_TRUSTED_HOST = 'pypi.corp.example'
        TOKEN = credentials('corp-token')
    }
    stages {
        stage('Build') {
            environment { SSL_NO_VERIFY = "1" }
            steps {
                // sh 'curl -k https://commented.corp.example'
                sh 'pip install -r requirements.txt'
                sh \"\"\"
                    curl -k https://x.corp.example/\\${FILE} -o ${env.OUT}
                    echo "it\\'s done"
                \"\"\"
                sh(script: 'wget --no-check-certificate https://x.corp.example', returnStdout: true)
                withEnv(['GIT_SSL_NO_VERIFY=1', "NODE_TLS_REJECT_UNAUTHORIZED=0"]) {
                    sh label: 'push', script: "git push origin $BRANCH_NAME"
                }
                bat 'pip install --trusted-host h.corp.example x'
                powershell('''Invoke-WebRequest -SkipCertificateCheck https://x''')
            }
        }
    }
}
node {
    env.CONDA_SSL_VERIFY = 'false'
    sh "conda install x"
}
"""


def test_steps_in_every_form_with_exact_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_jenkinsfile, PIPELINE, monkeypatch, path="Jenkinsfile")
    steps = [(e.kind, e.view.text.strip().split("\n")[0]) for e in result.embedded]
    assert steps == [
        (kinds.SHELL, "pip install -r requirements.txt"),
        (kinds.SHELL, "curl -k https://x.corp.example/${FILE} -o ${__groovy_1}"),
        (kinds.SHELL, "wget --no-check-certificate https://x.corp.example"),
        (kinds.SHELL, "git push origin ${__groovy_2}"),
        (kinds.BATCH, "pip install --trusted-host h.corp.example x"),
        (kinds.POWERSHELL, "Invoke-WebRequest -SkipCertificateCheck https://x"),
        (kinds.SHELL, "conda install x"),
    ]
    block = result.embedded[1]
    assert block.at("-k") == where(PIPELINE, "-k https://x")
    assert block.at("${FILE}") == where(PIPELINE, "${FILE}")  # `\\$`: the dollar itself
    assert block.env["__groovy_1"].text == "${env.OUT}" and not block.env["__groovy_1"].known
    assert "it's done" in block.view.text
    assert result.embedded[2].at("--no-check") == where(PIPELINE, "--no-check")
    assert len({e.script for e in result.embedded}) == 7


def test_environment_scopes_and_inheritance(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_jenkinsfile, PIPELINE, monkeypatch, path="Jenkinsfile")
    assert result.env() == {
        "PIP_TRUSTED_HOST": ("pypi.corp.example", "workflow", 4, 9),
        "TOKEN": ("", "workflow", 5, 9),
        "SSL_NO_VERIFY": ("1", "job", 9, 27),
        "GIT_SSL_NO_VERIFY": ("1", "step", 18, 27),
        "NODE_TLS_REJECT_UNAUTHORIZED": ("0", "step", 18, 50),
        "CONDA_SSL_VERIFY": ("false", "workflow", 28, 9),
    }
    first, _, _, push, bat, _, conda = result.embedded
    assert set(first.env) == {"PIP_TRUSTED_HOST", "SSL_NO_VERIFY"}
    assert push.env["GIT_SSL_NO_VERIFY"].text == "1"
    assert "GIT_SSL_NO_VERIFY" not in bat.env  # withEnv covers its block only
    assert conda.env["CONDA_SSL_VERIFY"].span.start_line == 28
    assert "SSL_NO_VERIFY" not in conda.env


def test_jenkinsfile_findings_end_to_end() -> None:
    result = scan_bytes(PIPELINE.encode(), "Jenkinsfile", Config())
    assert not result.notices
    found = sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)
    assert found == [
        ("SSL101", 4, 9),
        ("SSL101", *where(PIPELINE, "--trusted-host")),
        ("SSL103", 28, 9),
        ("SSL104", 9, 27),
        ("SSL201", *where(PIPELINE, "-k https://x")),
        ("SSL202", *where(PIPELINE, "--no-check")),
        ("SSL203", 18, 27),
        ("SSL204", 18, 50),
    ]


def test_broken_groovy_does_not_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'pipeline { stages { sh \'unterminated\n sh(script: "x"\n}}}}} withEnv([\n'
    result = read(read_jenkinsfile, text, monkeypatch, path="Jenkinsfile")
    assert [e.view.text for e in result.embedded] == ["unterminated", "x"]
