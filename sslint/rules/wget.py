"""wget: `--no-check-certificate` and its spellings (SSL202).

GNU wget parses options with getopt_long, so any unique prefix of a long
option works (`--no-check-cert`); every boolean option also has a `--no-`
form and takes `--opt=off`. `-e`/`--execute` runs a .wgetrc command, whose
names ignore case, `-` and `_` (`check_certificate`, `checkcertificate`).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange, Span
from sslint.rules._hosts import all_plain_http
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, Parsed, parse
from sslint.rules.base import ERROR, Checker, Rule

SSL202 = Rule(
    id="SSL202",
    name="wget-no-check-certificate",
    level=ERROR,
    security_severity=7.4,
    summary="Certificate verification is skipped by wget",
    description=(
        "Finds `wget --no-check-certificate` and its unique abbreviations "
        "(`--no-check-cert`), `--check-certificate=off`, `-e check_certificate=off` / "
        "`--execute=…`, and `check_certificate` / `check-certificate` set to `off`, `no` or "
        "`0` in a .wgetrc or /etc/wgetrc. Not a finding when every URL is a literal "
        "`http://` one and `--max-redirect=0` is given: wget then makes no TLS connection "
        "(by default it follows redirects, and an http URL may redirect to https)."
    ),
    why=(
        "wget then accepts any certificate for the host: a download that a script installs "
        "or executes can be replaced by anyone on the network path."
    ),
    example="wget --no-check-certificate https://artifacts.corp.example/agent.tar.gz",
    fix=(
        "Point wget at the proxy's CA bundle: `wget --ca-certificate=/etc/ssl/certs/corp-ca.pem "
        "…` (or `ca_certificate = /etc/ssl/certs/corp-ca.pem` in .wgetrc), or install the CA "
        "in the system store (`update-ca-certificates`). Then drop `--no-check-certificate`."
    ),
    references=(
        "https://www.gnu.org/software/wget/manual/wget.html#HTTPS-_0028SSL_002fTLS_0029-Options",
        "https://www.gnu.org/software/wget/manual/wget.html#Wgetrc-Commands",
    ),
    tags=("wget",),
)

# wget's long options (main.c option_data): those taking a value, and booleans
# (each boolean also exists as `--no-<name>`).
_VALUES = [
    "accept",
    "accept-regex",
    "append-output",
    "base",
    "bind-address",
    "bind-dns-address",
    "body-data",
    "body-file",
    "ca-certificate",
    "ca-directory",
    "certificate",
    "certificate-type",
    "ciphers",
    "config",
    "connect-timeout",
    "crl-file",
    "cut-dirs",
    "default-page",
    "directory-prefix",
    "dns-servers",
    "dns-timeout",
    "domains",
    "egd-file",
    "exclude-directories",
    "exclude-domains",
    "execute",
    "follow-tags",
    "ftp-password",
    "ftp-user",
    "header",
    "hsts-file",
    "http-password",
    "http-user",
    "ignore-tags",
    "include-directories",
    "input-file",
    "level",
    "limit-rate",
    "load-cookies",
    "local-encoding",
    "max-redirect",
    "method",
    "output-document",
    "output-file",
    "password",
    "pinnedpubkey",
    "post-data",
    "post-file",
    "prefer-family",
    "private-key",
    "private-key-type",
    "progress",
    "proxy-password",
    "proxy-user",
    "quota",
    "random-file",
    "read-timeout",
    "referer",
    "reject",
    "reject-regex",
    "rejected-log",
    "remote-encoding",
    "report-speed",
    "retry-on-http-error",
    "save-cookies",
    "secure-protocol",
    "start-pos",
    "timeout",
    "tries",
    "user",
    "user-agent",
    "wait",
    "waitretry",
    "warc-file",
    "warc-header",
    "warc-max-size",
    "warc-tempdir",
    "compression",
    "regex-type",
    "use-askpass",
]
_BOOLEANS = [
    "adjust-extension",
    "ask-password",
    "auth-no-challenge",
    "background",
    "backup-converted",
    "backups",
    "cache",
    "check-certificate",
    "clobber",
    "content-disposition",
    "content-on-error",
    "continue",
    "convert-file-only",
    "convert-links",
    "cookies",
    "debug",
    "delete-after",
    "directories",
    "dns-cache",
    "force-directories",
    "force-html",
    "ftps-clear-data-connection",
    "ftps-fallback-to-ftp",
    "ftps-implicit",
    "ftps-resume-ssl",
    "glob",
    "host-directories",
    "hsts",
    "html-extension",
    "https-only",
    "http-keep-alive",
    "ignore-case",
    "ignore-length",
    "inet4-only",
    "inet6-only",
    "iri",
    "keep-badhash",
    "keep-session-cookies",
    "mirror",
    "netrc",
    "page-requisites",
    "parent",
    "passive-ftp",
    "preserve-permissions",
    "protocol-directories",
    "proxy",
    "quiet",
    "random-wait",
    "recursive",
    "relative",
    "remove-listing",
    "retr-symlinks",
    "retry-connrefused",
    "save-headers",
    "server-response",
    "show-progress",
    "span-hosts",
    "spider",
    "strict-comments",
    "timestamping",
    "trust-server-names",
    "unlink",
    "use-server-timestamps",
    "verbose",
    "xattr",
]
_FLAGS = ("help", "version", "no-config", "no-verbose", "dont-remove-listing")

GRAMMAR = Grammar(
    long={
        **{f"--{name}": False for name in _FLAGS},
        **{f"--{name}": False for name in _BOOLEANS},
        **{f"--no-{name}": False for name in _BOOLEANS},
        **{f"--{name}": True for name in _VALUES},
    },
    short={
        **{f"-{c}": True for c in "aABDeIilnOoPQRtTUwXY"},
        **{f"-{c}": False for c in "46bcdEFhHkKLmNpqrSvVx"},
    },
)

_FALSE = frozenset({"off", "no", "0", "false", "quiet"})


def wgetrc_name(name: str) -> str:
    """wgetrc command names ignore case, `-` and `_`."""
    return name.strip().lower().replace("-", "").replace("_", "")


def is_off(value: Optional[str]) -> bool:
    """wget's false spellings for `check_certificate`."""
    return value is not None and value.strip().strip("'\"").lower() in _FALSE


def _plain_http_only(parsed: Parsed) -> bool:
    """Literal `http://` URLs only and `--max-redirect=0`: wget makes no TLS connection.

    wget follows up to 20 redirects by default, and an http URL may redirect to https.
    """
    redirects = [o.value.text for o in parsed.named("--max-redirect") if o.value is not None]
    if not redirects or redirects[-1].strip() != "0":
        return False
    if any(o.name in ("-i", "--input-file", "-e", "--execute") for o in parsed.options):
        return False
    return all_plain_http(parsed.positionals)


def _finding(span: Span, message: str, statement: LineRange) -> Finding:
    return Finding("SSL202", span, message, statement)


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL202 in wget commands and wgetrc settings."""
    for command, found in invocations(facts, "wget"):
        parsed = parse(found.args, GRAMMAR)
        if _plain_http_only(parsed):
            continue
        for opt in parsed.options:
            if opt.name == "--no-check-certificate":
                yield _finding(
                    opt.span,
                    f"wget {opt.word.text} skips certificate verification",
                    command.statement,
                )
            elif opt.name == "--check-certificate" and opt.inline and opt.value is not None:
                if is_off(opt.value.text):
                    yield _finding(
                        opt.span,
                        f"wget {opt.word.text} skips certificate verification",
                        command.statement,
                    )
            elif opt.name in ("-e", "--execute") and opt.value is not None:
                name, eq, value = opt.value.text.partition("=")
                if eq and wgetrc_name(name) == "checkcertificate" and is_off(value):
                    yield _finding(
                        opt.value_span,
                        f"wget -e {opt.value.text} skips certificate verification",
                        command.statement,
                    )
    for setting in facts.settings:
        if setting.file_kind != kinds.WGETRC or wgetrc_name(setting.key) != "checkcertificate":
            continue
        if setting.value is not None and is_off(setting.value.text):
            yield _finding(
                setting.key_span,
                f"{setting.key} = {setting.value.text} in a wgetrc: every wget run that reads "
                "it skips certificate verification",
                setting.statement,
            )


CHECKER = Checker(rules=(SSL202,), check=check, tokens=(b"certificate", b"wget"))
