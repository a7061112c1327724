"""`sslint doctor` end to end: the real CLI against loopback TLS servers and proxies."""

from __future__ import annotations

import datetime
import json
import os
import socket
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

trustme = pytest.importorskip("trustme")

from tests.doctor_support import (  # noqa: E402
    Listener,
    intercepting_proxy,
    tls_server,
    tunnelling_proxy,
)

SSLINT = [sys.executable, "-m", "sslint"]
# Whatever this machine configures must not reach the doctor under test.
CLEARED = {
    *("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"),
    *("NO_PROXY", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS"),
    *("PIP_CERT", "PIP_PROXY", "GIT_SSL_CAINFO", "CONDARC", "CONDA_SSL_VERIFY"),
    *("NPM_CONFIG_CAFILE", "npm_config_cafile", "NPM_CONFIG_USERCONFIG", "XDG_CONFIG_HOME"),
}


class World:
    """A public CA, a proxy's CA, files for them, and an isolated environment."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.public = trustme.CA(organization_name="Public Root")
        self.corp = trustme.CA(organization_name="Corp Proxy CA")
        self.public_pem = home / "public.pem"
        self.corp_pem = home / "corp.pem"
        self.public.cert_pem.write_to_path(str(self.public_pem))
        self.corp.cert_pem.write_to_path(str(self.corp_pem))
        self.empty_dir = home / "no-certs"
        self.empty_dir.mkdir()
        self.env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        self.env.update(
            HOME=str(home),
            SSL_CERT_FILE=str(self.public_pem),
            SSL_CERT_DIR=str(self.empty_dir),
            PIP_CONFIG_FILE=os.devnull,
            GIT_CONFIG_NOSYSTEM="1",
        )
        self.listeners: list[Listener] = []

    def start(self, listener: Listener) -> Listener:
        self.listeners.append(listener)
        return listener

    def doctor(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        full_env = dict(self.env, **env)
        return subprocess.run(
            [*SSLINT, "doctor", "--public-roots", str(self.public_pem), "--timeout", "5", *args],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def json(self, *args: str, **env: str) -> tuple[int, dict[str, object]]:
        done = self.doctor("--format", "json", *args, **env)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, json.loads(done.stdout)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World(tmp_path)
    yield made
    for listener in made.listeners:
        listener.close()


def host_of(data: dict[str, object], index: int = 0) -> dict[str, object]:
    hosts = data["hosts"]
    assert isinstance(hosts, list)
    result = hosts[index]
    assert isinstance(result, dict)
    return result


def kinds(host: dict[str, object]) -> list[str]:
    return [d["kind"] for d in host["diagnoses"]]  # type: ignore[union-attr,index]


def trust(host: dict[str, object]) -> dict[str, bool]:
    return {t["source"]: t["verified"] for t in host["trust"]}  # type: ignore[union-attr,index]


def test_direct_connection_to_a_public_ca_verifies(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    status, data = world.json(f"localhost:{server.port}")
    host = host_of(data)
    assert status == 0 and data["healthy"] is True
    assert host["route"] == {"proxy": None, "tools": "tools that read HTTPS_PROXY"}
    assert kinds(host) == ["verified"]
    assert set(trust(host).values()) == {True}
    chain = host["chain"]
    assert isinstance(chain, list) and len(chain) == 1
    assert chain[0]["issuer"].endswith("O=Public Root")
    assert chain[0]["dns_names"] == ["localhost"]
    assert len(chain[0]["sha256"].split(":")) == 32


def test_intercepting_proxy_trusted_by_the_os_store_only(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp))
    status, data = world.json(
        f"localhost:{server.port}",
        HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}",
        SSL_CERT_FILE=str(world.corp_pem),
    )
    host = host_of(data)
    assert status == 1
    assert host["route"]["proxy"] == f"http://127.0.0.1:{proxy.port}"  # type: ignore[index]
    assert kinds(host) == ["intercepted"]
    verdicts = trust(host)
    assert verdicts == {
        f"public roots ({world.public_pem})": False,
        f"OS store ({world.corp_pem}, {world.empty_dir})": True,
    }
    message = host["diagnoses"][0]["message"]  # type: ignore[index]
    assert "O=Corp Proxy CA" in message
    assert "which is not a public CA: a TLS-intercepting proxy" in message
    assert "but not by public roots" in message and "pip < 24.2, requests" in message
    assert [ca["issuer"] for ca in data["intercepting_cas"]] == [host["chain"][0]["issuer"]]  # type: ignore[index]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="Python 3.9's ssl gives only the leaf")
def test_proxy_sending_its_root_trusted_nowhere(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp, send_root=True))
    status, data = world.json(f"localhost:{server.port}", https_proxy=f"127.0.0.1:{proxy.port}")
    host = host_of(data)
    assert status == 1
    assert len(host["chain"]) == 2  # type: ignore[arg-type]
    assert kinds(host) == ["intercepted"]
    message = host["diagnoses"][0]["message"]  # type: ignore[index]
    assert "(sent by the server)" in message
    assert "No trust source on this machine trusts it: every tool fails." in message


def test_a_tunnelling_proxy_is_not_interception(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(tunnelling_proxy())
    status, data = world.json(
        f"localhost:{server.port}", HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}"
    )
    assert status == 0
    assert kinds(host_of(data)) == ["verified"]


def test_no_proxy_is_honoured(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    status, data = world.json(
        f"localhost:{server.port}", HTTPS_PROXY="http://127.0.0.1:9", NO_PROXY="localhost"
    )
    host = host_of(data)
    assert status == 0
    assert host["route"] == {"proxy": None, "tools": "every tool (NO_PROXY)"}


def test_configured_bundles_are_judged(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp))
    pip_conf = world.home / "pip.conf"
    pip_conf.write_text(f"[global]\ncert = {world.corp_pem}\n")
    condarc = world.home / "condarc"
    condarc.write_text(f"ssl_verify: {world.public_pem}\n")
    status, data = world.json(
        f"localhost:{server.port}",
        HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}",
        PIP_CONFIG_FILE=str(pip_conf),
        CONDARC=str(condarc),
        REQUESTS_CA_BUNDLE=str(world.corp_pem),
    )
    verdicts = trust(host_of(data))
    assert status == 1
    assert verdicts[f"REQUESTS_CA_BUNDLE ({world.corp_pem})"] is True
    assert verdicts[f"{pip_conf} [global] ({world.corp_pem})"] is True
    assert verdicts[f"{condarc} ssl_verify ({world.public_pem})"] is False


def test_pip_and_conda_proxies_are_routes_of_their_own(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp))
    pip_conf = world.home / "pip.conf"
    pip_conf.write_text(f"[global]\nproxy = http://127.0.0.1:{proxy.port}\n")
    condarc = world.home / "condarc"
    condarc.write_text(f"proxy_servers:\n  https: http://127.0.0.1:{proxy.port}\n")
    both = world.home / "both.pem"
    both.write_text(world.public_pem.read_text() + world.corp_pem.read_text())
    status, data = world.json(
        f"localhost:{server.port}",
        PIP_CONFIG_FILE=str(pip_conf),
        CONDARC=str(condarc),
        SSL_CERT_FILE=str(both),
    )
    routes = [host_of(data, i)["route"] for i in range(len(data["hosts"]))]  # type: ignore[arg-type]
    assert routes == [
        {"proxy": None, "tools": "tools that read HTTPS_PROXY"},
        {
            "proxy": f"http://127.0.0.1:{proxy.port}",
            "tools": f"pip ({pip_conf} [global]), conda ({condarc} proxy_servers.https)",
        },
    ]
    # pip also reads the machine's own pip.conf: judge only what this test configured.
    direct, proxied = host_of(data, 0), host_of(data, 1)
    assert not {"intercepted", "incomplete-chain"} & set(kinds(direct))
    assert "intercepted" in kinds(proxied)
    os_store = f"OS store ({both}, {world.empty_dir})"
    assert trust(direct)[os_store] is True and trust(proxied)[os_store] is True
    assert trust(proxied)[f"public roots ({world.public_pem})"] is False
    assert status == 1


def test_expired_certificate(world: World) -> None:
    past = datetime.datetime(2020, 1, 1)
    cert = world.public.issue_cert(
        "localhost", not_before=datetime.datetime(2019, 1, 1), not_after=past
    )
    server = world.start(tls_server(cert))
    status, data = world.json(f"localhost:{server.port}")
    host = host_of(data)
    assert status == 1
    assert kinds(host) == ["expired"]
    assert "expired on 2020-01-01" in host["diagnoses"][0]["message"]  # type: ignore[index]


def test_wrong_host_name(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("other.example")))
    status, data = world.json(f"localhost:{server.port}")
    host = host_of(data)
    assert status == 1
    assert kinds(host) == ["wrong-host"]
    assert host["diagnoses"][0]["message"].startswith(  # type: ignore[index]
        "the certificate presented for localhost is for other.example, not for localhost"
    )


def test_missing_intermediate(world: World) -> None:
    intermediate = trustme.CA(parent_cert=world.public, organization_name="Public Intermediate")
    server = world.start(tls_server(intermediate.issue_cert("localhost"), send_chain=False))
    status, data = world.json(f"localhost:{server.port}")
    host = host_of(data)
    assert status == 1
    assert kinds(host) == ["incomplete-chain"]
    assert "O=Public Intermediate" in host["diagnoses"][0]["message"]  # type: ignore[index]
    # Sent whole, the same chain verifies.
    whole = world.start(tls_server(intermediate.issue_cert("localhost")))
    assert world.json(f"localhost:{whole.port}")[0] == 0


def test_unreachable_host_is_reported_not_fatal(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    status, data = world.json(f"127.0.0.1:{port}", f"localhost:{server.port}")
    assert status == 1
    first, second = host_of(data, 0), host_of(data, 1)
    assert first["reached"] is False and kinds(first) == ["unreachable"]
    assert "cannot connect to 127.0.0.1" in first["problem"]  # type: ignore[operator]
    assert kinds(second) == ["verified"]


def test_write_bundle_makes_a_real_client_work_through_the_proxy(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp))
    bundle = world.home / "bundle.pem"
    proxy_url = f"http://127.0.0.1:{proxy.port}"
    done = world.doctor(
        f"localhost:{server.port}",
        "--write-bundle",
        str(bundle),
        HTTPS_PROXY=proxy_url,
        SSL_CERT_FILE=str(world.corp_pem),
    )
    assert done.returncode == 1
    assert f"conda config --set ssl_verify {bundle}" in done.stderr
    assert f"git config --global http.sslCAInfo {bundle}" in done.stderr
    # The OS store (here SSL_CERT_FILE) trusts the proxy's CA: its settings come too.
    assert "conda config --set ssl_verify truststore" in done.stderr

    def fetch(cafile: Path) -> bytes:
        context = ssl.create_default_context(cafile=str(cafile))
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({"https": proxy_url}),
            urllib.request.HTTPSHandler(context=context),
        )
        with opener.open(f"https://localhost:{server.port}/", timeout=10) as response:
            body: bytes = response.read()
            return body

    assert fetch(bundle) == b"ok"
    with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(world.public_pem)
    assert bundle.read_text().startswith(world.public_pem.read_text())


def test_write_bundle_when_the_ca_is_nowhere_writes_nothing(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp))
    bundle = world.home / "bundle.pem"
    done = world.doctor(
        f"localhost:{server.port}",
        "--write-bundle",
        str(bundle),
        "--format",
        "json",
        HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}",
    )
    assert done.returncode == 1
    assert kinds(host_of(json.loads(done.stdout))) == ["incomplete-chain"]
    assert not bundle.exists()
    assert "no intercepting CA was found" in done.stderr


def test_write_bundle_without_interception_writes_nothing(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    bundle = world.home / "bundle.pem"
    done = world.doctor(f"localhost:{server.port}", "--write-bundle", str(bundle))
    assert done.returncode == 0
    assert not bundle.exists()
    assert "no intercepting CA was found" in done.stderr


def test_text_report_is_terminal_safe(world: World) -> None:
    evil = trustme.CA(organization_name="Evil\x1b]0;owned\x07CA")
    (world.home / "evil.pem").write_bytes(evil.cert_pem.bytes())
    server = world.start(tls_server(evil.issue_cert("localhost")))
    done = world.doctor(f"localhost:{server.port}", SSL_CERT_FILE=str(world.home / "evil.pem"))
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Evil\\x1b]0;owned\\x07CA" in done.stdout


@pytest.mark.parametrize("bad", ["host:notaport", "host:70000", ":443"])
def test_bad_host_argument_is_a_usage_error(bad: str, world: World) -> None:
    done = world.doctor(bad)
    assert done.returncode == 2
    assert "is not HOST or HOST:PORT" in done.stderr


def test_every_certificate_rule_names_the_doctor(tmp_path: Path) -> None:
    from sslint.report.model import fix_summary
    from sslint.rules import all_rules

    rules = all_rules()
    assert {r.cwe for r in rules} >= {"CWE-295", "CWE-347"}
    for rule in rules:
        named = "`sslint doctor`" in fix_summary(rule)
        assert named == (rule.cwe == "CWE-295"), rule.id
    (tmp_path / "Dockerfile").write_text("FROM python\nRUN pip install --trusted-host pypi.org x\n")
    done = subprocess.run(
        [*SSLINT, "--no-cache", "Dockerfile"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1
    help_line = next(line for line in done.stdout.splitlines() if "= help:" in line)
    assert help_line.endswith("`sslint doctor --write-bundle PATH` writes the bundle.")


def test_git_npm_node_and_curl_bundles_are_judged(world: World) -> None:
    server = world.start(tls_server(world.public.issue_cert("localhost")))
    proxy = world.start(intercepting_proxy(world.corp))
    (world.home / ".gitconfig").write_text(f"[http]\n\tsslCAInfo = {world.corp_pem}\n")
    (world.home / ".npmrc").write_text(
        f"registry=https://registry.npmjs.org/\ncafile={world.public_pem}\n"
    )
    status, data = world.json(
        f"localhost:{server.port}",
        HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}",
        NODE_EXTRA_CA_CERTS=str(world.corp_pem),
        CURL_CA_BUNDLE=str(world.public_pem),
    )
    verdicts = trust(host_of(data))
    assert status == 1
    assert verdicts[f"git config http.sslCAInfo ({world.corp_pem})"] is True
    assert verdicts[f"{world.home / '.npmrc'} cafile ({world.public_pem})"] is False
    # Node adds NODE_EXTRA_CA_CERTS to its own roots: the proxy's CA makes it verify.
    assert verdicts[f"NODE_EXTRA_CA_CERTS ({world.corp_pem})"] is True
    assert verdicts[f"CURL_CA_BUNDLE ({world.public_pem})"] is False
