"""Loopback TLS servers and HTTP proxies for `sslint doctor` tests (no network beyond 127.0.0.1)."""

from __future__ import annotations

import contextlib
import socket
import ssl
import tempfile
import threading
from pathlib import Path
from typing import Callable, Optional

import trustme

REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"


def _serve_tls(conn: socket.socket, context: ssl.SSLContext) -> None:
    try:
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = tls.recv(4096)
                if not chunk:
                    return
                request += chunk
            tls.sendall(REPLY)
    except (OSError, ssl.SSLError):
        pass


class Listener:
    """A thread accepting connections on 127.0.0.1 and handing each to `handle`."""

    def __init__(self, handle: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.handle = handle
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._guarded, args=(conn,), daemon=True).start()

    def _guarded(self, conn: socket.socket) -> None:
        try:
            self.handle(conn)
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


def tls_server(cert: trustme.LeafCert, send_chain: bool = True) -> Listener:
    """An HTTPS server presenting `cert` (with its intermediates unless `send_chain` is off)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if send_chain:
        cert.configure_cert(context)
    else:
        with cert.private_key_pem.tempfile() as key, cert.cert_chain_pems[0].tempfile() as leaf:
            context.load_cert_chain(leaf, key)
    return Listener(lambda conn: _serve_tls(conn, context))


def _read_request(conn: socket.socket) -> Optional[str]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def intercepting_proxy(ca: trustme.CA, send_root: bool = False) -> Listener:
    """A CONNECT proxy that answers TLS itself with a certificate `ca` signs for the host."""

    def handle(conn: socket.socket) -> None:
        conn.settimeout(5)
        line = _read_request(conn)
        if line is None or not line.startswith("CONNECT "):
            return
        host = line.split()[1].rsplit(":", 1)[0].strip("[]")
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        leaf = ca.issue_cert(host)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if send_root:
            chain = b"".join(p.bytes() for p in leaf.cert_chain_pems) + ca.cert_pem.bytes()
            with leaf.private_key_pem.tempfile() as key, _temp(chain) as both:
                context.load_cert_chain(both, key)
        else:
            leaf.configure_cert(context)
        _serve_tls(conn, context)

    return Listener(handle)


def tunnelling_proxy() -> Listener:
    """A CONNECT proxy that only relays bytes (no interception)."""

    def handle(conn: socket.socket) -> None:
        conn.settimeout(5)
        line = _read_request(conn)
        if line is None or not line.startswith("CONNECT "):
            return
        host, port = line.split()[1].rsplit(":", 1)
        upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=5)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        relay = threading.Thread(target=_pipe, args=(upstream, conn), daemon=True)
        relay.start()
        _pipe(conn, upstream)
        relay.join(5)
        upstream.close()

    return Listener(handle)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while True:
            chunk = source.recv(65536)
            if not chunk:
                break
            target.sendall(chunk)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)


class _temp:
    """A temporary file holding `data`, as a context manager giving its path."""

    def __init__(self, data: bytes) -> None:
        with tempfile.NamedTemporaryFile(delete=False, suffix=".pem") as handle:
            handle.write(data)
        self.path = handle.name

    def __enter__(self) -> str:
        return self.path

    def __exit__(self, *_: object) -> None:
        Path(self.path).unlink()
