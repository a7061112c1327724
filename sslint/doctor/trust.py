"""The trust sources the tools use: public roots, the OS store, configured bundles."""

from __future__ import annotations

import importlib.util
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from sslint.doctor.certificates import Certificate, read_bundle, read_directory
from sslint.doctor.settings import Configured, configured_bundles

PUBLIC_TOOLS = "pip < 24.2, requests, httpx, conda without truststore, poetry, uv"
OS_TOOLS = "curl, wget, git, pip >= 24.2 (Python >= 3.10), conda with truststore, uv --native-tls"


@dataclass
class TrustSource:
    """One set of trusted roots, the tools that judge with it, and how to load it."""

    name: str
    tools: str
    cafile: Optional[Path] = None
    capath: Optional[Path] = None
    os_store: bool = False
    extra_on_public: bool = False
    problem: str = ""
    certificates: list[Certificate] = field(default_factory=list)

    def context(self, public: Optional[TrustSource]) -> ssl.SSLContext:
        """A client context that trusts exactly this source, as its tools do."""
        if self.os_store:
            return os_store_context()
        context = ssl.create_default_context(
            cafile=str(self.cafile) if self.cafile else None,
            capath=str(self.capath) if self.capath else None,
        )
        if self.extra_on_public and public is not None and public.cafile is not None:
            context.load_verify_locations(cafile=str(public.cafile))
        return context


def os_store_context() -> ssl.SSLContext:
    """The operating system's store: through truststore where installed, else OpenSSL's."""
    try:
        import truststore
    except ImportError:
        return ssl.create_default_context()
    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return context


def public_bundle(override: Optional[Path]) -> TrustSource:
    """certifi's bundle (Mozilla's public roots), or pip's copy of it, or `override`."""
    if override is not None:
        return _load(TrustSource(f"public roots ({override})", PUBLIC_TOOLS, cafile=override))
    for module, relative in (("certifi", "cacert.pem"), ("pip", "_vendor/certifi/cacert.pem")):
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        path = Path(next(iter(spec.submodule_search_locations))) / relative
        if path.is_file():
            name = "certifi" if module == "certifi" else "certifi (pip's copy)"
            return _load(TrustSource(name, PUBLIC_TOOLS, cafile=path))
    return TrustSource("certifi", PUBLIC_TOOLS, problem="certifi is not installed here")


def os_store() -> TrustSource:
    """The store OpenSSL's defaults name (SSL_CERT_FILE / SSL_CERT_DIR when set)."""
    paths = ssl.get_default_verify_paths()
    source = TrustSource("OS store", OS_TOOLS, os_store=True)
    if paths.cafile:
        source.cafile = Path(paths.cafile)
    if paths.capath:
        source.capath = Path(paths.capath)
    where = ", ".join(str(p) for p in (source.cafile, source.capath) if p is not None)
    if where:
        source.name = f"OS store ({where})"
    source.certificates = _os_certificates(source)
    return source


def _os_certificates(source: TrustSource) -> list[Certificate]:
    from sslint.doctor.certificates import from_der

    found: list[Certificate] = []
    if source.cafile is not None and source.cafile.is_file():
        found += read_bundle(source.cafile)
    if source.capath is not None and source.capath.is_dir():
        found += read_directory(source.capath)
    context = ssl.create_default_context()
    for der in context.get_ca_certs(binary_form=True):
        try:
            found.append(from_der(bytes(der)))
        except ValueError:
            continue
    return found


def configured(env: Mapping[str, str]) -> list[TrustSource]:
    """Every bundle configured on this machine, loaded (or with the reason it cannot be)."""
    return [_from_configured(item) for item in configured_bundles(env)]


def _from_configured(item: Configured) -> TrustSource:
    path = Path(item.value).expanduser()
    source = TrustSource(f"{item.origin} ({item.value})", item.tools)
    source.extra_on_public = item.origin.startswith("NODE_EXTRA_CA_CERTS")
    if path.is_dir():
        source.capath = path
    else:
        source.cafile = path
    return _load(source)


def _load(source: TrustSource) -> TrustSource:
    try:
        if source.capath is not None:
            source.certificates = read_directory(source.capath)
        elif source.cafile is not None:
            source.certificates = read_bundle(source.cafile)
    except OSError as exc:
        source.problem = f"cannot read it: {exc.strerror or exc}"
        return source
    if not source.certificates:
        source.problem = "it holds no certificate"
    return source
