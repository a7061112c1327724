"""What the fuzz tests generate and what they check on every result.

`TOKENS` holds, per family of file kinds, the syntax that stresses a reader
(quotes, continuations, heredocs, anchors, tables) and the words that make
rules fire, so random files reach deep into readers and rules. `check_facts`
and `check_findings` hold the invariants: spans inside the file, ordered, and
every copied character of a value mapped back onto the same character.
"""

from __future__ import annotations

from typing import Optional

from hypothesis import strategies as st

from sslint.linter import kinds
from sslint.linter.facts import FileFacts, Word
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange, Source, Span, View

_SHELL = [
    "pip install ",
    "--trusted-host ",
    "--trusted-host=h ",
    "pypi.corp.example",
    "python -m pip ",
    "conda config --set ssl_verify false",
    "curl -k ",
    "wget --no-check-certificate ",
    "git -c http.sslVerify=false ",
    "export SSL_NO_VERIFY=1",
    "unset SSL_NO_VERIFY",
    "PIP_TRUSTED_HOST=h ",
    "X=--trusted-host ",
    "$X",
    "${X:-y}",
    '"$@"',
    "sh -c '",
    'bash -c "',
    "python -c '",
    "$(",
    "`",
    ")",
    "'",
    '"',
    "\\",
    "\\\n",
    "<<EOF\n",
    "<<-'EOF'\n",
    "EOF\n",
    "cat > pip.conf <<EOF\n[global]\ntrusted-host = h\n",
    "|",
    "&&",
    "||",
    ";",
    "&",
    "{",
    "}",
    "(",
    "f() { ",
    "if true; then ",
    "fi",
    "for a in b; do ",
    "done",
    "case x in a) ",
    ";;",
    "esac",
    "arr=(",
    "${arr[@]}",
    "sudo ",
    "env ",
    "# ",
    "\n",
    " ",
    "\t",
    "\r\n",
]

_DOCKERFILE = [
    "FROM python:3.12\n",
    "FROM base AS b\n",
    "RUN ",
    'RUN ["pip", "install", "--trusted-host", "h"]\n',
    "ENV ",
    "ENV A=1 B=2\n",
    "ARG ",
    "ARG PIP_TRUSTED_HOST=h\n",
    "COPY <<EOF /etc/pip.conf\n",
    'SHELL ["/bin/bash", "-c"]\n',
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "`\n",
    "ONBUILD RUN ",
    "HEALTHCHECK CMD ",
    "\\\n",
    *_SHELL,
]

_YAML = [
    "key: ",
    "script:\n",
    "  - ",
    "    - ",
    "run: |\n",
    "run: >-\n",
    "  run: ",
    "steps:\n",
    "jobs:\n",
    "  j:\n",
    "env:\n",
    "variables:\n",
    "before_script:\n",
    "shell: python\n",
    "ssl_verify: false\n",
    "verify_ssl: 'no'\n",
    "channels:\n",
    "  - http://conda.corp.example\n",
    "PIP_TRUSTED_HOST: h\n",
    "SSL_NO_VERIFY: '1'\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "!reference [a, b]",
    "!!binary ",
    "!custom ",
    "{",
    "}",
    "[",
    "]",
    ",",
    ": ",
    "- ",
    "? ",
    "|",
    ">",
    "'",
    '"',
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "#",
    "\n",
    "  ",
    "\t",
    *_SHELL[:12],
]

_TOML = [
    "[tool.uv]\n",
    "[tool.pdm]\n",
    "[[tool.pdm.source]]\n",
    "[[source]]\n",
    "[tool.poetry]\n",
    "[certificates.corp]\n",
    "cert = false\n",
    "verify_ssl = false\n",
    "tls-no-verify = true\n",
    'allow-insecure-host = ["h"]\n',
    'url = "http://pypi.corp.example/simple"\n',
    'index-url = "http://x"\n',
    "a.b.c = 1\n",
    '"quoted key" = ',
    "x = ",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    ".",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u00e9",
    "true",
    "false",
    "1979-05-27",
    "1_000",
    "inf",
    "#",
    "\n",
    " ",
]

_INI = [
    "[global]\n",
    "[install]\n",
    "trusted-host = ",
    "trusted_host=",
    "pypi.corp.example",
    "\n  files.pythonhosted.org\n",
    "index-url = http://x\n",
    "cert = /etc/ca.pem\n",
    "--trusted-host ",
    "--trusted-host=",
    "-i http://pypi.corp.example/simple\n",
    "--extra-index-url ",
    "-r other.txt\n",
    "-e .\n",
    "requests==2.0 ",
    "--hash=sha256:abc ",
    "\\\n",
    "; ",
    "# ",
    "=",
    ":",
    "[",
    "]",
    "%(x)s",
    "\n",
    " ",
    "\t",
]

_PYTHON = [
    "import requests\n",
    "import ssl\n",
    "import subprocess, os\n",
    "from requests import get as g\n",
    "requests.get(u, verify=False)\n",
    "g(u, verify=False)",
    "ssl._create_unverified_context()",
    "ssl.CERT_NONE",
    "ctx.check_hostname = False\n",
    "subprocess.run(['pip', 'install', '--trusted-host', 'h'])\n",
    "os.system('pip install --trusted-host h')\n",
    "os.environ['SSL_NO_VERIFY'] = '1'\n",
    "s = requests.Session()\ns.verify = False\n",
    "kw = {'verify': False}\nrequests.get(u, **kw)\n",
    "def f(",
    "class C:\n",
    "    ",
    "lambda: ",
    "):\n",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "=",
    "'",
    '"',
    '"""',
    "f'{",
    "\\\n",
    "# coding: latin-1\n",
    "#",
    "\n",
    " ",
    "\t",
]

# Whole lines that parse on their own, for formats where a random soup never parses.
_PYTHON_LINES = [
    "import requests, ssl, subprocess, os, urllib3, httpx",
    "from requests import Session as S, get",
    "import requests as r",
    "VERIFY = False",
    "OPTS = {'verify': VERIFY}",
    "r.get('https://pypi.org', verify=False)",
    "get(u, **OPTS)",
    "s = S(); s.verify = VERIFY",
    "ctx = ssl.create_default_context(); ctx.verify_mode = ssl.CERT_NONE",
    "ssl._create_default_https_context = ssl._create_unverified_context",
    "urllib3.disable_warnings()",
    "httpx.Client(verify=False)",
    "subprocess.run(['pip', 'install', '--trusted-host', 'pypi.corp.example', 'x'])",
    "subprocess.check_call('pip install --trusted-host h x', shell=True)",
    "subprocess.run(['conda', 'install'], env={'SSL_NO_VERIFY': '1'})",
    "os.environ['PIP_TRUSTED_HOST'] = 'pypi.corp.example'",
    "os.environ.setdefault('SSL_NO_VERIFY', '1')",
    "os.system('curl -k https://x')",
    "def f(verify=False):\n    return requests.get(u, verify=verify)",
    "class C:\n    def __init__(self):\n        self.verify = False",
    "if x:\n    requests.get(u, verify=False)",
    "lambda: requests.post(u, verify=False)",
    "x = [requests.get(u, verify=v) for v in (False,)]",
    "functools.partial(requests.get, verify=False)",
]

_TOML_LINES = [
    "[tool.uv]",
    "[tool.pdm]",
    "[[tool.pdm.source]]",
    "[[source]]",
    "[tool.pixi]",
    "[certificates.corp]",
    "[tool.poetry.source]",
    "cert = false",
    "verify_ssl = false",
    "verify_ssl = 'false'",
    "tls-no-verify = true",
    'allow-insecure-host = ["pypi.corp.example", "files.pythonhosted.org"]',
    'url = "http://pypi.corp.example/simple"',
    'index-url = "http://x/simple"',
    'extra-index-url = ["http://x"]',
    "index = [{ url = 'http://x', name = 'corp' }]",
    "certificates.corp.cert = false",
    'name = "corp"',
    '"quoted.key" = 1',
    "a = { b = { c = [1, [2, {d = 3}]] } }",
    'multi = """',
    'line"""',
]

_YAML_LINES = [
    "variables:",
    "  PIP_TRUSTED_HOST: pypi.corp.example",
    "  SSL_NO_VERIFY: '1'",
    "env:",
    "  PIP_INDEX_URL: http://x/simple",
    "job:",
    "  script:",
    "    - pip install --trusted-host pypi.corp.example x",
    "    - export SSL_NO_VERIFY=1",
    "    - |",
    "      conda config --set ssl_verify false",
    "      curl -k https://x",
    "jobs:",
    "  build:",
    "    steps:",
    "      - run: pip install --trusted-host h x",
    "      - run: |",
    "          git -c http.sslVerify=false clone x",
    "        shell: bash",
    "        env:",
    "          GIT_SSL_NO_VERIFY: 'true'",
    "ssl_verify: false",
    "channels:",
    "  - http://conda.corp.example",
    "dependencies:",
    "  - pip:",
    "    - --trusted-host pypi.corp.example",
    ".base: &base",
    "  before_script: [pip install --trusted-host h x]",
    "other:",
    "  <<: *base",
    "  script: !reference [.base, before_script]",
    "---",
]

_LINES: dict[str, list[str]] = {
    kinds.PYTHON: _PYTHON_LINES,
}

# Pipeline and dev-environment files: their keys, Jinja, JSON with comments.
_PIPELINE_YAML = [
    *_YAML,
    "commands:",
    "command: |",
    "cmds:",
    "runcmd:",
    "- [curl, -k, x]",
    "write_files:",
    "- path: /etc/pip.conf",
    "content: |",
    "entrypoint: bash",
    "args: ['-c', 'curl -k x']",
    "environment:",
    "clone:",
    "skip_verify: true",
    "- cmd: pip install --trusted-host h x",
    "phases:",
    "tasks:",
    "{{.HOST}}",
    "sh: git rev-parse HEAD",
]
_JINJA_YAML = [
    *_PIPELINE_YAML,
    "{% set h = 'x' %}",
    "{{ h }}",
    "{{ PYTHON }}",
    "{% if x %}",
    "{% endif %}",
    "{#",
    "cmd.run:",
    "- name: ",
]
_JSONC = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "//",
    "/*",
    "*/",
    "\n",
    '"postCreateCommand"',
    '"onCreateCommand"',
    '"containerEnv"',
    '"build"',
    '"args"',
    '"\\u0041\\"x"',
    '"curl -k https://x"',
    '["pip", "install", "--trusted-host", "h"]',
    '"PIP_TRUSTED_HOST"',
    '"env"',
    '"command"',
]

_PACKER_JSON = [
    *_JSONC,
    '"builders"',
    '"provisioners"',
    '"type"',
    '"shell"',
    '"shell-local"',
    '"amazon-ebs"',
    '"inline"',
    '"environment_vars"',
    '"SSL_NO_VERIFY=1"',
    '"insecure_skip_tls_verify"',
    "true",
    '"{{user `x`}}"',
]

_FAMILY: dict[str, list[str]] = {
    kinds.PACKER_JSON: _PACKER_JSON,
    kinds.SALT: _JINJA_YAML,
    kinds.CONDA_RECIPE: _JINJA_YAML,
    kinds.DEVCONTAINER: _JSONC,
    kinds.JSON_FALLBACK: _JSONC,
    kinds.BUILDKITE: _PIPELINE_YAML,
    kinds.DRONE: _PIPELINE_YAML,
    kinds.WOODPECKER: _PIPELINE_YAML,
    kinds.APPVEYOR: _PIPELINE_YAML,
    kinds.CODEBUILD: _PIPELINE_YAML,
    kinds.CLOUDBUILD: _PIPELINE_YAML,
    kinds.GITPOD: _PIPELINE_YAML,
    kinds.CLOUD_INIT: _PIPELINE_YAML,
    kinds.TASKFILE: _PIPELINE_YAML,
    kinds.PRE_COMMIT: _PIPELINE_YAML,
    kinds.SHELL: _SHELL,
    kinds.DOCKERFILE: _DOCKERFILE,
    kinds.PYTHON: _PYTHON,
    kinds.PIP_CONF: _INI,
    kinds.REQUIREMENTS: _INI,
    kinds.TOX: _INI,
    kinds.GITCONFIG: _INI,
    kinds.NPMRC: _INI,
    kinds.CURLRC: _INI,
    kinds.WGETRC: _INI,
    kinds.MAKEFILE: _SHELL,
    kinds.DOTENV: _INI,
}

# A file name of every kind, for detection through the whole engine.
FILE_NAMES: dict[str, str] = {
    kinds.DOCKERFILE: "Dockerfile",
    kinds.SHELL: "run.sh",
    kinds.PYTHON: "app.py",
    kinds.GITHUB_WORKFLOW: ".github/workflows/ci.yml",
    kinds.GITHUB_ACTION: "action.yml",
    kinds.GITLAB_CI: ".gitlab-ci.yml",
    kinds.AZURE_PIPELINES: "azure-pipelines.yml",
    kinds.CIRCLECI: ".circleci/config.yml",
    kinds.BITBUCKET: "bitbucket-pipelines.yml",
    kinds.TRAVIS: ".travis.yml",
    kinds.JENKINSFILE: "Jenkinsfile",
    kinds.MAKEFILE: "Makefile",
    kinds.TOX: "tox.ini",
    kinds.COMPOSE: "docker-compose.yml",
    kinds.YAML: "values.yaml",
    kinds.DOTENV: ".env",
    kinds.PACKAGE_JSON: "package.json",
    kinds.PIP_CONF: "pip.conf",
    kinds.REQUIREMENTS: "requirements.txt",
    kinds.CONDARC: ".condarc",
    kinds.CONDA_ENV: "environment.yml",
    kinds.PIPFILE: "Pipfile",
    kinds.PYPROJECT: "pyproject.toml",
    kinds.UV_TOML: "uv.toml",
    kinds.TOX_TOML: "tox.toml",
    kinds.POETRY_TOML: "poetry.toml",
    kinds.PIXI: "pixi.toml",
    kinds.NPMRC: ".npmrc",
    kinds.YARNRC: ".yarnrc",
    kinds.YARNRC_YML: ".yarnrc.yml",
    kinds.GITCONFIG: ".gitconfig",
    kinds.CURLRC: ".curlrc",
    kinds.WGETRC: ".wgetrc",
    kinds.APT_CONF: "apt.conf",
    kinds.APT_SOURCES: "sources.list",
    kinds.YUM_REPO: "corp.repo",
    kinds.KUBECONFIG: "kubeconfig",
    kinds.ANSIBLE_CFG: "ansible.cfg",
    kinds.POWERSHELL: "build.ps1",
    kinds.BATCH: "build.bat",
    kinds.BUILDKITE: ".buildkite/pipeline.yml",
    kinds.DRONE: ".drone.yml",
    kinds.WOODPECKER: ".woodpecker.yml",
    kinds.APPVEYOR: "appveyor.yml",
    kinds.CODEBUILD: "buildspec.yml",
    kinds.CLOUDBUILD: "cloudbuild.yaml",
    kinds.DEVCONTAINER: ".devcontainer/devcontainer.json",
    kinds.GITPOD: ".gitpod.yml",
    kinds.CLOUD_INIT: "cloud-init.yaml",
    kinds.TASKFILE: "Taskfile.yml",
    kinds.CONDA_RECIPE: "recipe/meta.yaml",
    kinds.PRE_COMMIT: ".pre-commit-config.yaml",
    kinds.SALT: "salt/init.sls",
    kinds.CONFIG_FALLBACK: "deploy/app.conf",
    kinds.JSON_FALLBACK: ".vscode/tasks.json",
    kinds.TOML_FALLBACK: "Cargo.toml",
    kinds.HCL_FALLBACK: "jobs/web.nomad",
    kinds.EARTHFILE: "Earthfile",
    kinds.JUSTFILE: "justfile",
    kinds.NIX: "shell.nix",
    kinds.PACKER: "image.pkr.hcl",
    kinds.PACKER_JSON: "packer.json",
    kinds.SETUP_CFG: "setup.cfg",
    kinds.TERRAFORM: "main.tf",
    kinds.VAGRANTFILE: "Vagrantfile",
}

_TOML_KINDS = (
    kinds.PIPFILE,
    kinds.PYPROJECT,
    kinds.UV_TOML,
    kinds.POETRY_TOML,
    kinds.PIXI,
    kinds.TOX_TOML,
    kinds.TOML_FALLBACK,
)


def tokens_for(kind: str) -> list[str]:
    """The token soup that stresses the reader of `kind`."""
    if kind in _FAMILY:
        return _FAMILY[kind]
    if kind in _TOML_KINDS:
        return _TOML
    if FILE_NAMES.get(kind, "").endswith((".yml", ".yaml", "kubeconfig", ".condarc")):
        return _YAML
    return _SHELL + _INI


def lines_for(kind: str) -> list[str]:
    """Whole lines of `kind` that parse on their own (for strict formats)."""
    if kind in _LINES:
        return _LINES[kind]
    if kind in _TOML_KINDS:
        return _TOML_LINES
    if any(tokens_for(kind) is family for family in (_YAML, _PIPELINE_YAML, _JINJA_YAML)):
        return _YAML_LINES
    return [line for token in tokens_for(kind) for line in token.splitlines() if line.strip()]


def texts_for(kind: str, max_size: int = 40) -> st.SearchStrategy[str]:
    """Random files of `kind`: a soup of its syntax, rule trigger words and arbitrary text,
    or well-formed lines with a few random edits (so strict parsers get past the first line)."""
    piece = st.one_of(
        st.sampled_from(tokens_for(kind)),
        st.sampled_from(tokens_for(kind)),
        st.text(max_size=4),
    )
    soup = st.lists(piece, max_size=max_size).map("".join)
    lines = st.lists(st.sampled_from(lines_for(kind)), max_size=max_size // 3, unique=True).map(
        "\n".join
    )
    return st.one_of(
        soup,
        lines,
        st.builds(_edit, lines, st.lists(st.tuples(st.integers(0, 10**6), piece), max_size=3)),
    )


def _edit(text: str, edits: list[tuple[int, str]]) -> str:
    for position, piece in edits:
        at = position % (len(text) + 1)
        text = text[:at] + piece + text[at:]
    return text


def _check_span(source: Source, span: Span, what: str) -> None:
    size = len(source.text)
    assert 0 <= span.start <= span.end <= size, (what, span, size)
    assert (span.start_line, span.start_column) == source.position(span.start), (what, span)
    assert (span.end_line, span.end_column) == source.position(span.end), (what, span)


def _check_lines(source: Source, lines: LineRange, what: str) -> None:
    last = source.text.count("\n") + 1
    assert 1 <= lines.first <= lines.last <= last, (what, lines, last)


def check_view_map(view: View, source: Source, what: str) -> None:
    """A view belongs to the file and maps every copied character onto itself."""
    assert view.source is source, what
    covered = 0
    for seg in view.segments:
        assert seg.view_start == covered, (what, view.segments)
        assert 0 <= seg.source_start <= len(source.text), (what, seg)
        if seg.step == 1:
            copied = view.text[seg.view_start : seg.view_start + seg.length]
            written = source.text[seg.source_start : seg.source_start + seg.length]
            assert copied == written, (what, copied, written)
        covered += seg.length
    assert covered == len(view.text), (what, view.segments, len(view.text))
    _check_span(source, view.span(0, len(view.text)), what)


def _check_word(source: Source, word: Optional[Word], what: str) -> None:
    if word is None:
        return
    check_view_map(word.view, source, what)
    if word.used_at is not None:
        _check_span(source, word.used_at, what + " used_at")


def check_facts(facts: FileFacts) -> None:
    """Every fact of a file has spans inside it and values mapped onto their text."""
    source = facts.source
    for command in facts.commands:
        _check_lines(source, command.statement, "command")
        for word in command.words:
            _check_word(source, word, "command word")
        for assign in command.env:
            _check_span(source, assign.name_span, "command env name")
            _check_word(source, assign.value, "command env value")
    for assign in facts.env:
        _check_lines(source, assign.statement, "env")
        _check_span(source, assign.name_span, "env name")
        _check_word(source, assign.value, "env value")
        if assign.unset_at is not None:
            _check_span(source, assign.unset_at, "unset_at")
    for setting in facts.settings:
        _check_lines(source, setting.statement, "setting")
        _check_span(source, setting.key_span, "setting key")
        _check_word(source, setting.value, "setting value")
        for item in setting.items:
            _check_word(source, item, "setting item")
    for code in facts.python:
        _check_lines(source, code.statement, "python")
        check_view_map(code.view, source, "python code")
    for notice in facts.notices:
        assert "\n" not in notice.message, notice


def check_findings(source: Source, findings: list[Finding]) -> None:
    """Every finding lies inside the file, on lines its statement covers."""
    for finding in findings:
        _check_span(source, finding.span, finding.rule_id)
        _check_lines(source, finding.statement, finding.rule_id)
