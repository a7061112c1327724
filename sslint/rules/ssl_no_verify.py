"""`SSL_NO_VERIFY`: left set (SSL104) or scoped to one command or step (SSL105).

conda-build, conda's `skeleton pypi` and other Python tools read
`SSL_NO_VERIFY` to skip certificate checks. Whether it is dangerous depends
on how long it stays set, which the reader records as the assignment's scope
and `unset_at`.
"""

from __future__ import annotations

from typing import Iterator

from sslint.linter.config import Config
from sslint.linter.facts import FileFacts
from sslint.linter.findings import Finding
from sslint.rules import _env
from sslint.rules.base import ERROR, WARNING, Checker, Rule

_FIX = (
    "Give the tool the proxy's CA bundle instead (`REQUESTS_CA_BUNDLE=/etc/ssl/certs/corp-ca.pem`, "
    "`conda config --set ssl_verify /etc/ssl/certs/corp-ca.pem`, `PIP_CERT`), or use the "
    "system trust store (`conda config --set ssl_verify truststore`, `pip install truststore`). "
    "If one command really needs it, scope it to that command (`SSL_NO_VERIFY=1 conda "
    "skeleton pypi pkg`) or `unset SSL_NO_VERIFY` right after use; never put it in a "
    "Dockerfile `ENV`, a CI workflow/job `env:` or a container environment."
)
_REFERENCES = (
    "https://docs.conda.io/projects/conda-build/en/stable/user-guide/environment-variables.html",
    "https://docs.conda.io/projects/conda/en/stable/user-guide/configuration/non-standard-certs.html",
)

SSL104 = Rule(
    id="SSL104",
    name="ssl-no-verify-left-set",
    level=ERROR,
    security_severity=7.4,
    summary="SSL_NO_VERIFY is set and left set",
    description=(
        "Finds `SSL_NO_VERIFY` set to a true value where it stays in force: exported in a "
        "script and never unset, a Dockerfile `ENV` (it persists into the image) or `ARG`, "
        "CI environment at workflow/pipeline or job level, a container's environment "
        "(compose, Kubernetes), a `.env` file, `os.environ[...]` in Python."
    ),
    why=(
        "Every later command that honours the variable skips certificate verification, "
        "including commands added long after, in the image's runtime and in every later "
        "step of the job."
    ),
    example="ENV SSL_NO_VERIFY=1\nRUN conda skeleton pypi corp-lib",
    fix=_FIX,
    references=_REFERENCES,
    tags=("conda",),
)

SSL105 = Rule(
    id="SSL105",
    name="ssl-no-verify-scoped",
    level=WARNING,
    security_severity=5.0,
    summary="SSL_NO_VERIFY is set for one command or step",
    description=(
        "Finds `SSL_NO_VERIFY` set to a true value for one command only "
        "(`SSL_NO_VERIFY=1 conda skeleton pypi x`, `env SSL_NO_VERIFY=1 …`, a subprocess "
        "`env=`), exported and unset right after use, or set on a single CI step."
    ),
    why=(
        "The scoped command still downloads without certificate verification; it is less "
        "dangerous than leaving the variable set, but it is still a hole a proxy CA bundle "
        "would close."
    ),
    example="SSL_NO_VERIFY=1 conda skeleton pypi corp-lib",
    fix=_FIX,
    references=_REFERENCES,
    tags=("conda",),
)


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL104/SSL105 for every truthy `SSL_NO_VERIFY` assignment."""
    for assign in _env.assignments(facts, "SSL_NO_VERIFY"):
        if not _env.is_truthy(assign):
            continue
        value = _env.value_text(assign)
        if _env.is_left_set(assign):
            yield Finding(
                "SSL104",
                assign.name_span,
                f"SSL_NO_VERIFY={value} is left set ({assign.scope.value} scope): "
                "every later command skips certificate verification",
                assign.statement,
                _env.precision(assign),
            )
        else:
            yield Finding(
                "SSL105",
                assign.name_span,
                f"SSL_NO_VERIFY={value} skips certificate verification "
                f"({assign.scope.value} scope{', unset later' if assign.unset_at else ''})",
                assign.statement,
                _env.precision(assign),
            )


CHECKER = Checker(rules=(SSL104, SSL105), check=check, tokens=(b"ssl_no_verify",))
