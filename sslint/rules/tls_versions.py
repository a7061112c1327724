"""curl and wget forced onto an obsolete SSL/TLS protocol version (SSL209).

curl (its manual, "--tls-max", "--sslv3", "--tlsv1.0"): `--tls-max 1.0` / `1.1`
caps the version, so nothing newer can be negotiated; `-2/--sslv2` and
`-3/--sslv3` ask for SSL 2/3 (curl 7.77.0 and later ignore them, older builds
still honour them). `--tlsv1.0`, `--tlsv1.1` and `-1/--tlsv1` only set a
minimum: curl still negotiates TLS 1.2/1.3, so they are findings only with a
`--tls-max` that keeps the connection at 1.1 or below (reported there).

wget (its manual, "--secure-protocol"): `--secure-protocol=SSLv2/SSLv3/TLSv1/
TLSv1_1` forces exactly that protocol (`auto`, `TLSv1_2`, `TLSv1_3` and `PFS`
do not); the same spelled `secure_protocol = …` in a wgetrc or `-e`.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting, Word
from sslint.linter.findings import Finding
from sslint.linter.source import Span
from sslint.rules._invocations import invocations
from sslint.rules._options import Option, parse
from sslint.rules.base import WARNING, Checker, Rule
from sslint.rules.curl import GRAMMAR as CURL_GRAMMAR
from sslint.rules.wget import GRAMMAR as WGET_GRAMMAR
from sslint.rules.wget import wgetrc_name

SSL209 = Rule(
    id="SSL209",
    name="obsolete-tls-protocol-forced",
    level=WARNING,
    security_severity=5.3,
    summary="curl or wget is forced onto an obsolete SSL/TLS protocol version",
    description=(
        "Finds `curl --tls-max 1.0` / `1.1` (also `--tls-max=1.1`, from a variable or in a "
        "Dockerfile's exec form), `curl -2/--sslv2` and `-3/--sslv3`, `wget "
        "--secure-protocol=SSLv2/SSLv3/TLSv1/TLSv1_1` (also `-e secure_protocol=…`), and the "
        "same settings in a .curlrc (`tls-max = 1.0`, `sslv3`) or wgetrc "
        "(`secure_protocol = SSLv3`). `curl --tlsv1.0` / `--tlsv1.1` / `--tlsv1` only set a "
        "minimum, so curl still negotiates TLS 1.2 or 1.3: not a finding on their own."
    ),
    why=(
        "SSL 2.0/3.0 and TLS 1.0/1.1 are deprecated (RFC 8996) and have practical attacks "
        "(POODLE, BEAST); a client held to them lets a machine in the middle read or change "
        "the download, and a server that still accepts them is a downgrade target."
    ),
    example="curl --tls-max 1.0 -fsSL https://legacy.corp.example/install.sh | sh",
    fix=(
        "Drop the cap and let the tool negotiate: remove `--tls-max` / `--sslv3` (or set a "
        "floor with `curl --tlsv1.2`), use `wget --secure-protocol=TLSv1_2` or `auto`. "
        "Upgrade servers that only speak TLS 1.0/1.1 instead of lowering the client."
    ),
    references=(
        "https://curl.se/docs/manpage.html#--tls-max",
        "https://curl.se/docs/manpage.html#--tlsv10",
        "https://www.gnu.org/software/wget/manual/wget.html#index-secure_002dprotocol",
        "https://datatracker.ietf.org/doc/html/rfc8996",
    ),
    cwe="CWE-327",
    tags=("curl", "wget"),
)

_CURL_OLD_MAX = frozenset({"1.0", "1.1"})
_CURL_SSL = {"-2": "SSLv2", "--sslv2": "SSLv2", "-3": "SSLv3", "--sslv3": "SSLv3"}
_WGET_OLD = frozenset({"sslv2", "sslv3", "tlsv1", "tlsv1_1"})


def _curl_option(opt: Option) -> Optional[tuple[Span, str]]:
    """(span, message) when a curl option forces an obsolete protocol."""
    protocol = _CURL_SSL.get(opt.name)
    if protocol is not None:
        return opt.span, (
            f"curl {opt.word.text} asks for {protocol} (ignored since curl 7.77.0, honoured by "
            "older builds)"
        )
    if opt.name == "--tls-max" and opt.value is not None:
        version = opt.value.text.strip()
        if version in _CURL_OLD_MAX:
            via = f" ({opt.value.via})" if opt.value.via else ""
            return opt.value_span, (
                f"curl --tls-max {version}{via} caps the connection at TLS {version}, an "
                "obsolete protocol version"
            )
    return None


def _wget_value(value: str) -> bool:
    return value.strip().strip("'\"").lower() in _WGET_OLD


def _may_force_version(args: list[Word]) -> bool:
    """Whether a curl option word could be `-2`, `-3`, `--sslv2`, `--sslv3` or `--tls-max`
    (then each holds a `2`, a `3` or `--tls-max`)."""
    for word in args:
        text = word.text
        if text[:1] == "-" and ("2" in text or "3" in text or "--tls-max" in text):
            return True
    return False


def _commands(facts: FileFacts) -> Iterator[Finding]:
    for command, found in invocations(facts, "curl"):
        if not _may_force_version(found.args):
            continue
        for opt in parse(found.args, CURL_GRAMMAR).options:
            hit = _curl_option(opt)
            if hit is not None:
                yield Finding("SSL209", hit[0], hit[1], command.statement)
    for command, found in invocations(facts, "wget"):
        for opt in parse(found.args, WGET_GRAMMAR).options:
            if opt.value is None:
                continue
            if opt.name == "--secure-protocol" and _wget_value(opt.value.text):
                yield Finding(
                    "SSL209",
                    opt.value_span,
                    f"wget --secure-protocol={opt.value.text} forces an obsolete protocol version",
                    command.statement,
                )
            elif opt.name in ("-e", "--execute"):
                name, eq, value = opt.value.text.partition("=")
                if eq and wgetrc_name(name) == "secureprotocol" and _wget_value(value):
                    yield Finding(
                        "SSL209",
                        opt.value_span,
                        f"wget -e {opt.value.text} forces an obsolete protocol version",
                        command.statement,
                    )


def _curlrc(setting: Setting) -> Optional[Finding]:
    """`tls-max = 1.0`, `--tls-max 1.1`, `sslv3` or `-3` as a .curlrc line."""
    key = setting.key.strip()
    name = key if key.startswith("-") and not key.startswith("--") else "--" + key.lstrip("-")
    name = name.lower()
    value = setting.value.text.strip().strip("'\"") if setting.value is not None else ""
    if name in _CURL_SSL:
        message = f"{key} in a curl config file: every curl run that reads it asks for "
        return Finding("SSL209", setting.key_span, message + _CURL_SSL[name], setting.statement)
    if name == "--tls-max" and value in _CURL_OLD_MAX:
        return Finding(
            "SSL209",
            setting.key_span,
            f"{key} {value} in a curl config file: every curl run that reads it is capped at "
            f"TLS {value}, an obsolete protocol version",
            setting.statement,
        )
    return None


def _settings(facts: FileFacts) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.file_kind == kinds.CURLRC:
            found = _curlrc(setting)
            if found is not None:
                yield found
        elif (
            setting.file_kind == kinds.WGETRC
            and wgetrc_name(setting.key) == "secureprotocol"
            and setting.value is not None
            and _wget_value(setting.value.text)
        ):
            yield Finding(
                "SSL209",
                setting.key_span,
                f"{setting.key} = {setting.value.text} in a wgetrc: every wget run that "
                "reads it uses an obsolete protocol version",
                setting.statement,
            )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL209 in curl and wget commands, .curlrc and wgetrc settings."""
    yield from _commands(facts)
    yield from _settings(facts)


CHECKER = Checker(
    rules=(SSL209,),
    check=check,
    tokens=(b"curl", b"wget"),
    unfiltered_kinds=frozenset({kinds.CURLRC, kinds.WGETRC}),
)
