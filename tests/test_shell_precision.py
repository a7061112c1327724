"""Shell values as the shell gives them, and switches that cannot matter (no TLS at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes


def _findings(text: str, path: str = "build.sh") -> list[tuple[str, int, int, int]]:
    result = scan_bytes(text.encode(), path, Config(root=Path(".")))
    assert not result.notices, result.notices
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for f in result.findings
    )


@pytest.mark.parametrize(
    "line",
    [
        'NPM_CONFIG_STRICT_SSL="false\\"" npm install',
        'export PYTHONHTTPSVERIFY="0\\""',
        'export NODE_TLS_REJECT_UNAUTHORIZED="0\\""',
        'CONDA_SSL_VERIFY="\'false" conda install x',
    ],
)
def test_escaped_quote_is_part_of_the_value(line: str) -> None:
    assert _findings(f"#!/bin/sh\n{line}\n") == []


def test_quoted_values_that_do_switch_off_still_count() -> None:
    text = (
        "#!/bin/sh\n"
        'NPM_CONFIG_STRICT_SSL="false" npm install\n'
        "export PYTHONHTTPSVERIFY='0'\n"
        'export NODE_TLS_REJECT_UNAUTHORIZED="\\0"\n'  # the shell gives `\0`: not 0
    )
    assert _findings(text) == [("SSL204", 2, 1, 22), ("SSL205", 3, 8, 25)]


def test_escaped_quote_in_a_dockerfile_run() -> None:
    text = (
        "FROM node:20\n"
        'RUN NPM_CONFIG_STRICT_SSL="false\\"" npm ci\n'
        "RUN NPM_CONFIG_STRICT_SSL=false npm ci\n"
    )
    assert _findings(text, "Dockerfile") == [("SSL204", 3, 5, 26)]


@pytest.mark.parametrize(
    "line",
    [
        "curl -k http://localhost:5601/api/status",
        "curl -fsS --insecure -o /tmp/s http://kibana:5601/api/status",
        "curl -k --url http://a/x",
        "wget --no-check-certificate --max-redirect=0 http://a/x",
        "wget --max-redirect 0 --no-check-certificate -O - http://a/x",
    ],
)
def test_plain_http_without_redirects_is_no_tls(line: str) -> None:
    assert _findings(f"#!/bin/sh\n{line}\n") == []


@pytest.mark.parametrize(
    ("line", "rule", "flag"),
    [
        ("curl -kL http://localhost:5601/api/status", "SSL201", "-kL"),
        ("curl -k --location http://a/x", "SSL201", "-k"),
        ("curl -k http://a/x https://b/y", "SSL201", "-k"),
        ("curl -k $URL", "SSL201", "-k"),
        ("curl -k -K urls.cfg http://a/x", "SSL201", "-k"),
        ("curl -k example.com", "SSL201", "-k"),
        ("curl --proxy-insecure -x https://p:3128 http://a/x", "SSL201", "--proxy-insecure"),
        ("wget --no-check-certificate http://a/x", "SSL202", "--no-check-certificate"),
        (
            "wget --no-check-certificate --max-redirect=3 http://a/x",
            "SSL202",
            "--no-check-certificate",
        ),
        (
            "wget --no-check-certificate --max-redirect=0 https://a/x",
            "SSL202",
            "--no-check-certificate",
        ),
    ],
)
def test_tls_may_happen(line: str, rule: str, flag: str) -> None:
    column = line.index(f" {flag} ") + 2
    assert _findings(f"#!/bin/sh\n{line}\n") == [(rule, 2, column, column + len(flag))]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("uv tool install --trusted-host pypi.org ruff", "SSL107"),
        ("uv sync --trusted-host pypi.org", "SSL107"),
        ("uv add --trusted-host pypi.org httpx", "SSL107"),
        ("uvx --trusted-host pypi.org ruff", "SSL107"),
        ("uv pip install --trusted-host pypi.org x", "SSL101"),
    ],
)
def test_uv_trusted_host_outside_uv_pip(line: str, rule: str) -> None:
    column = line.index("--trusted-host") + 1
    assert _findings(f"#!/bin/sh\n{line}\n") == [(rule, 2, column, column + 14)]
