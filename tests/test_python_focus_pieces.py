"""The trigger words of a long text, searched piece by piece, are those of one search."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sslint.rules import _python_focus
from sslint.rules._python_focus import _LONGEST_WORD, _WORD_SEARCH, _WORDS, may_matter

_PARTS = st.sampled_from([*_WORDS, "verify_ssl", "ssl=", "x", "_", " ", "\n", "=False", "#"])


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(_PARTS, max_size=60),
    piece=st.integers(min_value=_LONGEST_WORD, max_value=2 * _LONGEST_WORD),
)
def test_pieces_give_every_match_once_in_order(parts: list[str], piece: int) -> None:
    text = "".join(parts)
    whole = [(s, e) for _, s, e in _WORD_SEARCH.find_matches_as_indexes(text, True)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_python_focus, "_SEARCH_PIECE", piece)
        pieces = list(_python_focus._word_matches(text))
        pieced = may_matter(text)
    assert sorted(pieces) == sorted(whole)
    assert [e for _, e in pieces] == [e for _, e in whole]
    assert pieced == may_matter(text)
