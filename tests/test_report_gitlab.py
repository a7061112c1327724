"""GitLab Code Quality JSON."""

from __future__ import annotations

import json

from _report_support import finding_at, make_report, make_rule

from sslint.linter.source import Source
from sslint.report.gitlab import render, severity


def test_code_quality_issue_fields() -> None:
    text = "FROM x\nRUN tool --danger\n"
    source = Source("Dockerfile", text)
    report = make_report({"Dockerfile": text}, [finding_at(source, "--danger")])
    (issue,) = json.loads(render(report))
    assert issue == {
        "type": "issue",
        "check_name": "SSL991 danger",
        "description": "SSL991: `--danger` switches checks off",
        "categories": ["Security"],
        "fingerprint": report.keys[0].fingerprint(),
        "severity": "critical",
        "location": {"path": "Dockerfile", "lines": {"begin": 2, "end": 2}},
    }


def test_fingerprints_are_unique_and_stable() -> None:
    text = "tool --danger\ntool --danger\n"
    moved = "\n\n" + text
    first = [
        i["fingerprint"]
        for i in json.loads(
            render(
                make_report(
                    {"a.sh": text},
                    [finding_at(Source("a.sh", text), "--danger", occurrence=n) for n in (0, 1)],
                )
            )
        )
    ]
    second = [
        i["fingerprint"]
        for i in json.loads(
            render(
                make_report(
                    {"a.sh": moved},
                    [finding_at(Source("a.sh", moved), "--danger", occurrence=n) for n in (0, 1)],
                )
            )
        )
    ]
    assert len(set(first)) == 2
    assert first == second


def test_severity_mapping() -> None:
    assert severity("error", 9.1) == "blocker"
    assert severity("error", 7.4) == "critical"
    assert severity("error", 5.0) == "major"
    assert severity("warning", 5.9) == "minor"
    assert severity("note", 2.0) == "info"
    assert make_rule().security_severity == 7.4
