"""poetry: certificate verification off for a repository (SSL108), http sources (SSL102).

Poetry reads `certificates.<name>.cert` from `poetry config` (global or
`--local`), poetry.toml / pypoetry config.toml and
`POETRY_CERTIFICATES_<NAME>_CERT`; `false` turns verification off for that
repository, a path is the CA bundle to use.
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Word
from sslint.linter.findings import Finding
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, option_table, parse
from sslint.rules.base import ERROR, Checker, Rule
from sslint.rules.pip import plaintext_index_findings

SSL108 = Rule(
    id="SSL108",
    name="poetry-certificate-verification-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="Poetry skips certificate verification for a repository",
    description=(
        "Finds `poetry config [--local] certificates.<repo>.cert false`, "
        "`POETRY_CERTIFICATES_<REPO>_CERT=false`, and `cert = false` under "
        "`[certificates.<repo>]` (or the dotted key `certificates.<repo>.cert = false`) in "
        "poetry.toml and poetry's config.toml. A CA bundle path is the fix and never reported."
    ),
    why=(
        "Poetry then installs and publishes packages to that repository without checking "
        "who answers; credentials sent to it can be captured too."
    ),
    example="poetry config certificates.corp.cert false",
    fix=(
        "Give poetry the repository's CA bundle: `poetry config certificates.corp.cert "
        "/etc/ssl/certs/corp-ca.pem` (or "
        "`POETRY_CERTIFICATES_CORP_CERT=/etc/ssl/certs/corp-ca.pem`, "
        "or `REQUESTS_CA_BUNDLE` for all of them)."
    ),
    references=(
        "https://python-poetry.org/docs/repositories/#certificates",
        "https://python-poetry.org/docs/configuration/#certificatesnamecert",
    ),
    tags=("poetry",),
)

_FALSE = frozenset({"false", "0"})
_POETRY = Grammar(
    long=option_table(("--priority", "--directory", "--project")),
    short={"-p": True, "-C": True, "-P": True},
    abbreviate=False,
)
_ENV_CERT = re.compile(r"^POETRY_CERTIFICATES_([A-Z0-9_]+)_CERT$")
_ENV_URL = re.compile(r"^POETRY_REPOSITORIES_([A-Z0-9_]+)_URL$")
_CONFIG_KEY = re.compile(r"^certificates\.([^.]+)\.cert$", re.IGNORECASE)


def _is_false(text: str) -> bool:
    return _env.unquoted(text).lower() in _FALSE


def _positionals(args: Sequence[Word]) -> list[Word]:
    """Positional arguments of a poetry command (options and their values dropped)."""
    return parse(args, _POETRY).positionals


def _commands(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for command, found in invocations(facts, "poetry"):
        if not found.args:
            continue
        words = _positionals(found.args)
        if words[:1] and words[0].text == "config" and len(words) >= 3:
            key, value = words[1], words[2]
            match = _CONFIG_KEY.match(key.text)
            if match and _is_false(value.text):
                yield Finding(
                    "SSL108",
                    key.span,
                    f"poetry config {key.text} {value.text} skips certificate verification "
                    f"for repository {match.group(1)}",
                    command.statement,
                )
        elif words[:2] and [w.text for w in words[:2]] == ["source", "add"] and len(words) >= 4:
            yield from plaintext_index_findings(
                [words[3]], None, command.statement, config, f"poetry source {words[2].text}"
            )


def _environment(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for assign in facts.env:
        if assign.value is None:
            continue
        cert = _ENV_CERT.match(assign.name)
        if cert and _is_false(assign.value.text):
            yield Finding(
                "SSL108",
                assign.name_span,
                f"{assign.name}={_env.value_text(assign)} skips certificate verification for "
                f"poetry repository {cert.group(1).lower()}",
                assign.statement,
                _env.precision(assign),
            )
        elif _ENV_URL.match(assign.name):
            yield from plaintext_index_findings(
                [assign.value], assign.name_span, assign.statement, config, assign.name
            )


def _settings(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.value is None:
            continue
        if setting.file_kind == kinds.POETRY_TOML:
            dotted = ".".join((*setting.section, setting.key))
            match = _CONFIG_KEY.match(dotted)
            if match and _is_false(setting.value.text):
                yield Finding(
                    "SSL108",
                    setting.key_span,
                    f"{dotted} = {setting.value.text} skips certificate verification for "
                    f"poetry repository {match.group(1)}",
                    setting.statement,
                )
            elif setting.section[:1] == ("repositories",) and setting.key == "url":
                yield from plaintext_index_findings(
                    [setting.value], None, setting.statement, config, "poetry repository"
                )
        elif (
            setting.file_kind == kinds.PYPROJECT
            and setting.section[:3] == ("tool", "poetry", "source")
            and setting.key == "url"
        ):
            yield from plaintext_index_findings(
                [setting.value], None, setting.statement, config, "poetry source"
            )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL108 and poetry's SSL102 spellings."""
    yield from _commands(facts, config)
    yield from _environment(facts, config)
    yield from _settings(facts, config)


CHECKER = Checker(rules=(SSL108,), check=check, tokens=(b"certificates", b"poetry"))
