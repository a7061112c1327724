"""SARIF 2.1.0, written as JSON data with the schema's property names.

One run. `tool.driver` lists every rule of the catalogue (so `ruleIndex` is
stable whatever was found). Locations are repository-relative URIs under
`%SRCROOT%`, percent-encoded; regions count columns in Unicode code points.
Results carry GitHub's `primaryLocationLineHash` and sslint's own `sslint/v1`
fingerprint. Files sslint could not read are tool execution notifications;
when one was not fully analysed, `executionSuccessful` is false. Findings an
in-file comment hides are results too, with an `inSource` suppression.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional
from urllib.parse import quote

from sslint import __version__
from sslint.linter.baseline import FindingKey
from sslint.linter.config import relative_posix
from sslint.linter.facts import Notice
from sslint.linter.findings import Finding, Suppression
from sslint.report.json_text import Raw, Template, array_pieces, dumps_at, encode_string, pieces
from sslint.report.model import Report
from sslint.report.parts import PartsRender
from sslint.report.rule_docs import REPOSITORY, as_markdown, as_text, help_uri
from sslint.rules.base import NOTE, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
AUTOMATION_ID = "sslint/"
GITHUB_RESULT_LIMIT = 5000

_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", NOTE: "recommendation"}
_PRECISIONS = ("very-high", "high", "medium", "low")
_REGION = ("endColumn", "endLine", "startColumn", "startLine")  # a result's, in writing order


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates (undecodable file-name bytes) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def file_uri(path: str) -> str:
    """A relative path (`/`-separated) as a percent-encoded relative URI reference."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _descriptor(rule: Rule) -> dict[str, Any]:
    """A rule's `reportingDescriptor` as JSON data."""
    precision = rule.precision if rule.precision in _PRECISIONS else "high"
    cwe = rule.cwe.lower().replace("cwe-", "")
    tags = ["security", f"external/cwe/cwe-{cwe}", *rule.tags]
    return {
        "id": rule.id,
        "defaultConfiguration": {"level": rule.level},
        "fullDescription": {"text": valid_unicode(" ".join(rule.description.split()))},
        "help": {
            "text": valid_unicode(as_text(rule)),
            "markdown": valid_unicode(as_markdown(rule)),
        },
        "helpUri": help_uri(rule),
        "name": rule.name,
        "properties": {
            "tags": list(dict.fromkeys(tags)),
            "security-severity": f"{rule.security_severity:.1f}",
            "precision": precision,
            "problem.severity": _PROBLEM_SEVERITY.get(rule.level, "warning"),
        },
        "shortDescription": {"text": valid_unicode(rule.summary.strip())},
    }


def _artifact_data(uri: str) -> dict[str, str]:
    """An `artifactLocation` as JSON data: under `%SRCROOT%` unless the path is absolute."""
    if uri.startswith("/") or Path(uri).is_absolute():  # not a relative `c:d/x` or `::x`
        return {"uri": Path(uri).as_uri()}
    return {"uri": file_uri(uri), "uriBaseId": SRCROOT}


def _result(
    report: Report, finding: Finding, key: FindingKey, artifacts: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """One result as JSON data, in sarif-om's property order.

    Results are most of a large log; writing them as data directly skips two
    object layers per result (tests/test_report_sarif.py checks the two agree).
    `artifacts` keeps each file's location, shared by its results.
    """
    span = finding.span
    where = finding.uri or finding.path
    artifact = artifacts.get(where)
    if artifact is None:
        artifact = artifacts[where] = _artifact_data(where)
    fingerprints = {"sslint/v1": key.fingerprint()}
    line_hash = report.sources.line_hash(
        finding.path, span.start_line, report.last_lines.get(finding.path, 0)
    )
    if line_hash is not None:
        fingerprints["primaryLocationLineHash"] = line_hash
    where_in_file = (span.end_column, span.end_line, span.start_column, span.start_line)
    region = dict(zip(_REGION, where_in_file))
    result: dict[str, Any] = {
        "message": {"text": valid_unicode(finding.message)},
        "level": report.level(finding),
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": fingerprints,
        "properties": {"precision": finding.precision},
        "ruleId": finding.rule_id,
        "ruleIndex": report.rule_index[finding.rule_id],
    }
    if finding.suppression is not None:
        result["suppressions"] = [_suppression(finding.suppression, artifact)]
    return result


def _suppression(kept: Suppression, artifact: dict[str, str]) -> dict[str, Any]:
    """An `inSource` suppression: where the comment is, and its justification if any."""
    region = {"startLine": kept.line}
    data: dict[str, Any] = {
        "kind": "inSource",
        "location": {"physicalLocation": {"artifactLocation": artifact, "region": region}},
    }
    if kept.justification:
        data["justification"] = valid_unicode(kept.justification)
    return data


def _notification(notice: Notice, root: Path) -> dict[str, Any]:
    """A notice as a tool execution notification."""
    physical: dict[str, Any] = {
        "artifactLocation": _artifact_data(relative_posix(Path(notice.path), root))
    }
    if notice.line:
        physical["region"] = {"startLine": notice.line}
    return {
        "message": {"text": valid_unicode(f"{notice.path}: {notice.message}")},
        "level": "error" if notice.level == "error" else "warning",
        "locations": [{"physicalLocation": physical}],
    }


def header(report: Report) -> dict[str, Any]:
    """The SARIF log of a report as JSON data, its results left empty.

    Keys are in the order (and unset values left out as) sarif-om would write
    them: tests/test_report_sarif.py builds the same log with sarif-om objects.
    """
    invocation: dict[str, Any] = {"executionSuccessful": not report.incomplete}
    if report.notices:
        invocation["toolExecutionNotifications"] = [
            _notification(notice, report.root) for notice in report.notices
        ]
    driver = {
        "name": "sslint",
        "informationUri": REPOSITORY,
        "rules": [_descriptor(rule) for rule in report.rules],
        "semanticVersion": __version__,
        "version": __version__,
    }
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": AUTOMATION_ID},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {"uri": valid_unicode(report.root.resolve().as_uri().rstrip("/") + "/")}
        },
        "results": [],
    }
    return {"runs": [run], "version": "2.1.0", "$schema": SCHEMA_URI}


def _results(report: Report) -> Iterator[dict[str, Any]]:
    """Every result as JSON data: the findings, then the suppressed ones."""
    artifacts: dict[str, dict[str, str]] = {}
    for finding, key in zip(report.findings, report.keys):
        yield _result(report, finding, key, artifacts)
    for finding, key in zip(report.suppressed, report.suppressed_keys):
        yield _result(report, finding, key, artifacts)


def log_data(report: Report) -> dict[str, Any]:
    """The SARIF log as JSON data."""
    data = header(report)
    data["runs"][0]["results"] = list(_results(report))
    return data


def render_pieces(report: Report) -> Iterator[str]:
    """The text of `render` in parts, a batch of results each."""
    data = header(report)
    data["runs"][0]["results"] = Raw(lambda newline: _results_pieces(report, newline))
    yield from pieces(data)
    yield "\n"


def _results_pieces(report: Report, newline: str) -> Iterator[str]:
    """The results array as `dumps` writes it at `newline`, in batches of results."""
    return array_pieces(_result_texts(report, newline + "  "), newline)


def _result_texts(report: Report, newline: str) -> Iterator[str]:
    """The text of each result at `newline`.

    A log can hold 100,000 results: one without a suppression is filled into
    the template of its file, rule, level and precision, which holds all of it
    but the message, the region and the fingerprints.
    """
    artifacts: dict[str, dict[str, str]] = {}
    templates: dict[tuple[str, str, Optional[str], str, bool], Optional[Template]] = {}
    hashes: dict[str, dict[int, str]] = {}
    encode = encode_string
    message, message_text = "", encode("")  # the last message and its JSON text
    for finding, key in zip(report.findings, report.keys):
        path = finding.path
        known = hashes.get(path)
        if known is None:
            known = hashes[path] = report.sources.line_hashes(path, report.last_lines[path])
        span = finding.span
        line_hash = known.get(span.start_line)
        fingerprint = key.fingerprint()
        shape = (
            finding.uri or path,
            finding.rule_id,
            finding.level,
            finding.precision,
            line_hash is None,
        )
        if shape in templates:
            template = templates[shape]
        else:
            template = templates[shape] = _template(report, finding, key, artifacts, newline)
        if template is None:
            yield dumps_at(_result(report, finding, key, artifacts), newline)
            continue
        if finding.message != message:
            message = finding.message
            message_text = encode(valid_unicode(message))
        texts = [
            message_text,
            str(span.end_column),
            str(span.end_line),
            str(span.start_column),
            str(span.start_line),
            encode(fingerprint),
        ]
        if line_hash is not None:
            texts.append(encode(line_hash))
        yield template.join(texts)
    for finding, key in zip(report.suppressed, report.suppressed_keys):
        yield dumps_at(_result(report, finding, key, artifacts), newline)


def _template(
    report: Report,
    finding: Finding,
    key: FindingKey,
    artifacts: dict[str, dict[str, str]],
    newline: str,
) -> Optional[Template]:
    """The template of results like `finding`'s (None if its constants will not do)."""
    result = _result(report, finding, key, artifacts)
    result["message"] = {"text": Template.slot(0)}
    region = {name: Template.slot(number) for number, name in enumerate(_REGION, start=1)}
    result["locations"][0]["physicalLocation"]["region"] = region
    fingerprints = result["partialFingerprints"]
    for number, name in enumerate(fingerprints, start=5):
        fingerprints[name] = Template.slot(number)
    return Template.of(result, newline, 4 + len(fingerprints) + 1)


# The SARIF log as indented JSON (the text of `log_data`, its results from templates).
render = PartsRender(render_pieces)
