"""setup.cfg / .pydistutils.cfg: setuptools' `[easy_install]` index over plain http."""

from __future__ import annotations

from host_format_support import found, scan

from sslint.linter import kinds

SETUP_CFG = """\
[metadata]
name = corp-tool
url = http://example.com/home

[options]
install_requires =
    requests

[easy_install]
index_url = http://pypi.corp.example/simple
find_links =
    https://wheels.example/
    http://wheels.corp.example/
"""


def test_easy_install_index_and_links_over_http() -> None:
    assert found(scan("setup.cfg", SETUP_CFG)) == [
        ("SSL102", 10, 13, 10, 44),
        ("SSL102", 13, 5, 13, 32),
    ]


def test_pydistutils_cfg_and_near_misses() -> None:
    text = "[easy_install]\nindex-url = http://pypi.corp.example/simple\n"
    assert found(scan("home/.pydistutils.cfg", text)) == [("SSL102", 2, 13, 2, 44)]
    clean = (
        "[metadata]\nhome_page = http://example.com/\n"
        "[easy_install]\nindex_url = https://pypi.corp.example/simple\n"
        "[tool:pytest]\naddopts = --index-url http://x.example/\n"
    )
    assert found(scan("setup.cfg", clean)) == []
    assert kinds.kind_from_path("pkg/setup.cfg") == kinds.SETUP_CFG
