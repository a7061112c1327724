"""Hosts and URLs: plaintext package indexes, loopback, and the project's allowed hosts."""

from __future__ import annotations

import functools
import ipaddress
import re
from typing import Callable, Iterable, Iterator, Optional

from sslint.linter.config import Config
from sslint.linter.facts import Word
from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.linter.source import LineRange, Span
from sslint.rules._options import split_items

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# What `split_items` separates a list value's items by (its default).
_SEPARATOR_RE = re.compile("[ \t\n\r,]")


def host_of(url: str) -> str:
    """The host of a URL (`http://user@host:8080/x` -> `host`), lower-cased."""
    rest = url.split("://", 1)[-1]
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    netloc = netloc.rsplit("@", 1)[-1]
    if netloc.startswith("["):
        return netloc[1:].split("]", 1)[0].lower()
    return netloc.split(":", 1)[0].lower()


def strip_port(host: str) -> str:
    """A `host[:port]` value as pip's `--trusted-host` takes it, without the port."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def is_loopback(host: str) -> bool:
    """localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine."""
    host = host.lower().rstrip(".")
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plaintext_host(url: str) -> Optional[str]:
    """The host of an `http://` URL that leaves the machine, else None."""
    stripped = url.strip().strip("'\"")
    if not stripped.lower().startswith("http://"):
        return None
    host = host_of(stripped)
    if not host or is_loopback(host):
        return None
    return host


def allowed(host: str, config: Config) -> bool:
    """Whether the project's `allowed-hosts` names this host (exact or `*.suffix`)."""
    if not config.allowed_hosts:
        return False
    wanted = strip_port(host)
    for pattern in config.allowed_hosts:
        pattern = pattern.strip().lower()
        if pattern.startswith("*."):
            if wanted.endswith(pattern[1:]):
                return True
        elif wanted == strip_port(pattern) or host.strip().lower() == pattern:
            return True
    return False


@functools.lru_cache(maxsize=4096)
def leaves_machine(host: str) -> bool:
    """Whether a trusted-host value (`h`, `h:port`, `[::1]:8080`, a URL) is not loopback.

    pip treats localhost, 127.0.0.0/8 and ::1 as secure origins already, and
    traffic to them cannot be intercepted on the network: trusting them is a no-op.
    """
    text = host.strip().strip("'\"")
    name = host_of(text) if "://" in text else strip_port(text)
    return not is_loopback(name)


def not_allowed(hosts: Iterable[str], config: Config) -> list[str]:
    """The hosts the project did not allow and that are not loopback, in order, once each."""
    seen: list[str] = []
    for host in hosts:
        if host and leaves_machine(host) and not allowed(host, config) and host not in seen:
            seen.append(host)
    return seen


def names(hosts: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(hosts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _item_texts(value: Word) -> list[str]:
    """The texts of `split_items(value)`; a value without separators is its one item."""
    text = value.text
    if _SEPARATOR_RE.search(text) is None:
        return [text] if text else []
    return [item.text for item in split_items(value)]


def host_finding(
    rule_id: str,
    value: Optional[Word],
    span: Span,
    statement: LineRange,
    config: Config,
    describe: Callable[[str], str],
) -> Iterator[Finding]:
    """`rule_id` for the hosts listed in `value` that leave the machine and are not allowed.

    `describe` turns the host names ("a and b") into the message.
    """
    if value is None:
        return
    hosts = not_allowed(_item_texts(value), config)
    if hosts:
        yield Finding(
            rule_id, span, describe(names(hosts)), statement, PROVEN if value.known else PROBABLE
        )


def all_plain_http(urls: Iterable[Word]) -> bool:
    """Whether there is at least one URL and every one is a literal `http://` URL (no TLS)."""
    found = False
    for url in urls:
        if not url.known or not url.text.lower().startswith("http://"):
            return False
        found = True
    return found
