"""SSL301: HTTP/TLS clients with verification off, through aliases, constants and objects."""

from __future__ import annotations

import pytest
from python_helpers import hits, scan

from sslint.linter.findings import PROBABLE, PROVEN


def test_requests_direct_alias_constant_kwargs_and_multiline() -> None:
    code = """
        import requests
        import requests as rq
        from requests import get as http_get
        VERIFY_TLS = False
        OPTS = {"timeout": 10, "verify": False}
        requests.get(u, verify=False)
        rq.get(u, verify=VERIFY_TLS)
        requests.post(u, **OPTS)
        http_get(
            u,
            verify=False,
        )
        requests.request("GET", u, verify=0)
        requests.get(u, **dict(verify=False))
        requests.get(u, **{"verify": False})
    """
    assert hits(code) == [
        ("SSL301", 6, 17),
        ("SSL301", 7, 11),
        ("SSL301", 8, 18),
        ("SSL301", 11, 5),
        ("SSL301", 13, 28),
        ("SSL301", 14, 17),
        ("SSL301", 15, 17),
    ]


def test_exact_span_and_statement_of_a_keyword() -> None:
    (finding,) = scan("import requests\nr = requests.get(\n    u,\n    verify=False,\n)\n")
    span = finding.span
    assert (span.start_line, span.start_column, span.end_line, span.end_column) == (4, 5, 4, 17)
    assert tuple(finding.statement) == (2, 5)
    assert finding.precision == PROVEN


def test_requests_near_misses() -> None:
    code = """
        import os, certifi, requests
        CA = "/etc/ssl/certs/corp.pem"
        requests.get(u, verify=True)
        requests.get(u, verify=None)
        requests.get(u, verify=certifi.where())
        requests.get(u, verify=CA)
        requests.get(u, verify=os.environ.get("REQUESTS_CA_BUNDLE", True))
        requests.get(u, verify=settings.VERIFY)
        s = requests.Session()
        s.verify = CA
        HELP = "requests.get(url, verify=False)"
        # requests.get(url, verify=False)
        SETTINGS = {"verify": False}
    """
    assert hits(code) == []


def test_user_functions_jwt_and_classes_with_verify_are_not_findings() -> None:
    code = """
        import jwt, requests, argparse
        from dataclasses import dataclass
        def checksum(path, verify=False):
            return path
        checksum("x", verify=False)
        jwt.decode(token, verify=False)
        class Uploader:
            def __init__(self, verify=False):
                self.verify = verify
            def get(self, url, verify=True):
                return url
        Uploader().get("u", verify=False)
        parser = argparse.ArgumentParser()
        parser.add_argument("--no-verify", dest="verify", default=False)
        @dataclass
        class Options:
            verify: bool = False
    """
    assert hits(code) == []


def test_sessions_assignment_with_factory_and_self_attribute() -> None:
    code = """
        import requests
        def make_session():
            session = requests.Session()
            session.verify = False
            return session
        def use():
            make_session().get(u)
            make_session().get(u, verify=False)
            with requests.Session() as s:
                s.post(u, verify=False)
        class Api:
            def __init__(self):
                self.session = requests.session()
            def fetch(self):
                return self.session.get(u, verify=False)
    """
    assert hits(code) == [
        ("SSL301", 4, 5),
        ("SSL301", 8, 27),
        ("SSL301", 10, 19),
        ("SSL301", 15, 36),
    ]


def test_partial_and_rebinding() -> None:
    code = """
        import functools
        from functools import partial
        import requests
        get = functools.partial(requests.get, verify=False)
        get(u)
        requests.post = partial(requests.post, timeout=3, verify=False)
        requests.post(u)
    """
    assert hits(code) == [("SSL301", 4, 39), ("SSL301", 6, 51)]


def test_unknown_receiver_is_probable() -> None:
    code = """
        def fetch(client, url):
            return client.get(url, verify=False)
        def other(client, url):
            return client.lookup(url, verify=False)
    """
    (finding,) = scan(code)
    assert finding.precision == PROBABLE
    assert "probably" in finding.message
    assert finding.span.start_line == 2


def test_session_subclass_and_annotated_parameter() -> None:
    code = """
        import requests
        class Corp(requests.Session):
            def ping(self):
                return self.get(u, verify=False)
        def f(s: requests.Session):
            s.verify = False
        Corp().verify = False
    """
    assert hits(code) == [("SSL301", 4, 28), ("SSL301", 6, 5), ("SSL301", 7, 1)]


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("httpx.get(u, verify=False)", 14),
        ("httpx.Client(verify=False)", 14),
        ("httpx.AsyncClient(verify=False)", 19),
        ("httpx.HTTPTransport(verify=False)", 21),
        ("aiohttp.TCPConnector(ssl=False)", 22),
        ("aiohttp.TCPConnector(verify_ssl=False)", 22),
        ("aiohttp.ClientSession().get(u, ssl=False)", 32),
        ("urllib3.PoolManager(cert_reqs='CERT_NONE')", 21),
        ("urllib3.PoolManager(cert_reqs='NONE')", 21),
        ("urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)", 21),
        ("urllib3.HTTPSConnectionPool(h, assert_hostname=False)", 32),
        ("urllib3.connection_from_url(u, cert_reqs='CERT_NONE')", 32),
        ("boto3.client('s3', verify=False)", 20),
        ("boto3.session.Session().client('s3', verify=False)", 38),
        ("tornado.httpclient.HTTPRequest(u, validate_cert=False)", 35),
        ("websocket.create_connection(u, sslopt={'cert_reqs': ssl.CERT_NONE})", 32),
        ("elasticsearch.Elasticsearch(h, verify_certs=False)", 32),
        ("pymongo.MongoClient(h, tlsAllowInvalidCertificates=True)", 24),
        ("pymongo.MongoClient(h, tlsInsecure=True)", 24),
        ("pymongo.MongoClient('mongodb://db.corp.example/?tlsInsecure=true')", 21),
        ("redis.Redis(h, ssl=True, ssl_cert_reqs=None)", 26),
        ("redis.from_url('rediss://r.corp.example?ssl_cert_reqs=none')", 16),
        ("kombu.Connection(u, ssl={'cert_reqs': ssl.CERT_NONE})", 21),
        ("pip._vendor.requests.get(u, verify=False)", 29),
        ("requests.packages.urllib3.PoolManager(cert_reqs='CERT_NONE')", 39),
    ],
)
def test_client_table_rows(line: str, column: int) -> None:
    code = (
        "import ssl, httpx, aiohttp, urllib3, boto3, tornado.httpclient, websocket\n"
        "import elasticsearch, pymongo, redis, kombu, pip._vendor.requests, requests\n"
        f"{line}\n"
    )
    assert hits(code) == [("SSL301", 3, column)]


@pytest.mark.parametrize(
    "line",
    [
        "httpx.Client(verify='/etc/ssl/certs/corp.pem')",
        "aiohttp.TCPConnector(ssl=ctx)",
        "urllib3.PoolManager(cert_reqs='CERT_REQUIRED')",
        "urllib3.PoolManager(cert_reqs=ssl.CERT_REQUIRED)",
        "boto3.client('s3', verify='/etc/ssl/certs/corp.pem')",
        "pymongo.MongoClient(h, tlsInsecure=False)",
        "pymongo.MongoClient('mongodb://db.corp.example/?tls=true')",
        "redis.Redis(h, ssl_cert_reqs='required')",
        "websocket.create_connection(u, sslopt={'cert_reqs': ssl.CERT_REQUIRED})",
    ],
)
def test_client_table_near_misses(line: str) -> None:
    code = "import ssl, httpx, aiohttp, urllib3, boto3, websocket, pymongo, redis\n" + line + "\n"
    assert hits(code) == []


def test_pycurl_setopt() -> None:
    code = """
        import pycurl
        c = pycurl.Curl()
        c.setopt(pycurl.SSL_VERIFYPEER, 0)
        c.setopt(c.SSL_VERIFYHOST, 0)
        c.setopt(pycurl.SSL_VERIFYPEER, 1)
        c.setopt(pycurl.URL, 0)
    """
    assert hits(code) == [("SSL301", 3, 33), ("SSL301", 4, 28)]


def test_http_adapter_subclass() -> None:
    code = """
        from requests.adapters import HTTPAdapter
        class NoVerify(HTTPAdapter):
            def init_poolmanager(self, *args, **kwargs):
                kwargs["cert_reqs"] = "CERT_NONE"
                return super().init_poolmanager(*args, **kwargs)
            def send(self, request, **kwargs):
                return super().send(request, verify=False)
        class Fine(HTTPAdapter):
            def init_poolmanager(self, *args, **kwargs):
                kwargs["cert_reqs"] = "CERT_REQUIRED"
                return super().init_poolmanager(*args, **kwargs)
    """
    assert hits(code) == [("SSL301", 4, 9), ("SSL301", 7, 38)]


def test_one_finding_per_switch_for_sessions() -> None:
    code = """
        import requests
        s = requests.Session()
        s.verify = False
        s.get(u)
        s.post(u)
    """
    assert hits(code) == [("SSL301", 3, 1)]


def test_conditional_constants() -> None:
    code = """
        import requests, sys
        V = False if sys.platform == "win32" else False
        W = False if sys.platform == "win32" else True
        requests.get(u, verify=V)
        requests.get(u, verify=W)
    """
    assert hits(code) == [("SSL301", 4, 17)]


def test_suppression_above_multiline_statement() -> None:
    code = """
        import requests
        # sslint: ignore[SSL301]
        resp = requests.get(
            u,
            verify=False,
        )
        requests.get(u, verify=False)  # sslint: ignore[SSL302]
    """
    assert hits(code) == [("SSL301", 7, 17)]


def test_messages_name_the_call_and_the_value() -> None:
    code = """
        import requests, websocket, ssl
        V = False
        OPTS = {"cert_reqs": ssl.CERT_NONE}
        requests.get(u, verify=V)
        requests.get(u, verify=False)
        websocket.WebSocket(sslopt=OPTS)
    """
    assert [f.message for f in scan(code)] == [
        "requests.get() with verify=V (which is False): certificate verification is off",
        "requests.get() with verify=False: certificate verification is off",
        "websocket.WebSocket() with sslopt=OPTS: certificate verification is off",
    ]
