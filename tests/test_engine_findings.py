"""What the engine adds to a rule's findings, and what it keeps of them."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from sslint.linter import engine
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.findings import PROBABLE, Finding
from sslint.linter.source import LineRange, Span

_CODE = b"""import requests

def fetch(client, url):
    return client.get(url,
                      verify=False)   # an object of unknown type
"""


def test_the_rules_fields_are_kept_and_the_files_filled_in() -> None:
    result = scan_bytes(_CODE, "app/fetch.py", Config(), uri="src/app/fetch.py")
    assert result.findings == [
        Finding(
            rule_id="SSL301",
            span=Span(90, 102, 5, 23, 5, 35),
            message=result.findings[0].message,
            statement=LineRange(4, 5),
            precision=PROBABLE,
            level=None,
            path="app/fetch.py",
            uri="src/app/fetch.py",
            line_text="verify=False) # an object of unknown type",
        )
    ]
    assert "probably" in result.findings[0].message


def test_every_field_of_a_finding_is_one_the_engine_copies() -> None:
    # engine._finish builds each reported Finding field by field: a new field must be added there.
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "rule_id",
        "span",
        "message",
        "statement",
        "precision",
        "level",
        "path",
        "uri",
        "line_text",
        "suppression",
    ]


_PATHS = st.sampled_from(["a.py", "b/Dockerfile", "b/c.sh", "B.py", "z.yml"])
_FINDING = st.builds(
    lambda path, line, column, rule, message: Finding(
        rule_id=rule,
        span=Span(0, 1, line, column, line, column + 1),
        message=message,
        statement=LineRange(line, line),
        path=path,
    ),
    _PATHS,
    st.integers(1, 4),
    st.integers(1, 3),
    st.sampled_from(["SSL101", "SSL201"]),
    st.sampled_from(["m", "n"]),
)


@given(st.lists(st.lists(_FINDING, min_size=1, max_size=6), max_size=6))
@settings(max_examples=300, deadline=None)
def test_files_in_path_order_give_the_order_of_sorting_every_finding(
    files: list[list[Finding]],
) -> None:
    """The scan orders whole files instead of every finding; the result is the same."""
    per_file = []
    for findings in files:  # one file's findings share its path and come sorted
        path = findings[0].path
        per_file.append(
            sorted((dataclasses.replace(f, path=path) for f in findings), key=lambda f: f.sort_key)
        )
    expected = sorted((f for findings in per_file for f in findings), key=lambda f: f.sort_key)
    assert engine._in_order(per_file) == expected
