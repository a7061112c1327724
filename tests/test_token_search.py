"""The one-pass token search agrees with searching each token on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sslint.linter import kinds
from sslint.linter.engine import _kind_plan, _Plan
from sslint.linter.token_search import TokenGroups

_TOKENS = st.binary(min_size=1, max_size=4).map(lambda b: bytes(b"ab_"[x % 3] for x in b))
_GROUPS = st.lists(st.lists(_TOKENS, max_size=4).map(tuple), min_size=1, max_size=4)
_TEXT = st.binary(max_size=40).map(lambda b: bytes(b"ab_\n"[x % 4] for x in b))


def _by_find(groups: list[tuple[bytes, ...]], text: bytes) -> int:
    return sum(1 << n for n, group in enumerate(groups) if any(t in text for t in group))


@settings(max_examples=400)
@given(_GROUPS, _TEXT)
def test_found_groups_are_those_a_find_sees(groups: list[tuple[bytes, ...]], text: bytes) -> None:
    assert TokenGroups(*groups).found(text) == _by_find(groups, text)


def test_tokens_inside_and_across_others_are_all_found() -> None:
    groups = TokenGroups((b"ssl_verify",), (b"ssl",), (b"l_v",), (b"absent",))
    assert groups.found(b"x = ssl_verify") == 0b0111
    assert groups.found(b"") == 0
    assert TokenGroups((), ()).found(b"anything") == 0


def _worth_reading_by_find(plan: _Plan, data: bytes) -> bool:
    """The prefilter's rule spelled out with one `in` per token (as it was written first)."""
    assert plan.tokens is not None
    lowered = data.lower()
    if any(token in lowered for token in (*plan.tokens, *plan.links)):
        return True
    if not any(token in lowered for token in plan.gate):
        return False
    if plan.gate_test is not None and not plan.gate_test(lowered):
        return False
    return any(token in lowered for token in plan.gated)


def _pieces(kind: str) -> list[bytes]:
    plan = _kind_plan(kind)
    tokens = (*(plan.tokens or ()), *plan.links, *plan.gate, *plan.gated)
    # Tokens, their halves and upper-case spellings, the words the gate tests look at.
    halves = [t[: len(t) // 2] for t in tokens] + [t[len(t) // 2 :] for t in tokens]
    extra = [b" ", b"\n", b"os.", b"import ", b"from os import system", b"_x", b"(", b"="]
    return [*tokens, *halves, *(t.upper() for t in tokens), *extra]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_prefilter_reads_what_one_search_per_token_reads(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from([kinds.PYTHON, kinds.SHELL, kinds.GITLAB_CI, kinds.YAML]))
    plan = _kind_plan(kind)
    pieces = data.draw(st.lists(st.sampled_from(_pieces(kind)), max_size=8))
    text = b"".join(pieces)
    assert plan.worth_reading(text) == _worth_reading_by_find(plan, text)
