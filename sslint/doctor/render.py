"""The doctor's report: text for people, JSON for scripts. Network text is made safe."""

from __future__ import annotations

import json
from typing import Any

from sslint.doctor.certificates import Certificate
from sslint.doctor.run import DoctorRun, HostResult
from sslint.report.safe_text import safe


def as_text(run: DoctorRun) -> str:
    """Each host: route, chain, each trust source's verdict, then the diagnoses."""
    lines: list[str] = []
    for result in run.results:
        exam = result.exam
        lines.append(
            f"{safe(exam.host)}:{exam.port} ({safe(exam.route.label)}; {exam.route.tools})"
        )
        if exam.chain:
            lines.append("  chain presented:")
            for index, certificate in enumerate(exam.chain):
                lines.extend(_certificate_lines(index, certificate))
        if exam.judgements:
            lines.append("  trust:")
            for judgement in exam.judgements:
                verdict = judgement.verdict
                if verdict is None:
                    state = f"not usable: {judgement.source.problem}"
                else:
                    state = "verified" if verdict.verified else f"FAILS: {verdict.reason}"
                lines.append(f"    {safe(judgement.source.name)}: {safe(state)}")
                lines.append(f"      used by {judgement.source.tools}")
        lines.append("  diagnosis:")
        lines.extend(
            f"    {diagnosis.kind}: {safe(diagnosis.message)}" for diagnosis in result.diagnoses
        )
        lines.append("")
    return "\n".join(lines)


def _certificate_lines(index: int, certificate: Certificate) -> list[str]:
    fields = certificate.fields
    return [
        f"    {index} {safe(certificate.subject) or '(empty subject)'}",
        f"      issued by {safe(certificate.issuer) or '(empty issuer)'}",
        f"      valid {fields.not_before:%Y-%m-%d} to {fields.not_after:%Y-%m-%d}",
        f"      SHA-256 {certificate.fingerprint}",
    ]


def as_json(run: DoctorRun) -> str:
    """The whole run as JSON (one object; `healthy` is what the exit status says)."""
    data = {
        "healthy": run.healthy,
        "hosts": [_host_json(result) for result in run.results],
        "intercepting_cas": [_certificate_json(ca) for ca in run.intercepting_cas()],
    }
    return json.dumps(data, indent=2) + "\n"


def _host_json(result: HostResult) -> dict[str, Any]:
    exam = result.exam
    return {
        "host": exam.host,
        "port": exam.port,
        "route": {
            "proxy": exam.route.proxy.display if exam.route.proxy else None,
            "tools": exam.route.tools,
        },
        "reached": not exam.problem,
        "problem": exam.problem or None,
        "chain": [_certificate_json(c) for c in exam.chain],
        "trust": [
            {
                "source": j.source.name,
                "tools": j.source.tools,
                "verified": bool(j.verdict and j.verdict.verified),
                "reason": (j.verdict.reason if j.verdict else j.source.problem) or None,
            }
            for j in exam.judgements
        ],
        "diagnoses": [{"kind": d.kind, "message": d.message} for d in result.diagnoses],
        "verified": exam.verified,
    }


def _certificate_json(certificate: Certificate) -> dict[str, Any]:
    fields = certificate.fields
    return {
        "subject": certificate.subject,
        "issuer": certificate.issuer,
        "not_before": fields.not_before.isoformat(),
        "not_after": fields.not_after.isoformat(),
        "sha256": certificate.fingerprint,
        "dns_names": list(fields.dns_names),
    }
