"""gitconfig reader: sections, subsections, git's value syntax, exact spans."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from config_reader_support import at, read, setting, value_at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslint.linter import kinds

GITCONFIG = """\
[user]
\tname = Build Bot ; a comment
[http]
\tsslVerify = true
[http "https://git.corp.example/"]
\tsslVerify = false
[HTTP "https://a.corp.example/\\"x\\""]
\tSSLVERIFY = "fal"se  # quotes are removed
[Http.Old]
\tsslVerify
[core] editor = vim
[alias]
\tlg = log \\
\t    --oneline
\tempty =
\tmsg = "a \\"b\\" ; c\\t"
"""


def test_sections_and_subsections() -> None:
    facts = read(GITCONFIG, kinds.GITCONFIG, ".gitconfig")
    assert facts.notices == []
    assert [(s.section, s.key) for s in facts.settings] == [
        (("user",), "name"),
        (("http",), "sslVerify"),
        (("http", "https://git.corp.example/"), "sslVerify"),
        (("HTTP", 'https://a.corp.example/"x"'), "SSLVERIFY"),
        (("Http", "Old"), "sslVerify"),
        (("core",), "editor"),
        (("alias",), "lg"),
        (("alias",), "empty"),
        (("alias",), "msg"),
    ]


def test_values_comments_and_spans() -> None:
    facts = read(GITCONFIG, kinds.GITCONFIG)
    name = setting(facts, "name", ("user",))
    assert value_at(name) == ("Build Bot", (2, 9, 2, 18))
    off = setting(facts, "sslVerify", ("http", "https://git.corp.example/"))
    assert at(off.key_span) == (6, 2, 6, 11)
    assert value_at(off) == ("false", (6, 14, 6, 19))
    quoted = setting(facts, "SSLVERIFY", ("HTTP", 'https://a.corp.example/"x"'))
    assert quoted.value is not None and quoted.value.text == "false"
    assert at(quoted.value.span) == (8, 15, 8, 21)


def test_bare_key_is_true_and_empty_value_is_empty() -> None:
    facts = read(GITCONFIG, kinds.GITCONFIG)
    bare = setting(facts, "sslVerify", ("Http", "Old"))
    assert bare.value is None and bare.value_type == "bool"
    empty = setting(facts, "empty", ("alias",))
    assert empty.value is not None and empty.value.text == ""


def test_key_on_the_header_line_continuation_and_escapes() -> None:
    facts = read(GITCONFIG, kinds.GITCONFIG)
    assert value_at(setting(facts, "editor", ("core",))) == ("vim", (11, 17, 11, 20))
    lg = setting(facts, "lg", ("alias",))
    assert lg.value is not None and lg.value.text == "log      --oneline"
    assert lg.statement == (13, 14)
    msg = setting(facts, "msg", ("alias",))
    assert msg.value is not None and msg.value.text == 'a "b" ; c\t'


def test_broken_lines_are_notices() -> None:
    facts = read('[http\n\tsslVerify = false\n[ok]\n\tkey = "open\n', kinds.GITCONFIG)
    assert [n.line for n in facts.notices] == [1]  # the first broken line only
    assert setting(facts, "key", ("ok",)).value is not None


def test_undecodable_lines_add_no_notice_of_their_own() -> None:
    facts = read("\ufffd\ufffd(\n[http]\n\tsslVerify = false\n", kinds.GITCONFIG)
    assert facts.notices == []
    assert setting(facts, "sslVerify", ("http",)).value is not None


_GIT = shutil.which("git")
_PIECE = st.sampled_from(["a", "b", " ", "\\t", '\\"', "\\\\", '"', "#c", ";c", "\\\n  ", "x y"])


@st.composite
def _gitconfig(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for index in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            lines.append(f'[http "https://h{index}.corp.example/"]')
        else:
            lines.append(f"[s{index}]")
        for key in draw(st.lists(st.sampled_from(["sslVerify", "k", "Other-Key"]), max_size=3)):
            pieces = draw(st.lists(_PIECE, max_size=5))
            value = "".join(pieces)
            if value.count('"') % 2:
                value += '"'
            lines.append(f"\t{key} = {value}" if draw(st.integers(0, 4)) else f"\t{key}")
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(_GIT is None, reason="git is not installed")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_gitconfig())
def test_values_agree_with_git(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("git") / "config"
    path.write_text(text)
    proc = subprocess.run(
        [str(_GIT), "config", "--file", str(path), "--list", "-z"],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(path.parent), "GIT_CONFIG_NOSYSTEM": "1"},
    )
    facts = read(text, kinds.GITCONFIG)
    if proc.returncode:  # git rejects the file: the reader says so too
        assert facts.notices
        return
    listed = proc.stdout
    expected = []
    for item in listed.split("\0"):
        if item:
            name, _, value = item.partition("\n")
            expected.append((name, value if "\n" in item else None))
    got = []
    assert facts.notices == []
    for found in facts.settings:
        name = ".".join([found.section[0].lower(), *found.section[1:], found.key.lower()])
        got.append((name, found.value.text if found.value is not None else None))
    assert got == expected
