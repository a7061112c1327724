"""curlrc reader: one option per line, as curl's config parser reads it."""

from __future__ import annotations

from config_reader_support import at, read, value_at

from sslint.linter import kinds

CURLRC = """\
# curl defaults
insecure
  -k
--insecure
retry = 3
connect-timeout: 10
cacert "/etc/ssl/certs/a \\"b\\".pem"
--header=X-A:b
user-agent = "x\\ty"
--proxy http://proxy.corp.example:3128 # trailing comment
"""


def test_each_line_is_a_setting_with_the_option_as_written() -> None:
    facts = read(CURLRC, kinds.CURLRC, ".curlrc")
    assert [(s.key, s.value.text if s.value else None) for s in facts.settings] == [
        ("insecure", None),
        ("-k", None),
        ("--insecure", None),
        ("retry", "3"),
        ("connect-timeout", "10"),
        ("cacert", '/etc/ssl/certs/a "b".pem'),
        ("--header=X-A:b", None),
        ("user-agent", "x\ty"),
        ("--proxy", "http://proxy.corp.example:3128"),
    ]


def test_spans() -> None:
    facts = read(CURLRC, kinds.CURLRC)
    assert at(facts.settings[0].key_span) == (2, 1, 2, 9)
    assert at(facts.settings[1].key_span) == (3, 3, 3, 5)
    assert value_at(facts.settings[3]) == ("3", (5, 9, 5, 10))
    cacert = facts.settings[5]
    assert cacert.value is not None and at(cacert.value.span) == (7, 9, 7, 35)
    assert value_at(facts.settings[8])[1] == (10, 9, 10, 39)


def test_comment_lines_are_skipped() -> None:
    facts = read("# insecure\n   # -k\n\n", kinds.CURLRC)
    assert facts.settings == []
