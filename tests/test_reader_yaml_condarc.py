""".condarc / .mambarc / condarc.d: every key a Setting, typed as YAML typed it."""

from __future__ import annotations

import pytest
from reader_yaml_support import pos, read

from sslint.linter import kinds
from sslint.linter.readers.config.condarc import read as read_condarc

CONDARC = """\
channels:
  - http://conda.corp.example/conda-forge
  - defaults
ssl_verify: false
verify_ssl: "False"
offline: ~
channel_alias:
custom_channels:
  corp: https://conda.corp.example
proxy_servers: {https: 'http://proxy.corp.example:3128'}
"""


def test_every_key_with_value_type_and_items(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = read(read_condarc, CONDARC, monkeypatch, path=".condarc").facts.settings
    table = [
        (s.section, s.key, s.value.text if s.value else None, s.value_type, pos(s.key_span))
        for s in settings
    ]
    assert table == [
        ((), "channels", None, "list", (1, 1)),
        ((), "ssl_verify", "false", "bool", (4, 1)),
        ((), "verify_ssl", "False", "str", (5, 1)),
        ((), "offline", "~", "null", (6, 1)),
        ((), "channel_alias", "", "null", (7, 1)),
        ((), "custom_channels", None, "map", (8, 1)),
        (("custom_channels",), "corp", "https://conda.corp.example", "str", (9, 3)),
        ((), "proxy_servers", None, "map", (10, 1)),
        (("proxy_servers",), "https", "http://proxy.corp.example:3128", "str", (10, 17)),
    ]
    assert all(s.file_kind == kinds.CONDARC for s in settings)
    channels = settings[0]
    assert [(w.text, pos(w.span)) for w in channels.items] == [
        ("http://conda.corp.example/conda-forge", (2, 5)),
        ("defaults", (3, 5)),
    ]
    assert channels.statement == (1, 3)
    verify = settings[2]
    assert verify.value is not None and pos(verify.value.span) == (5, 14)  # inside the quotes
    assert settings[6].value is not None and settings[6].items == []
    assert [w.text for w in settings[5].items] == ["https://conda.corp.example"]


def test_broken_condarc_keeps_what_it_read(monkeypatch: pytest.MonkeyPatch) -> None:
    result = read(read_condarc, "ssl_verify: false\n---\n: [\n", monkeypatch, path=".condarc")
    assert [s.key for s in result.facts.settings] == ["ssl_verify"]
    assert len(result.facts.notices) == 1
