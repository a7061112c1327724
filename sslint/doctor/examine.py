"""Examining one host on one route: the chain it presents and each trust source's verdict."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from typing import Optional

from sslint.doctor.certificates import Certificate, from_der
from sslint.doctor.connection import ConnectionProblem, Verdict, presented_chain, verify_with
from sslint.doctor.der import DerError
from sslint.doctor.routes import Route
from sslint.doctor.trust import TrustSource


@dataclass
class Judgement:
    """One trust source's verdict on the connection (None: the source could not be used)."""

    source: TrustSource
    verdict: Optional[Verdict]


@dataclass
class Examination:
    """What one host showed on one route."""

    host: str
    port: int
    route: Route
    problem: str = ""
    chain: list[Certificate] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """Reached, and every usable trust source accepts the connection."""
        if self.problem or not self.judgements:
            return False
        return all(j.verdict is not None and j.verdict.verified for j in self.judgements)


def examine(
    host: str,
    port: int,
    route: Route,
    sources: list[TrustSource],
    public: TrustSource,
    timeout: float,
) -> Examination:
    """Connect without judging to read the chain, then once per trust source to judge it."""
    result = Examination(host, port, route)
    if route.problem:
        result.problem = route.problem
        return result
    try:
        for der in presented_chain(host, port, route.proxy, timeout):
            try:
                result.chain.append(from_der(der))
            except DerError:
                continue
        for source in sources:
            if source.problem:
                result.judgements.append(Judgement(source, None))
                continue
            try:
                context = source.context(public)
            except (OSError, ssl.SSLError) as exc:
                source.problem = f"OpenSSL cannot load it: {exc}"
                result.judgements.append(Judgement(source, None))
                continue
            verdict = verify_with(context, host, port, route.proxy, timeout)
            result.judgements.append(Judgement(source, verdict))
    except ConnectionProblem as exc:
        result.problem = str(exc)
    return result
