"""Fingerprints pinned to literal values: a change that would break alert continuity
across sslint versions (GitHub code scanning, GitLab Code Quality, baselines) fails here.

The input is fixed; the values were computed once and must never change silently.
`sslint/v1` is also recomputed from its documented formula (sha256 of rule, path,
the line with white space folded and the occurrence, joined by 0x1f; 32 hex digits).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sslint.cli import main
from tests._click import cli_runner

DOCKERFILE = (
    "FROM python:3.12\n"
    "RUN pip install --trusted-host pypi.corp.example flask\n"
    "RUN pip install  --trusted-host   pypi.corp.example flask\n"
)
SCRIPT = "#!/bin/sh\ncurl -k https://files.corp.example/tool.tgz\n"

# (rule, path, start line, start column, end line, end column, sslint/v1, line hash)
PINNED = [
    (
        "SSL101",
        "Dockerfile",
        2,
        17,
        2,
        31,
        "2c372964c888d9811ca4b0c0f3221905",
        "ab2a624cef1212d4:1",
    ),
    (
        "SSL101",
        "Dockerfile",
        3,
        18,
        3,
        32,
        "48a800f5dd3a93013c3ae7678f053d3b",
        "a811b68078ab745d:1",
    ),
    ("SSL201", "get.sh", 2, 6, 2, 8, "40379ef0294aaf38c56bf109cb8b7e3a", "38ccbda8caa65b11:1"),
]


def _documented(rule: str, path: str, line: str, occurrence: int) -> str:
    data = "\x1f".join((rule, path, " ".join(line.split()), str(occurrence)))
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> object:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "get.sh").write_text(SCRIPT)
    monkeypatch.chdir(tmp_path)
    outcome = cli_runner().invoke(main, ["--no-cache", "--format", fmt, "."])
    assert outcome.exit_code == 1, outcome.output
    return json.loads(outcome.stdout)


def test_sarif_fingerprints_are_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _report(tmp_path, monkeypatch, "sarif")
    assert isinstance(log, dict)
    got = []
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        prints = result["partialFingerprints"]
        got.append(
            (
                result["ruleId"],
                location["artifactLocation"]["uri"],
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                prints["sslint/v1"],
                prints["primaryLocationLineHash"],
            )
        )
    assert got == PINNED


def test_sslint_v1_follows_its_documented_formula() -> None:
    lines = DOCKERFILE.splitlines()
    assert _documented("SSL101", "Dockerfile", lines[1], 0) == PINNED[0][6]
    # Line 3 folds to the same text as line 2: it is the second occurrence.
    assert _documented("SSL101", "Dockerfile", lines[2], 1) == PINNED[1][6]
    assert _documented("SSL201", "get.sh", SCRIPT.splitlines()[1], 0) == PINNED[2][6]


def test_gitlab_fingerprints_are_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    issues = _report(tmp_path, monkeypatch, "gitlab")
    assert isinstance(issues, list)
    assert [
        (i["location"]["path"], i["location"]["lines"]["begin"], i["fingerprint"]) for i in issues
    ] == [(path, line, v1) for _, path, line, _, _, _, v1, _ in PINNED]
