"""The per-finding makers build exactly what the data classes' constructors build."""

from __future__ import annotations

import dataclasses
import inspect

from hypothesis import given
from hypothesis import strategies as st

from sslint.linter.findings import PROBABLE, PROVEN, Finding, Suppression, make_finding
from sslint.linter.source import LineRange, Span, make_span

_INTS = st.integers(min_value=0, max_value=10**6)
_TEXT = st.text(max_size=20)


def _parameters(make: object) -> list[str]:
    return list(inspect.signature(make).parameters)  # type: ignore[arg-type]


def test_the_makers_take_every_field_in_order() -> None:
    assert _parameters(make_span) == [f.name for f in dataclasses.fields(Span)]
    assert _parameters(make_finding) == [f.name for f in dataclasses.fields(Finding)]


@given(_INTS, _INTS, _INTS, _INTS, _INTS, _INTS)
def test_make_span_is_the_constructor(a: int, b: int, c: int, d: int, e: int, f: int) -> None:
    made = make_span(a, b, c, d, e, f)
    assert type(made) is Span
    assert made == Span(a, b, c, d, e, f)
    assert hash(made) == hash(Span(a, b, c, d, e, f))


@given(
    _TEXT,
    _INTS,
    _TEXT,
    st.sampled_from([PROVEN, PROBABLE]),
    st.none() | st.sampled_from(["error", "warning"]),
    _TEXT,
    st.none() | st.just(Suppression("# sslint: ignore[SSL101] why", 3, "why")),
)
def test_make_finding_is_the_constructor(
    rule_id: str,
    line: int,
    message: str,
    precision: str,
    level: object,
    text: str,
    suppression: object,
) -> None:
    span = Span(line, line + 1, line + 1, 1, line + 1, 2)
    fields = (rule_id, span, message, LineRange(line, line + 1), precision, level)
    tail = ("a.sh", "b/a.sh", text, suppression)
    made = make_finding(*fields, *tail)  # type: ignore[arg-type]
    built = Finding(*fields, *tail)  # type: ignore[arg-type]
    assert type(made) is Finding
    assert made == built
    assert made.sort_key == built.sort_key
