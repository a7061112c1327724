"""The fast indented JSON writer gives exactly what `json.dumps(indent=2)` gives."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sslint.report.json_text import Raw, Template, dumps, dumps_at

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


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _shape(value: Any, numbers: list[int]) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item, numbers) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item, numbers) for item in value]
    numbers.append(len(numbers))
    return Template.slot(numbers[-1])


_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_DATA, st.integers(min_value=0, max_value=6))
def test_a_template_writes_what_dumps_writes(value: Any, depth: int) -> None:
    newline = "\n" + "  " * depth
    template = Template(_shape(value, []), newline)
    assert template.fill(_leaves(value)) == dumps_at(value, newline)


def test_raw_text_is_written_for_its_place() -> None:
    value = {"a": [1, Raw(lambda newline: f"[{newline!r}]")], "b": Raw(lambda n: "7")}
    assert dumps(value) == '{\n  "a": [\n    1,\n    [\'\\n    \']\n  ],\n  "b": 7\n}'
