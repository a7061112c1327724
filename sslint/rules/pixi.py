"""pixi: `tls-no-verify` (SSL110).

pixi reads `tls-no-verify = true` from its configuration (`.pixi/config.toml`
in the project, `~/.pixi/config.toml`, the system config), accepts
`--tls-no-verify` on every command that downloads, and
`pixi config set tls-no-verify true`.
"""

from __future__ import annotations

from typing import Iterator

from sslint.linter import kinds
from sslint.linter.commands import invocation
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts
from sslint.linter.findings import Finding
from sslint.rules.base import ERROR, Checker, Rule

SSL110 = Rule(
    id="SSL110",
    name="pixi-tls-no-verify",
    level=ERROR,
    security_severity=7.4,
    summary="pixi skips TLS certificate verification",
    description=(
        "Finds `tls-no-verify = true` in pixi configuration files (`.pixi/config.toml`, "
        "`~/.pixi/config.toml`, pixi.toml), `--tls-no-verify` on any pixi command, and "
        "`pixi config set tls-no-verify true`."
    ),
    why=(
        "pixi then downloads conda and PyPI packages from any server that answers and "
        "installs them, post-link scripts included."
    ),
    example="pixi install --tls-no-verify",
    fix=(
        "Use the system trust store, where the corporate CA is installed: "
        "`--tls-root-certs native` / `PIXI_TLS_ROOT_CERTS=native` (or `tls-root-certs = "
        '"native"` in config.toml), or `SSL_CERT_FILE=/etc/ssl/certs/corp-ca.pem`. Then '
        "remove `tls-no-verify`."
    ),
    references=(
        "https://pixi.sh/latest/reference/pixi_configuration/",
        "https://pixi.sh/latest/reference/cli/pixi/install/",
    ),
    tags=("pixi",),
)

_KEYS = frozenset({"tls-no-verify", "tls_no_verify"})
_TRUE = frozenset({"true", "1", "yes", "on"})


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL110 in pixi commands and pixi configuration."""
    for command in facts.commands:
        found = invocation(command)
        if found is None or found.program != "pixi":
            continue
        words = found.args
        for index, word in enumerate(words):
            text = word.text
            if text == "--tls-no-verify" or (
                text.startswith("--tls-no-verify=") and text.partition("=")[2].lower() in _TRUE
            ):
                yield Finding(
                    "SSL110",
                    word.span,
                    f"pixi {text} skips TLS certificate verification",
                    command.statement,
                )
            elif (
                text in _KEYS
                and index >= 2
                and [w.text for w in words[index - 2 : index]] == ["config", "set"]
                and index + 1 < len(words)
                and words[index + 1].text.lower() in _TRUE
            ):
                yield Finding(
                    "SSL110",
                    word.span,
                    "pixi config set tls-no-verify true skips TLS certificate verification",
                    command.statement,
                )
    for setting in facts.settings:
        if setting.file_kind != kinds.PIXI or setting.section or setting.value is None:
            continue
        if setting.key.strip().lower() in _KEYS and setting.value.text.lower() in _TRUE:
            yield Finding(
                "SSL110",
                setting.key_span,
                f"{setting.key} = {setting.value.text} in pixi configuration skips TLS "
                "certificate verification",
                setting.statement,
            )


CHECKER = Checker(rules=(SSL110,), check=check, tokens=(b"tls-no-verify", b"tls_no_verify"))
