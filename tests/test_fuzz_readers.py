"""Property tests of every reader on this branch, and of the whole engine on bytes.

Random files mix a kind's syntax with rule trigger words. A reader never
raises, every fact it records lies inside the file with its values mapped
onto their text, and scanning the same bytes through the engine gives no
internal error and findings inside the file.
"""

from __future__ import annotations

import pytest
from fuzz_support import FILE_NAMES, check_facts, check_findings, texts_for
from hostile_support import reader_available
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import read_facts, scan_bytes
from sslint.linter.readers import READERS
from sslint.linter.source import Source, decode

READ_KINDS = sorted(kind for kind in READERS if reader_available(kind))
# Names of every kind whose reader is here (or that has none to miss).
SCANNABLE_NAMES = sorted(
    name for kind, name in FILE_NAMES.items() if kind not in READERS or reader_available(kind)
)
SLOW_KINDS = {kinds.PYTHON}  # the Python analysis is the slowest reader path


def _examples(kind: str) -> int:
    return 40 if kind in SLOW_KINDS else 100


def _assert_reads(kind: str, text: str) -> None:
    source = Source(FILE_NAMES[kind], text)
    facts = read_facts(source, kind)
    check_facts(facts)
    result = scan_bytes(
        text.encode("utf-8"), FILE_NAMES[kind], Config(), kind=kind, prefilter=False
    )
    for notice in result.notices:
        assert "internal error" not in notice.message, notice
    check_findings(source, result.findings)


@pytest.mark.parametrize("kind", READ_KINDS)
def test_reader_never_raises_and_keeps_spans_in_the_file(kind: str) -> None:
    @settings(
        max_examples=_examples(kind),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=True,  # the same inputs on every run: CI stays reproducible
    )
    @given(texts_for(kind))
    def run(text: str) -> None:
        _assert_reads(kind, text)

    run()


@pytest.mark.parametrize("kind", READ_KINDS)
def test_reader_survives_truncation_at_every_point(kind: str) -> None:
    @settings(max_examples=10, deadline=None, database=None, derandomize=True)
    @given(texts_for(kind, max_size=15))
    def run(text: str) -> None:
        for end in range(0, len(text) + 1, max(1, len(text) // 8)):
            _assert_reads(kind, text[:end])

    run()


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(SCANNABLE_NAMES), st.binary(max_size=300))
def test_engine_never_raises_on_arbitrary_bytes(name: str, data: bytes) -> None:
    result = scan_bytes(data, name, Config(), prefilter=False)
    for notice in result.notices:
        assert "internal error" not in notice.message, notice
        assert "\n" not in notice.message
    if result.findings:
        check_findings(Source(name, decode(data).text), result.findings)
