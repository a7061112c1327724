"""Saying plainly what is wrong with a host's certificate chain, and for which tools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sslint.doctor.certificates import Certificate
from sslint.doctor.examine import Examination, Judgement
from sslint.doctor.trust import TrustSource

# OpenSSL verify codes (X509_V_ERR_*) that have a diagnosis of their own.
HOSTNAME_MISMATCH = 62


@dataclass(frozen=True)
class Diagnosis:
    """One finding of the doctor: a stable kind and a sentence for people."""

    kind: str
    message: str


@dataclass(frozen=True)
class Anchor:
    """The CA at the top of the chain, and where it was found (None: nowhere)."""

    certificate: Optional[Certificate]
    found_in: str
    public: bool


def anchor_of(exam: Examination, sources: list[TrustSource], public: TrustSource) -> Anchor:
    """The root the chain leads to: sent by the server, or held by a trust source."""
    top = exam.chain[-1]
    public_prints = {c.fingerprint for c in public.certificates}
    public_subjects = {c.fields.subject_der for c in public.certificates}
    if top.self_signed:
        return Anchor(top, "sent by the server", top.fingerprint in public_prints)
    for source in sources:
        for candidate in source.certificates:
            if candidate.issued(top):
                return Anchor(candidate, source.name, candidate.fingerprint in public_prints)
    return Anchor(None, "", top.fields.issuer_der in public_subjects)


def diagnose(
    exam: Examination, sources: list[TrustSource], public: TrustSource, now: datetime
) -> list[Diagnosis]:
    """Every diagnosis for one examination, most fundamental first."""
    if exam.problem:
        return [Diagnosis("unreachable", f"{exam.host}:{exam.port}: {exam.problem}")]
    if not exam.chain:
        return [Diagnosis("no-certificate", f"{exam.host} presented no certificate")]
    found = _validity(exam, now) + _host_name(exam)
    anchor = anchor_of(exam, sources, public)
    if anchor.certificate is None and not anchor.public and _failing(exam):
        found.append(_incomplete(exam))
    elif anchor.certificate is not None and not anchor.public:
        found.append(_intercepted(exam, anchor))
    if not found:
        failing = _failing(exam)
        for judgement in failing:
            reason = judgement.verdict.reason if judgement.verdict else judgement.source.problem
            found.append(Diagnosis("untrusted", f"{judgement.source.name}: {reason}"))
    if not found:
        found.append(Diagnosis("verified", f"{exam.host}: verified by every trust source"))
    return found


def _validity(exam: Examination, now: datetime) -> list[Diagnosis]:
    found = []
    for certificate in exam.chain:
        if certificate.expired(now):
            day = certificate.fields.not_after.date().isoformat()
            found.append(
                Diagnosis(
                    "expired",
                    f"the certificate `{certificate.subject}` presented for {exam.host} "
                    f"expired on {day}: every tool refuses it; whoever runs the server "
                    "(or the proxy) must renew it",
                )
            )
        elif certificate.not_yet_valid(now):
            day = certificate.fields.not_before.date().isoformat()
            found.append(
                Diagnosis(
                    "not-yet-valid",
                    f"the certificate `{certificate.subject}` presented for {exam.host} is "
                    f"valid only from {day}: check this machine's clock",
                )
            )
    return found


def _host_name(exam: Examination) -> list[Diagnosis]:
    codes = {j.verdict.code for j in exam.judgements if j.verdict and not j.verdict.verified}
    if HOSTNAME_MISMATCH not in codes:
        return []
    leaf = exam.chain[0]
    names = ", ".join(leaf.fields.dns_names) or leaf.subject or "no name"
    return [
        Diagnosis(
            "wrong-host",
            f"the certificate presented for {exam.host} is for {names}, not for {exam.host}: "
            "a misconfigured server or proxy; no CA bundle fixes this",
        )
    ]


def _incomplete(exam: Examination) -> Diagnosis:
    top = exam.chain[-1]
    return Diagnosis(
        "incomplete-chain",
        f"{exam.host} sent no certificate for `{top.issuer}`, the issuer of `{top.subject}`, "
        "and no trust store on this machine holds it: either the chain is incomplete (the "
        "server must send its intermediate certificate) or it is a private CA (ask whoever "
        "runs it for its certificate, then run again with --write-bundle)",
    )


def _intercepted(exam: Examination, anchor: Anchor) -> Diagnosis:
    assert anchor.certificate is not None
    trusted = [j.source.name for j in exam.judgements if j.verdict and j.verdict.verified]
    failing = _failing(exam)
    text = (
        f"the certificate for {exam.host} is issued by `{anchor.certificate.subject}` "
        f"({anchor.found_in}), which is not a public CA: a TLS-intercepting proxy."
    )
    if trusted and failing:
        names = ", ".join(j.source.name for j in failing)
        tools = "; ".join(j.source.tools for j in failing)
        text += f" It is trusted by {', '.join(trusted)} but not by {names}: {tools} fail."
    elif failing:
        text += " No trust source on this machine trusts it: every tool fails."
    else:
        text += " Every trust source on this machine trusts it."
    return Diagnosis("intercepted", text)


def _failing(exam: Examination) -> list[Judgement]:
    return [j for j in exam.judgements if j.verdict is None or not j.verdict.verified]
