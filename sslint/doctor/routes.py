"""Which way each tool reaches a host: directly, or through which proxy."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from typing import Mapping, Optional

from sslint.doctor.connection import ConnectionProblem, Proxy, parse_proxy
from sslint.doctor.settings import conda_settings, pip_setting

ENVIRONMENT_TOOLS = "tools that read HTTPS_PROXY"


@dataclass(frozen=True)
class Route:
    """A way to the host, who takes it, and the proxy on it (None: direct)."""

    proxy: Optional[Proxy]
    tools: str
    problem: str = ""

    @property
    def label(self) -> str:
        if self.problem:
            return self.problem
        return f"through proxy {self.proxy.display}" if self.proxy else "direct"


def routes_to(host: str, env: Mapping[str, str]) -> list[Route]:
    """The distinct routes the tools take to `host` (NO_PROXY honoured)."""
    if _bypassed(host, env):
        return [Route(None, "every tool (NO_PROXY)")]
    wanted: dict[str, list[str]] = {}
    environment = _environment_proxy(env)
    wanted.setdefault(environment or "", []).append(ENVIRONMENT_TOOLS)
    pip = pip_setting(env, "proxy")
    if pip is not None and pip.value != environment:
        wanted.setdefault(pip.value, []).append(f"pip ({pip.origin})")
    conda = conda_settings(env)[1]
    if conda is not None and conda.value != environment:
        wanted.setdefault(conda.value, []).append(f"conda ({conda.origin})")
    routes = []
    for url, tools in wanted.items():
        if not url:
            routes.append(Route(None, ", ".join(tools)))
            continue
        try:
            routes.append(Route(parse_proxy(url), ", ".join(tools)))
        except ConnectionProblem as exc:
            routes.append(Route(None, ", ".join(tools), problem=str(exc)))
    return routes


def _environment_proxy(env: Mapping[str, str]) -> Optional[str]:
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        if env.get(name):
            return env[name]
    return None


def _bypassed(host: str, env: Mapping[str, str]) -> bool:
    no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
    if not no_proxy:
        return False
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return bool(bypass(host, {"no": no_proxy}))
