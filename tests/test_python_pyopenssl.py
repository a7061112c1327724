"""pyOpenSSL in SSL302/SSL305: client contexts never verified, host names never checked.

Each positive is pinned to its line, columns and precision; the near misses
(servers, contexts configured by a helper or handed on, host names checked with
service_identity) stay clean.
"""

from __future__ import annotations

from python_helpers import scan

from sslint.linter.findings import PROBABLE, PROVEN


def spans(code: str) -> list[tuple[str, int, int, int, str]]:
    """(rule, line, start column, end column, precision) of the SSL3xx findings."""
    return [
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column, f.precision)
        for f in scan(code)
        if f.rule_id.startswith("SSL3")
    ]


CLIENT = """
    import socket
    from OpenSSL import SSL


    def fetch(host):
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_default_verify_paths()
        sock = socket.create_connection((host, 443))
        conn = SSL.Connection(ctx, sock)
        conn.set_tlsext_host_name(host.encode())
        conn.set_connect_state()
        conn.do_handshake()
        conn.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")
        return conn.recv(4096)
"""


def test_client_context_without_set_verify_in_one_function_is_proven() -> None:
    assert spans(CLIENT) == [("SSL302", 6, 11, 22, PROVEN)]
    message = scan(CLIENT)[0].message
    assert message.startswith("ctx = SSL.Context(...) is used for a client connection (line 9)")


def test_client_by_connect_and_spellings_of_the_context() -> None:
    code = """
        import socket
        import OpenSSL
        from OpenSSL import SSL as ossl
        from OpenSSL.SSL import Connection, Context, SSLv23_METHOD


        def one(host):
            ctx = OpenSSL.SSL.Context(OpenSSL.SSL.TLS_METHOD)
            conn = OpenSSL.SSL.Connection(ctx, socket.socket())
            conn.connect((host, 443))
            conn.do_handshake()


        def two(host):
            context = Context(SSLv23_METHOD)
            with Connection(context, socket.socket()) as tls:
                tls.connect((host, 443))


        def three(host):
            c = ossl.Context(ossl.TLS_CLIENT_METHOD)
            ossl.Connection(c, socket.socket()).connect((host, 443))


        def four(host):
            conn = ossl.Connection(ossl.Context(ossl.TLS_CLIENT_METHOD), socket.socket())
            conn.connect((host, 443))
    """
    assert spans(code) == [
        ("SSL302", 8, 11, 30, PROVEN),
        ("SSL302", 15, 15, 22, PROVEN),
        ("SSL302", 21, 9, 21, PROVEN),
        ("SSL302", 26, 28, 40, PROVEN),
    ]


def test_context_kept_on_self_or_in_a_module_name_is_probable() -> None:
    code = """
        import socket
        from OpenSSL import SSL

        CONTEXT = SSL.Context(SSL.TLS_CLIENT_METHOD)


        def fetch(host):
            conn = SSL.Connection(CONTEXT, socket.socket())
            conn.connect((host, 443))


        class Client:
            def __init__(self, host):
                self.host = host
                self.ctx = SSL.Context(SSL.SSLv23_METHOD)
                self.ctx.load_verify_locations("/etc/ssl/certs/corp-ca.pem")

            def open(self):
                self.conn = SSL.Connection(self.ctx, socket.socket())
                self.conn.set_connect_state()
    """
    assert spans(code) == [
        ("SSL302", 4, 11, 22, PROBABLE),
        ("SSL302", 15, 20, 31, PROBABLE),
    ]


def test_client_connection_handed_on_is_probable() -> None:
    code = """
        import socket
        from OpenSSL import SSL


        def connect(host):
            ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
            conn = SSL.Connection(ctx, socket.socket())
            conn.connect((host, 443))
            return conn
    """
    assert spans(code) == [("SSL302", 6, 11, 22, PROBABLE)]


def test_verified_server_and_handed_on_contexts_stay_clean() -> None:
    verified = CLIENT.replace(
        "ctx.set_default_verify_paths()",
        "ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, callback)",
    )
    assert spans(verified) == []
    per_connection = CLIENT.replace(
        "conn.set_connect_state()", "conn.set_verify(SSL.VERIFY_PEER, check)"
    ).replace("conn.do_handshake()", "conn.set_connect_state()")
    assert spans(per_connection) == []
    mode_from_elsewhere = CLIENT.replace(
        "ctx.set_default_verify_paths()", "ctx.set_verify(settings.mode, callback)"
    )
    assert spans(mode_from_elsewhere) == []
    for server in ("conn.set_accept_state()", "conn.accept()", "conn.bind(('', 443))"):
        assert spans(CLIENT.replace("conn.set_connect_state()", server)) == []
    servername = CLIENT.replace(
        "ctx.set_default_verify_paths()", "ctx.set_tlsext_servername_callback(pick)"
    )
    assert spans(servername) == []
    for handed_on in ("configure(ctx)", "self.ctx = ctx", "contexts.append(ctx)", "x = ctx"):
        code = CLIENT.replace("ctx.set_default_verify_paths()", handed_on)
        assert spans(code) == [], handed_on
    returned = CLIENT.replace("return conn.recv(4096)", "return ctx")
    assert spans(returned) == []
    context_of_connection = CLIENT.replace("conn.do_handshake()", "conn.get_context()")
    assert spans(context_of_connection) == []


def test_context_from_a_parameter_or_a_helper_stays_clean() -> None:
    code = """
        import socket
        from OpenSSL import SSL


        def make_context():
            ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
            ctx.set_verify(SSL.VERIFY_PEER)
            return ctx


        def helper_made(host):
            conn = SSL.Connection(make_context(), socket.socket())
            conn.connect((host, 443))


        def given(ctx, host):
            conn = SSL.Connection(ctx, socket.socket())
            conn.set_connect_state()


        def rebound(host, strict):
            ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
            if strict:
                ctx = make_context()
            conn = SSL.Connection(ctx, socket.socket())
            conn.connect((host, 443))
    """
    assert spans(code) == []


def test_module_level_context_shadowed_in_a_function_stays_clean() -> None:
    code = """
        import socket
        from OpenSSL import SSL

        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_verify(SSL.VERIFY_PEER)


        def fetch(host, ctx):
            conn = SSL.Connection(ctx, socket.socket())
            conn.connect((host, 443))
    """
    assert spans(code) == []


# -- host names ---------------------------------------------------------------

VERIFIED = """
    import socket
    from OpenSSL import SSL


    def fetch(host):
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errno, depth, ok: ok)
        ctx.set_default_verify_paths()
        conn = SSL.Connection(ctx, socket.create_connection((host, 443)))
        conn.set_tlsext_host_name(host.encode())
        conn.set_connect_state()
        conn.do_handshake()
"""


def test_verified_client_without_host_name_check_is_probable() -> None:
    assert spans(VERIFIED) == [("SSL302", 9, 12, 26, PROBABLE)]
    message = scan(VERIFIED)[0].message
    assert "checks the host name" in message
    assert "service_identity.pyopenssl.verify_hostname" in message


def test_verified_client_with_default_callback_or_pass_through_function() -> None:
    no_callback = VERIFIED.replace(
        "lambda conn, cert, errno, depth, ok: ok", "SSL.VERIFY_FAIL_IF_NO_PEER_CERT"
    ).replace("SSL.VERIFY_PEER,", "SSL.VERIFY_PEER |")
    assert spans(no_callback) == [("SSL302", 9, 12, 26, PROBABLE)]
    named = VERIFIED.replace("lambda conn, cert, errno, depth, ok: ok", "_ok") + (
        "\n\n    def _ok(conn, cert, errno, depth, ok):\n"
        "        '''OpenSSL's verdict.'''\n"
        "        return ok\n"
    )
    assert spans(named) == [("SSL302", 9, 12, 26, PROBABLE)]


def test_host_name_checked_or_callback_of_its_own_stays_clean() -> None:
    checked = VERIFIED.replace(
        "conn.do_handshake()", "conn.do_handshake()\n        verify_hostname(conn, host)"
    ).replace(
        "from OpenSSL import SSL",
        "from OpenSSL import SSL\n    from service_identity.pyopenssl import verify_hostname",
    )
    assert spans(checked) == []
    own_check = VERIFIED.replace(
        "conn.do_handshake()",
        "conn.do_handshake()\n        if conn.get_peer_certificate().get_subject().CN != host:\n"
        "            raise ValueError(host)",
    )
    assert spans(own_check) == []
    callback = VERIFIED.replace("lambda conn, cert, errno, depth, ok: ok", "check_name") + (
        "\n\n    def check_name(conn, cert, errno, depth, ok):\n"
        "        return ok and (depth > 0 or cert.get_subject().CN == EXPECTED)\n"
    )
    assert spans(callback) == []
    server = VERIFIED.replace("conn.set_connect_state()", "conn.set_accept_state()")
    assert spans(server) == []


def test_connection_set_verify_without_verify_peer() -> None:
    code = """
        import socket
        from OpenSSL import SSL

        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_verify(SSL.VERIFY_PEER)
        conn = SSL.Connection(ctx, socket.socket())
        conn.set_verify(SSL.VERIFY_NONE)
        conn.connect(("api.example", 443))
        verify_hostname(conn, "api.example")
    """
    assert spans(code) == [("SSL302", 7, 17, 32, PROVEN)]


# -- SSL305 -------------------------------------------------------------------


def test_obsolete_minimum_versions() -> None:
    code = """
        import OpenSSL.SSL
        from OpenSSL import SSL
        from OpenSSL.SSL import TLS1_VERSION

        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.set_min_proto_version(SSL.SSL3_VERSION)
        ctx.set_min_proto_version(TLS1_VERSION)
        ctx.set_min_proto_version(version=OpenSSL.SSL.TLS1_1_VERSION)
        ctx.set_min_proto_version(SSL.TLS1_2_VERSION)
        ctx.set_max_proto_version(SSL.TLS1_VERSION)
        ctx.set_min_proto_version(SSL.TLS1_3_VERSION)
    """
    assert [f for f in spans(code) if f[0] == "SSL305"] == [
        ("SSL305", 6, 27, 43, PROVEN),
        ("SSL305", 7, 27, 39, PROVEN),
        ("SSL305", 8, 27, 61, PROVEN),
        ("SSL305", 10, 27, 43, PROVEN),
    ]


def test_client_context_with_tls_1_2_method_is_read() -> None:
    code = CLIENT.replace("SSL.TLS_CLIENT_METHOD", "SSL.TLSv1_2_METHOD")
    assert spans(code) == [("SSL302", 6, 11, 22, PROVEN)]


FACTORY = """
    import socket
    from OpenSSL import SSL


    def make_context():
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_default_verify_paths()
        return ctx


    def fetch(host):
        conn = SSL.Connection(make_context(), socket.create_connection((host, 443)))
        conn.set_connect_state()


    class Client:
        def open(self, host):
            context = make_context()
            context.set_options(SSL.OP_NO_TICKET)
            self.conn = SSL.Connection(context, socket.socket())
            self.conn.connect((host, 443))
"""


def test_context_returned_by_a_factory_is_probable() -> None:
    assert spans(FACTORY) == [("SSL302", 6, 11, 22, PROBABLE)]
    message = scan(FACTORY)[0].message
    assert message.startswith("ctx = SSL.Context(...), returned by make_context(), is used")


def test_context_returned_by_a_factory_and_verified() -> None:
    verified = FACTORY.replace("ctx.set_default_verify_paths()", "ctx.set_verify(SSL.VERIFY_PEER)")
    assert spans(verified) == [
        ("SSL302", 12, 12, 26, PROBABLE),
        ("SSL302", 20, 21, 35, PROBABLE),
    ]
    configured_by_caller = FACTORY.replace(
        "context.set_options(SSL.OP_NO_TICKET)", "context.set_verify(SSL.VERIFY_PEER)"
    ).replace("conn.set_connect_state()", "conn.set_accept_state()")
    assert spans(configured_by_caller + "\n    verify_hostname(conn, host)\n") == []
    one_caller_verifies = FACTORY.replace(
        "context.set_options(SSL.OP_NO_TICKET)", "context.set_verify(SSL.VERIFY_PEER)"
    )
    assert spans(one_caller_verifies) == [
        ("SSL302", 6, 11, 22, PROBABLE),
        ("SSL302", 20, 21, 35, PROBABLE),
    ]
    messages = [f.message for f in scan(one_caller_verifies)]
    assert "(line 12)" in messages[0]
    assert "checks the host name" in messages[1]


def test_context_returned_by_a_factory_and_handed_on_stays_clean() -> None:
    for handed_on in ("configure(context)", "return context", "self.ctx = context"):
        code = FACTORY.replace("context.set_options(SSL.OP_NO_TICKET)", handed_on)
        assert spans(code) == [], handed_on
    never_called = FACTORY.split("def fetch")[0]
    assert spans(never_called) == []
    returned_again = FACTORY + "\n    def shared():\n        return make_context()\n"
    assert spans(returned_again) == []


def test_uses_in_statements_the_analysis_leaves_out_are_read() -> None:
    filler = "".join(f"\n        def step_{n}(self):\n            return {n}\n" for n in range(30))
    code = f"""
    import socket
    from OpenSSL import SSL


    class Client:
        def __init__(self):
            self.ctx = SSL.Context(SSL.SSLv23_METHOD)
        {filler}
        def open(self, host):
            conn = SSL.Connection(self.ctx, socket.socket())
            conn.connect((host, 443))
    """
    assert spans(code) == [("SSL302", 7, 20, 31, PROBABLE)]
    configured = code.replace("conn.connect", "configure(self.ctx)\n            conn.connect")
    assert spans(configured) == []


def test_connection_class_of_another_library_stays_clean() -> None:
    code = """
        from OpenSSL import SSL
        from mylib import Connection


        def fetch(host):
            ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
            conn = Connection(ctx, host)
            conn.connect()
    """
    assert spans(code) == []
    assert spans(
        code.replace("from mylib import Connection", "from OpenSSL.SSL import Connection")
    ) == [("SSL302", 6, 11, 22, PROVEN)]


def test_verified_context_on_self_used_by_another_method() -> None:
    code = """
        import socket
        from OpenSSL import SSL


        class Client:
            def __init__(self):
                self.ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
                self.ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT)

            def open(self, host):
                with SSL.Connection(self.ctx, socket.socket()) as conn:
                    conn.set_tlsext_host_name(host.encode())
                    conn.connect((host, 443))
    """
    assert spans(code) == [("SSL302", 11, 14, 28, PROBABLE)]
    stored = code.replace(
        "self.ctx.set_verify", "register(self.ctx)\n            self.ctx.set_verify"
    )
    assert spans(stored) == []
