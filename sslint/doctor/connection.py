"""Opening a TLS connection the way the tools do: directly or through an HTTP proxy."""

from __future__ import annotations

import base64
import socket
import ssl
from dataclasses import dataclass
from typing import Optional
from urllib.parse import unquote, urlsplit

MAX_PROXY_REPLY = 64 * 1024
# `_ssl.ENCODING_DER`: how Python 3.10-3.12 certificate objects give their DER bytes.
_ENCODING_DER = 2


class ConnectionProblem(Exception):
    """The host (or the proxy in front of it) could not be reached."""


@dataclass(frozen=True)
class Proxy:
    """An HTTP proxy that tunnels with CONNECT."""

    url: str
    host: str
    port: int
    authorization: Optional[str]

    @property
    def display(self) -> str:
        """The proxy's address without credentials."""
        return f"http://{self.host}:{self.port}"


def parse_proxy(url: str) -> Proxy:
    """An `http://[user:password@]host[:port]` proxy URL (`host:port` means http)."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme != "http" or not parts.hostname:
        raise ConnectionProblem(f"proxy {url!r}: only http:// proxies are supported here")
    authorization = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    try:
        port = parts.port or 8080
    except ValueError as exc:
        raise ConnectionProblem(f"proxy {url!r}: bad port") from exc
    return Proxy(url, parts.hostname, port, authorization)


def open_socket(host: str, port: int, proxy: Optional[Proxy], timeout: float) -> socket.socket:
    """A TCP connection to `host:port`, tunnelled through `proxy` when one is given."""
    target = (proxy.host, proxy.port) if proxy else (host, port)
    try:
        sock = socket.create_connection(target, timeout=timeout)
    except OSError as exc:
        where = f"proxy {proxy.display}" if proxy else f"{host}:{port}"
        raise ConnectionProblem(f"cannot connect to {where}: {exc.strerror or exc}") from exc
    if proxy is None:
        return sock
    try:
        _connect_through(sock, host, port, proxy)
    except BaseException:
        sock.close()
        raise
    return sock


def _connect_through(sock: socket.socket, host: str, port: int, proxy: Proxy) -> None:
    lines = [f"CONNECT {host}:{port} HTTP/1.1", f"Host: {host}:{port}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk or len(reply) > MAX_PROXY_REPLY:
                raise ConnectionProblem(f"proxy {proxy.display} closed the tunnel to {host}")
            reply += chunk
    except OSError as exc:
        raise ConnectionProblem(f"proxy {proxy.display}: {exc.strerror or exc}") from exc
    status = reply.split(b"\r\n", 1)[0].decode("latin-1")
    fields = status.split(" ", 2)
    if len(fields) < 2 or fields[1] != "200":
        raise ConnectionProblem(f"proxy {proxy.display} refused the tunnel: {status}")


def presented_chain(host: str, port: int, proxy: Optional[Proxy], timeout: float) -> list[bytes]:
    """The certificates the server presents (DER, leaf first), without judging them.

    Python 3.10+ gives the whole chain; 3.9 gives only the server's own certificate.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Deliberate: this handshake only reads the chain to show it; nothing is sent over it.
    context.check_hostname = False  # sslint: ignore[SSL302] chain read only, judged later
    context.verify_mode = ssl.CERT_NONE  # sslint: ignore[SSL302] chain read only, judged later
    sock = open_socket(host, port, proxy, timeout)
    try:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return _chain_of(tls)
    except (OSError, ssl.SSLError) as exc:
        raise ConnectionProblem(f"TLS handshake with {host}:{port} failed: {exc}") from exc
    finally:
        sock.close()


def _chain_of(tls: ssl.SSLSocket) -> list[bytes]:
    public = getattr(tls, "get_unverified_chain", None)
    if public is not None:
        return [bytes(item) for item in public()]
    private = getattr(getattr(tls, "_sslobj", None), "get_unverified_chain", None)
    if private is not None:
        chain = private() or []
        return [item.public_bytes(_ENCODING_DER) for item in chain]
    leaf = tls.getpeercert(binary_form=True)
    return [leaf] if leaf else []


@dataclass(frozen=True)
class Verdict:
    """Whether one trust source accepts the connection, and OpenSSL's reason if not."""

    verified: bool
    code: int = 0
    reason: str = ""


def verify_with(
    context: ssl.SSLContext, host: str, port: int, proxy: Optional[Proxy], timeout: float
) -> Verdict:
    """Handshake with verification by `context`, as a client using that trust source does."""
    sock = open_socket(host, port, proxy, timeout)
    try:
        with context.wrap_socket(sock, server_hostname=host):
            return Verdict(True)
    except ssl.SSLCertVerificationError as exc:
        return Verdict(False, exc.verify_code, exc.verify_message or str(exc))
    except (OSError, ssl.SSLError) as exc:
        raise ConnectionProblem(f"TLS handshake with {host}:{port} failed: {exc}") from exc
    finally:
        sock.close()
