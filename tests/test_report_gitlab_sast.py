"""GitLab SAST report: valid against GitLab's schema 15.x, stable ids, identifiers, severity."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from _click import cli_runner
from _report_support import finding_at, make_report, make_rule

from sslint.cli import main
from sslint.linter.source import Source
from sslint.report.gitlab_sast import SCHEMA_URL, SCHEMA_VERSION, render, severity
from sslint.rules import rule_by_id

SCHEMA = Path(__file__).parent / "schemas" / f"sast-report-format-{SCHEMA_VERSION}.json"


def _validate(document: object) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    ).validate(document)


def test_vulnerability_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764900000")
    text = "FROM x\nRUN tool --danger\n"
    source = Source("sub/Dockerfile", text)
    report = make_report({"sub/Dockerfile": text}, [finding_at(source, "--danger")])
    document = json.loads(render(report))
    _validate(document)
    assert document["schema"] == SCHEMA_URL
    assert document["version"] == SCHEMA_VERSION
    scan = document["scan"]
    assert scan["type"] == "sast" and scan["status"] == "success"
    assert scan["start_time"] == scan["end_time"] == "2025-12-05T02:00:00"
    assert scan["analyzer"]["id"] == scan["scanner"]["id"] == "sslint"
    (vulnerability,) = document["vulnerabilities"]
    assert vulnerability["name"] == "SSL991 danger"
    assert vulnerability["severity"] == "High"
    assert vulnerability["description"].startswith("`--danger` switches checks off\n\n")
    assert vulnerability["solution"].startswith("Remove the switch.")
    assert vulnerability["location"] == {"file": "sub/Dockerfile", "start_line": 2, "end_line": 2}
    rule_id, cwe = vulnerability["identifiers"]
    assert rule_id["value"] == "SSL991"
    assert rule_id["url"].endswith("/docs/rules.md#ssl991-danger")
    assert cwe == {
        "type": "cwe",
        "name": "CWE-295",
        "value": "295",
        "url": "https://cwe.mitre.org/data/definitions/295.html",
    }


def test_ids_are_stable_across_unrelated_edits_and_unique() -> None:
    text = "tool --danger\ntool --danger\n"
    moved = "# a comment\n\n" + text

    def ids(content: str) -> list[str]:
        source = Source("a.sh", content)
        found = [finding_at(source, "--danger", occurrence=n) for n in (0, 1)]
        document = json.loads(render(make_report({"a.sh": content}, found)))
        return [v["id"] for v in document["vulnerabilities"]]

    assert len(set(ids(text))) == 2
    assert ids(text) == ids(moved)


def test_severity_from_level_and_security_severity() -> None:
    assert severity("error", 9.1) == "Critical"
    assert severity("error", 7.4) == "High"
    assert severity("error", 5.0) == "Medium"
    assert severity("warning", 7.4) == "Medium"  # a lowered (probable) finding
    assert severity("warning", 5.9) == "Medium"
    assert severity("note", 2.0) == "Low"
    assert severity("note", 0.0) == "Info"


def test_signature_rules_name_cwe_347() -> None:
    rule = rule_by_id("SSL401")
    text = "RUN apt-get install --allow-unauthenticated x\n"
    source = Source("Dockerfile", text)
    found = finding_at(source, "--allow-unauthenticated", rule_id="SSL401")
    document = json.loads(render(make_report({"Dockerfile": text}, [found], rules=[rule])))
    _validate(document)
    assert document["vulnerabilities"][0]["identifiers"][1]["name"] == rule.cwe == "CWE-347"


def test_empty_scan_is_valid() -> None:
    report = make_report({}, [], rules=[make_rule()])
    document = json.loads(render(report))
    _validate(document)
    assert document["vulnerabilities"] == []


def test_cli_writes_a_valid_report(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12\nRUN pip install --trusted-host pypi.org requests \\\n    && curl -fsSLk https://example.org\n"
    )
    (tmp_path / "broken.yml").write_bytes(b"on: push\njobs: [\x00\n")
    (tmp_path / "sslint.toml").write_text("")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = cli_runner().invoke(
            main, ["--format", "gitlab-sast", "-o", "gl-sast-report.json", "--no-cache"]
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 1, result.output
    document = json.loads((tmp_path / "gl-sast-report.json").read_text(encoding="utf-8"))
    _validate(document)
    found = [
        (v["identifiers"][0]["value"], v["location"]["start_line"], v["severity"])
        for v in document["vulnerabilities"]
    ]
    assert found == [("SSL101", 2, "High"), ("SSL201", 3, "High")]
    # a file that cannot be read is said in the scan's messages, not dropped silently
    assert document["scan"]["messages"] == [
        {"level": "warn", "value": "broken.yml: binary content (NUL bytes); skipped"}
    ]
