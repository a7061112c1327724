"""The rule-test helpers report what a checker gives, duplicates and end positions included."""

from __future__ import annotations

from sslint.linter.config import Config
from sslint.linter.facts import FileFacts
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange
from sslint.rules.base import Checker
from tests._facts import FactBuilder, run, spans

TEXT = "pip install \\\n  --trusted-host h x\n"


def _twice(facts: FileFacts, config: Config) -> list[Finding]:
    """A faulty checker: the same finding twice, its span over two lines."""
    view = facts.source.whole()
    start = facts.source.text.index("install")
    end = facts.source.text.index("--trusted-host") + len("--trusted-host")
    finding = Finding("SSL999", view.span(start, end), "x", LineRange(1, 2))
    return [finding, finding]


def test_duplicates_and_end_lines_are_kept() -> None:
    facts = FactBuilder(TEXT).facts
    checker = Checker(rules=(), check=_twice)
    assert spans(checker, facts) == [("SSL999", 1, 5, 2, 17)] * 2
    assert run(checker, facts) == [("SSL999", 1, 5, 17)] * 2
