"""What the fuzzers feed to sslint and what counts as a crash.

An input is one byte that picks a file name (and so the file kind and its
reader), followed by the file's content. `check` scans it with the prefilter
off, so every reader and every rule meets every input, and raises
`FuzzFailure` when sslint would crash, report an internal error, or put a
finding outside the file.
"""

from __future__ import annotations

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.source import Source, decode

# Append only: the first byte of every corpus file indexes this list.
NAMES: tuple[str, ...] = (
    "Dockerfile",
    "run.sh",
    "app.py",
    ".github/workflows/ci.yml",
    "action.yml",
    ".gitlab-ci.yml",
    "pip.conf",
    "requirements.txt",
    ".condarc",
    "environment.yml",
    "Pipfile",
    "pyproject.toml",
    "uv.toml",
    "poetry.toml",
    "pixi.toml",
    "Makefile",
    "tox.ini",
    "docker-compose.yml",
    "values.yaml",
    ".env",
    ".npmrc",
    ".gitconfig",
    ".curlrc",
    ".wgetrc",
    "azure-pipelines.yml",
    ".circleci/config.yml",
    "bitbucket-pipelines.yml",
    ".travis.yml",
    "Jenkinsfile",
    "package.json",
    "apt.conf",
    "corp.repo",
    "kubeconfig",
    "ansible.cfg",
    "script",
)

CONFIG = Config()


class FuzzFailure(AssertionError):
    """sslint misbehaved on an input."""


def split(data: bytes) -> tuple[str, bytes]:
    """The file name an input picks and the file's content."""
    if not data:
        return NAMES[0], b""
    return NAMES[data[0] % len(NAMES)], data[1:]


def join(name: str, content: bytes) -> bytes:
    """The input that scans `content` as a file called `name`."""
    return bytes([NAMES.index(name)]) + content


def check(data: bytes) -> None:
    """Scan one input; raise FuzzFailure on an internal error or a finding off the file."""
    name, content = split(data)
    result = scan_bytes(content, name, CONFIG, prefilter=False)
    for notice in result.notices:
        if "internal error" in notice.message or "\n" in notice.message:
            raise FuzzFailure(f"{name}: {notice.message}")
    if not result.findings:
        return
    size = len(Source(name, decode(content).text).text)
    for finding in result.findings:
        span = finding.span
        if not (0 <= span.start <= span.end <= size) or span.start_line < 1:
            raise FuzzFailure(f"{name}: {finding.rule_id} span {span} outside a file of {size}")
        if finding.statement.first > finding.statement.last:
            raise FuzzFailure(f"{name}: {finding.rule_id} statement {finding.statement}")
