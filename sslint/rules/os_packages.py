"""System package managers: TLS off (SSL206) and signature checks off (SSL401-SSL403).

apt reads options from the command line (`--allow-unauthenticated`,
`-o Key=Value`), from apt.conf / apt.conf.d (`Acquire::https::Verify-Peer
"false"`, scoped per host as `Acquire::https::<host>::Verify-Peer`) and from
source options (`[trusted=yes]`, deb822 `Trusted: yes`). yum, dnf, microdnf,
tdnf and zypper take `--nogpgcheck` and `--setopt=[<repo>.]<option>=<value>`
and read `.repo` files; rpm takes `--nosignature` / `--nodigest`; apk takes
`--allow-untrusted`.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Word
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange, Span
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, option_table, parse
from sslint.rules.base import ERROR, Checker, Rule

_CA_FIX = (
    "Install the proxy's CA in the system store instead (`cp corp-ca.crt "
    "/usr/local/share/ca-certificates/ && update-ca-certificates` on Debian/Ubuntu/Alpine, "
    "`cp corp-ca.pem /etc/pki/ca-trust/source/anchors/ && update-ca-trust` on RHEL/Fedora), "
    'or point the tool at it: apt `Acquire::https::CAInfo "/etc/ssl/certs/corp-ca.pem";`, '
    "yum/dnf `sslcacert=/etc/pki/tls/certs/corp-ca.pem` in the .repo section."
)

SSL206 = Rule(
    id="SSL206",
    name="os-package-manager-tls-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="A system package manager skips TLS certificate verification",
    description=(
        'Finds apt\'s `Acquire::https::Verify-Peer "false"` and `Verify-Host "false"` (also '
        "host-scoped `Acquire::https::<host>::Verify-Peer`) in apt.conf / apt.conf.d and as "
        "`apt`/`apt-get -o …=false`, and yum/dnf `sslverify=0` (false/no/off) in `.repo` "
        "files, yum.conf / dnf.conf, `--setopt=sslverify=0`, `--setopt=<repo>.sslverify=0` "
        "and `dnf config-manager --setopt=…`."
    ),
    why=(
        "The repository connection is no longer authenticated: metadata and packages can be "
        "replaced in transit. Package signatures still protect where they are checked, but "
        "TLS is often the only protection for third-party repositories and their keys."
    ),
    example="apt-get -o Acquire::https::Verify-Peer=false update",
    fix=_CA_FIX + " Then remove the setting.",
    references=(
        "https://manpages.debian.org/stable/apt/apt-transport-https.1.en.html",
        "https://dnf.readthedocs.io/en/latest/conf_ref.html",
    ),
    tags=("apt", "dnf", "yum"),
)

_SIGNATURE_WHY = (
    "Package signatures are what proves a package comes from the distribution or vendor; "
    "without them any mirror, proxy or attacker on the path can serve modified packages, "
    "which run maintainer scripts as root on install."
)

SSL401 = Rule(
    id="SSL401",
    name="apt-unauthenticated",
    level=ERROR,
    security_severity=7.0,
    summary="Repository signatures are not verified by apt",
    description=(
        "Finds `apt`/`apt-get --allow-unauthenticated`, `--allow-insecure-repositories`, "
        "`--force-yes`, `-o APT::Get::AllowUnauthenticated=true`, "
        "`-o Acquire::AllowInsecureRepositories=true`, the same settings in apt.conf / "
        "apt.conf.d, and `[trusted=yes]` / `[allow-insecure=yes]` in sources lists (also "
        "deb822 `Trusted: yes`)."
    ),
    why=_SIGNATURE_WHY,
    example="apt-get install -y --allow-unauthenticated corp-agent",
    fix=(
        "Import the repository's signing key and reference it: `curl -fsSL "
        "https://repo.corp.example/key.asc | gpg --dearmor -o /etc/apt/keyrings/corp.gpg` "
        "and `deb [signed-by=/etc/apt/keyrings/corp.gpg] https://repo.corp.example stable "
        "main`. Then remove `trusted=yes` / `--allow-unauthenticated`."
    ),
    references=(
        "https://manpages.debian.org/stable/apt/sources.list.5.en.html",
        "https://manpages.debian.org/stable/apt/apt-get.8.en.html",
        "https://wiki.debian.org/DebianRepository/UseThirdParty",
    ),
    tags=("apt",),
    cwe="CWE-347",
)

SSL402 = Rule(
    id="SSL402",
    name="apk-allow-untrusted",
    level=ERROR,
    security_severity=7.0,
    summary="Package signatures are not verified by apk",
    description="Finds `apk add --allow-untrusted` (any apk command with `--allow-untrusted`).",
    why=_SIGNATURE_WHY,
    example="apk add --allow-untrusted /tmp/corp-agent-2.1-r0.apk",
    fix=(
        "Put the signer's public key in /etc/apk/keys/ (`wget -O /etc/apk/keys/corp.rsa.pub "
        "https://repo.corp.example/corp.rsa.pub`) and install without `--allow-untrusted`."
    ),
    references=("https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper",),
    tags=("apk",),
    cwe="CWE-347",
)

SSL403 = Rule(
    id="SSL403",
    name="rpm-signature-check-disabled",
    level=ERROR,
    security_severity=7.0,
    summary="Package signatures are not checked by rpm-based package managers",
    description=(
        "Finds `yum`/`dnf`/`microdnf`/`tdnf`/`zypper` `--nogpgcheck` (zypper also "
        "`--no-gpg-checks`, dnf5 `--no-gpgchecks`), `--setopt=gpgcheck=0`, "
        "`rpm --nosignature`/`--nodigest`/"
        "`--nofiledigest`, and `gpgcheck=0` in `.repo` files and yum.conf / dnf.conf "
        "(`repo_gpgcheck` is repository metadata signing and not this rule)."
    ),
    why=_SIGNATURE_WHY,
    example="dnf install -y --nogpgcheck corp-release",
    fix=(
        "Import the vendor's key (`rpm --import https://repo.corp.example/RPM-GPG-KEY-corp`, "
        "or `gpgkey=` in the .repo section) and keep `gpgcheck=1`."
    ),
    references=(
        "https://dnf.readthedocs.io/en/latest/command_ref.html",
        "https://man7.org/linux/man-pages/man5/yum.conf.5.html",
        "https://rpm.org/docs/4.19.x/man/rpm.8.html",
    ),
    tags=("rpm", "dnf", "yum", "zypper"),
    cwe="CWE-347",
)

_APT_PROGRAMS = frozenset({"apt", "apt-get", "aptitude", "apt-cache"})
_RPM_MANAGERS = frozenset(
    {"yum", "dnf", "dnf5", "microdnf", "tdnf", "zypper", "yum-config-manager"}
)
_APT = Grammar(
    long=option_table(
        ("--option", "--config-file", "--target-release", "--host-architecture"),
        ("--allow-unauthenticated", "--allow-insecure-repositories", "--force-yes"),
    ),
    short={"-o": True, "-c": True, "-t": True, "-a": True},
    abbreviate=False,
)
_RPM_MANAGER = Grammar(
    long=option_table(
        ("--setopt", "--repo", "--enablerepo", "--disablerepo", "--releasever", "--installroot"),
        ("--nogpgcheck", "--no-gpgchecks", "--no-gpg-checks", "--assumeyes"),
    ),
    short={"-c": True, "-d": True, "-e": True, "-x": True, "-R": True},
    abbreviate=False,
)
_APT_BOOL_FALSE = frozenset({"false", "no", "0", "off", "without", "disable"})
_APT_BOOL_TRUE = frozenset({"true", "yes", "1", "on", "with", "enable"})
_DNF_FALSE = frozenset({"0", "false", "no", "off"})
_VERIFY_KEY = re.compile(r"^acquire::https(?:::.+)?::verify-(?:peer|host)$", re.IGNORECASE)
_UNAUTH_KEYS = frozenset(
    {
        "apt::get::allowunauthenticated",
        "acquire::allowinsecurerepositories",
        "acquire::allowdowngradetoinsecurerepositories",
    }
)
_APT_FLAGS = frozenset({"--allow-unauthenticated", "--allow-insecure-repositories", "--force-yes"})
_RPM_FLAGS = frozenset({"--nosignature", "--nodigest", "--nofiledigest"})


def _clean(value: str) -> str:
    return value.strip().rstrip(";").strip().strip("'\"").strip().lower()


def apt_setting_rule(key: str, value: str) -> Optional[str]:
    """SSL206 / SSL401 / None for one apt configuration item."""
    value = _clean(value)
    key = key.strip().strip('"')
    if _VERIFY_KEY.match(key) and value in _APT_BOOL_FALSE:
        return "SSL206"
    if key.lower() in _UNAUTH_KEYS and value in _APT_BOOL_TRUE:
        return "SSL401"
    return None


def dnf_option_rule(name: str, value: str) -> Optional[str]:
    """SSL206 / SSL403 / None for `[<repo>.]<option>=<value>` of yum/dnf."""
    option = name.strip().rsplit(".", 1)[-1].lower()
    if _clean(value) not in _DNF_FALSE:
        return None
    if option == "sslverify":
        return "SSL206"
    if option == "gpgcheck":
        return "SSL403"
    return None


def _finding(rule: str, span: Span, message: str, statement: LineRange) -> Finding:
    return Finding(rule, span, message, statement)


def _apt(program: str, args: Sequence[Word], statement: LineRange) -> Iterator[Finding]:
    for opt in parse(args, _APT).options:
        if opt.name in _APT_FLAGS:
            yield _finding(
                "SSL401",
                opt.span,
                f"{program} {opt.word.text} installs packages without verifying signatures",
                statement,
            )
        elif opt.name in ("-o", "--option") and opt.value is not None:
            key, eq, value = opt.value.text.partition("=")
            rule = apt_setting_rule(key, value) if eq else None
            if rule == "SSL206":
                yield _finding(
                    rule,
                    opt.value_span,
                    f"{program} -o {opt.value.text} skips TLS certificate verification",
                    statement,
                )
            elif rule == "SSL401":
                yield _finding(
                    rule,
                    opt.value_span,
                    f"{program} -o {opt.value.text} installs packages without verifying signatures",
                    statement,
                )


def _rpm_manager(program: str, args: Sequence[Word], statement: LineRange) -> Iterator[Finding]:
    for opt in parse(args, _RPM_MANAGER).options:
        if opt.name in ("--nogpgcheck", "--no-gpgchecks", "--no-gpg-checks"):
            yield _finding(
                "SSL403",
                opt.span,
                f"{program} {opt.word.text} installs packages without checking signatures",
                statement,
            )
        elif opt.name == "--setopt" and opt.value is not None:
            name, eq, value = opt.value.text.partition("=")
            rule = dnf_option_rule(name, value) if eq else None
            if rule is not None:
                what = (
                    "skips TLS certificate verification"
                    if rule == "SSL206"
                    else "installs packages without checking signatures"
                )
                yield _finding(
                    rule, opt.value_span, f"{program} --setopt={opt.value.text} {what}", statement
                )


def _commands(facts: FileFacts) -> Iterator[Finding]:
    programs = (*_APT_PROGRAMS, *_RPM_MANAGERS, "rpm", "apk")
    for command, found in invocations(facts, *sorted(programs)):
        program, args, statement = found.program, found.args, command.statement
        if program in _APT_PROGRAMS:
            yield from _apt(program, args, statement)
        elif program in _RPM_MANAGERS:
            yield from _rpm_manager(program, args, statement)
        elif program == "rpm":
            for word in args:
                if word.text in _RPM_FLAGS:
                    yield _finding(
                        "SSL403",
                        word.span,
                        f"rpm {word.text} installs without checking package signatures",
                        statement,
                    )
        elif program == "apk":
            for word in args:
                if word.text == "--allow-untrusted":
                    yield _finding(
                        "SSL402",
                        word.span,
                        "apk --allow-untrusted installs packages without verifying signatures",
                        statement,
                    )


def _settings(facts: FileFacts) -> Iterator[Finding]:
    for setting in facts.settings:
        value = setting.value.text if setting.value is not None else ""
        kind = setting.file_kind
        if kind == kinds.APT_CONF:
            key = "::".join((*setting.section, setting.key))
            rule = apt_setting_rule(key, value)
            if rule is not None:
                what = (
                    "skips TLS certificate verification"
                    if rule == "SSL206"
                    else "installs packages without verifying signatures"
                )
                yield _finding(
                    rule, setting.key_span, f'apt {key} "{_clean(value)}" {what}', setting.statement
                )
        elif kind == kinds.APT_SOURCES:
            option = setting.key.strip().lower()
            if option in ("trusted", "allow-insecure") and _clean(value) == "yes":
                yield _finding(
                    "SSL401",
                    setting.key_span,
                    f"{setting.key}={_clean(value)} makes apt accept this repository without "
                    "verifying its signatures",
                    setting.statement,
                )
        elif kind == kinds.YUM_REPO:
            rule = dnf_option_rule(setting.key, value)
            if rule is not None and setting.key.strip().lower() in ("sslverify", "gpgcheck"):
                section = f" in [{setting.section[0]}]" if setting.section else ""
                what = (
                    "skips TLS certificate verification"
                    if rule == "SSL206"
                    else "installs packages without checking signatures"
                )
                yield _finding(
                    rule,
                    setting.key_span,
                    f"{setting.key}={value}{section} {what}",
                    setting.statement,
                )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL206 and SSL401-SSL403 in commands and package manager configuration."""
    yield from _commands(facts)
    yield from _settings(facts)


CHECKER = Checker(
    rules=(SSL206, SSL401, SSL402, SSL403),
    check=check,
    tokens=(
        b"verify-peer",
        b"verify-host",
        b"unauthenticated",
        b"insecure",
        b"force-yes",
        b"trusted",
        b"untrusted",
        b"gpgcheck",
        b"gpg-check",
        b"sslverify",
        b"nosignature",
        b"nodigest",
        b"nofiledigest",
    ),
)
