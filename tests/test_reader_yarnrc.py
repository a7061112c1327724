"""yarnrc (Yarn 1) reader: `key value` lines."""

from __future__ import annotations

from config_reader_support import at, read, setting, value_at

from sslint.linter import kinds


def test_bare_and_quoted_keys_and_values() -> None:
    facts = read(
        '# yarn\nstrict-ssl false\n"strict-ssl" "false"\nregistry: "https://r.corp.example/"\n'
        "network-timeout 600000\n",
        kinds.YARNRC,
        ".yarnrc",
    )
    first, second = (s for s in facts.settings if s.key == "strict-ssl")
    assert first.value_type == "bool" and value_at(first) == ("false", (2, 12, 2, 17))
    assert second.value_type == "str" and value_at(second) == ("false", (3, 15, 3, 20))
    assert at(second.key_span) == (3, 2, 3, 12)
    assert value_at(setting(facts, "registry"))[0] == "https://r.corp.example/"
    assert setting(facts, "network-timeout").value_type == "int"
