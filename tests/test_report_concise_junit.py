"""`--format concise` (one line per finding) and `--format junit` (read back with junitparser)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from _click import cli_runner
from _readme import code_blocks
from _report_support import finding_at, make_report, make_rule
from junitparser import Failure, JUnitXml

from sslint.cli import main
from sslint.linter.source import Source
from sslint.report import concise, junit
from sslint.report.model import Report


def _report() -> Report:
    docker = "FROM x\nRUN tool --danger && tool --danger\n"
    script = "tool --hint \x1b]0;owned\x07\n"
    d, s = Source("Dockerfile", docker), Source("ci/run.sh", script)
    findings = [
        finding_at(d, "--danger"),
        finding_at(d, "--danger", occurrence=1),
        finding_at(s, "--hint", rule_id="SSL993", message="hint \x1b]0;owned\x07 <&>"),
    ]
    rules = [make_rule(), make_rule("SSL993", "note", "danger-note")]
    return make_report({"Dockerfile": docker, "ci/run.sh": script}, findings, rules=rules)


def test_concise_is_one_safe_line_per_finding() -> None:
    assert concise.render(_report()).splitlines() == [
        "Dockerfile:2:10: SSL991 `--danger` switches checks off",
        "Dockerfile:2:27: SSL991 `--danger` switches checks off",
        "ci/run.sh:1:6: SSL993 hint \\x1b]0;owned\\x07 <&>",
    ]


def test_junit_counts_cases_per_rule_and_file_and_failures_per_finding(tmp_path: Path) -> None:
    out = tmp_path / "sslint.xml"
    out.write_text(junit.render(_report()), encoding="utf-8")
    xml = JUnitXml.fromfile(str(out))
    (suite,) = list(xml)
    assert (suite.name, suite.tests, suite.failures, suite.errors) == ("sslint", 2, 3, 0)
    cases = [(case.classname, case.name, len(case.result)) for case in suite]
    assert cases == [("Dockerfile", "SSL991 danger", 2), ("ci/run.sh", "SSL993 danger-note", 1)]
    hint = list(suite)[1].result[0]
    assert isinstance(hint, Failure)
    assert hint.message == "ci/run.sh:1:6: hint \\x1b]0;owned\\x07 <&>"
    assert hint.type == "SSL993 note"
    assert hint.text is not None
    assert hint.text.startswith(
        "ci/run.sh:1:6: SSL993 hint \\x1b]0;owned\\x07 <&>\n\nRemove the switch."
    )


def test_junit_without_findings_is_one_passing_case(tmp_path: Path) -> None:
    out = tmp_path / "sslint.xml"
    out.write_text(junit.render(make_report({}, [])), encoding="utf-8")
    (suite,) = list(JUnitXml.fromfile(str(out)))
    assert (suite.tests, suite.failures) == (1, 0)
    assert [case.is_passed for case in suite] == [True]


def test_cli_formats(tmp_path: Path) -> None:
    (tmp_path / "build.sh").write_text(
        "#!/bin/sh\nset -e\ncurl -fsSLk https://example.org/install.sh | sh\n"
        "pip install --cert /etc/ssl/certs/corp-ca.pem requests\n"
    )
    (tmp_path / "sslint.toml").write_text("")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        lines = cli_runner().invoke(main, ["--format", "concise", "--no-cache"])
        xml = cli_runner().invoke(main, ["--format", "junit", "-o", "out.xml", "--no-cache"])
    finally:
        os.chdir(old)
    assert lines.exit_code == 1
    assert lines.stdout == "build.sh:3:6: SSL201 curl -fsSLk skips certificate verification\n"
    assert xml.exit_code == 1
    (suite,) = list(JUnitXml.fromfile(str(tmp_path / "out.xml")))
    assert (suite.tests, suite.failures) == (1, 1)


def test_readme_snippets_run_verbatim(tmp_path: Path) -> None:
    blocks = code_blocks("Usage", "sh")
    snippet = next(block for block in blocks if "--format concise" in block)
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12\nRUN pip install --trusted-host pypi.org requests\n"
        "RUN curl -k https://example.org\n"
    )
    (tmp_path / "sslint.toml").write_text("")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    lines = []
    for command in snippet.strip().splitlines():
        proc = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        lines.append(proc.stdout)
    assert lines[0] == (
        "Dockerfile:2:17: SSL101 pip trusts pypi.org (--trusted-host): "
        "certificate errors are ignored\n"
    )
    (suite,) = list(JUnitXml.fromfile(str(tmp_path / "sslint-junit.xml")))
    assert (suite.tests, suite.failures) == (2, 2)
