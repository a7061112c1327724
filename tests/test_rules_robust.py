"""No rule raises on odd argument lists, values or settings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import Scope
from sslint.rules import checkers
from tests._facts import FactBuilder

PROGRAMS = [
    "pip",
    "pip-compile",
    "pipx",
    "uv",
    "uvx",
    "conda",
    "micromamba",
    "poetry",
    "pdm",
    "pixi",
    "curl",
    "wget",
    "git",
    "npm",
    "yarn",
    "apt-get",
    "dnf",
    "rpm",
    "apk",
    "kubectl",
    "ansible-galaxy",
]
PIECES = [
    "-",
    "--",
    "=",
    "-k",
    "-o",
    "-c",
    "-e",
    "-i",
    "config",
    "set",
    "--set",
    "install",
    "pip",
    "ssl_verify",
    "http.sslVerify=false",
    "--trusted",
    "--pip-args=",
    "--setopt=",
    "http://",
    "a=b=c",
    "'",
    '"',
    "strict-ssl",
    "false",
    "0",
    "--insecure-skip-tls-verify=",
    "certificates.x.cert",
    "source",
    "add",
    "runpip",
    "--index",
    "x=http://h/",
]
KINDS = [
    kinds.PIP_CONF,
    kinds.CONDARC,
    kinds.CONDA_ENV,
    kinds.PIPFILE,
    kinds.PYPROJECT,
    kinds.UV_TOML,
    kinds.POETRY_TOML,
    kinds.PIXI,
    kinds.NPMRC,
    kinds.YARNRC_YML,
    kinds.GITCONFIG,
    kinds.CURLRC,
    kinds.WGETRC,
    kinds.APT_CONF,
    kinds.APT_SOURCES,
    kinds.YUM_REPO,
    kinds.KUBECONFIG,
    kinds.ANSIBLE_CFG,
    "ansible",
]
KEYS = [
    "trusted-host",
    "index-url",
    "ssl_verify",
    "channels",
    "verify_ssl",
    "url",
    "allow-insecure-host",
    "cert",
    "tls-no-verify",
    "strict-ssl",
    "sslVerify",
    "-k",
    "check_certificate",
    "Acquire::https::Verify-Peer",
    "trusted",
    "gpgcheck",
    "insecure-skip-tls-verify",
    "validate_certs",
    "ignore_certs",
    "extra_args",
]
ENV = [
    "PIP_TRUSTED_HOST",
    "PIP_INDEX_URL",
    "SSL_NO_VERIFY",
    "CONDA_SSL_VERIFY",
    "GIT_SSL_NO_VERIFY",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_KEY_0",
    "GIT_CONFIG_VALUE_0",
    "UV_INDEX",
    "POETRY_CERTIFICATES_X_CERT",
    "NODE_TLS_REJECT_UNAUTHORIZED",
    "CURL_CA_BUNDLE",
]

words = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text("-=.:/'\"kxh0 ", max_size=6)).map(
        lambda w: w.replace(" ", "") or "x"
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    program=st.sampled_from(PROGRAMS),
    args=words,
    kind=st.sampled_from(KINDS),
    key=st.sampled_from(KEYS),
    section=st.lists(st.sampled_from(["global", "tool", "uv", "pdm", "source", "0", "http"])),
    value=st.text("-=.:/'\"kxh0 truefalsyon", max_size=12),
    env_name=st.sampled_from(ENV),
    scope=st.sampled_from(list(Scope)),
)
def test_rules_never_raise(
    program: str,
    args: list[str],
    kind: str,
    key: str,
    section: list[str],
    value: str,
    env_name: str,
    scope: Scope,
) -> None:
    line = " ".join([program, *args])
    text = f"{line}\n{key} {value}\n{env_name}={value}\n"
    fb = FactBuilder(text)
    fb.command(1)
    fb.setting(kind, 2, key, value, tuple(section), items=[(key, 2)])
    fb.env(3, env_name, scope, value)
    for checker in checkers():
        for finding in checker.check(fb.facts, Config()):
            assert 1 <= finding.span.start_line <= 3
