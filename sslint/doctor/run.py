"""The doctor's run: every host on every route, judged and diagnosed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from sslint.doctor.certificates import Certificate, now_utc
from sslint.doctor.diagnosis import Diagnosis, anchor_of, diagnose
from sslint.doctor.examine import Examination, examine
from sslint.doctor.routes import routes_to
from sslint.doctor.trust import TrustSource, configured, os_store, public_bundle

DEFAULT_HOSTS = (
    "pypi.org",
    "files.pythonhosted.org",
    "conda.anaconda.org",
    "repo.anaconda.com",
    "github.com",
    "registry.npmjs.org",
)


class HostError(ValueError):
    """A HOST[:PORT] argument that does not name a host."""


@dataclass
class HostResult:
    """One host on one route: the examination and its diagnoses."""

    exam: Examination
    diagnoses: list[Diagnosis]
    intercepting_ca: Optional[Certificate]
    os_trusts_ca: bool


@dataclass
class DoctorRun:
    """Everything the doctor found, in the order the hosts were named."""

    public: TrustSource
    sources: list[TrustSource]
    results: list[HostResult] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return bool(self.results) and all(r.exam.verified for r in self.results)

    def intercepting_cas(self) -> list[Certificate]:
        unique: dict[str, Certificate] = {}
        for result in self.results:
            if result.intercepting_ca is not None:
                unique.setdefault(result.intercepting_ca.fingerprint, result.intercepting_ca)
        return list(unique.values())


def parse_host(text: str) -> tuple[str, int]:
    """`host`, `host:port` or `[v6]:port` into a host and a port (443 by default)."""
    value = text.strip()
    if "://" in value:
        value = value.split("://", 1)[1].split("/", 1)[0]
    host, port = value, "443"
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else "443"
    elif value.count(":") == 1:
        host, port = value.split(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise HostError(f"{text!r} is not HOST or HOST:PORT")
    return host, int(port)


def run_doctor(
    hosts: list[tuple[str, int]],
    env: Mapping[str, str],
    timeout: float,
    public_roots: Optional[Path],
) -> DoctorRun:
    """Examine every host on every route with every trust source."""
    public = public_bundle(public_roots)
    store = os_store()
    sources = [public, store, *configured(env)]
    run = DoctorRun(public, sources)
    now = now_utc()
    for host, port in hosts:
        for route in routes_to(host, env):
            exam = examine(host, port, route, sources, public, timeout)
            diagnoses = diagnose(exam, sources, public, now)
            ca, os_trusts = None, False
            if any(d.kind == "intercepted" for d in diagnoses):
                ca = anchor_of(exam, sources, public).certificate
                os_trusts = any(
                    j.source is store and j.verdict is not None and j.verdict.verified
                    for j in exam.judgements
                )
            run.results.append(HostResult(exam, diagnoses, ca, os_trusts))
    return run
