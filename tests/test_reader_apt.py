"""apt.conf and apt sources readers."""

from __future__ import annotations

from config_reader_support import at, read, setting, value_at

from sslint.linter import kinds

APT_CONF = """\
// comment with "quotes" and ;
Acquire::https::Verify-Peer "false";
Acquire {
  https {
    Verify-Host "false"; # comment
    mirror.corp.example { Verify-Peer false; };
  };
};
/* APT::Get::AllowUnauthenticated "true";
*/
#clear DPkg::Pre-Invoke;
DPkg::Pre-Install-Pkgs {"/usr/sbin/dpkg-preconfigure --apt || true";};
APT::Get::AllowUnauthenticated "true";
"""


def test_flat_and_nested_keys() -> None:
    facts = read(APT_CONF, kinds.APT_CONF, "etc/apt/apt.conf.d/99corp")
    assert [(s.key, s.value.text if s.value else None) for s in facts.settings] == [
        ("Acquire::https::Verify-Peer", "false"),
        ("Acquire::https::Verify-Host", "false"),
        ("Acquire::https::mirror.corp.example::Verify-Peer", "false"),
        ("APT::Get::AllowUnauthenticated", "true"),
    ]
    nested = setting(facts, "Acquire::https::Verify-Host")
    assert at(nested.key_span) == (5, 5, 5, 16)
    assert value_at(nested) == ("false", (5, 18, 5, 23))
    assert at(setting(facts, "APT::Get::AllowUnauthenticated").key_span)[0] == 13


SOURCES_LIST = """\
deb [trusted=yes arch=amd64] http://apt.corp.example/debian bookworm main
# deb [trusted=yes] http://old.corp.example/debian bookworm main
deb [ arch+=arm64 signed-by=/usr/share/keyrings/d.gpg ] https://d.corp.example/ stable main
deb-src http://deb.debian.org/debian bookworm main # comment
"""


def test_one_line_sources_options() -> None:
    facts = read(SOURCES_LIST, kinds.APT_SOURCES, "etc/apt/sources.list")
    section = ("deb", "http://apt.corp.example/debian")
    trusted = setting(facts, "trusted", section)
    assert at(trusted.key_span) == (1, 6, 1, 13)
    assert value_at(trusted) == ("yes", (1, 14, 1, 17))
    assert value_at(setting(facts, "arch", ("deb", "https://d.corp.example/")))[0] == "arm64"
    assert setting(facts, "uri", ("deb-src", "http://deb.debian.org/debian")).statement == (4, 4)
    assert all(s.key_span.start_line != 2 for s in facts.settings)


DEB822 = """\
# corp mirror
Types: deb
URIs: http://apt.corp.example/debian
Suites: bookworm
Components: main
  contrib
Trusted: yes

Types: deb
URIs: https://deb.debian.org/debian
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


def test_deb822_stanzas() -> None:
    facts = read(DEB822, kinds.APT_SOURCES, "etc/apt/sources.list.d/corp.sources")
    trusted = setting(facts, "Trusted", ("0",))
    assert at(trusted.key_span) == (7, 1, 7, 8)
    assert value_at(trusted) == ("yes", (7, 10, 7, 13))
    components = setting(facts, "Components", ("0",))
    assert [w.text for w in components.items] == ["main", "contrib"]
    assert components.statement == (5, 6)
    assert setting(facts, "Signed-By", ("1",)).key_span.start_line == 11
