"""Parity with the peers' own fixtures: obsolete protocols, pyOpenSSL, falsy `verify` values.

The inputs follow Bandit's `examples/ssl-insecure-version.py` and Ruff's S502-S504
fixtures; each positive is pinned to its line and column, each near miss stays clean.
"""

from __future__ import annotations

from python_helpers import scan

from sslint.linter.findings import PROBABLE, PROVEN


def spans(code: str, prefix: str = "SSL3") -> list[tuple[str, int, int, int, str]]:
    """(rule, line, start column, end column, precision) of the findings of `prefix` rules."""
    return [
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column, f.precision)
        for f in scan(code)
        if f.rule_id.startswith(prefix)
    ]


def test_bandit_insecure_version_example() -> None:
    code = """
        import ssl
        from OpenSSL import SSL

        SSL.Context(method=SSL.SSLv2_METHOD)
        SSL.Context(method=SSL.SSLv23_METHOD)
        herp_derp(ssl_version=ssl.PROTOCOL_SSLv2)
        herp_derp(method=SSL.SSLv2_METHOD)
        SSL.Context(method=SSL.SSLv3_METHOD)
        SSL.Context(method=SSL.TLSv1_METHOD)
        SSL.Context(SSL.TLSv1_1_METHOD)
        SSL.Context(SSL.TLSv1_2_METHOD)
        herp_derp(ssl_version=ssl.PROTOCOL_TLSv1)

        def open_ssl_socket(version=ssl.PROTOCOL_SSLv2):
            pass

        def open_ssl_socket(version=SSL.TLSv1_1_METHOD):
            pass

        def open_ssl_socket(version=SSL.TLSv1_2_METHOD, other=ssl.PROTOCOL_TLS_CLIENT):
            pass
    """
    assert spans(code) == [
        ("SSL305", 4, 13, 36, PROVEN),
        ("SSL305", 6, 11, 41, PROBABLE),
        ("SSL305", 7, 11, 34, PROBABLE),
        ("SSL305", 8, 13, 36, PROVEN),
        ("SSL305", 9, 13, 36, PROVEN),
        ("SSL305", 10, 13, 31, PROVEN),
        ("SSL305", 12, 11, 41, PROBABLE),
        ("SSL305", 14, 21, 47, PROVEN),
        ("SSL305", 17, 21, 47, PROVEN),
    ]


def test_ruff_s502_s503_fixture_forms() -> None:
    code = """
        import ssl
        from OpenSSL import SSL
        from OpenSSL.SSL import Context

        Context(method=SSL.SSLv3_METHOD)
        SSL.Context(method=SSL.TLS_SERVER_METHOD)
        func(protocol=SSL.TLSv1_2_METHOD)

        def func(protocol=SSL.SSLv2_METHOD):
            pass

        def func(*, version=ssl.PROTOCOL_TLSv1_1):
            pass

        async def func(version=SSL.SSLv23_METHOD):
            pass

        handler = lambda version=ssl.PROTOCOL_SSLv3: version
    """
    assert spans(code) == [
        ("SSL305", 5, 9, 32, PROVEN),
        ("SSL305", 9, 10, 35, PROVEN),
        ("SSL305", 12, 13, 41, PROVEN),
        ("SSL305", 18, 18, 44, PROVEN),
    ]


def test_obsolete_constant_only_compared_or_printed_is_clean() -> None:
    code = """
        import ssl
        from OpenSSL import SSL
        print(ssl.PROTOCOL_SSLv3)
        if version == ssl.PROTOCOL_TLSv1:
            pass
        names = {SSL.TLSv1_METHOD: "TLS 1.0"}
        label = names.get(SSL.TLSv1_METHOD)
    """
    assert spans(code) == []


def test_pyopenssl_verify_modes_and_minimum_version() -> None:
    code = """
        from OpenSSL import SSL

        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.set_verify(SSL.VERIFY_NONE, callback)
        ctx.set_verify(SSL.VERIFY_CLIENT_ONCE, callback)
        ctx.set_verify(0, callback)
        ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, callback)
        ctx.set_verify(mode, callback)
        ctx.set_min_proto_version(SSL.TLS1_1_VERSION)
        ctx.set_min_proto_version(SSL.TLS1_2_VERSION)
        other.set_verify(SSL.VERIFY_NONE)
    """
    assert spans(code) == [
        ("SSL302", 4, 16, 31, PROVEN),
        ("SSL302", 5, 16, 38, PROVEN),
        ("SSL302", 6, 16, 17, PROVEN),
        ("SSL305", 9, 27, 45, PROVEN),
        ("SSL302", 11, 18, 33, PROBABLE),
    ]


def test_pyopenssl_client_context_without_set_verify() -> None:
    client = """
        import socket
        from OpenSSL import SSL

        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        conn = SSL.Connection(ctx, socket.create_connection((host, 443)))
        conn.set_tlsext_host_name(host.encode())
        conn.set_connect_state()
    """
    assert spans(client) == [("SSL302", 4, 7, 18, PROVEN)]
    verified = client + "ctx.set_verify(SSL.VERIFY_PEER, lambda *a: a[-1])\n"
    assert spans(verified) == []
    server = client.replace("set_connect_state", "set_accept_state")
    assert spans(server) == []


def test_every_falsy_literal_switches_verify_off() -> None:
    code = """
        import requests
        requests.get(u, verify='')
        requests.get(u, verify=0.0)
        requests.get(u, verify=[])
        requests.get(u, verify={})
        requests.get(u, verify=())
        requests.get(u, verify=set())
        requests.get(u, verify='/etc/ssl/certs/corp-ca.pem')
        requests.get(u, verify=None)
        requests.get(u, verify=[ca])
        requests.get(u, verify=1.0)
    """
    assert spans(code) == [
        ("SSL301", 2, 17, 26, PROVEN),
        ("SSL301", 3, 17, 27, PROVEN),
        ("SSL301", 4, 17, 26, PROVEN),
        ("SSL301", 5, 17, 26, PROVEN),
        ("SSL301", 6, 17, 26, PROVEN),
        ("SSL301", 7, 17, 29, PROVEN),
    ]
    messages = [f.message for f in scan(code)]
    assert messages[2] == "requests.get() with verify=[]: certificate verification is off"


def test_default_https_context_factory_and_host_check_turned_on() -> None:
    code = """
        import ssl
        ctx = ssl._create_default_https_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        strict = ssl._create_unverified_context()
        strict.check_hostname = True
        loose = ssl._create_unverified_context()
        loose.verify_mode = ssl.CERT_REQUIRED
    """
    assert spans(code) == [
        ("SSL302", 3, 1, 27, PROVEN),
        ("SSL302", 4, 1, 32, PROVEN),
        ("SSL302", 7, 9, 41, PROVEN),
    ]
