"""The bundle that fixes interception, and the settings that point each tool at it."""

from __future__ import annotations

from pathlib import Path

from sslint.doctor.certificates import Certificate

BUNDLE_SETTINGS = (
    ("pip", "pip config set global.cert {path}   (or: export PIP_CERT={path})"),
    ("conda/mamba", "conda config --set ssl_verify {path}"),
    ("uv", "export SSL_CERT_FILE={path}"),
    (
        "poetry",
        "export REQUESTS_CA_BUNDLE={path}   (or: poetry config certificates.REPO.cert {path})",
    ),
    ("requests/httpx", "export REQUESTS_CA_BUNDLE={path} SSL_CERT_FILE={path}"),
    ("git", "git config --global http.sslCAInfo {path}"),
    ("npm/yarn", "npm config set cafile {path}   (or: export NODE_EXTRA_CA_CERTS={path})"),
    ("curl", "export CURL_CA_BUNDLE={path}   (or: curl --cacert {path})"),
    ("wget", "echo 'ca_certificate = {path}' >> ~/.wgetrc   (or: wget --ca-certificate={path})"),
)

OS_STORE_SETTINGS = (
    (
        "pip >= 24.2 (Python >= 3.10)",
        "uses the OS store already; pip 22.2-24.1: --use-feature=truststore",
    ),
    ("conda >= 23.9", "conda config --set ssl_verify truststore"),
    ("uv", "export UV_NATIVE_TLS=1   (or: uv --native-tls)"),
    ("requests/httpx", "pip install truststore; then truststore.inject_into_ssl() at start-up"),
    ("curl, wget, git", "use the OS store already"),
)


def bundle_text(public_bundle: Path, cas: list[Certificate]) -> str:
    """The public roots followed by each intercepting CA, in PEM."""
    text = public_bundle.read_text(encoding="ascii", errors="replace")
    if not text.endswith("\n"):
        text += "\n"
    for ca in cas:
        text += f"\n# {ca.subject}\n# SHA-256 {ca.fingerprint}\n{ca.pem}"
    return text


def settings_text(path: Path, os_trusts_it: bool) -> str:
    """The exact settings that use the written bundle, and the OS-store ones where they work."""
    lines = [f"Point each tool at {path}:"]
    width = max(len(tool) for tool, _ in BUNDLE_SETTINGS)
    for tool, setting in BUNDLE_SETTINGS:
        lines.append(f"  {tool:<{width}}  {setting.format(path=path)}")
    if os_trusts_it:
        lines.append("")
        lines.append("The OS store already trusts this CA; these use it with no bundle to update:")
        width = max(len(tool) for tool, _ in OS_STORE_SETTINGS)
        for tool, setting in OS_STORE_SETTINGS:
            lines.append(f"  {tool:<{width}}  {setting}")
    lines.append("")
    lines.append("sslint changes no configuration itself.")
    return "\n".join(lines) + "\n"
