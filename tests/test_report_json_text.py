"""The fast indented JSON writer gives exactly what `json.dumps(indent=2)` gives."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sslint.report.json_text import dumps

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | st.integers() | st.booleans() | st.none(), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_VALUES)
def test_same_text_as_the_standard_library(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_nested_report_shape() -> None:
    value = {
        "runs": [{"results": [{"ruleId": "SSL101", "region": {"startLine": 3}}], "x": {}}],
        "empty": [],
        "text": 'caf\u00e9 \u202e \x1b[31m "q" \\',
    }
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps(value).splitlines()[1] == '  "runs": ['


def test_what_json_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})
