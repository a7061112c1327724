"""pip and pip-tools: trusted hosts (SSL101) and package indexes over plain http:// (SSL102).

pip's settings have four spellings: a command-line option (optparse: unique
prefixes, `--opt=v`, `-iURL`, options anywhere), a `PIP_<OPTION>` environment
variable (lists separated by white space), a key in any section of pip.conf /
pip.ini, and `pip config set <section>.<key>`. Requirements and constraints
files, conda `environment.yml` `pip:` lists, `pip-compile`/`pip-sync`,
`pipx --pip-args` and Ansible's `pip` module `extra_args` all end in the same
option grammar.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting, Word
from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.linter.source import LineRange, Span
from sslint.rules import _env, _hosts
from sslint.rules._invocations import invocations, run_through
from sslint.rules._options import Grammar, Option, option_table, parse, split_args, split_items
from sslint.rules.base import ERROR, WARNING, Checker, Rule

SSL101 = Rule(
    id="SSL101",
    name="pip-trusted-host",
    level=ERROR,
    security_severity=7.4,
    summary="A host is trusted by pip: certificate errors for it are ignored",
    description=(
        "Finds every way pip is told to trust a host: `--trusted-host H` (also "
        "`--trusted-host=H` and any unique abbreviation such as `--trusted`), for `pip`, "
        "`pip3`, `pip3.12`, `python -m pip`, `pip-compile`/`pip-sync`, `pipx … --pip-args`, "
        "Ansible's `pip` module `extra_args`; the `PIP_TRUSTED_HOST` environment variable; "
        "`trusted-host` (or `trusted_host`) in any section of pip.conf / pip.ini; a "
        "`--trusted-host` line in requirements and constraints files; and "
        "`pip config set <section>.trusted-host`."
    ),
    why=(
        "pip skips certificate verification for a trusted host and also accepts it over "
        "plain http://. Anyone on the network path (or a compromised proxy) can serve a "
        "modified package, and pip installs and runs it. The switch is usually added to get "
        "past a TLS-intercepting proxy and then stays in the build for good."
    ),
    example=(
        "RUN pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org "
        "-r requirements.txt"
    ),
    fix=(
        "Give pip the proxy's CA bundle instead: "
        "`pip install --cert /etc/ssl/certs/corp-ca.pem …`, "
        "`PIP_CERT=/etc/ssl/certs/corp-ca.pem`, or `pip config set global.cert "
        "/etc/ssl/certs/corp-ca.pem` (REQUESTS_CA_BUNDLE works too). Or use the system trust "
        "store, where the corporate CA is usually installed already: pip >= 24.2 uses "
        "truststore by default; on older pip run `pip install truststore` and pass "
        "`--use-feature=truststore`. Then delete the `--trusted-host` / `trusted-host` "
        "setting. For a mirror deliberately run without TLS on a private network, list it "
        "under `allowed-hosts` in the sslint configuration."
    ),
    references=(
        "https://pip.pypa.io/en/stable/topics/https-certificates/",
        "https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host",
        "https://pip.pypa.io/en/stable/topics/configuration/",
        "https://truststore.readthedocs.io/",
    ),
    tags=("pip",),
)

SSL102 = Rule(
    id="SSL102",
    name="plaintext-index-url",
    level=WARNING,
    security_severity=5.9,
    summary="A package index, find-links location or channel is reached over plain http://",
    description=(
        "Finds package indexes, find-links locations, channels and sources whose URL is "
        "`http://`: pip `-i/--index-url/--extra-index-url/-f/--find-links` (also `-iURL`, "
        "`--opt=URL`, requirements files, `pip config set`, pip.conf keys, "
        "`PIP_INDEX_URL`/`PIP_EXTRA_INDEX_URL`/`PIP_FIND_LINKS`), conda `-c http://…`, "
        "`channels`/`default_channels`/`channel_alias` in .condarc and environment.yml, "
        "`conda config --add channels http://…`, uv `--index-url`/`--extra-index-url`/"
        "`--index`/`--default-index`, `UV_INDEX_URL`/`UV_EXTRA_INDEX_URL`/`UV_INDEX`/"
        "`UV_DEFAULT_INDEX`, `[[tool.uv.index]]`, Pipfile `[[source]]`, pdm and poetry "
        "sources. Loopback hosts (localhost, 127.0.0.0/8, ::1) are not reported, and "
        "neither are proxies, homepages or comments that merely contain `http://`."
    ),
    why=(
        "Over plain http:// nothing authenticates the index: anyone on the path can answer "
        "with other packages or other versions, and the installer runs their code at build "
        "time. Hash-pinned requirements limit the damage, index pages without TLS still leak "
        "what is being installed."
    ),
    example="pip install --index-url http://pypi.corp.example/simple corp-tools",
    fix=(
        "Serve the index over https:// and point the tool at the CA that signs it "
        "(`pip --cert`, `PIP_CERT`, `conda config --set ssl_verify /path/ca.pem`, "
        "`uv --native-tls` / `SSL_CERT_FILE`). For an internal mirror deliberately run "
        "without TLS on a private network, list the host under `allowed-hosts` in the "
        "sslint configuration."
    ),
    references=(
        "https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-i",
        "https://pip.pypa.io/en/stable/topics/https-certificates/",
        "https://docs.conda.io/projects/conda/en/stable/user-guide/configuration/settings.html",
        "https://docs.astral.sh/uv/concepts/indexes/",
    ),
    tags=("pip", "conda", "uv"),
)


def _grammar(takes_value: Sequence[str], flags: Sequence[str], short: dict[str, bool]) -> Grammar:
    return Grammar(long=option_table(takes_value, flags), short=short)


# pip's general options (accepted before the command and by every command).
_GENERAL = _grammar(
    (
        "--cache-dir",
        "--cert",
        "--client-cert",
        "--default-timeout",
        "--exists-action",
        "--keyring-provider",
        "--local-log",
        "--log",
        "--log-file",
        "--proxy",
        "--python",
        "--resume-retries",
        "--retries",
        "--timeout",
        "--trusted-host",
        "--use-deprecated",
        "--use-feature",
    ),
    (
        "--debug",
        "--disable-pip-version-check",
        "--help",
        "--isolated",
        "--no-cache-dir",
        "--no-color",
        "--no-input",
        "--no-python-version-warning",
        "--quiet",
        "--require-venv",
        "--require-virtualenv",
        "--verbose",
        "--version",
    ),
    {"-h": False, "-v": False, "-V": False, "-q": False},
)

_INDEX_VALUES = ("--extra-index-url", "--find-links", "--index-url", "--pypi-url")
_INDEX_FLAGS = ("--no-index", "--pre", "--ignore-requires-python")
_INDEX_SHORT = {"-i": True, "-f": True}
_BUILD_VALUES = (
    "--config-settings",
    "--constraint",
    "--editable",
    "--global-option",
    "--group",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--requirement",
    "--src",
    "--source",
    "--source-dir",
    "--source-directory",
)
_BUILD_FLAGS = (
    "--check-build-dependencies",
    "--no-build-isolation",
    "--no-clean",
    "--no-dependencies",
    "--no-deps",
    "--no-use-pep517",
    "--prefer-binary",
    "--require-hashes",
    "--use-pep517",
)
_TARGET_VALUES = ("--abi", "--implementation", "--platform", "--python-version")

_INSTALL = _GENERAL.merged(
    _grammar(
        _INDEX_VALUES
        + _BUILD_VALUES
        + _TARGET_VALUES
        + (
            "--prefix",
            "--report",
            "--root",
            "--root-user-action",
            "--target",
            "--upgrade-strategy",
        ),
        _INDEX_FLAGS
        + _BUILD_FLAGS
        + (
            "--break-system-packages",
            "--compile",
            "--dry-run",
            "--force-reinstall",
            "--ignore-installed",
            "--no-compile",
            "--no-user",
            "--no-warn-conflicts",
            "--no-warn-script-location",
            "--upgrade",
            "--user",
        ),
        {
            **_INDEX_SHORT,
            "-r": True,
            "-c": True,
            "-e": True,
            "-t": True,
            "-C": True,
            "-U": False,
            "-I": False,
        },
    )
)

# Commands that read package indexes, with their own options.
_INDEX_COMMANDS: dict[str, Grammar] = {
    "install": _INSTALL,
    "lock": _INSTALL.merged(_grammar(("--output",), (), {"-o": True})),
    "download": _GENERAL.merged(
        _grammar(
            _INDEX_VALUES
            + _BUILD_VALUES
            + _TARGET_VALUES
            + ("--dest", "--destination-dir", "--destination-directory"),
            _INDEX_FLAGS + _BUILD_FLAGS,
            {**_INDEX_SHORT, "-c": True, "-r": True, "-d": True},
        )
    ),
    "wheel": _GENERAL.merged(
        _grammar(
            _INDEX_VALUES + _BUILD_VALUES + ("--build-option", "--wheel-dir"),
            _INDEX_FLAGS + _BUILD_FLAGS + ("--no-verify",),
            {**_INDEX_SHORT, "-w": True, "-c": True, "-e": True, "-r": True, "-C": True},
        )
    ),
    "index": _GENERAL.merged(
        _grammar(
            _INDEX_VALUES + _TARGET_VALUES + ("--no-binary", "--only-binary"),
            _INDEX_FLAGS,
            _INDEX_SHORT,
        )
    ),
    "list": _GENERAL.merged(
        _grammar(
            (*_INDEX_VALUES, "--exclude", "--format", "--path"),
            (
                *_INDEX_FLAGS,
                "--editable",
                "--exclude-editable",
                "--include-editable",
                "--local",
                "--not-required",
                "--outdated",
                "--uptodate",
                "--user",
            ),
            {**_INDEX_SHORT, "-o": False, "-u": False, "-e": False, "-l": False},
        )
    ),
}
_CONFIG = _GENERAL.merged(_grammar(("--editor",), ("--global", "--site", "--user"), {}))

# pip-tools uses click: exact option names, no abbreviations.
_PIP_TOOLS = Grammar(
    long=option_table(
        (
            "--annotation-style",
            "--build-deps-for",
            "--cache-dir",
            "--cert",
            "--client-cert",
            "--config",
            "--constraint",
            "--extra",
            "--extra-index-url",
            "--find-links",
            "--index-url",
            "--max-rounds",
            "--output-file",
            "--pip-args",
            "--python-executable",
            "--resolver",
            "--trusted-host",
            "--unsafe-package",
            "--upgrade-package",
        ),
    ),
    short={"-i": True, "-f": True, "-o": True, "-c": True, "-P": True},
    abbreviate=False,
)

_INDEX_OPTIONS = frozenset((*_INDEX_VALUES, "-i", "-f"))
_INDEX_KEYS = frozenset({"index-url", "extra-index-url", "find-links", "pypi-url"})
_INDEX_ENV = ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS")
_ANSIBLE_PIP = frozenset({"pip", "ansible.builtin.pip", "ansible.legacy.pip"})
_SALT_INDEX_KEYS = frozenset({"index_url", "extra_index_url", "find_links"})


def trusted_host_finding(
    value: Optional[Word], span: Span, statement: LineRange, config: Config, where: str
) -> Iterator[Finding]:
    """SSL101 for hosts that pip is told to trust (none if every host is allowed)."""
    return _hosts.host_finding(
        "SSL101",
        value,
        span,
        statement,
        config,
        lambda hosts: f"pip trusts {hosts} ({where}): certificate errors are ignored",
    )


def plaintext_index_findings(
    urls: Iterable[Word],
    span: Optional[Span],
    statement: LineRange,
    config: Config,
    what: str,
) -> Iterator[Finding]:
    """SSL102 for each http:// URL (at `span`, or at the URL's own span when None)."""
    for url in urls:
        host = _hosts.plaintext_host(url.text)
        if host is None or _hosts.allowed(host, config):
            continue
        yield Finding(
            "SSL102",
            span or url.span,
            f"{what} {url.text.strip()} is reached over plain http:// ({host})",
            statement,
            PROVEN if url.known else PROBABLE,
        )


def pip_option_findings(
    options: Iterable[Option], statement: LineRange, config: Config, indexes: bool = True
) -> Iterator[Finding]:
    """Findings for parsed pip options: `--trusted-host` and, if `indexes`, index URLs."""
    for opt in options:
        if opt.name == "--trusted-host":
            yield from trusted_host_finding(
                opt.value, opt.span, statement, config, "--trusted-host"
            )
        elif indexes and opt.name in _INDEX_OPTIONS and opt.value is not None:
            yield from plaintext_index_findings(
                [opt.value], opt.value_span, statement, config, f"pip {opt.name}"
            )


def pip_args_findings(
    args: Sequence[Word], statement: LineRange, config: Config
) -> Iterator[Finding]:
    """Findings in the arguments of `pip` (general options, a command, its options)."""
    if not args:
        return
    first = args[0].text
    end = 0  # where the command is: the usual `pip install …` has no general options before it
    if first[:1] == "-" and len(first) > 1:
        head = parse(args, _GENERAL, stop_at_positional=True)
        yield from pip_option_findings(head.options, statement, config, indexes=False)
        end = head.end
        if end >= len(args):
            return
    command = args[end].text
    if command == "config":
        yield from _pip_config(args[end + 1 :], statement, config)
        return
    grammar = _INDEX_COMMANDS.get(command)
    rest = parse(args, grammar or _GENERAL, start=end + 1)
    yield from pip_option_findings(rest.options, statement, config, indexes=grammar is not None)


def install_option_findings(
    args: Sequence[Word], statement: LineRange, config: Config
) -> Iterator[Finding]:
    """Findings in a string of `pip install` options (`--pip-args`, Ansible `extra_args`)."""
    yield from pip_option_findings(parse(args, _INSTALL).options, statement, config)


def _pip_config(args: Sequence[Word], statement: LineRange, config: Config) -> Iterator[Finding]:
    """`pip config [--user|--global|--site] set <section>.<key> <value>`."""
    parsed = parse(args, _CONFIG)
    yield from pip_option_findings(parsed.options, statement, config, indexes=False)
    words = parsed.positionals
    if len(words) < 3 or words[0].text != "set":
        return
    name, value = words[1], words[2]
    key = _config_key(name.text.rsplit(".", 1)[-1])
    if key == "trusted-host":
        yield from trusted_host_finding(
            value, name.span, statement, config, f"pip config set {name.text}"
        )
    elif key in _INDEX_KEYS:
        yield from plaintext_index_findings(
            split_items(value), None, statement, config, f"pip {name.text}"
        )


def _config_key(key: str) -> str:
    return key.strip().lower().replace("_", "-")


def _settings(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.file_kind == kinds.PIP_CONF:
            yield from _pip_conf(setting, config)
        elif setting.file_kind == kinds.SETUP_CFG:
            yield from _easy_install(setting, config)
        elif (
            setting.file_kind == "ansible"
            and setting.section[:1]
            and setting.section[0] in _ANSIBLE_PIP
            and setting.key == "extra_args"
            and setting.value is not None
        ):
            yield from install_option_findings(split_args(setting.value), setting.statement, config)
        elif setting.file_kind == kinds.SALT and setting.section == ("pip.installed",):
            yield from _salt_pip(setting, config)


def _salt_pip(setting: Setting, config: Config) -> Iterator[Finding]:
    """Salt's `pip.installed` arguments: `trusted_host` (SSL101) and index URLs (SSL102)."""
    what = f"pip.installed {setting.key}"
    values = setting.items or ([setting.value] if setting.value is not None else [])
    if setting.key == "trusted_host":
        for value in values:
            yield from trusted_host_finding(
                value, setting.key_span, setting.statement, config, what
            )
    elif setting.key in _SALT_INDEX_KEYS:
        urls = [item for value in values for item in split_items(value)]
        yield from plaintext_index_findings(urls, None, setting.statement, config, what)


def _pip_conf(setting: Setting, config: Config) -> Iterator[Finding]:
    key = _config_key(setting.key)
    section = setting.section[0] if setting.section else "global"
    values = setting.items or ([setting.value] if setting.value is not None else [])
    if key == "trusted-host":
        hosts = [item for value in values for item in split_items(value)]
        found = _hosts.not_allowed((h.text for h in hosts), config)
        if found:
            yield Finding(
                "SSL101",
                setting.key_span,
                f"pip trusts {_hosts.names(found)} ({setting.key} in [{section}])",
                setting.statement,
            )
    elif key in _INDEX_KEYS:
        urls = [item for value in values for item in split_items(value)]
        yield from plaintext_index_findings(urls, None, setting.statement, config, f"pip {key}")


def _easy_install(setting: Setting, config: Config) -> Iterator[Finding]:
    """setuptools' `[easy_install] index_url` / `find_links` over plain http (SSL102)."""
    key = _config_key(setting.key)
    if key not in ("index-url", "find-links"):
        return
    values = setting.items or ([setting.value] if setting.value is not None else [])
    urls = [item for value in values for item in split_items(value)]
    what = f"easy_install {setting.key.strip()}"
    yield from plaintext_index_findings(urls, None, setting.statement, config, what)


def _environment(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for assign in _env.assignments(facts, "PIP_TRUSTED_HOST"):
        yield from trusted_host_finding(
            assign.value, assign.name_span, assign.statement, config, "PIP_TRUSTED_HOST"
        )
    for assign in _env.assignments(facts, *_INDEX_ENV):
        assert assign.value is not None
        yield from plaintext_index_findings(
            split_items(assign.value), assign.name_span, assign.statement, config, assign.name
        )


def _commands(facts: FileFacts, config: Config) -> Iterator[Finding]:
    for command, found in invocations(facts, "pip", "pip-compile", "pip-sync", "pipx"):
        program, args = found.program, found.args
        if program == "pip":
            yield from pip_args_findings(args, command.statement, config)
        elif program in ("pip-compile", "pip-sync"):
            parsed = parse(args, _PIP_TOOLS)
            yield from pip_option_findings(parsed.options, command.statement, config)
            for opt in parsed.named("--pip-args"):
                if opt.value is not None:
                    yield from install_option_findings(
                        split_args(opt.value), command.statement, config
                    )
        elif program == "pipx":
            yield from _pipx(args, command.statement, config)
    for command, found in run_through(facts, "pipx"):
        yield from _pipx(found.runner_args, command.statement, config)


def _pipx(args: Sequence[Word], statement: LineRange, config: Config) -> Iterator[Finding]:
    """`pipx install … --pip-args "…"`, and `pipx runpip <venv> <pip arguments>`."""
    if len(args) >= 2 and args[0].text == "runpip":
        yield from pip_args_findings(args[2:], statement, config)
        return
    for index, word in enumerate(args):
        text = word.text
        value: Optional[Word] = None
        if text.startswith("--pip-args="):
            value = Word(
                word.view.slice(len("--pip-args="), len(text)), word.known, word.via, word.used_at
            )
        elif text == "--pip-args" and index + 1 < len(args):
            value = args[index + 1]
        elif text in ("--index-url", "-i") and index + 1 < len(args):
            yield from plaintext_index_findings(
                [args[index + 1]], None, statement, config, f"pipx {text}"
            )
        elif text.startswith("--index-url="):
            url = Word(
                word.view.slice(len("--index-url="), len(text)), word.known, word.via, word.used_at
            )
            yield from plaintext_index_findings([url], None, statement, config, "pipx --index-url")
        if value is not None:
            yield from install_option_findings(split_args(value), statement, config)


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL101 and SSL102 (pip's spellings) in one file's facts."""
    yield from _commands(facts, config)
    yield from _environment(facts, config)
    yield from _settings(facts, config)


CHECKER = Checker(
    rules=(SSL101, SSL102),
    check=check,
    tokens=(b"trusted", b"--tr", b"http:"),
)
