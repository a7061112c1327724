"""What the engine adds to a rule's findings, and what it keeps of them."""

from __future__ import annotations

import dataclasses

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
