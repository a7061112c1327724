"""Rules on real file text, through the readers and the engine (with and without prefilter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

SHELL = """\
#!/usr/bin/env bash
set -euo pipefail
PIP_OPTS="--trusted-host pypi.corp.example"
pip install $PIP_OPTS corp-tools
sudo -E pip3.12 install --trusted pypi.org x
sh -c 'wget --no-check-cert https://a.corp.example/x'
bash -c "git -c http.https://git.corp.example/.sslVerify=false fetch"
env NODE_TLS_REJECT_UNAUTHORIZED=0 npx gen
echo "pip install --trusted-host pypi.org"
# curl -k https://a
pip install --cert /etc/ssl/corp.pem x
curl -o k https://a.corp.example/x
curl -K cfg https://a.corp.example/x
export SSL_NO_VERIFY=1
conda skeleton pypi corp-lib
unset SSL_NO_VERIFY
conda config --set ssl_verify false
conda install -y corp
conda config --set ssl_verify true
conda config --set ssl_verify /etc/ssl/corp.pem
export CONDA_SSL_VERIFY=False
mamba install -y -k x
uv sync --allow-insecure-host pypi.corp.example
uv pip install --native-tls x
pip install --index-url http://localhost:3141/root/+simple/ x
pip download -i http://pypi.corp.example/simple -d /tmp x
kubectl --insecure-skip-tls-verify get pods
apk add --allow-untrusted /tmp/a.apk
dnf -y --nogpgcheck install x
pixi install --tls-no-verify
poetry config certificates.corp.cert false
"""

SHELL_EXPECTED = [
    ("SSL101", 3, "--trusted-host"),
    ("SSL101", 5, "--trusted"),
    ("SSL202", 6, "--no-check-cert"),
    ("SSL203", 7, "http.https://git.corp.example/.sslVerify=false"),
    ("SSL204", 8, "NODE_TLS_REJECT_UNAUTHORIZED"),
    ("SSL105", 14, "SSL_NO_VERIFY"),
    ("SSL106", 17, "ssl_verify"),
    ("SSL103", 21, "CONDA_SSL_VERIFY"),
    ("SSL103", 22, "-k"),
    ("SSL107", 23, "--allow-insecure-host"),
    ("SSL102", 26, "http://pypi.corp.example/simple"),
    ("SSL207", 27, "--insecure-skip-tls-verify"),
    ("SSL402", 28, "--allow-untrusted"),
    ("SSL403", 29, "--nogpgcheck"),
    ("SSL110", 30, "--tls-no-verify"),
    ("SSL108", 31, "certificates.corp.cert"),
]

CASES = [
    ("scripts/install.sh", SHELL, SHELL_EXPECTED),
    (
        "pip.conf",
        "[global]\n"
        "index-url = http://pypi.corp.example/simple\n"
        "extra-index-url =\n"
        "    https://pypi.org/simple\n"
        "    http://mirror.corp.example/simple\n"
        "trusted-host = pypi.corp.example\n"
        "    files.corp.example\n"
        "cert = /etc/ssl/corp.pem\n"
        "[install]\n"
        "trusted_host = pypi.org\n"
        "; trusted-host = x\n",
        [
            ("SSL101", 6, "trusted-host"),
            ("SSL101", 10, "trusted_host"),
            ("SSL102", 2, "http://pypi.corp.example/simple"),
            ("SSL102", 5, "http://mirror.corp.example/simple"),
        ],
    ),
    (
        "requirements.txt",
        "# --trusted-host x\n"
        "-i http://pypi.corp.example/simple\n"
        "--trusted-host=pypi.corp.example\n"
        "-f file:///wheels\n"
        "requests==2.32.3\n",
        [
            ("SSL101", 3, "--trusted-host=pypi.corp.example"),
            ("SSL102", 2, "http://pypi.corp.example/simple"),
        ],
    ),
    (
        ".curlrc",
        "-sk\n# -k\ncacert = /etc/ssl/corp.pem\n",
        [("SSL201", 1, "-sk")],
    ),
    (
        ".wgetrc",
        "https_proxy = http://proxy.corp.example:3128\ncheck-certificate = no\n",
        [("SSL202", 2, "check-certificate")],
    ),
    (
        ".gitconfig",
        '[http]\n\tsslCAInfo = /etc/ssl/corp.pem\n[http "https://git.corp.example/"]\n'
        "\tSSLVERIFY = off\n",
        [("SSL203", 4, "SSLVERIFY")],
    ),
    (
        ".npmrc",
        "cafile=/etc/ssl/corp.pem\nstrict-ssl=false\n; strict-ssl=false\n",
        [("SSL204", 2, "strict-ssl")],
    ),
    (
        "etc/yum.repos.d/corp.repo",
        "[corp]\nbaseurl=https://repo.corp.example/el9\ngpgcheck=0\nrepo_gpgcheck=0\n"
        "sslverify=false\n",
        [("SSL206", 5, "sslverify"), ("SSL403", 3, "gpgcheck")],
    ),
    (
        "etc/apt/apt.conf.d/80corp",
        'Acquire::http::Proxy "http://proxy.corp.example:3128";\n'
        'Acquire::https::Verify-Peer "false";\n'
        'APT::Get::AllowUnauthenticated "true";\n',
        [
            ("SSL206", 2, "Acquire::https::Verify-Peer"),
            ("SSL401", 3, "APT::Get::AllowUnauthenticated"),
        ],
    ),
    (
        "etc/apt/sources.list.d/corp.list",
        "deb [trusted=yes] http://repo.corp.example/debian stable main\n"
        "deb [signed-by=/etc/apt/keyrings/corp.gpg] http://repo.corp.example stable main\n",
        [("SSL401", 1, "trusted")],
    ),
    (
        "ansible.cfg",
        "[defaults]\nhost_key_checking = False\n[galaxy]\nignore_certs = True\n",
        [("SSL208", 4, "ignore_certs")],
    ),
    (
        "uv.toml",
        'allow-insecure-host = ["pypi.corp.example"]\nnative-tls = false\n',
        [("SSL107", 1, "allow-insecure-host")],
    ),
    (
        "Dockerfile",
        "FROM python:3.12\n"
        "ARG PIP_TRUSTED_HOST\n"
        "ARG PIP_INDEX_URL=http://pypi.corp.example/simple\n"
        "ENV SSL_NO_VERIFY=1 CONDA_SSL_VERIFY=/etc/ssl/corp.pem\n"
        "RUN conda config --set ssl_verify false \\\n"
        "    && conda install -y x \\\n"
        "    && conda config --set ssl_verify true\n"
        "RUN curl -fsSLo k https://a.corp.example/x && curl -sSk https://a.corp.example/y\n"
        'RUN ["git", "-c", "http.sslVerify=false", "clone", "https://g.corp.example/x"]\n',
        [
            ("SSL102", 3, "PIP_INDEX_URL"),
            ("SSL104", 4, "SSL_NO_VERIFY"),
            ("SSL106", 5, "ssl_verify"),
            ("SSL201", 8, "-sSk"),
            ("SSL203", 9, "http.sslVerify=false"),
        ],
    ),
    (
        ".github/workflows/ci.yml",
        "on: push\n"
        "env:\n"
        "  SSL_NO_VERIFY: 1\n"
        "  UV_NATIVE_TLS: true\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    env:\n"
        "      NODE_TLS_REJECT_UNAUTHORIZED: 0\n"
        "    steps:\n"
        "      - run: |\n"
        '          echo "--trusted-host x"\n'
        "          uv sync --allow-insecure-host pypi.corp.example\n"
        "        env:\n"
        '          GIT_SSL_NO_VERIFY: "false"\n',
        [
            ("SSL104", 3, "SSL_NO_VERIFY"),
            ("SSL107", 13, "--allow-insecure-host"),
            ("SSL203", 15, "GIT_SSL_NO_VERIFY"),
            ("SSL204", 9, "NODE_TLS_REJECT_UNAUTHORIZED"),
        ],
    ),
    (
        ".condarc",
        "channels:\n"
        "  - http://conda.corp.example/main\n"
        "  - conda-forge\n"
        "ssl_verify: 'Off'\n"
        "proxy_servers:\n"
        "  http: http://proxy.corp.example:3128\n",
        [("SSL102", 2, "http://conda.corp.example/main"), ("SSL103", 4, "ssl_verify")],
    ),
    (
        "environment.yml",
        "channels:\n"
        "  - http://conda.corp.example/main\n"
        "dependencies:\n"
        "  - python=3.12\n"
        "  - pip:\n"
        "    - --trusted-host pypi.corp.example\n"
        "    - requests\n",
        [("SSL101", 6, "--trusted-host"), ("SSL102", 2, "http://conda.corp.example/main")],
    ),
    (
        "Pipfile",
        '[[source]]\nurl = "http://pypi.corp.example/simple"\nverify_ssl = false\nname = "corp"\n',
        [("SSL102", 2, "http://pypi.corp.example/simple"), ("SSL109", 3, "verify_ssl")],
    ),
    (
        "deploy/kubeconfig",
        "apiVersion: v1\nclusters:\n- name: corp\n  cluster:\n"
        "    server: https://k8s.corp.example\n    insecure-skip-tls-verify: true\n",
        [("SSL207", 6, "insecure-skip-tls-verify")],
    ),
    (
        "playbooks/site.yml",
        "- hosts: all\n"
        "  tasks:\n"
        "    - name: fetch\n"
        "      ansible.builtin.get_url:\n"
        "        url: https://a.corp.example/x\n"
        "        dest: /tmp/x\n"
        "        validate_certs: false\n"
        "    - name: galaxy\n"
        "      ansible.builtin.command: ansible-galaxy collection install -c corp.tools\n",
        [("SSL208", 7, "validate_certs"), ("SSL208", 9, "-c")],
    ),
    (
        "scripts/provision.py",
        "import os, subprocess\n"
        "os.environ['GIT_SSL_NO_VERIFY'] = '1'\n"
        "subprocess.run(['curl', '-o', 'k', 'https://a.corp.example/x'])\n"
        "subprocess.run(['apt-get', 'install', '-y', '--allow-unauthenticated', 'x'])\n"
        "print('pip install --trusted-host x')\n",
        [("SSL203", 2, "GIT_SSL_NO_VERIFY"), ("SSL401", 4, "--allow-unauthenticated")],
    ),
]


Span = tuple[str, int, int, int, int]


def _scan(path: str, text: str, prefilter: bool) -> list[Span]:
    """(rule, start line, start column, end line, end column) of each finding, sorted."""
    result = scan_bytes(text.encode(), path, Config(root=Path(".")), prefilter=prefilter)
    assert not [n for n in result.notices if n.level == "error"], result.notices
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_line, f.span.end_column)
        for f in result.findings
    )


def _spans(text: str, expected: list[tuple[str, int, str]]) -> list[Span]:
    """The spans the expectations name: the first place of the quoted text on its line."""
    lines = text.splitlines()
    spans = []
    for rule, line, needle in expected:
        column = lines[line - 1].index(needle) + 1
        spans.append((rule, line, column, line, column + len(needle)))
    return sorted(spans)


@pytest.mark.parametrize(("path", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_real_files(path: str, text: str, expected: list[tuple[str, int, str]]) -> None:
    assert _scan(path, text, prefilter=True) == _spans(text, expected)


@pytest.mark.parametrize(("path", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_prefilter_hides_nothing(
    path: str, text: str, expected: list[tuple[str, int, str]]
) -> None:
    assert _scan(path, text, prefilter=True) == _scan(path, text, prefilter=False)


def test_every_finding_line_alone_passes_the_prefilter() -> None:
    """Each offending line, cut out of its file, still reaches the rules."""
    lines = SHELL.splitlines()
    for rule, line, _ in SHELL_EXPECTED:
        # line 3 holds the flag in a variable: it needs its use on line 4
        text = "#!/bin/sh\n" + "\n".join(lines[line - 1 : line + (line == 3)]) + "\n"
        found = _scan("x.sh", text, prefilter=True)
        assert found == _scan("x.sh", text, prefilter=False), (rule, line)
        assert found, (rule, line)
