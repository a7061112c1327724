"""gitconfig reader: sections, subsections, git's value syntax, exact spans."""

from __future__ import annotations

from config_reader_support import at, read, setting, value_at

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
