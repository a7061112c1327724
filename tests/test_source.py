"""Positions survive every transformation: sources, spans and views."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from sslint.linter.facts import Word
from sslint.linter.source import (
    Segment,
    Source,
    View,
    ViewBuilder,
    decode,
    join_views,
    line_starts,
)


def test_position_counts_code_points_and_lines() -> None:
    src = Source("f", "ab\nçé -k\n")
    assert src.position(0) == (1, 1)
    assert src.position(3) == (2, 1)
    assert src.position(6) == (2, 4)
    assert src.line_text(2) == "çé -k"
    span = src.span(6, 8)
    assert (span.start_line, span.start_column, span.end_line, span.end_column) == (2, 4, 2, 6)


def test_crlf_lines_and_columns() -> None:
    src = Source("f", "a\r\nb -k\r\n")
    assert src.line_text(1) == "a"
    assert src.position(src.text.index("-k")) == (2, 3)


def test_decode_bom_utf16_cookie_and_invalid() -> None:
    assert decode(codecs.BOM_UTF8 + b"x").text == "x"
    assert decode("héllo".encode("utf-16")).text == "héllo"
    latin = b"# -*- coding: latin-1 -*-\nx = '\xe9'\n"
    assert decode(latin, python=True).text.endswith("x = 'é'\n")
    bad = decode(b"ok \xff here")
    assert bad.warning is not None and "\ufffd" in bad.text


def test_view_slices_and_nesting_map_back() -> None:
    text = "RUN pip install \\\n    --trusted-host h\n"
    src = Source("Dockerfile", text)
    whole = src.whole()
    # Join the continuation: drop the backslash-newline, keep a space.
    cut = text.index("\\")
    b = ViewBuilder(whole)
    b.add(4, cut).synth(" ", cut).add(text.index("--"), len(text) - 1)
    joined = b.build()
    assert joined.text == "pip install  --trusted-host h"
    at = joined.text.index("--trusted-host")
    span = joined.span(at, at + len("--trusted-host"))
    assert (span.start_line, span.start_column, span.end_column) == (2, 5, 19)
    # A view of the view still maps to the file.
    inner = joined.slice(at, len(joined.text))
    s2 = inner.span(0, 2)
    assert (s2.start_line, s2.start_column) == (2, 5)
    # Synthesised characters map to their anchor.
    gap = joined.text.index("  ") + 1
    assert src.position(joined.to_source(gap))[0] == 1


def test_join_views_keeps_each_part_mapped() -> None:
    src = Source("f", "one\ntwo\n")
    whole = src.whole()
    joined = join_views([(whole, 0, 3), (whole, 4, 7)], separator=" ")
    assert joined.text == "one two"
    span = joined.span(4, 7)
    assert (span.start_line, span.start_column, span.end_column) == (2, 1, 4)


def _eager(view: View, start: int, end: int) -> View:
    return ViewBuilder(view).add(start, end).build()


def test_views_cut_from_one_run_map_like_built_ones() -> None:
    # CRLF, a tab, code points beyond ASCII and a joined continuation line.
    text = "RUN a\tçé \\\r\n  --trusted-host h\u00e9x 😀\r\nnext\n"
    src = Source("f", text)
    whole = src.whole()
    cut = text.index("\\")
    joined = ViewBuilder(whole).add(4, cut).synth(" ", cut).add(text.index("--"), len(text)).build()
    synthetic = ViewBuilder(whole).synth("abc", 5).build()
    for view in (whole, joined, synthetic, joined.slice(3, 20)):
        size = len(view.text)
        for start in range(size):
            for end in range(start, size + 1):
                lazy, eager = view.slice(start, end), _eager(view, start, end)
                assert lazy == eager, (view.text, start, end)
                assert [lazy.to_source(i) for i in range(-1, end - start + 2)] == [
                    eager.to_source(i) for i in range(-1, end - start + 2)
                ]
                assert lazy.span(0, end - start) == eager.span(0, end - start)
                assert lazy.line_range(0, end - start) == eager.line_range(0, end - start)


def test_lazy_span_of_a_word_after_crlf_and_non_ascii() -> None:
    text = "x\r\n\tçé -k\r\n"
    src = Source("f", text)
    at = text.index("-k")
    word = src.whole().slice(at, at + 2)
    span = word.span(0, 2)
    assert (span.start_line, span.start_column, span.end_line, span.end_column) == (2, 5, 2, 7)
    assert word.slice(1, 2).span(0, 1).start_column == 6
    assert word.segments == [Segment(0, at, 2, 1)]


def test_cut_words_map_like_words_of_sliced_views() -> None:
    text = "a\r\n\tçé -o=v\\\n😀 -k\n"
    src = Source("f", text)
    whole = src.whole()
    cut_at = text.index("\\")
    joined = ViewBuilder(whole).add(0, cut_at).synth(" ", cut_at).add(cut_at + 2, len(text)).build()
    for view in (whole, joined):
        size = len(view.text)
        for start in range(size):
            for end in range(start, size + 1):
                lazy, eager = Word.cut(view, start, end), Word(view.slice(start, end))
                assert lazy.text == eager.text and lazy.known and lazy.via is None
                assert lazy.span == eager.span
                length = end - start
                for a in range(length + 1):
                    for b in range(a, length + 2):
                        assert lazy.sub_span(a, b) == eager.sub_span(a, b), (start, end, a, b)
                        part, whole_part = lazy.part(a, b), eager.part(a, b)
                        assert part.text == whole_part.text
                        assert part.span == whole_part.span
                assert lazy == eager


@given(st.text(st.sampled_from("a\n\r\u00e9\u4e2d\t"), max_size=30))
def test_line_starts_are_where_each_newline_ends(text: str) -> None:
    expected = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    assert line_starts(text) == expected
