"""wgetrc reader: `command = value` lines, `#` comment lines."""

from __future__ import annotations

from config_reader_support import at, read, setting, value_at

from sslint.linter import kinds


def test_commands_keep_their_spelling_and_spans() -> None:
    facts = read(
        "# defaults\ncheck_certificate = off\n  check-certificate=no\n"
        "https_proxy = http://proxy.corp.example:3128/ # not a comment\n",
        kinds.WGETRC,
        ".wgetrc",
    )
    first = setting(facts, "check_certificate")
    assert at(first.key_span) == (2, 1, 2, 18)
    assert value_at(first) == ("off", (2, 21, 2, 24))
    second = setting(facts, "check-certificate")
    assert value_at(second) == ("no", (3, 21, 3, 23))
    proxy = setting(facts, "https_proxy")
    assert proxy.value is not None and proxy.value.text.endswith("# not a comment")


def test_commented_command_is_not_a_setting() -> None:
    assert read("#check_certificate = off\n", kinds.WGETRC).settings == []
