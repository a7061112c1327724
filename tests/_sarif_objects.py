"""The SARIF log built with sarif-om objects: the reference the written log is checked against.

sslint writes the log as JSON data; this builds the same log the long way,
with sarif-om's classes and their schema property names, so a test can compare
the two key for key (and in order).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Optional

import attr
import sarif_om as om  # type: ignore[import-untyped]

from sslint import __version__
from sslint.linter.config import relative_posix
from sslint.linter.facts import Notice
from sslint.report.model import Report
from sslint.report.rule_docs import REPOSITORY, as_markdown, as_text, help_uri
from sslint.report.sarif import (
    _PRECISIONS,
    _PROBLEM_SEVERITY,
    AUTOMATION_ID,
    SCHEMA_URI,
    SRCROOT,
    file_uri,
    valid_unicode,
)
from sslint.rules.base import Rule


def _default(field: Any) -> Any:
    default = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        return default.factory()
    return None if default is attr.NOTHING else default


@cache
def _fields(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """(attribute, schema property name, default, always written) of a sarif-om class."""
    return tuple(
        (f.name, f.metadata["schema_property_name"], _default(f), f.name == "level")
        for f in attr.fields(cls)
    )


def to_sarif_dict(value: Any) -> Any:
    """sarif-om objects as plain JSON data with the schema's property names.

    Attributes left at None or at their schema default are dropped, except
    `level`, which is always written.
    """
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    if isinstance(value, dict):
        return {key: to_sarif_dict(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_sarif_dict(item) for item in value]
    if attr.has(type(value)):
        out: dict[str, Any] = {}
        for name, prop, default, always in _fields(type(value)):  # type: ignore[arg-type]
            item = getattr(value, name)
            if item is None or (not always and item == default):
                continue
            out[prop] = to_sarif_dict(item)
        return out
    return value


def location(uri: str, region: Optional[om.Region]) -> om.Location:
    if uri.startswith("/") or Path(uri).is_absolute():
        artifact = om.ArtifactLocation(uri=Path(uri).as_uri())
    else:
        artifact = om.ArtifactLocation(uri=file_uri(uri), uri_base_id=SRCROOT)
    physical = om.PhysicalLocation(artifact_location=artifact, region=region)
    return om.Location(physical_location=physical)


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    precision = rule.precision if rule.precision in _PRECISIONS else "high"
    cwe = rule.cwe.lower().replace("cwe-", "")
    tags = ["security", f"external/cwe/cwe-{cwe}", *rule.tags]
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary.strip()),
        full_description=om.MultiformatMessageString(text=" ".join(rule.description.split())),
        help=om.MultiformatMessageString(text=as_text(rule), markdown=as_markdown(rule)),
        help_uri=help_uri(rule),
        default_configuration=om.ReportingConfiguration(level=rule.level),
        properties={
            "tags": list(dict.fromkeys(tags)),
            "security-severity": f"{rule.security_severity:.1f}",
            "precision": precision,
            "problem.severity": _PROBLEM_SEVERITY.get(rule.level, "warning"),
        },
    )


def _notification(notice: Notice, root: Path) -> om.Notification:
    region = om.Region(start_line=notice.line) if notice.line else None
    uri = relative_posix(Path(notice.path), root)
    return om.Notification(
        level="error" if notice.level == "error" else "warning",
        message=om.Message(text=f"{notice.path}: {notice.message}"),
        locations=[location(uri, region)],
    )


def header_as_objects(report: Report) -> dict[str, Any]:
    """The SARIF log of a report, results left empty, built with sarif-om and converted."""
    driver = om.ToolComponent(
        name="sslint",
        version=__version__,
        semantic_version=__version__,
        information_uri=REPOSITORY,
        rules=[_descriptor(rule) for rule in report.rules],
    )
    invocation = om.Invocation(
        execution_successful=not report.incomplete,
        tool_execution_notifications=[_notification(n, report.root) for n in report.notices]
        or None,
    )
    run = om.Run(
        tool=om.Tool(driver=driver),
        automation_details=om.RunAutomationDetails(id=AUTOMATION_ID),
        original_uri_base_ids={
            SRCROOT: om.ArtifactLocation(uri=report.root.resolve().as_uri().rstrip("/") + "/")
        },
        column_kind="unicodeCodePoints",
        invocations=[invocation],
        results=[],
    )
    data: dict[str, Any] = to_sarif_dict(
        om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    )
    return data
