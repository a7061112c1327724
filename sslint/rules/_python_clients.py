"""The HTTP/TLS client table of SSL301: which argument of which call switches verification off.

One row per library and parameter: the callables (normalised qualified names;
`Type.method` for methods of an instance), the parameter, and the test that
says a value switches verification off. Adding a client is adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sslint.rules._python_values import (
    Mapping,
    Value,
    is_cert_none,
    is_false,
    is_falsy,
    is_true,
)

_VERBS = ("get", "options", "head", "post", "put", "patch", "delete", "request")


def _each(prefix: str, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}.{name}" for name in names)


def _cert_none_or_none(value: Value) -> bool:
    """redis-py: `ssl_cert_reqs=None` means `ssl.CERT_NONE`."""
    return is_cert_none(value, none_too=True)


def _off_options(value: Value, evaluate: Callable[[Any], Value]) -> bool:
    """An options dict with `cert_reqs: CERT_NONE`, `check_hostname: False` or `verify: False`."""
    if not isinstance(value, Mapping):
        return False
    for key, held, _ in value.items:
        resolved = evaluate(held)
        if key in ("cert_reqs", "ssl_cert_reqs") and is_cert_none(resolved):
            return True
        if key in ("check_hostname", "verify") and is_false(resolved):
            return True
    return False


@dataclass(frozen=True)
class Switch:
    """`parameter` of `callables` switches verification off when `off(value)` holds."""

    library: str
    callables: tuple[str, ...]
    parameter: str
    off: Callable[[Value], bool]
    options: bool = False  # the value is an options dict (checked with `_off_options`)


_REQUESTS_SESSION = "requests.Session"
_AIOHTTP = (
    "aiohttp.request",
    "aiohttp.TCPConnector",
    *_each("aiohttp.ClientSession", (*_VERBS, "ws_connect")),
)

SWITCHES: tuple[Switch, ...] = (
    Switch(
        "requests",
        _each("requests", _VERBS) + _each(_REQUESTS_SESSION, (*_VERBS, "send")),
        "verify",
        is_falsy,
    ),
    Switch(
        "requests-oauthlib",
        (f"{_REQUESTS_SESSION}.fetch_token", f"{_REQUESTS_SESSION}.refresh_token"),
        "verify",
        is_falsy,
    ),
    Switch(
        "httpx",
        _each(
            "httpx",
            (
                *_VERBS,
                "stream",
                "Client",
                "AsyncClient",
                "HTTPTransport",
                "AsyncHTTPTransport",
            ),
        ),
        "verify",
        is_falsy,
    ),
    Switch(
        "aiohttp",
        _AIOHTTP,
        "ssl",
        is_false,
    ),
    Switch(
        "aiohttp",
        _AIOHTTP,
        "verify_ssl",
        is_falsy,
    ),
    Switch(
        "urllib3",
        _each(
            "urllib3",
            (
                "PoolManager",
                "ProxyManager",
                "HTTPSConnectionPool",
                "connection_from_url",
                "proxy_from_url",
            ),
        ),
        "cert_reqs",
        is_cert_none,
    ),
    Switch(
        "urllib3",
        _each(
            "urllib3",
            (
                "PoolManager",
                "ProxyManager",
                "HTTPSConnectionPool",
                "connection_from_url",
                "proxy_from_url",
            ),
        ),
        "assert_hostname",
        is_false,
    ),
    Switch(
        "boto3 / botocore",
        (
            "boto3.client",
            "boto3.resource",
            "boto3.Session.client",
            "boto3.Session.resource",
            "botocore.session.Session.create_client",
            "aioboto3.Session.client",
            "aioboto3.Session.resource",
        ),
        "verify",
        is_falsy,
    ),
    Switch(
        "tornado",
        (
            "tornado.httpclient.HTTPRequest",
            "tornado.httpclient.AsyncHTTPClient.fetch",
            "tornado.httpclient.HTTPClient.fetch",
        ),
        "validate_cert",
        is_false,
    ),
    Switch(
        "websocket-client",
        (
            "websocket.create_connection",
            "websocket.WebSocket",
            "websocket.WebSocket.connect",
            "websocket.WebSocketApp.run_forever",
        ),
        "sslopt",
        is_false,
        options=True,
    ),
    Switch(
        "elasticsearch / opensearch",
        (
            "elasticsearch.Elasticsearch",
            "elasticsearch.AsyncElasticsearch",
            "opensearchpy.OpenSearch",
            "opensearchpy.AsyncOpenSearch",
        ),
        "verify_certs",
        is_false,
    ),
    Switch(
        "pymongo",
        ("pymongo.MongoClient", "motor.motor_asyncio.AsyncIOMotorClient", "mongoengine.connect"),
        "tlsAllowInvalidCertificates",
        is_true,
    ),
    Switch(
        "pymongo",
        ("pymongo.MongoClient", "motor.motor_asyncio.AsyncIOMotorClient", "mongoengine.connect"),
        "tlsInsecure",
        is_true,
    ),
    Switch(
        "pymongo",
        ("pymongo.MongoClient", "motor.motor_asyncio.AsyncIOMotorClient", "mongoengine.connect"),
        "ssl_cert_reqs",
        is_cert_none,
    ),
    Switch(
        "redis",
        (
            "redis.Redis",
            "redis.StrictRedis",
            "redis.from_url",
            "redis.SSLConnection",
            "redis.RedisCluster",
            "redis.cluster.RedisCluster",
            "redis.asyncio.Redis",
            "redis.asyncio.from_url",
            "redis.asyncio.RedisCluster",
        ),
        "ssl_cert_reqs",
        _cert_none_or_none,
    ),
    Switch("kombu / celery", ("kombu.Connection",), "ssl", is_false, options=True),
    Switch("celery", ("celery.Celery",), "broker_use_ssl", is_false, options=True),
    Switch("celery", ("celery.Celery",), "redis_backend_use_ssl", is_false, options=True),
    Switch("httplib2", ("httplib2.Http",), "disable_ssl_certificate_validation", is_true),
    Switch("hvac", ("hvac.Client",), "verify", is_falsy),
    Switch("PyGithub", ("github.Github",), "verify", is_falsy),
    Switch("python-gitlab", ("gitlab.Gitlab",), "ssl_verify", is_falsy),
    Switch("jira", ("jira.JIRA",), "options", is_false, options=True),
    Switch("influxdb-client", ("influxdb_client.InfluxDBClient",), "verify_ssl", is_falsy),
    Switch("proxmoxer", ("proxmoxer.ProxmoxAPI",), "verify_ssl", is_falsy),
)

# `obj.attribute = value` on an instance of a type.
ATTRIBUTE_SWITCHES: tuple[Switch, ...] = (
    Switch("requests", (_REQUESTS_SESSION,), "verify", is_falsy),
    Switch("kubernetes", ("kubernetes.client.Configuration",), "verify_ssl", is_falsy),
)

# Query parameters of a connection URI that switch verification off (lower case).
URI_SWITCHES: dict[str, tuple[str, ...]] = {
    "pymongo.MongoClient": ("tlsinsecure=true", "tlsallowinvalidcertificates=true"),
    "motor.motor_asyncio.AsyncIOMotorClient": (
        "tlsinsecure=true",
        "tlsallowinvalidcertificates=true",
    ),
    "mongoengine.connect": ("tlsinsecure=true", "tlsallowinvalidcertificates=true"),
    "redis.from_url": ("ssl_cert_reqs=none",),
    "redis.asyncio.from_url": ("ssl_cert_reqs=none",),
    "redis.Redis.from_url": ("ssl_cert_reqs=none",),
}

# pycurl: `curl.setopt(pycurl.SSL_VERIFYPEER, 0)`.
CURL_OPTIONS = frozenset({"SSL_VERIFYPEER", "SSL_VERIFYHOST", "PROXY_SSL_VERIFYPEER"})

# Methods that, on an object of unknown type, are probably an HTTP request.
PROBABLE_VERBS = frozenset((*_VERBS, "stream"))

# `requests` transport adapters: a subclass that sets these switches turns verification off.
ADAPTER_BASES = frozenset({"requests.adapters.HTTPAdapter", "requests.HTTPAdapter"})
ADAPTER_KEYS: dict[str, Callable[[Value], bool]] = {
    "cert_reqs": is_cert_none,
    "verify": is_falsy,
    "assert_hostname": is_false,
}


def switches_by_callable(rows: tuple[Switch, ...]) -> dict[str, list[Switch]]:
    """callable -> the rows that apply to it."""
    table: dict[str, list[Switch]] = {}
    for row in rows:
        for name in row.callables:
            table.setdefault(name, []).append(row)
    return table


def is_off(row: Switch, value: Value, evaluate: Callable[[Any], Value]) -> bool:
    """Does `value` for `row.parameter` switch verification off?"""
    if row.options:
        return _off_options(value, evaluate)
    return row.off(value)
