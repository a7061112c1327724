"""SSL107 uv, SSL108 poetry, SSL109 Pipfile/pdm, SSL110 pixi, SSL205, and their SSL102 forms."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.facts import Scope
from sslint.rules import pixi, poetry, python_env, uv
from tests._facts import FactBuilder, run


def _scan(path: str, text: str, config: Optional[Config] = None) -> list[tuple]:
    result = scan_bytes(text.encode(), path, config or Config(root=Path(".")))
    assert not result.notices, result.notices
    return [
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for f in result.findings
    ]


def test_uv_commands() -> None:
    text = (
        "uv sync --frozen --allow-insecure-host pypi.corp.example\n"
        "uv pip install --system --trusted-host pypi.corp.example corp-plugin\n"
        "uv lock --trusted-host=pypi.corp.example\n"
        "uvx --allow-insecure-host=h ruff\n"
        "uv pip install -i http://pypi.corp.example/simple x\n"
        "uv add --index corp=http://pypi.corp.example/simple x\n"
        "uv sync --native-tls\n"
        "uv pip install --index-url https://pypi.org/simple x\n"
    )
    assert run(uv.CHECKER, FactBuilder(text).commands()) == [
        ("SSL101", 2, 25, 39),
        ("SSL102", 5, 19, 50),
        ("SSL102", 6, 16, 52),
        ("SSL107", 1, 18, 39),
        ("SSL107", 3, 9, 41),
        ("SSL107", 4, 5, 28),
    ]


def test_uv_run_options_before_the_command() -> None:
    text = (
        "uv run --allow-insecure-host pypi.org pytest\n"
        "uv run --trusted-host pypi.org pytest\n"
        "uv run --trusted-host=pypi.org pytest\n"
        "uv run --with requests --trusted-host pypi.org python x.py\n"
        "uv run --python 3.12 --trusted-host pypi.org\n"
        "uv run pytest --trusted-host pypi.org\n"
        "uv run --native-tls --with requests python x.py\n"
        "uv run -- tool --allow-insecure-host pypi.org\n"
    )
    assert run(uv.CHECKER, FactBuilder(text).commands()) == [
        ("SSL107", 1, 8, 29),
        ("SSL107", 2, 8, 22),
        ("SSL107", 3, 8, 31),
        ("SSL107", 4, 24, 38),
        ("SSL107", 5, 22, 36),
    ]


def test_uv_run_command_is_still_read() -> None:
    text = "uv run --with httpx curl -k https://x.example.com\nuv run --frozen pytest -k slow\n"
    assert _scan("run.sh", text) == [("SSL201", 1, 26, 28)]


def test_uv_environment() -> None:
    fb = FactBuilder(
        "UV_INSECURE_HOST=pypi.corp.example\nUV_INDEX_URL=http://pypi.corp.example/simple\n"
        "UV_NATIVE_TLS=1\nUV_INDEX=corp=http://a.corp.example/s\n"
    )
    fb.env(1, "UV_INSECURE_HOST", Scope.WORKFLOW, "pypi.corp.example")
    fb.env(2, "UV_INDEX_URL", Scope.IMAGE, "http://pypi.corp.example/simple")
    fb.env(3, "UV_NATIVE_TLS", Scope.IMAGE, "1")
    fb.env(4, "UV_INDEX", Scope.IMAGE, "corp=http://a.corp.example/s")
    assert run(uv.CHECKER, fb.facts) == [
        ("SSL102", 2, 1, 13),
        ("SSL102", 4, 1, 9),
        ("SSL107", 1, 1, 17),
    ]


def test_uv_toml_and_pyproject() -> None:
    uv_toml = (
        "allow-insecure-host = [\n"
        '  "pypi.corp.example",\n'
        "]\n"
        "native-tls = false\n"
        "[[index]]\n"
        'url = "http://pypi.corp.example/simple"\n'
        "[pip]\n"
        'extra-index-url = ["https://pypi.org/simple", "http://b.corp.example/s"]\n'
    )
    assert _scan("uv.toml", uv_toml) == [
        ("SSL107", 1, 1, 20),
        ("SSL102", 6, 8, 39),
        ("SSL102", 8, 48, 71),
    ]
    pyproject = (
        "[tool.uv]\n"
        "native-tls = true\n"
        'allow-insecure-host = ["pypi.corp.example"]\n'
        "[[tool.uv.index]]\n"
        'url = "https://pypi.org/simple"\n'
        "[project]\n"
        'urls = { homepage = "http://corp.example/" }\n'
    )
    assert _scan("pyproject.toml", pyproject) == [("SSL107", 3, 1, 20)]
    allowed = Config(root=Path("."), allowed_hosts=("pypi.corp.example",))
    assert _scan("pyproject.toml", pyproject, allowed) == []


def test_poetry() -> None:
    text = (
        "poetry config certificates.corp.cert false\n"
        "poetry config --local certificates.legacy.cert false\n"
        "poetry config certificates.mirror.cert /etc/ssl/certs/corp.pem\n"
        "poetry source add corp http://pypi.corp.example/simple\n"
    )
    assert run(poetry.CHECKER, FactBuilder(text).commands()) == [
        ("SSL102", 4, 24, 55),
        ("SSL108", 1, 15, 37),
        ("SSL108", 2, 23, 47),
    ]
    fb = FactBuilder("POETRY_CERTIFICATES_CORP_CERT=false\nPOETRY_CERTIFICATES_X_CERT=/a.pem\n")
    fb.env(1, "POETRY_CERTIFICATES_CORP_CERT", Scope.JOB, "false")
    fb.env(2, "POETRY_CERTIFICATES_X_CERT", Scope.JOB, "/a.pem")
    assert run(poetry.CHECKER, fb.facts) == [("SSL108", 1, 1, 30)]
    poetry_toml = (
        "certificates.legacy.cert = false\n"
        "[certificates.corp]\n"
        "cert = false\n"
        "client-cert = false\n"
        "[certificates.mirror]\n"
        'cert = "/etc/ssl/certs/corp.pem"\n'
    )
    assert _scan("poetry.toml", poetry_toml) == [("SSL108", 1, 1, 25), ("SSL108", 3, 1, 5)]
    pyproject = (
        "[[tool.poetry.source]]\n"
        'name = "corp"\n'
        'url = "http://pypi.corp.example/simple"\n'
        "[[tool.poetry.source]]\n"
        'url = "https://pypi.org/simple"\n'
    )
    assert _scan("pyproject.toml", pyproject) == [("SSL102", 3, 8, 39)]


def test_pipfile_and_pdm_sources() -> None:
    pipfile = (
        "[[source]]\n"
        'url = "https://pypi.org/simple"\n'
        "verify_ssl = true\n"
        "[[source]]\n"
        'url = "http://pypi.corp.example/simple"\n'
        "verify_ssl = false\n"
        "[packages]\n"
        'verify_ssl = "false"\n'
    )
    assert _scan("Pipfile", pipfile) == [("SSL102", 5, 8, 39), ("SSL109", 6, 1, 11)]
    pdm = (
        "[[tool.pdm.source]]\n"
        'url = "https://pypi.corp.example/simple"\n'
        "verify_ssl = false\n"
        "[tool.other]\n"
        "verify_ssl = false\n"
    )
    assert _scan("pyproject.toml", pdm) == [("SSL109", 3, 1, 11)]


def test_pixi() -> None:
    config = 'tls-no-verify = true\n[mirrors]\n"https://a" = ["https://b"]\n'
    assert _scan(".pixi/config.toml", config) == [("SSL110", 1, 1, 14)]
    assert _scan(".pixi/config.toml", "tls-no-verify = false\n") == []
    text = "pixi install --tls-no-verify\npixi config set tls-no-verify true\npixi install\n"
    assert run(pixi.CHECKER, FactBuilder(text).commands()) == [
        ("SSL110", 1, 14, 29),
        ("SSL110", 2, 17, 30),
    ]


def test_python_env() -> None:
    fb = FactBuilder(
        "PYTHONHTTPSVERIFY=0\nPYTHONHTTPSVERIFY=1\nCURL_CA_BUNDLE=\nREQUESTS_CA_BUNDLE=\n"
        "CURL_CA_BUNDLE=/etc/ssl/corp.pem\n"
    )
    fb.env(1, "PYTHONHTTPSVERIFY", Scope.IMAGE, "0")
    fb.env(2, "PYTHONHTTPSVERIFY", Scope.IMAGE, "1")
    fb.env(3, "CURL_CA_BUNDLE", Scope.IMAGE, "")
    fb.env(4, "REQUESTS_CA_BUNDLE", Scope.IMAGE, "")
    fb.env(5, "CURL_CA_BUNDLE", Scope.IMAGE, "/etc/ssl/corp.pem")
    assert run(python_env.CHECKER, fb.facts) == [("SSL205", 1, 1, 18), ("SSL205", 3, 1, 15)]


def test_poetry_source_add_with_options() -> None:
    text = "poetry source add --priority supplemental corp http://pypi.corp.example/simple\n"
    assert run(poetry.CHECKER, FactBuilder(text).commands()) == [("SSL102", 1, 48, 79)]


def test_pixi_channels_and_indexes() -> None:
    manifest = (
        "[workspace]\n"
        'channels = ["http://conda.corp.example/main", "conda-forge"]\n'
        "[pypi-options]\n"
        'index-url = "http://pypi.corp.example/simple"\n'
        "[feature.gpu]\n"
        'channels = ["https://conda.corp.example/gpu"]\n'
    )
    assert _scan("pixi.toml", manifest) == [("SSL102", 2, 14, 44), ("SSL102", 4, 14, 45)]
