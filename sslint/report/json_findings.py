"""JSON: a plain list of findings."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from sslint.linter.baseline import FindingKey
from sslint.linter.findings import Finding
from sslint.report.json_text import Template, array_pieces, dumps_at, encode_string
from sslint.report.model import Report, fix_summary
from sslint.report.parts import PartsRender
from sslint.report.sarif import valid_unicode

# The scalars of an item that differ between findings of one file, rule, level and precision.
_VARIABLE = ("line", "column", "end_line", "end_column", "message", "fingerprint")


def _pairs(report: Report) -> list[tuple[Finding, FindingKey]]:
    """The findings with their keys, in report order (then the suppressed ones, if shown)."""
    pairs = list(zip(report.findings, report.keys))
    if report.show_suppressed:
        pairs += zip(report.suppressed, report.suppressed_keys)
    return pairs


def _item(report: Report, finding: Finding, key: FindingKey) -> dict[str, Any]:
    """One finding's dictionary.

    A suppressed finding has a `suppressed` object: the comment, its line and
    the justification written after it.
    """
    rule = report.rule(finding.rule_id)
    span = finding.span
    item: dict[str, Any] = {
        "rule": finding.rule_id,
        "name": rule.name,
        "level": report.level(finding),
        "path": valid_unicode(finding.path),
        "line": span.start_line,
        "column": span.start_column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "message": valid_unicode(finding.message),
        "precision": finding.precision,
        "fix": fix_summary(rule),
        "fingerprint": key.fingerprint(),
    }
    kept = finding.suppression
    if kept is not None:
        item["suppressed"] = {
            "comment": valid_unicode(kept.comment),
            "line": kept.line,
            "justification": valid_unicode(kept.justification),
        }
    return item


def render_pieces(report: Report) -> Iterator[str]:
    """The text of `render` in parts, a batch of findings each."""
    yield from array_pieces(_item_texts(report, "\n  "), "\n")
    yield "\n"


def _item_texts(report: Report, newline: str) -> Iterator[str]:
    """The text of each item at `newline`; one without a suppression filled into the
    template of its file, rule, level and precision."""
    templates: dict[tuple[str, str, Optional[str], str], Optional[Template]] = {}
    encode = encode_string
    message, message_text = "", encode("")  # the last message and its JSON text
    for finding, key in _pairs(report):
        if finding.suppression is not None:
            yield dumps_at(_item(report, finding, key), newline)
            continue
        shape = (finding.path, finding.rule_id, finding.level, finding.precision)
        if shape in templates:
            template = templates[shape]
        else:
            template = templates[shape] = _template(report, finding, key, newline)
        if template is None:
            yield dumps_at(_item(report, finding, key), newline)
            continue
        span = finding.span
        if finding.message != message:
            message = finding.message
            message_text = encode(valid_unicode(message))
        yield template.join(
            [
                str(span.start_line),
                str(span.start_column),
                str(span.end_line),
                str(span.end_column),
                message_text,
                encode(key.fingerprint()),
            ]
        )


def _template(
    report: Report, finding: Finding, key: FindingKey, newline: str
) -> Optional[Template]:
    """The template of items like `finding`'s (None if its constants will not do)."""
    item = _item(report, finding, key)
    item.update((name, Template.slot(number)) for number, name in enumerate(_VARIABLE))
    return Template.of(item, newline, len(_VARIABLE))


# The findings as a JSON array.
render = PartsRender(render_pieces)
