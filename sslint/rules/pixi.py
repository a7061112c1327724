"""pixi: `tls-no-verify` (SSL110).

pixi reads `tls-no-verify = true` from its configuration (`.pixi/config.toml`
in the project, `~/.pixi/config.toml`, the system config), accepts
`--tls-no-verify` on every command that downloads, and
`pixi config set tls-no-verify true`. Channels and PyPI indexes of the
manifest (`[workspace]`/`[project]` `channels`, `[pypi-options]`) and of
the configuration (`default-channels`, `[pypi-config]`) over plain http://
are SSL102.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.findings import Finding
from sslint.rules._invocations import invocations
from sslint.rules._options import split_items
from sslint.rules.base import ERROR, Checker, Rule
from sslint.rules.pip import plaintext_index_findings

SSL110 = Rule(
    id="SSL110",
    name="pixi-tls-no-verify",
    level=ERROR,
    security_severity=7.4,
    summary="Pixi skips TLS certificate verification",
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
_CHANNEL_KEYS = frozenset({"channels", "default-channels"})
_INDEX_KEYS = frozenset({"index-url", "extra-index-urls", "find-links"})
_MANIFEST_TABLES = frozenset({(), ("workspace",), ("project",), ("feature",)})


def _pixi_section(setting: Setting) -> Optional[tuple[str, ...]]:
    """The section below pixi's root: pixi.toml / config.toml, or pyproject `[tool.pixi]`."""
    if setting.file_kind == kinds.PIXI:
        return setting.section
    if setting.file_kind == kinds.PYPROJECT and setting.section[:2] == ("tool", "pixi"):
        return setting.section[2:]
    return None


def _index_findings(setting: Setting, config: Config) -> Iterator[Finding]:
    """SSL102 for http:// channels and PyPI indexes in pixi manifests and configuration."""
    section = _pixi_section(setting)
    if section is None:
        return
    key = setting.key.strip().lower()
    values = setting.items or ([setting.value] if setting.value is not None else [])
    urls = [item for value in values for item in split_items(value, " \t\n\r")]
    in_feature = len(section) == 2 and section[0] == "feature"
    if key in _CHANNEL_KEYS and (section in _MANIFEST_TABLES or in_feature):
        yield from plaintext_index_findings(urls, None, setting.statement, config, "pixi channel")
    elif key in _INDEX_KEYS and section[-1:] in (("pypi-options",), ("pypi-config",)):
        yield from plaintext_index_findings(urls, None, setting.statement, config, f"pixi {key}")


_TRUE = frozenset({"true", "1", "yes", "on"})


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL110 in pixi commands and pixi configuration."""
    for command, found in invocations(facts, "pixi"):
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
        yield from _index_findings(setting, config)
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


CHECKER = Checker(
    rules=(SSL110,), check=check, tokens=(b"tls-no-verify", b"tls_no_verify", b"http:")
)
