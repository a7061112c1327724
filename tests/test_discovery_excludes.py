"""The `exclude` globs: plain folder names are matched without pathspec, as pathspec would."""

from __future__ import annotations

import pathspec
from hypothesis import given
from hypothesis import strategies as st

from sslint.linter.config import DEFAULT_EXCLUDE
from sslint.linter.discovery import _Excludes

_NAMES = st.text("ab.-_Z9*?", min_size=1, max_size=4)
_SEGMENTS = st.one_of(
    st.text("ab.-_Z9", min_size=1, max_size=4),
    st.sampled_from([".git", "node_modules", "a\nb", "é", "x y", "..", "x.egg-info", "*", "a?"]),
)


@given(
    names=st.lists(_NAMES, max_size=4),
    segments=st.lists(_SEGMENTS, min_size=1, max_size=5),
    folder=st.booleans(),
)
def test_plain_folder_names_match_as_pathspec_matches(
    names: list[str], segments: list[str], folder: bool
) -> None:
    patterns = [f"{name}/" for name in names if any(c.isalnum() for c in name)]
    patterns = [p for p in patterns if "**" not in p] + [".git/", "*.egg-info/"]
    path = "/".join(segments) + ("/" if folder else "")
    excludes = _Excludes(patterns)
    assert excludes.regex is not None and not hasattr(excludes, "spec")  # no pathspec
    expected = pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path)
    assert excludes.match_file(path) == expected, (patterns, path)


def test_the_default_excludes_need_no_pathspec() -> None:
    excludes = _Excludes(list(DEFAULT_EXCLUDE))
    assert not hasattr(excludes, "spec")
    assert excludes.match_file("node_modules/")
    assert excludes.match_file("web/node_modules/left-pad/index.js")
    assert excludes.match_file(".git/")
    assert not excludes.match_file("node_modules")  # a file of that name
    assert not excludes.match_file("src/.github/workflows/ci.yml")
    assert not excludes.match_file("my_node_modules/x.js")
    assert excludes.match_file("src/sslint.egg-info/PKG-INFO")


def test_wildcards_stay_within_one_name() -> None:
    excludes = _Excludes(["a*b/", "c?d/"])
    assert not hasattr(excludes, "spec")
    for path, expected in (
        ("axyb/x.sh", True),
        ("q/ab/x.sh", True),
        ("a/b/x.sh", False),
        ("cxd/x.sh", True),
        ("c/d/x.sh", False),
        ("cd/x.sh", False),
    ):
        assert excludes.match_file(path) is expected, path
        assert pathspec.GitIgnoreSpec.from_lines(["a*b/", "c?d/"]).match_file(path) is expected


def test_other_globs_go_through_pathspec() -> None:
    others = (
        ["*.min.js"],
        ["build/", "!build/keep/"],
        ["/top/"],
        ["docs/**/*.md"],
        ["**/"],
        ["*/"],
    )
    for patterns in others:
        excludes = _Excludes([*DEFAULT_EXCLUDE, *patterns])
        assert hasattr(excludes, "spec"), patterns
    negated = _Excludes(["build/", "!build/keep/"])
    assert negated.match_file("build/x.sh") and not negated.match_file("build/keep/x.sh")
