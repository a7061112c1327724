"""uv: insecure hosts (SSL107), `uv pip --trusted-host` (SSL101), plaintext indexes (SSL102).

uv (clap) takes exact option names, `--opt=value` and `--opt value`, anywhere
after the subcommand. `--allow-insecure-host` (alias `--trusted-host`) is
SSL107, except that under `uv pip` the pip spelling `--trusted-host` is filed
under pip's rule. `--native-tls` (the system trust store) is the fix.
"""

from __future__ import annotations

from typing import Iterator, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting, Word
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange, Span
from sslint.rules import _env, _hosts
from sslint.rules._invocations import invocations, run_through
from sslint.rules._options import Grammar, option_table, parse, split_items, sub_word
from sslint.rules.base import ERROR, Checker, Rule
from sslint.rules.pip import plaintext_index_findings, trusted_host_finding

SSL107 = Rule(
    id="SSL107",
    name="uv-insecure-host",
    level=ERROR,
    security_severity=7.4,
    summary="A host is exempted from certificate verification in uv",
    description=(
        "Finds `--allow-insecure-host H` (also `--allow-insecure-host=H` and the alias "
        "`--trusted-host` outside `uv pip`) on any uv or uvx command, `UV_INSECURE_HOST`, and "
        "`allow-insecure-host` in uv.toml, `[tool.uv]` and `[tool.uv.pip]`. `uv pip … "
        "--trusted-host` is reported as SSL101. `--native-tls` / `UV_NATIVE_TLS` is the fix "
        "and never reported."
    ),
    why=(
        "uv skips certificate verification for those hosts (and accepts plain http:// from "
        "them), so whoever answers for the host can serve the packages uv installs."
    ),
    example="uv sync --frozen --allow-insecure-host pypi.corp.example",
    fix=(
        "Let uv use the system trust store, where the corporate CA is usually installed: "
        "`uv --native-tls …`, `UV_NATIVE_TLS=1` or `native-tls = true` in uv.toml / "
        "`[tool.uv]`; or point it at the CA bundle with "
        "`SSL_CERT_FILE=/etc/ssl/certs/corp-ca.pem`. "
        "Then remove `allow-insecure-host`."
    ),
    references=(
        "https://docs.astral.sh/uv/concepts/authentication/#tls-certificates",
        "https://docs.astral.sh/uv/reference/settings/#allow-insecure-host",
        "https://docs.astral.sh/uv/reference/environment/#uv_insecure_host",
    ),
    tags=("uv",),
)

_INDEX_OPTIONS = frozenset(
    {"--index-url", "-i", "--extra-index-url", "--index", "--default-index", "--find-links", "-f"}
)
_GRAMMAR = Grammar(
    long=option_table(
        (
            "--allow-insecure-host",
            "--trusted-host",
            "--index-url",
            "--extra-index-url",
            "--index",
            "--default-index",
            "--find-links",
            "--python",
            "--directory",
            "--project",
            "--config-file",
            "--cache-dir",
            "--requirement",
            "--constraint",
            "--override",
            "--with",
            "--from",
            "--output-file",
            "--package",
            "--extra",
            "--group",
            "--upgrade-package",
            "--reinstall-package",
            "--keyring-provider",
            "--index-strategy",
            "--resolution",
            "--prerelease",
            "--python-platform",
            "--python-version",
            "--target",
            "--prefix",
            "--config-setting",
            "--exclude-newer",
            "--link-mode",
            "--color",
            "--script",
        ),
        ("--native-tls", "--offline", "--system", "--frozen", "--locked", "--no-dev", "--quiet"),
    ),
    short={
        "-i": True,
        "-f": True,
        "-p": True,
        "-r": True,
        "-c": True,
        "-o": True,
        "-w": True,
        "-P": True,
        "-C": True,
        "-t": True,
        "-q": False,
        "-v": False,
        "-U": False,
    },
    abbreviate=False,
)
_HOST_KEYS = frozenset({"allow-insecure-host", "allow_insecure_host"})
_INDEX_KEYS = frozenset({"index-url", "extra-index-url", "find-links"})
_INDEX_ENV = ("UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_DEFAULT_INDEX", "UV_INDEX", "UV_FIND_LINKS")


def _index_url(word: Word) -> Word:
    """`--index name=https://…`: the URL part."""
    name, eq, rest = word.text.partition("=")
    if eq and "://" in rest and "://" not in name:
        return sub_word(word, len(name) + 1)
    return word


def insecure_host_finding(
    value: Optional[Word], span: Span, statement: LineRange, config: Config, where: str
) -> Iterator[Finding]:
    """SSL107 for hosts uv is told not to verify (none if every host is allowed)."""
    return _hosts.host_finding(
        "SSL107",
        value,
        span,
        statement,
        config,
        lambda hosts: f"uv skips certificate verification for {hosts} ({where})",
    )


def _option_findings(
    args: Sequence[Word], under_pip: bool, statement: LineRange, config: Config
) -> Iterator[Finding]:
    for opt in parse(args, _GRAMMAR).options:
        if opt.name == "--trusted-host" and under_pip:
            yield from trusted_host_finding(
                opt.value, opt.span, statement, config, "uv pip --trusted-host"
            )
        elif opt.name in ("--allow-insecure-host", "--trusted-host"):
            yield from insecure_host_finding(opt.value, opt.span, statement, config, opt.name)
        elif opt.name in _INDEX_OPTIONS and opt.value is not None:
            yield from plaintext_index_findings(
                [_index_url(opt.value)], opt.value_span, statement, config, f"uv {opt.name}"
            )


def _commands(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for command, found in invocations(facts, *sorted(("uv", "uvx"))):
        args = found.args
        under_pip = found.program == "uv" and bool(args) and args[0].text == "pip"
        yield from _option_findings(args, under_pip, command.statement, config)
    # `uv run --trusted-host h pytest`: uv's own options before the command it runs.
    for command, found in run_through(facts, "uv"):
        yield from _option_findings(found.runner_args, False, command.statement, config)


def _environment(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for assign in _env.assignments(facts, "UV_INSECURE_HOST"):
        yield from insecure_host_finding(
            assign.value, assign.name_span, assign.statement, config, "UV_INSECURE_HOST"
        )
    for assign in _env.assignments(facts, *_INDEX_ENV):
        assert assign.value is not None
        urls = [_index_url(item) for item in split_items(assign.value, " \t\n\r")]
        yield from plaintext_index_findings(
            urls, assign.name_span, assign.statement, config, assign.name
        )


def _uv_table(setting: Setting) -> Optional[tuple[str, ...]]:
    """The section below the uv root: uv.toml's top level or pyproject's `[tool.uv]`."""
    if setting.file_kind == kinds.UV_TOML:
        return setting.section
    if setting.file_kind == kinds.PYPROJECT and setting.section[:2] == ("tool", "uv"):
        return setting.section[2:]
    return None


def _settings(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for setting in facts.settings:
        section = _uv_table(setting)
        if section is None:
            continue
        key = setting.key.strip().lower()
        values = setting.items or ([setting.value] if setting.value is not None else [])
        if key in _HOST_KEYS and section in ((), ("pip",)):
            hosts = _hosts.not_allowed(
                (item.text for value in values for item in split_items(value)), config
            )
            if hosts:
                yield Finding(
                    "SSL107",
                    setting.key_span,
                    f"uv skips certificate verification for {_hosts.names(hosts)} ({setting.key})",
                    setting.statement,
                )
        elif key in _INDEX_KEYS and section in ((), ("pip",)):
            urls = [item for value in values for item in split_items(value)]
            yield from plaintext_index_findings(
                urls, None, setting.statement, config, f"uv {setting.key}"
            )
        elif key == "url" and len(section) == 2 and section[0] == "index":
            yield from plaintext_index_findings(values, None, setting.statement, config, "uv index")


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL107 and uv's SSL101/SSL102 spellings."""
    yield from _commands(facts, config)
    yield from _environment(facts, config)
    yield from _settings(facts, config)


CHECKER = Checker(
    rules=(SSL107,),
    check=check,
    tokens=(b"insecure-host", b"insecure_host", b"trusted-host", b"http:"),
)
