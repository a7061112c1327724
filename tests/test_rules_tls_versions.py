"""SSL209: curl and wget forced onto an obsolete protocol, in every place a command runs."""

from __future__ import annotations

from python_helpers import scan


def hits(text: str, path: str) -> list[tuple[str, int, int, int]]:
    """(rule, line, start column, end column) of the SSL2xx findings of a file."""
    return [
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for f in scan(text, path)
        if f.rule_id.startswith("SSL2")
    ]


DOCKERFILE = """
    FROM debian:12
    ARG TLS_MAX=1.0
    RUN curl --tls-max 1.1 -fsSL https://legacy.example/install.sh -o install.sh
    RUN curl --sslv3 https://legacy.example/a && curl -3 -o out https://legacy.example/b
    RUN curl --tls-max "$TLS_MAX" https://legacy.example/c
    RUN ["curl", "--tls-max", "1.0", "https://legacy.example/d"]
    RUN wget --secure-protocol=SSLv3 https://legacy.example/e \\
     && wget --secure-protocol TLSv1_1 https://legacy.example/f
    RUN wget -e secure_protocol=TLSv1 https://legacy.example/g
    RUN curl --tlsv1.0 https://modern.example/ok
    RUN curl --tlsv1.1 --tls-max 1.3 https://modern.example/ok
    RUN curl --tls-max=1.2 https://modern.example/ok
    RUN wget --secure-protocol=auto https://modern.example/ok
    RUN wget --secure-protocol=TLSv1_2 https://modern.example/ok
    RUN echo curl --tls-max 1.0
"""


def test_dockerfile_forms() -> None:
    assert hits(DOCKERFILE, "Dockerfile") == [
        ("SSL209", 2, 13, 16),
        ("SSL209", 3, 20, 23),
        ("SSL209", 4, 10, 17),
        ("SSL209", 4, 51, 53),
        ("SSL209", 6, 28, 31),
        ("SSL209", 7, 10, 33),
        ("SSL209", 8, 28, 35),
        ("SSL209", 9, 13, 34),
    ]


def test_variable_finding_names_its_use() -> None:
    (finding,) = [f for f in scan(DOCKERFILE, "Dockerfile") if f.span.start_line == 2]
    assert "$TLS_MAX" in finding.message and "TLS 1.0" in finding.message


def test_shell_script_and_minimum_only_options() -> None:
    script = """
        #!/bin/sh
        MAX=1.1
        curl --tlsv1.0 --tls-max "$MAX" \\
            https://legacy.example/x
        curl -1 https://modern.example/ok
        curl --tlsv1 https://modern.example/ok
    """
    assert hits(script, "scripts/fetch.sh") == [("SSL209", 2, 5, 8)]


def test_curlrc_and_wgetrc() -> None:
    curlrc = "tls-max = 1.0\nsslv3\n--tls-max 1.2\ntlsv1.0\n"
    assert hits(curlrc, ".curlrc") == [("SSL209", 1, 1, 8), ("SSL209", 2, 1, 6)]
    wgetrc = "secure_protocol = SSLv3\nsecureprotocol = TLSv1_3\n"
    assert hits(wgetrc, ".wgetrc") == [("SSL209", 1, 1, 16)]


def test_curl_rejects_k_with_equals_sign() -> None:
    # curl reads `-k=1` as -k followed by the unknown option `=`: it exits without a transfer.
    assert hits("curl -k=1 https://a.example/x\ncurl -sk https://a.example/y\n", "a.sh") == [
        ("SSL201", 2, 6, 9)
    ]


def test_python_subprocess_argv() -> None:
    code = """
        import subprocess
        subprocess.run(["curl", "--tls-max", "1.0", "https://legacy.example/x"], check=True)
        subprocess.run(["curl", "--tls-max", "1.3", "https://modern.example/x"], check=True)
    """
    assert hits(code, "tools/fetch.py") == [("SSL209", 2, 39, 42)]
