"""yum / dnf .repo reader and ansible.cfg reader (both INI)."""

from __future__ import annotations

from config_reader_support import at, read, setting, value_at

from sslint.linter import kinds

REPO = """\
[corp-base]
name=Corp base
baseurl=https://a.corp.example/el9/$basearch
        https://b.corp.example/el9/$basearch,https://c.corp.example/
gpgcheck=0
repo_gpgcheck = 0
# sslverify=0
sslverify = 0
"""


def test_repo_sections_keys_and_multi_line_baseurl() -> None:
    facts = read(REPO, kinds.YUM_REPO, "etc/yum.repos.d/corp.repo")
    gpg = setting(facts, "gpgcheck", ("corp-base",))
    assert at(gpg.key_span) == (5, 1, 5, 9)
    assert value_at(gpg) == ("0", (5, 10, 5, 11))
    base = setting(facts, "baseurl", ("corp-base",))
    assert [w.text for w in base.items] == [
        "https://a.corp.example/el9/$basearch",
        "https://b.corp.example/el9/$basearch",
        "https://c.corp.example/",
    ]
    assert at(base.items[2].span) == (4, 46, 4, 69)
    assert base.statement == (3, 4)
    assert setting(facts, "sslverify", ("corp-base",)).key_span.start_line == 8
    assert setting(facts, "repo_gpgcheck", ("corp-base",)).value is not None


def test_ansible_cfg_has_semicolon_inline_comments() -> None:
    facts = read(
        "[galaxy]\nignore_certs = True ; needed behind the proxy\nserver = https://g.corp.example\n",
        kinds.ANSIBLE_CFG,
        "ansible.cfg",
    )
    ignore = setting(facts, "ignore_certs", ("galaxy",))
    assert value_at(ignore) == ("True", (2, 16, 2, 20))
