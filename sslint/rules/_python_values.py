"""What a Python expression is known to hold, as far as the SSL3xx rules care.

The Python rules evaluate expressions to these values: an imported object
(`Ref("requests.get")`), a constant, an instance made by calling a known class
or factory, a method of an instance, a literal mapping (for `**kwargs`), a
`functools.partial`, a function or class of the module, or `UNKNOWN`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

# Import paths that name the same object: vendored copies and private modules.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("pip._vendor.requests.packages.urllib3", "urllib3"),
    ("pip._vendor.requests", "requests"),
    ("pip._vendor.urllib3", "urllib3"),
    ("requests.packages.urllib3", "urllib3"),
    ("botocore.vendored.requests.packages.urllib3", "urllib3"),
    ("botocore.vendored.requests", "requests"),
    ("requests.api", "requests"),
    ("requests.sessions", "requests"),
    ("urllib3.poolmanager", "urllib3"),
    ("urllib3.connectionpool", "urllib3"),
    ("urllib3.util.ssl_", "urllib3.util"),
    ("httpx._api", "httpx"),
    ("httpx._client", "httpx"),
    ("httpx._transports.default", "httpx"),
    ("aiohttp.client", "aiohttp"),
    ("aiohttp.connector", "aiohttp"),
    ("boto3.session", "boto3"),
    ("pymongo.mongo_client", "pymongo"),
    ("redis.client", "redis"),
    ("redis.asyncio.client", "redis.asyncio"),
    ("websocket._core", "websocket"),
    ("websocket._app", "websocket"),
    ("elasticsearch.client", "elasticsearch"),
)

# Factories whose result is an instance of a known type.
_INSTANCE_TYPES: dict[str, str] = {
    "requests.session": "requests.Session",
    "ssl.create_default_context": "ssl.SSLContext",
    "ssl._create_unverified_context": "ssl.SSLContext",
    "ssl._create_stdlib_context": "ssl.SSLContext",
    "ssl._create_default_https_context": "ssl.SSLContext",
    "urllib3.util.create_urllib3_context": "ssl.SSLContext",
    "botocore.session.get_session": "botocore.session.Session",
    "requests_oauthlib.OAuth2Session": "requests.Session",
    "requests_futures.sessions.FuturesSession": "requests.Session",
    "cloudscraper.create_scraper": "requests.Session",
    "cloudscraper.CloudScraper": "requests.Session",
    "kubernetes.client.configuration.Configuration": "kubernetes.client.Configuration",
}


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """One spelling per object: `pip._vendor.requests.api.get` -> `requests.get`."""
    for _ in range(4):
        for prefix, replacement in _PREFIXES:
            if name == prefix or name.startswith(prefix + "."):
                name = replacement + name[len(prefix) :]
                break
        else:
            return name
    return name


def instance_type(factory: str) -> str:
    """The type of what calling `factory` returns (the factory itself for classes)."""
    return _INSTANCE_TYPES.get(factory, factory)


@dataclass(frozen=True)
class Ref:
    """An imported module, class, function or constant, by normalised qualified name."""

    name: str


@dataclass(frozen=True)
class Const:
    """A literal: bool, int, float, str, bytes, None, or `()` for an empty container."""

    value: Any


@dataclass(frozen=True)
class Instance:
    """The result of calling a known class or factory (`requests.Session()`)."""

    type: str


@dataclass(frozen=True)
class LocalInstance:
    """An instance of a class defined in the module (and not derived from a known one)."""

    cls: Any  # ast.ClassDef


@dataclass(frozen=True)
class Member:
    """An attribute or method of some value (`session.get`, `self.client.post`)."""

    owner: Value
    name: str


@dataclass(frozen=True)
class Mapping:
    """A dict with literal string keys: (key, value expression, key node) items."""

    items: tuple[tuple[str, Any, Any], ...]


@dataclass(frozen=True)
class Partial:
    """`functools.partial(func, ...)`: the wrapped callable and the partial call node."""

    func: Value
    call: Any  # ast.Call


@dataclass(frozen=True)
class LocalFunction:
    """A function or lambda defined in the module."""

    node: Any  # ast.FunctionDef, AsyncFunctionDef or Lambda


@dataclass(frozen=True)
class LocalClass:
    """A class defined in the module."""

    node: Any  # ast.ClassDef


@dataclass(frozen=True)
class Opaque:
    """Something defined in the module but not analysed (a long definition left out)."""


@dataclass(frozen=True)
class Unknown:
    """Nothing is known statically (a parameter, a call result, an outside value)."""


Value = Union[
    Ref,
    Const,
    Instance,
    LocalInstance,
    Member,
    Mapping,
    Partial,
    LocalFunction,
    LocalClass,
    Opaque,
    Unknown,
]
UNKNOWN = Unknown()
OPAQUE = Opaque()


def callable_name(value: Value) -> str:
    """`requests.get`, `requests.Session.get`, or "" when the callee is not known."""
    if isinstance(value, Ref):
        return value.name
    if isinstance(value, Partial):
        return callable_name(value.func)
    if isinstance(value, Member) and isinstance(value.owner, Instance):
        return f"{value.owner.type}.{value.name}"
    return ""


def is_false(value: Value) -> bool:
    """`False` or `0` (not None, which usually means "the default")."""
    return isinstance(value, Const) and value.value is not None and value.value in (False, 0)


def is_falsy(value: Value) -> bool:
    """A literal Python treats as false: `False`, `0`, `0.0`, `''`, `[]`, `()`, `{}`, `set()`.

    `None` is left out: for a `verify`-like parameter it means "the default".
    """
    if isinstance(value, Mapping):
        return not value.items
    return isinstance(value, Const) and value.value is not None and not value.value


def is_true(value: Value) -> bool:
    """`True` or `1`."""
    return isinstance(value, Const) and value.value is not None and value.value in (True, 1)


_CERT_NONE_NAMES = frozenset({"ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"})


def is_cert_none(value: Value, none_too: bool = False) -> bool:
    """`ssl.CERT_NONE`, `"CERT_NONE"`, `"NONE"`, `"none"` or `0` (and None if `none_too`)."""
    if isinstance(value, Ref):
        return value.name in _CERT_NONE_NAMES
    if isinstance(value, Const):
        if value.value is None:
            return none_too
        if isinstance(value.value, str):
            return value.value.strip().upper() in ("CERT_NONE", "NONE")
        return value.value is not True and value.value == 0
    return False
