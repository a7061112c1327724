"""npmrc reader: npm's ini syntax with exact spans."""

from __future__ import annotations

from config_reader_support import at, read, setting, value_at

from sslint.linter import kinds

NPMRC = """\
registry=https://registry.corp.example/npm/
@corp:registry = https://registry.corp.example/npm-corp/
//registry.corp.example/npm/:_authToken=${NPM_TOKEN}
strict-ssl=false ; inline comment
; strict-ssl=false
# strict-ssl=false
ca[]="-----BEGIN CERTIFICATE-----"
cafile='/etc/ssl/certs/corp.pem'
note=a\\;b
always-auth
"""


def test_keys_values_and_types() -> None:
    facts = read(NPMRC, kinds.NPMRC, ".npmrc")
    assert [s.key for s in facts.settings] == [
        "registry",
        "@corp:registry",
        "//registry.corp.example/npm/:_authToken",
        "strict-ssl",
        "ca[]",
        "cafile",
        "note",
        "always-auth",
    ]
    strict = setting(facts, "strict-ssl")
    assert strict.value_type == "bool"
    assert at(strict.key_span) == (4, 1, 4, 11)
    assert value_at(strict) == ("false", (4, 12, 4, 17))
    assert value_at(setting(facts, "@corp:registry"))[1] == (2, 18, 2, 57)
    assert setting(facts, "//registry.corp.example/npm/:_authToken").value is not None


def test_quotes_escapes_and_bare_keys() -> None:
    facts = read(NPMRC, kinds.NPMRC)
    assert value_at(setting(facts, "ca[]")) == ("-----BEGIN CERTIFICATE-----", (7, 7, 7, 34))
    assert value_at(setting(facts, "cafile")) == ("/etc/ssl/certs/corp.pem", (8, 9, 8, 32))
    note = setting(facts, "note")
    assert note.value is not None and note.value.text == "a;b"
    bare = setting(facts, "always-auth")
    assert bare.value is None and bare.value_type == "bool"
