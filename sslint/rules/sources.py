"""Pipfile and pdm package sources: `verify_ssl = false` (SSL109), http URLs (SSL102).

pipenv reads `[[source]]` tables (`url`, `verify_ssl`, `name`) from the
Pipfile; pdm reads `[[tool.pdm.source]]` from pyproject.toml and
`pypi.verify_ssl` / `pypi.<name>.verify_ssl` from `pdm config`.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.findings import Finding
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules.base import ERROR, Checker, Rule
from sslint.rules.pip import plaintext_index_findings

SSL109 = Rule(
    id="SSL109",
    name="source-verify-ssl-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="A Pipfile or pdm package source has verify_ssl = false",
    description=(
        "Finds `verify_ssl = false` in a Pipfile `[[source]]` table and in a pdm "
        "`[[tool.pdm.source]]` table of pyproject.toml, and `pdm config [--local] "
        "pypi[.<name>].verify_ssl false`. pipenv and pdm then pass `--trusted-host` for the "
        "source's host to the installer."
    ),
    why=(
        "Packages from that source are downloaded without checking who serves them, and "
        "the lock file records whatever hashes the impostor served."
    ),
    example=(
        '[[source]]\nurl = "https://pypi.corp.example/simple"\nverify_ssl = false\nname = "corp"'
    ),
    fix=(
        "Set `verify_ssl = true` and give the installer the proxy's CA bundle "
        "(`PIP_CERT=/etc/ssl/certs/corp-ca.pem` or `REQUESTS_CA_BUNDLE` for pipenv; "
        "`pdm config pypi.<name>.ca_certs /etc/ssl/certs/corp-ca.pem` for pdm), or use the "
        "system trust store via truststore."
    ),
    references=(
        "https://pipenv.pypa.io/en/latest/indexes.html",
        "https://pdm-project.org/latest/usage/config/#configure-the-package-indexes",
    ),
    tags=("pipenv", "pdm"),
)

_FALSE = frozenset({"false", "0", "no", "off"})
_PDM_KEY = re.compile(r"^pypi(?:\.[^.]+)?\.verify_ssl$", re.IGNORECASE)


def _is_false(text: Optional[str]) -> bool:
    return text is not None and text.strip().strip("'\"").strip().lower() in _FALSE


def _source_table(setting: Setting) -> Optional[str]:
    """`pipenv` / `pdm` when the setting sits in one of their source tables."""
    section = setting.section
    if setting.file_kind == kinds.PIPFILE and len(section) == 2 and section[0] == "source":
        return "Pipfile [[source]]"
    pdm = section[:3] == ("tool", "pdm", "source") and len(section) == 4
    if setting.file_kind == kinds.PYPROJECT and pdm:
        return "[[tool.pdm.source]]"
    return None


def _settings(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for setting in facts.settings:
        table = _source_table(setting)
        if table is None or setting.value is None:
            continue
        key = setting.key.strip().lower()
        if key == "verify_ssl" and _is_false(setting.value.text):
            yield Finding(
                "SSL109",
                setting.key_span,
                f"verify_ssl = {setting.value.text} in a {table} table: packages from this "
                "source are installed without certificate verification",
                setting.statement,
            )
        elif key == "url":
            yield from plaintext_index_findings(
                [setting.value], None, setting.statement, config, f"{table} url"
            )


def _commands(facts: FileFacts) -> Iterator[Finding]:
    for command, found in invocations(facts, "pdm"):
        words = [w for w in found.args if not w.text.startswith("-")]
        if (
            len(words) >= 3
            and words[0].text == "config"
            and _PDM_KEY.match(words[1].text)
            and _is_false(words[2].text)
        ):
            yield Finding(
                "SSL109",
                words[1].span,
                f"pdm config {words[1].text} {words[2].text} installs from that index "
                "without certificate verification",
                command.statement,
            )


def _environment(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for assign in _env.assignments(facts, "PIPENV_PYPI_MIRROR", "PDM_PYPI_URL"):
        assert assign.value is not None
        yield from plaintext_index_findings(
            [assign.value], assign.name_span, assign.statement, config, assign.name
        )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL109 and the SSL102 spellings of Pipfile and pdm sources."""
    yield from _settings(facts, config)
    yield from _commands(facts)
    yield from _environment(facts, config)


CHECKER = Checker(rules=(SSL109,), check=check, tokens=(b"verify_ssl", b"http:"))
