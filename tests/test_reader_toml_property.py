"""Property: the TOML locator puts every key and value where tomllib says it is."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslint.linter import kinds
from sslint.linter.engine import read_facts
from sslint.linter.facts import Word
from sslint.linter.source import Source

_KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)
_TEXT = st.text(alphabet="ab c-./:é\"\\'\t#", max_size=12)


@st.composite
def _string(draw: st.DrawFn) -> tuple[str, str]:
    value = draw(_TEXT)
    style = draw(st.sampled_from(["basic", "literal", "multi"]))
    if style == "literal" and "'" not in value and "\t" not in value:
        return value, f"'{value}'"
    if style == "multi":
        body = json.dumps(value, ensure_ascii=False)[1:-1]
        return value, f'"""\n{body}"""'
    return value, json.dumps(value, ensure_ascii=False)


@st.composite
def _scalar(draw: st.DrawFn) -> tuple[Any, str]:
    kind = draw(st.sampled_from(["string", "int", "bool", "float"]))
    if kind == "string":
        return draw(_string())
    if kind == "int":
        number = draw(st.integers(-(10**6), 10**6))
        return number, str(number)
    if kind == "bool":
        flag = draw(st.booleans())
        return flag, "true" if flag else "false"
    number = draw(st.integers(0, 999))
    return number + 0.5, f"{number}.5"


@st.composite
def _value(draw: st.DrawFn) -> tuple[Any, str]:
    if draw(st.integers(0, 3)) == 0:
        items = draw(st.lists(_scalar(), max_size=3))
        sep = draw(st.sampled_from([", ", ",\n    ", " ,  # c\n "]))
        return [v for v, _ in items], "[" + sep.join(t for _, t in items) + "]"
    return draw(_scalar())


@st.composite
def _document(draw: st.DrawFn) -> tuple[str, list[tuple[tuple[str, ...], str, Any]]]:
    lines: list[str] = []
    expected: list[tuple[tuple[str, ...], str, Any]] = []
    tables = draw(st.lists(_KEY, min_size=1, max_size=3, unique=True))
    for index, table in enumerate(tables):
        array = draw(st.booleans())
        if index:
            lines.append(f"[[{table}]]" if array else f"[{table}]")
        section = ((table, "0") if array else (table,)) if index else ()
        keys = draw(
            st.lists(_KEY, max_size=4, unique=True).filter(lambda k: not set(k) & set(tables))
        )
        for key in keys:
            value, text = draw(_value())
            quoted = draw(st.booleans())
            written = f'"{key}"' if quoted else key
            lines.append(f"{written} = {text}  # comment")
            expected.append((section, key, value))
    return "\n".join(lines) + "\n", expected


def _written(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _segments_match(word: Word, source: Source) -> bool:
    for seg in word.view.segments:
        if seg.step == 1:
            part = word.view.text[seg.view_start : seg.view_start + seg.length]
            if source.text[seg.source_start : seg.source_start + seg.length] != part:
                return False
    return True


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_document())
def test_every_value_is_located(doc: tuple[str, list[tuple[tuple[str, ...], str, Any]]]) -> None:
    text, expected = doc
    source = Source("pyproject.toml", text)
    facts = read_facts(source, kinds.PYPROJECT)
    assert facts.notices == []
    found = {(s.section, s.key): s for s in facts.settings}
    for section, key, value in expected:
        setting = found[(section, key)]
        assert source.text[setting.key_span.start : setting.key_span.end].strip('"') == key
        if isinstance(value, list):
            texts = [w.text for w in setting.items]
            assert texts == [_written(v) for v in value]
            assert all(_segments_match(w, source) for w in setting.items)
        else:
            assert setting.value is not None
            if isinstance(value, str):
                assert setting.value.text == value
            assert _segments_match(setting.value, source)
            copied = any(seg.step == 1 for seg in setting.value.view.segments)
            escaped_only = isinstance(value, str) and all(c in '"\\\t' for c in value)
            assert copied or escaped_only or value == ""  # never tomllib's fallback text
