"""Process-wide Python switches in the environment (SSL205).

`PYTHONHTTPSVERIFY=0` makes Python's default HTTPS context unverified where
PEP 493 is honoured (Python 2.7.12+ and distributions that backport it, such
as RHEL/CentOS); `CURL_CA_BUNDLE=""` disabled verification in requests
before 2.28.0. `REQUESTS_CA_BUNDLE=""` never did, and is not reported.
"""

from __future__ import annotations

from typing import Iterator

from sslint.linter.config import Config
from sslint.linter.facts import FileFacts
from sslint.linter.findings import PROBABLE, Finding
from sslint.rules import _env
from sslint.rules.base import WARNING, Checker, Rule

SSL205 = Rule(
    id="SSL205",
    name="python-verification-disabled-by-env",
    level=WARNING,
    security_severity=5.9,
    summary="An environment variable switches Python's certificate verification off",
    description=(
        "Finds `PYTHONHTTPSVERIFY=0` (honoured by Python 2.7.12+ and by distributions that "
        "backport PEP 493; upstream Python 3 ignores it, but it states the intent) and "
        "`CURL_CA_BUNDLE` set to the empty string (which disabled verification in requests "
        "< 2.28.0; reported as probable) in every place an environment is set. "
        '`REQUESTS_CA_BUNDLE=""` alone never disabled it and is not reported.'
    ),
    why=(
        "Where honoured, every HTTPS connection the process opens with the default context "
        "(urllib, pip on old interpreters, many libraries) accepts any certificate."
    ),
    example="ENV PYTHONHTTPSVERIFY=0",
    fix=(
        "Remove the variable and give Python the proxy's CA bundle: "
        "`SSL_CERT_FILE=/etc/ssl/certs/corp-ca.pem` (OpenSSL default context), "
        "`REQUESTS_CA_BUNDLE=/etc/ssl/certs/corp-ca.pem` (requests), or install the CA in the "
        "system store (`update-ca-certificates`) and use truststore."
    ),
    references=(
        "https://peps.python.org/pep-0493/",
        "https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification",
    ),
    tags=("python",),
)


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL205 for `PYTHONHTTPSVERIFY=0` and an empty `CURL_CA_BUNDLE`."""
    for assign in _env.assignments(facts, "PYTHONHTTPSVERIFY"):
        if _env.value_text(assign) == "0":
            yield Finding(
                "SSL205",
                assign.name_span,
                "PYTHONHTTPSVERIFY=0 makes Python's default HTTPS context skip certificate "
                "verification (PEP 493)",
                assign.statement,
                _env.precision(assign),
            )
    for assign in _env.assignments(facts, "CURL_CA_BUNDLE"):
        if assign.value is not None and assign.value.known and not _env.value_text(assign):
            yield Finding(
                "SSL205",
                assign.name_span,
                'CURL_CA_BUNDLE="" disabled certificate verification in requests < 2.28.0',
                assign.statement,
                PROBABLE,
            )


CHECKER = Checker(rules=(SSL205,), check=check, tokens=(b"pythonhttpsverify", b"curl_ca_bundle"))
