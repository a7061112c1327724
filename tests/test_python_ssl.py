"""SSL302 unverified contexts, SSL303 global override, SSL304 warnings, SSL305 protocols."""

from __future__ import annotations

import pytest
from python_helpers import hits, scan

from sslint.linter.findings import PROBABLE


def test_unverified_factories_and_context_switches() -> None:
    code = """
        import ssl, urllib.request, http.client
        from ssl import _create_unverified_context as unverified
        urllib.request.urlopen(u, context=ssl._create_unverified_context())
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        http.client.HTTPSConnection(h, context=ctx)
        unverified()
        ssl._create_stdlib_context()
    """
    assert hits(code) == [
        ("SSL302", 3, 35),
        ("SSL302", 5, 1),
        ("SSL302", 6, 1),
        ("SSL302", 8, 1),
        ("SSL302", 9, 1),
    ]


def test_switch_span_covers_target_and_value() -> None:
    (finding,) = scan("import ssl\nc = ssl.create_default_context()\nc.check_hostname = False\n")
    span = finding.span
    assert (span.start_line, span.start_column, span.end_column) == (3, 1, 25)


def test_context_switch_on_unknown_object_is_probable() -> None:
    code = """
        import ssl
        def configure(context):
            context.verify_mode = ssl.CERT_NONE
    """
    (finding,) = scan(code)
    assert (finding.rule_id, finding.precision) == ("SSL302", PROBABLE)


def test_context_near_misses() -> None:
    code = """
        import ssl
        ctx = ssl.create_default_context()
        ctx.check_hostname = True
        ctx.verify_mode = ssl.CERT_REQUIRED
        class Conn:
            def __init__(self):
                self.check_hostname = False
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        srv = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        legacy = ssl.SSLContext(ssl.PROTOCOL_SSLv23)
        legacy.verify_mode = ssl.CERT_REQUIRED
        wrapped = ssl.wrap_socket(s, cert_reqs=ssl.CERT_REQUIRED, ca_certs="/etc/ca.pem")
        server = ssl.wrap_socket(s, server_side=True, certfile="c.pem")
        ctx.wrap_socket(s, server_hostname="h")
        def helper(sock, ssl_context):
            return ssl_context.wrap_socket(sock)
    """
    assert hits(code) == []


def test_bare_sslcontext_and_wrap_socket() -> None:
    code = """
        import ssl
        a = ssl.SSLContext(ssl.PROTOCOL_TLS)
        b = ssl.SSLContext()
        c = ssl.SSLContext(ssl.PROTOCOL_TLS)
        c.check_hostname = True
        d = ssl.SSLContext(ssl.PROTOCOL_TLS)
        d.load_cert_chain("server.pem")
        d.wrap_socket(listener, server_side=True)
        ssl.wrap_socket(sock)
        ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)
    """
    assert hits(code) == [
        ("SSL302", 2, 5),
        ("SSL302", 3, 5),
        ("SSL302", 9, 1),
        ("SSL302", 10, 1),
    ]


def test_urllib3_context_factory_with_cert_none() -> None:
    code = """
        import ssl
        from urllib3.util.ssl_ import create_urllib3_context
        ctx = create_urllib3_context(cert_reqs=ssl.CERT_NONE)
        ok = create_urllib3_context()
        ok.check_hostname = False
    """
    assert hits(code) == [("SSL302", 3, 30), ("SSL302", 5, 1)]


def test_global_override_forms() -> None:
    code = """
        import ssl
        import ssl as _ssl
        from ssl import _create_stdlib_context
        ssl._create_default_https_context = ssl._create_unverified_context
        _ssl._create_default_https_context = _create_stdlib_context
        try:
            _unverified = ssl._create_unverified_context
        except AttributeError:
            pass
        else:
            ssl._create_default_https_context = _unverified
        setattr(ssl, "_create_default_https_context", ssl._create_unverified_context)
        def _lax():
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            return ctx
        ssl._create_default_https_context = _lax
    """
    assert [h for h in hits(code) if h[0] == "SSL303"] == [
        ("SSL303", 4, 1),
        ("SSL303", 5, 1),
        ("SSL303", 11, 5),
        ("SSL303", 12, 1),
        ("SSL303", 17, 1),
    ]


def test_global_override_near_misses() -> None:
    code = """
        import ssl
        _orig = ssl._create_default_https_context
        ssl._create_default_https_context = ssl.create_default_context
        ssl._create_default_https_context = _orig
        ssl._create_default_https_context = unknown_factory
        print(ssl._create_unverified_context)
    """
    assert hits(code) == []


def test_warnings_suppressed() -> None:
    code = """
        import warnings, urllib3, requests, pytest
        from urllib3.exceptions import InsecureRequestWarning
        urllib3.disable_warnings(InsecureRequestWarning)
        requests.packages.urllib3.disable_warnings()
        warnings.filterwarnings("ignore", category=InsecureRequestWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        warnings.simplefilter("default", InsecureRequestWarning)
        warnings.filterwarnings("ignore", message="Unverified HTTPS request")
        urllib3.disable_warnings(urllib3.exceptions.SystemTimeWarning)
        @pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
        def test_x():
            pass
    """
    assert hits(code) == [
        ("SSL304", 3, 1),
        ("SSL304", 4, 1),
        ("SSL304", 5, 1),
        ("SSL304", 7, 1),
        ("SSL304", 9, 1),
        ("SSL304", 11, 2),
    ]


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("ctx.minimum_version = ssl.TLSVersion.TLSv1", 1),
        ("ctx.maximum_version = ssl.TLSVersion.TLSv1_1", 1),
        ("ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)", 16),
        ("ssl.SSLContext(protocol=ssl.PROTOCOL_SSLv3)", 16),
        ("urllib3.PoolManager(ssl_minimum_version=ssl.TLSVersion.TLSv1, ca_certs=CA)", 21),
        ("ssl.get_server_certificate((h, 443), ssl_version=PROTO)", 38),
        ("OpenSSL.SSL.Context(OpenSSL.SSL.TLSv1_METHOD)", 21),
    ],
)
def test_obsolete_protocols(line: str, column: int) -> None:
    code = (
        "import ssl, urllib3, OpenSSL.SSL\n"
        "PROTO = ssl.PROTOCOL_TLSv1\n"
        "ctx = ssl.create_default_context()\n"
        f"{line}\n"
    )
    assert [h for h in hits(code) if h[0] == "SSL305"] == [("SSL305", 4, column)]


@pytest.mark.parametrize(
    "line",
    [
        "ctx.minimum_version = ssl.TLSVersion.TLSv1_2",
        "ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1",
        "ssl.SSLContext(ssl.PROTOCOL_SSLv23).verify_mode = ssl.CERT_REQUIRED",
        "NAMES = {ssl.PROTOCOL_TLSv1: 'TLSv1'}",
        "if ctx.minimum_version == ssl.TLSVersion.TLSv1: pass",
        "NAMES.get(ssl.PROTOCOL_TLSv1)",
    ],
)
def test_obsolete_protocol_near_misses(line: str) -> None:
    code = f"import ssl\nctx = ssl.create_default_context()\n{line}\n"
    assert [h for h in hits(code) if h[0] == "SSL305"] == []


def test_one_line_with_two_rules() -> None:
    code = """
        import ssl
        with ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1) as tls:
            pass
    """
    assert hits(code) == [("SSL302", 2, 6), ("SSL305", 2, 28)]


def test_nosec_and_noqa_honoured_only_when_configured() -> None:
    from sslint.linter.config import Config

    code = """
        import requests, ssl
        requests.get(u, verify=False)  # nosec B501
        requests.get(u, verify=False)  # noqa: S501
        requests.get(u, verify=False)  # noqa: E501
        ssl._create_unverified_context()  # nosec B323
        ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_TLSv1)  # noqa: S502
        requests.get(  # nosec
            u, verify=False)
    """
    every = [(f.rule_id, f.span.start_line) for f in scan(code)]
    assert len(every) == 7
    honoured = [(f.rule_id, f.span.start_line) for f in scan(code, config=Config(honor_noqa=True))]
    assert honoured == [("SSL301", 4), ("SSL302", 6)]


def test_unparsable_code_gets_token_fallback() -> None:
    code = """
        import requests, ssl
        print "fetching"
        r = requests.get(url, verify=False)
        # requests.get(url, verify=False)
        s = "requests.get(url, verify=False)" if x else None  # verify=False
        ctx = ssl._create_unverified_context()
        ssl._create_default_https_context = ssl._create_unverified_context
        checksum(path, verify=False)
    """
    found = scan(code)
    assert [(f.rule_id, f.span.start_line, f.span.start_column) for f in found] == [
        ("SSL301", 3, 23),
        ("SSL302", 6, 11),
        ("SSL303", 7, 5),
    ]
    assert {f.precision for f in found} == {PROBABLE}


def test_library_plumbing_is_not_a_switch() -> None:
    code = """
        import ssl
        def create_context(cert_reqs, assert_hostname):
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.verify_mode = cert_reqs
            if assert_hostname is False:
                context.check_hostname = False
            return context
        def wrap(sock, mode):
            kwargs = {"cert_reqs": mode, "server_side": False}
            return ssl.wrap_socket(sock, **kwargs)
        def wrap_more(sock, **kwargs):
            return ssl.wrap_socket(sock, **kwargs)
        def insecure(ignore_certs):
            if ignore_certs:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS)
                context.verify_mode = ssl.CERT_NONE
                return context
    """
    assert hits(code) == [("SSL302", 16, 9)]
