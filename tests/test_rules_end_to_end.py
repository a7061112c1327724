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
    ("SSL101", 3),
    ("SSL101", 5),
    ("SSL202", 6),
    ("SSL203", 7),
    ("SSL204", 8),
    ("SSL105", 14),
    ("SSL106", 17),
    ("SSL103", 21),
    ("SSL103", 22),
    ("SSL107", 23),
    ("SSL102", 26),
    ("SSL207", 27),
    ("SSL402", 28),
    ("SSL403", 29),
    ("SSL110", 30),
    ("SSL108", 31),
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
        [("SSL101", 6), ("SSL101", 10), ("SSL102", 2), ("SSL102", 5)],
    ),
    (
        "requirements.txt",
        "# --trusted-host x\n"
        "-i http://pypi.corp.example/simple\n"
        "--trusted-host=pypi.corp.example\n"
        "-f file:///wheels\n"
        "requests==2.32.3\n",
        [("SSL101", 3), ("SSL102", 2)],
    ),
    (
        ".curlrc",
        "-sk\n# -k\ncacert = /etc/ssl/corp.pem\n",
        [("SSL201", 1)],
    ),
    (
        ".wgetrc",
        "https_proxy = http://proxy.corp.example:3128\ncheck-certificate = no\n",
        [("SSL202", 2)],
    ),
    (
        ".gitconfig",
        '[http]\n\tsslCAInfo = /etc/ssl/corp.pem\n[http "https://git.corp.example/"]\n'
        "\tSSLVERIFY = off\n",
        [("SSL203", 4)],
    ),
    (".npmrc", "cafile=/etc/ssl/corp.pem\nstrict-ssl=false\n; strict-ssl=false\n", [("SSL204", 2)]),
    (
        "etc/yum.repos.d/corp.repo",
        "[corp]\nbaseurl=https://repo.corp.example/el9\ngpgcheck=0\nrepo_gpgcheck=0\n"
        "sslverify=false\n",
        [("SSL206", 5), ("SSL403", 3)],
    ),
    (
        "etc/apt/apt.conf.d/80corp",
        'Acquire::http::Proxy "http://proxy.corp.example:3128";\n'
        'Acquire::https::Verify-Peer "false";\n'
        'APT::Get::AllowUnauthenticated "true";\n',
        [("SSL206", 2), ("SSL401", 3)],
    ),
    (
        "etc/apt/sources.list.d/corp.list",
        "deb [trusted=yes] http://repo.corp.example/debian stable main\n"
        "deb [signed-by=/etc/apt/keyrings/corp.gpg] http://repo.corp.example stable main\n",
        [("SSL401", 1)],
    ),
    (
        "ansible.cfg",
        "[defaults]\nhost_key_checking = False\n[galaxy]\nignore_certs = True\n",
        [("SSL208", 4)],
    ),
    (
        "uv.toml",
        'allow-insecure-host = ["pypi.corp.example"]\nnative-tls = false\n',
        [("SSL107", 1)],
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
        [("SSL102", 3), ("SSL104", 4), ("SSL106", 5), ("SSL201", 8), ("SSL203", 9)],
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
        [("SSL104", 3), ("SSL107", 13), ("SSL203", 15), ("SSL204", 9)],
    ),
    (
        ".condarc",
        "channels:\n"
        "  - http://conda.corp.example/main\n"
        "  - conda-forge\n"
        "ssl_verify: 'Off'\n"
        "proxy_servers:\n"
        "  http: http://proxy.corp.example:3128\n",
        [("SSL102", 2), ("SSL103", 4)],
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
        [("SSL101", 6), ("SSL102", 2)],
    ),
    (
        "Pipfile",
        '[[source]]\nurl = "http://pypi.corp.example/simple"\nverify_ssl = false\nname = "corp"\n',
        [("SSL102", 2), ("SSL109", 3)],
    ),
    (
        "deploy/kubeconfig",
        "apiVersion: v1\nclusters:\n- name: corp\n  cluster:\n"
        "    server: https://k8s.corp.example\n    insecure-skip-tls-verify: true\n",
        [("SSL207", 6)],
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
        [("SSL208", 7), ("SSL208", 9)],
    ),
    (
        "scripts/provision.py",
        "import os, subprocess\n"
        "os.environ['GIT_SSL_NO_VERIFY'] = '1'\n"
        "subprocess.run(['curl', '-o', 'k', 'https://a.corp.example/x'])\n"
        "subprocess.run(['apt-get', 'install', '-y', '--allow-unauthenticated', 'x'])\n"
        "print('pip install --trusted-host x')\n",
        [("SSL203", 2), ("SSL401", 4)],
    ),
]


def _scan(path: str, text: str, prefilter: bool) -> list[tuple[str, int]]:
    result = scan_bytes(text.encode(), path, Config(root=Path(".")), prefilter=prefilter)
    assert not [n for n in result.notices if n.level == "error"], result.notices
    return sorted((f.rule_id, f.span.start_line) for f in result.findings)


@pytest.mark.parametrize(("path", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_real_files(path: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert _scan(path, text, prefilter=True) == sorted(expected)


@pytest.mark.parametrize(("path", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_prefilter_hides_nothing(path: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert _scan(path, text, prefilter=True) == _scan(path, text, prefilter=False)


def test_every_finding_line_alone_passes_the_prefilter() -> None:
    """Each offending line, cut out of its file, still reaches the rules."""
    lines = SHELL.splitlines()
    for rule, line in SHELL_EXPECTED:
        # line 3 holds the flag in a variable: it needs its use on line 4
        text = "#!/bin/sh\n" + "\n".join(lines[line - 1 : line + (line == 3)]) + "\n"
        found = _scan("x.sh", text, prefilter=True)
        assert found == _scan("x.sh", text, prefilter=False), (rule, line)
        assert found, (rule, line)
