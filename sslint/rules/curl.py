"""curl: `-k` / `--insecure`, `--proxy-insecure`, `--doh-insecure` (SSL201).

curl's short options cluster (`-fsSLk`); an option that takes an argument
swallows the rest of the cluster or the next word, so in `-ok` the `k` is the
output file name and `-K file` reads a config file. Options may follow the
URL. A .curlrc / `_curlrc` holds the same options, with or without dashes.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.findings import PROVEN, Finding, make_finding
from sslint.rules._hosts import all_plain_http
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, Option, Parsed, parse
from sslint.rules.base import ERROR, Checker, Rule

SSL201 = Rule(
    id="SSL201",
    name="curl-insecure",
    level=ERROR,
    security_severity=7.4,
    summary="Certificate verification is skipped by curl",
    description=(
        "Finds `curl -k` (also inside combined short options such as `-fsSLk` or `-kfsSL`, "
        "but not `-K` and not where `k` is the argument of an option such as `-o`), "
        "`--insecure`, `--proxy-insecure` and `--doh-insecure`, wherever they appear on the "
        "command line (also after the URL), and `insecure` / `-k` / `--insecure` in a "
        ".curlrc or `_curlrc`. `-k` is not a finding when every URL is a literal `http://` "
        "one and no redirect is followed (no `-L`, `--location`, `-K`, `--next`): there is "
        "no TLS connection whose certificate it could skip."
    ),
    why=(
        "With `-k` curl accepts any certificate for the host, so whoever sits on the path "
        "can serve the download. Scripts typically pipe such downloads into a shell or "
        "install them as tools."
    ),
    example="curl -fsSLk https://artifacts.corp.example/install.sh | sh",
    fix=(
        "Point curl at the proxy's CA bundle: `curl --cacert /etc/ssl/certs/corp-ca.pem …` "
        "(or `CURL_CA_BUNDLE=/etc/ssl/certs/corp-ca.pem`, `cacert = …` in .curlrc), or add "
        "the CA to the system store (`cp corp-ca.crt /usr/local/share/ca-certificates/ && "
        "update-ca-certificates`); `--proxy-cacert` for a TLS proxy. Then drop `-k`."
    ),
    references=(
        "https://curl.se/docs/manpage.html#-k",
        "https://curl.se/docs/sslcerts.html",
    ),
    tags=("curl",),
)

# Short options that take an argument (curl's tool_getparam.c alias table).
_SHORT_WITH_VALUE = "AbcCdDeEFHKmoPQrtTuUwxXyYz"
_SHORT_FLAGS = "0123456:#aBfgGhiIjJklLMnNOpqRsSvVZ"
_LONG_WITH_VALUE = [
    "--cacert",
    "--capath",
    "--cert",
    "--cert-type",
    "--ciphers",
    "--config",
    "--connect-timeout",
    "--connect-to",
    "--continue-at",
    "--cookie",
    "--cookie-jar",
    "--data",
    "--data-ascii",
    "--data-binary",
    "--data-raw",
    "--data-urlencode",
    "--dump-header",
    "--form",
    "--form-string",
    "--header",
    "--json",
    "--key",
    "--max-time",
    "--output",
    "--output-dir",
    "--proxy",
    "--proxy-cacert",
    "--proxy-user",
    "--range",
    "--referer",
    "--request",
    "--resolve",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--upload-file",
    "--url",
    "--user",
    "--user-agent",
    "--write-out",
    "--max-filesize",
    "--max-redirs",
    "--limit-rate",
    "--interface",
    "--noproxy",
    "--pinnedpubkey",
    "--preproxy",
    "--proxy-header",
    "--proto",
    "--proto-redir",
    "--quote",
    "--speed-limit",
    "--speed-time",
    "--time-cond",
    "--tls-max",
    "--trace",
    "--trace-ascii",
    "--unix-socket",
    "--variable",
    "--expand-url",
]
# After these, a URL may be https or reached through a redirect: `-k` may matter.
_NO_TLS_UNKNOWN = frozenset(
    {"-L", "--location", "--location-trusted", "-K", "--config", "-:", "--next"}
)
_INSECURE = ("--insecure", "--proxy-insecure", "--doh-insecure")

GRAMMAR = Grammar(
    long={**{name: True for name in _LONG_WITH_VALUE}, **{name: False for name in _INSECURE}},
    short={
        **{"-" + c: True for c in _SHORT_WITH_VALUE},
        **{"-" + c: False for c in _SHORT_FLAGS},
    },
    abbreviate=False,
)


def _rejected_cluster(text: str) -> bool:
    """A short-option word curl refuses (`-k=1`: `=` is no option), so nothing is transferred."""
    if text.startswith("--") or not text.startswith("-"):
        return False
    for char in text[1:]:
        if char in _SHORT_WITH_VALUE:
            return False
        if char not in _SHORT_FLAGS:
            return True
    return False


def _message(opt: Option) -> Optional[str]:
    if opt.name == "-k" and _rejected_cluster(opt.word.text):
        return None
    if opt.name == "-k" or opt.name == "--insecure":
        return f"curl {opt.word.text} skips certificate verification"
    if opt.name == "--proxy-insecure":
        return "curl --proxy-insecure skips verification of the HTTPS proxy's certificate"
    if opt.name == "--doh-insecure":
        return "curl --doh-insecure skips verification of the DNS-over-HTTPS server"
    return None


def _plain_http_only(parsed: Parsed) -> bool:
    """Every URL a literal `http://` one, no redirect followed, no config or next URL group.

    `-k` then changes nothing: there is no TLS connection whose certificate it could skip.
    """
    urls = list(parsed.positionals)
    for opt in parsed.options:
        if opt.name in _NO_TLS_UNKNOWN:
            return False
        if opt.name == "--url" and opt.value:
            urls.append(opt.value)
    return all_plain_http(urls)


def _curlrc(setting: Setting) -> Iterator[Finding]:
    """`insecure`, `--insecure`, `-k` or a cluster holding `k` as a .curlrc line."""
    key = setting.key.strip()
    if key.startswith("-") and not key.startswith("--"):
        names = []
        for char in key[1:]:
            names.append("-" + char)
            if GRAMMAR.short.get("-" + char, False):
                break
    else:
        names = ["--" + key.lstrip("-").lower()]
    for name in names:
        if name in ("-k", *_INSECURE):
            yield Finding(
                "SSL201",
                setting.key_span,
                f"{key} in a curl config file: every curl run that reads it skips "
                "certificate verification",
                setting.statement,
            )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL201 in curl commands and .curlrc settings."""
    for command, found in invocations(facts, "curl"):
        parsed = parse(found.args, GRAMMAR)
        no_tls: Optional[bool] = None  # worked out when first needed
        for opt in parsed.options:
            if opt.name in ("-k", "--insecure"):
                if no_tls is None:
                    no_tls = _plain_http_only(parsed)
                if no_tls:
                    continue
            message = _message(opt)
            if message is not None:
                yield make_finding(
                    "SSL201", opt.span, message, command.statement, PROVEN, None, "", "", "", None
                )
    for setting in facts.settings:
        if setting.file_kind == kinds.CURLRC:
            yield from _curlrc(setting)


CHECKER = Checker(
    rules=(SSL201,),
    check=check,
    tokens=(b"curl", b"insecure"),
    unfiltered_kinds=frozenset({kinds.CURLRC}),
)
