"""conda, mamba and micromamba: `ssl_verify` switched off (SSL103), toggled (SSL106), http channels.

conda reads `ssl_verify` (alias `verify_ssl`) from .condarc / .mambarc /
condarc.d, from `CONDA_SSL_VERIFY`, from `conda config --set`, and turns it
off for one command with `-k` / `--insecure`; micromamba takes
`--ssl-verify <value>` and `MAMBA_SSL_VERIFY`. A path or `truststore` is the
recommended value, never a finding. Channels over plain http:// are SSL102.
"""

from __future__ import annotations

from typing import Iterator, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import Command, FileFacts, Setting, Word
from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, option_table, parse, split_items
from sslint.rules.base import ERROR, WARNING, Checker, Rule
from sslint.rules.pip import plaintext_index_findings

_FIX = (
    "Point conda at the proxy's CA bundle: `conda config --set ssl_verify "
    "/etc/ssl/certs/corp-ca.pem` (or `CONDA_SSL_VERIFY=/etc/ssl/certs/corp-ca.pem`; "
    "micromamba: `--cacert-path` / `ssl_verify: /path/ca.pem`), or use the operating "
    "system's trust store: `conda config --set ssl_verify truststore` (conda >= 23.9). "
    "Remove `--insecure` / `-k`. If a one-off command really needs it, restore the "
    "setting in the same script right after it, and prefer the CA bundle."
)
_REFERENCES = (
    "https://docs.conda.io/projects/conda/en/stable/user-guide/configuration/non-standard-certs.html",
    "https://docs.conda.io/projects/conda/en/stable/user-guide/configuration/settings.html#ssl-verify-ssl-verification",
    "https://mamba.readthedocs.io/en/latest/user_guide/configuration.html",
)

SSL103 = Rule(
    id="SSL103",
    name="conda-ssl-verify-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="Conda's SSL verification is switched off",
    description=(
        "Finds `ssl_verify` (or its alias `verify_ssl`) set to a false value in "
        ".condarc / .mambarc / condarc.d (conda's falsy spellings: `false`, `off`, `no`, "
        '`n`, `none`, `0`, `""`, quoted or not, any case); `conda config --set ssl_verify '
        "false` that the script never restores; `CONDA_SSL_VERIFY=false`; `conda`/`mamba` "
        "`--insecure` / `-k` (also in clusters such as `-yk`); micromamba `--ssl-verify "
        "false` and `MAMBA_SSL_VERIFY=false`. A CA bundle path or `truststore` is the fix "
        "and never reported."
    ),
    why=(
        "With verification off, conda downloads repodata and packages from any server that "
        "answers, and runs their post-link scripts. A setting in .condarc or the image "
        "environment applies to every later conda call, long after the proxy problem that "
        "prompted it."
    ),
    example="conda config --set ssl_verify false",
    fix=_FIX,
    references=_REFERENCES,
    tags=("conda",),
)

SSL106 = Rule(
    id="SSL106",
    name="conda-ssl-verify-toggled",
    level=WARNING,
    security_severity=5.0,
    summary="Conda's SSL verification is switched off and restored later in the same script",
    description=(
        "Finds `conda config --set ssl_verify false` (any falsy spelling, also mamba and "
        "micromamba `config`) that the same script (one shell file, one Dockerfile `RUN`, "
        "one CI `run:` block or job script) restores later with `--set ssl_verify true` "
        "(or a CA bundle, `truststore`, `--remove-key ssl_verify`). The finding is at the "
        "command that disables verification; the restore is not a finding."
    ),
    why=(
        "Every conda call between the two commands runs without verification, and the "
        "restore never runs if a command in between fails under `set -e` or the job is "
        "cancelled: the configuration is then left insecure."
    ),
    example=(
        "conda config --set ssl_verify false\n"
        "conda install -y corp-tools\n"
        "conda config --set ssl_verify true"
    ),
    fix=_FIX,
    references=_REFERENCES,
    tags=("conda",),
)

_PROGRAMS = frozenset({"conda", "mamba", "micromamba"})
_KEYS = frozenset({"ssl_verify", "verify_ssl"})
_FALSY = frozenset({"false", "off", "no", "n", "none", "null", "0", "", "<false>"})
_CHANNEL_KEYS = frozenset({"channels", "default_channels", "channel_alias"})
_CUSTOM_CHANNEL_SECTIONS = frozenset(
    {"custom_channels", "custom_multichannels", "mirrored_channels"}
)

_GRAMMAR = Grammar(
    long=option_table(
        (
            "--channel",
            "--file",
            "--name",
            "--prefix",
            "--ssl-verify",
            "--root-prefix",
            "--platform",
            "--subdir",
            "--cacert-path",
        ),
        ("--insecure", "--offline", "--override-channels", "--yes", "--dry-run"),
    ),
    short={"-c": True, "-n": True, "-p": True, "-f": True, "-r": True, "-k": False},
    abbreviate=False,
)

# conda (and mamba 1.x, built on conda's argparse parser) accept any unique
# prefix of a long option (`--insec`; mamba 2's `--ssl-verify` is listed too);
# uniqueness is judged against all of the
# install/create/update/remove options, not only the ones the rule reads.
_ARGPARSE_GRAMMAR = Grammar(
    long=option_table(
        (
            "--cacert-path",
            "--channel",
            "--clone",
            "--experimental",
            "--file",
            "--name",
            "--platform",
            "--prefix",
            "--repodata-fn",
            "--revision",
            "--root-prefix",
            "--solver",
            "--ssl-verify",
            "--subdir",
        ),
        (
            "--all",
            "--clobber",
            "--console",
            "--copy",
            "--debug",
            "--dev",
            "--download-only",
            "--dry-run",
            "--force",
            "--force-reinstall",
            "--freeze-installed",
            "--help",
            "--insecure",
            "--json",
            "--keep-env",
            "--mkdir",
            "--no-builds",
            "--no-channel-priority",
            "--no-default-packages",
            "--no-deps",
            "--no-lock",
            "--no-pin",
            "--no-repodata-zst",
            "--no-shortcuts",
            "--offline",
            "--only-deps",
            "--override-channels",
            "--quiet",
            "--satisfied-skip-solve",
            "--shortcuts-only",
            "--show-channel-urls",
            "--strict-channel-priority",
            "--update-all",
            "--update-deps",
            "--update-specs",
            "--use-index-cache",
            "--use-local",
            "--verbose",
            "--yes",
        ),
    ),
    short=_GRAMMAR.short,
    abbreviate=True,
)


def is_falsy(text: Optional[str]) -> bool:
    """conda's false spellings (a path or `truststore` is not one)."""
    if text is None:
        return True
    return _env.unquoted(text).lower() in _FALSY


def _setting_value(setting: Setting) -> Optional[str]:
    if setting.value_type in ("list", "map"):
        return "list"
    if setting.value is None:
        return None
    return setting.value.text


def _settings(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.file_kind not in (kinds.CONDARC, kinds.CONDA_ENV):
            continue
        key = setting.key.strip().lower()
        if not setting.section:
            if setting.file_kind == kinds.CONDARC and key in _KEYS:
                if is_falsy(_setting_value(setting)):
                    shown = "null" if setting.value is None else repr(setting.value.text)
                    yield Finding(
                        "SSL103",
                        setting.key_span,
                        f"conda's {setting.key} is set to {shown}: SSL verification is off",
                        setting.statement,
                    )
            elif key in _CHANNEL_KEYS:
                yield from _channel_setting(setting, config)
        elif setting.section[0] in _CUSTOM_CHANNEL_SECTIONS:
            yield from _channel_setting(setting, config)


def _channel_setting(setting: Setting, config: Config) -> Iterator[Finding]:
    urls = list(setting.items) or ([setting.value] if setting.value is not None else [])
    yield from plaintext_index_findings(
        urls, None, setting.statement, config, f"conda channel ({setting.key})"
    )


def _environment(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for assign in _env.assignments(facts, "CONDA_SSL_VERIFY", "MAMBA_SSL_VERIFY"):
        if is_falsy(_env.value_text(assign)):
            yield Finding(
                "SSL103",
                assign.name_span,
                f"{assign.name}={_env.value_text(assign)!r} switches conda's SSL verification off",
                assign.statement,
                _env.precision(assign),
            )
    names = ("CONDA_CHANNELS", "CONDA_DEFAULT_CHANNELS", "CONDA_CHANNEL_ALIAS")
    for assign in _env.assignments(facts, *names):
        assert assign.value is not None
        yield from plaintext_index_findings(
            split_items(assign.value), assign.name_span, assign.statement, config, assign.name
        )


def _config_pairs(args: Sequence[Word]) -> Iterator[tuple[str, Word, Optional[Word]]]:
    """(action, key, value) of `config --set K V` / `--add` / `--remove-key K` / `set K V`."""
    i = 0
    while i < len(args):
        text = args[i].text
        action = text.lstrip("-")
        if text in ("--set", "--add", "--append", "--prepend", "set", "append", "prepend"):
            if i + 2 < len(args):
                yield action, args[i + 1], args[i + 2]
                i += 3
                continue
        elif text in ("--remove-key", "remove-key") and i + 1 < len(args):
            yield "remove-key", args[i + 1], None
            i += 2
            continue
        i += 1


def _disables(args: Sequence[Word]) -> list[tuple[Word, Word]]:
    """The (`ssl_verify` key, value) words that a config command sets to a false value."""
    return [
        (key, value)
        for action, key, value in _config_pairs(args)
        if action == "set" and key.text.lower() in _KEYS and value is not None
        if is_falsy(value.text)
    ]


def _restores(args: Sequence[Word]) -> bool:
    for action, key, value in _config_pairs(args):
        if key.text.lower() not in _KEYS:
            continue
        if action == "remove-key" or (
            action == "set" and value is not None and not is_falsy(value.text)
        ):
            return True
    return False


def _conda_configs(facts: FileFacts) -> list[tuple[Command, str, list[Word]]]:
    found = []
    for command, inv in invocations(facts, *sorted(_PROGRAMS)):
        if inv.args and inv.args[0].text == "config":
            found.append((command, inv.program, inv.args[1:]))
    return found


def _config_commands(facts: FileFacts, config: Config) -> Iterator[Finding]:
    configs = _conda_configs(facts)
    for command, program, args in configs:
        for key, value in _disables(args):
            restored = any(
                later.script == command.script and later.seq > command.seq and _restores(rest)
                for later, _, rest in configs
            )
            rule = "SSL106" if restored else "SSL103"
            tail = "restored later in the same script" if restored else "never restored"
            yield Finding(
                rule,
                key.span,
                f"{program} config sets {key.text} to {value.text or repr('')}: SSL "
                f"verification is off ({tail})",
                command.statement,
                PROVEN if key.known and value.known else PROBABLE,
            )
        for action, name, given in _config_pairs(args):
            if name.text.lower() in _CHANNEL_KEYS and given is not None and action != "remove-key":
                yield from plaintext_index_findings(
                    split_items(given), None, command.statement, config, f"conda {name.text}"
                )


def _options(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for command, inv in invocations(facts, *sorted(_PROGRAMS)):
        if inv.args and inv.args[0].text == "config":
            continue
        program = inv.program
        grammar = _GRAMMAR if program == "micromamba" else _ARGPARSE_GRAMMAR
        for opt in parse(inv.args, grammar).options:
            if opt.name in ("-k", "--insecure"):
                yield Finding(
                    "SSL103",
                    opt.span,
                    f"{program} {opt.word.text} skips SSL verification for this command",
                    command.statement,
                )
            elif opt.name == "--ssl-verify" and opt.value is not None and is_falsy(opt.value.text):
                yield Finding(
                    "SSL103",
                    opt.span,
                    f"{program} --ssl-verify {opt.value.text} skips SSL verification",
                    command.statement,
                )
            elif opt.name in ("-c", "--channel") and opt.value is not None:
                yield from plaintext_index_findings(
                    [opt.value], opt.value_span, command.statement, config, f"{program} channel"
                )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL103, SSL106 and conda's SSL102 forms in one file's facts."""
    yield from _settings(facts, config)
    yield from _environment(facts, config)
    yield from _config_commands(facts, config)
    yield from _options(facts, config)


CHECKER = Checker(
    rules=(SSL103, SSL106),
    check=check,
    tokens=(b"conda", b"mamba", b"ssl_verify", b"verify_ssl", b"http:"),
)
