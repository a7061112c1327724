"""Property tests of the position mapping: sources, views, slices, builders, joins.

Whatever chain of derivations a reader makes, every span stays inside the
file, starts before it ends, and every character that was copied (not
synthesised) maps back to the same character in the file.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslint.linter.source import Source, View, ViewBuilder, join_views

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)

# Text with the line endings and wide characters that break naive arithmetic.
TEXT = st.lists(
    st.sampled_from([*"ab c\t\\'\"$\n\r", "\r\n", "é", "😀", "\u2028", "\x00"]),
    max_size=40,
).map("".join)


def check_view(view: View) -> None:
    """Every invariant a view must keep."""
    source = view.source
    size = len(source.text)
    covered = 0
    for seg in view.segments:
        assert seg.view_start == covered, view.segments
        assert seg.length > 0 or view.text == ""
        assert seg.step in (0, 1)
        assert 0 <= seg.source_start <= size
        if seg.step == 1:
            assert seg.source_start + seg.length <= size
            copied = view.text[seg.view_start : seg.view_start + seg.length]
            assert copied == source.text[seg.source_start : seg.source_start + seg.length]
        covered += seg.length
    assert covered == len(view.text)
    for start in range(len(view.text) + 1):
        for end in range(start, len(view.text) + 1):
            check_span(view, start, end)


def check_span(view: View, start: int, end: int) -> None:
    """A view range maps to an ordered span inside the file, on the same text when copied."""
    source = view.source
    span = view.span(start, end)
    assert 0 <= span.start <= span.end <= len(source.text)
    assert (span.start_line, span.start_column) == source.position(span.start)
    assert (span.end_line, span.end_column) == source.position(span.end)
    assert (span.start_line, span.start_column) <= (span.end_line, span.end_column)
    assert 1 <= span.start_line <= span.end_line <= len(source.text.split("\n"))
    single = [
        seg
        for seg in view.segments
        if seg.step == 1 and seg.view_start <= start and end <= seg.view_start + seg.length
    ]
    if single and end > start:
        assert source.text[span.start : span.end] == view.text[start:end]


@SETTINGS
@given(TEXT)
def test_offsets_and_positions_round_trip(text: str) -> None:
    source = Source("f", text)
    for offset in range(len(text) + 1):
        line, column = source.position(offset)
        assert source.offset(line, column) == offset
        assert source.line_of(offset) == line
        assert column >= 1
    assert source.line_count >= 1


@SETTINGS
@given(TEXT)
def test_line_text_has_no_line_ending(text: str) -> None:
    source = Source("f", text)
    for line in range(0, source.line_count + 2):
        assert "\n" not in source.line_text(line)
        assert not source.line_text(line).endswith("\r")


@st.composite
def derived_views(draw: st.DrawFn, depth: int = 3) -> View:
    """A view made by a random chain of slices, builders and joins over one source."""
    text = draw(TEXT)
    view = Source("f", text).whole()
    for _ in range(draw(st.integers(0, depth))):
        view = draw(_derive(view))
    return view


def _bound(draw: st.DrawFn, view: View) -> tuple[int, int]:
    n = len(view.text)
    a = draw(st.integers(-2, n + 2))
    b = draw(st.integers(-2, n + 2))
    return a, b


@st.composite
def _derive(draw: st.DrawFn, view: View) -> View:
    how = draw(st.sampled_from(["slice", "build", "join"]))
    if how == "slice":
        a, b = _bound(draw, view)
        lo, hi = max(0, min(a, b)), min(len(view.text), max(a, b))
        return view.slice(lo, hi)
    if how == "build":
        builder = ViewBuilder(view)
        for _ in range(draw(st.integers(0, 4))):
            if draw(st.booleans()):
                builder.add(*_bound(draw, view))
            else:
                anchor = draw(st.integers(0, len(view.text)))
                builder.synth(draw(st.text(alphabet="xyz\n ", max_size=3)), anchor)
        return builder.build()
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        a, b = _bound(draw, view)
        lo, hi = max(0, min(a, b)), min(len(view.text), max(a, b))
        parts.append((view, lo, hi))
    return join_views(parts, draw(st.sampled_from(["", "\n", " && "])))


@SETTINGS
@given(derived_views())
def test_derived_views_map_back_to_the_file(view: View) -> None:
    check_view(view)


@SETTINGS
@given(derived_views(), st.data())
def test_slices_of_derived_views_keep_their_text(view: View, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(view.text)))
    end = data.draw(st.integers(start, len(view.text)))
    sub = view.slice(start, end)
    assert sub.text == view.text[start:end]
    check_view(sub)
    for i in range(len(sub.text)):
        assert sub.to_source(i) == view.to_source(start + i)


@SETTINGS
@given(derived_views(), st.data())
def test_builder_copies_text_exactly(view: View, data: st.DataObject) -> None:
    builder = ViewBuilder(view)
    expected = ""
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(view.text)))
        end = data.draw(st.integers(start, len(view.text)))
        builder.add(start, end)
        expected += view.text[start:end]
        assert len(builder) == len(expected)
    built = builder.build()
    assert built.text == expected
    check_view(built)


@SETTINGS
@given(st.lists(derived_views(depth=1), min_size=1, max_size=1), TEXT)
def test_joins_are_the_parts_with_separators(views: list[View], sep: str) -> None:
    view = views[0]
    parts = [(view, 0, len(view.text)), (view, 0, len(view.text) // 2)]
    joined = join_views(parts, sep)
    assert joined.text == view.text + sep + view.text[: len(view.text) // 2]
    check_view(joined)


@given(st.text(alphabet="ab\n\r", max_size=30), st.data())
def test_a_line_is_the_same_before_and_after_the_line_table_is_built(
    text: str, data: st.DataObject
) -> None:
    offset = data.draw(st.sampled_from([0, len(text), len(text) // 2]))
    fresh = Source("f", text).line_of(offset)
    built = Source("f", text)
    built.position(0)  # builds the table
    assert fresh == built.line_of(offset) == text[:offset].count("\n") + 1
