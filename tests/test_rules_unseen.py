"""Realistic inputs written the way public repositories write them (not conformance copies).

Each test scans a whole file through the engine and asserts the exact rule IDs
and spans: the switches are found at the switch, the near misses stay clean.
"""

from __future__ import annotations

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

Hit = tuple[str, int, int, int, int]


def _scan(text: str, path: str) -> list[Hit]:
    result = scan_bytes(text.encode(), path, Config(), prefilter=False)
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_line, f.span.end_column)
        for f in result.findings
    )


def test_dockerfile_multistage_set_eux_chain() -> None:
    text = (
        "FROM python:3.11-slim AS build\n"
        "ARG PIP_HOST=pypi.corp.example\n"
        "ENV PIP_NO_CACHE_DIR=1 \\\n"
        '    PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org"\n'
        "RUN set -eux; \\\n"
        "    apt-get -o Acquire::https::Verify-Peer=false update; \\\n"
        "    pip install --no-cache-dir --trusted-host ${PIP_HOST} -r requirements.txt; \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
        "RUN pip install --cert /etc/ssl/corp.pem -r requirements.txt\n"
        "RUN pip install --proxy http://proxy.corp.example:3128 requests\n"
        "FROM build AS final\n"
        "RUN curl -sSfLk https://get.corp.example/install.sh | sh\n"
        "RUN curl -x http://proxy.corp.example:3128 -o k https://pypi.org/simple/\n"
        'RUN curl -H "k: v" -K cfg https://pypi.org/\n'
    )
    assert _scan(text, "Dockerfile") == [
        ("SSL101", 4, 5, 4, 21),
        ("SSL101", 7, 32, 7, 46),
        ("SSL201", 12, 10, 12, 16),
        ("SSL206", 6, 16, 6, 49),
    ]


def test_conda_and_mamba_accept_unique_prefixes() -> None:
    text = (
        "FROM continuumio/miniconda3\n"
        "RUN conda install --insec -y pandas\n"
        "RUN mamba install --ins -y pandas\n"
        "RUN conda install --chan http://conda.corp.example/main -y numpy\n"
        "RUN conda install --i -y numpy\n"
        "RUN micromamba install --insec -y numpy\n"
        "RUN conda install --no -y numpy\n"
    )
    assert _scan(text, "Dockerfile") == [
        ("SSL102", 4, 26, 4, 56),
        ("SSL103", 2, 19, 2, 26),
        ("SSL103", 3, 19, 3, 24),
        ("SSL103", 5, 19, 5, 22),
    ]


def test_pipx_run_pip_args_and_index_url() -> None:
    text = (
        'pipx run --pip-args "--trusted-host pypi.corp.example" black .\n'
        'pipx run --pip-args="--trusted-host pypi.corp.example" black .\n'
        "pipx run --spec black==24.1.0 black --pip-args x .\n"
        "pipx install --index-url http://pypi.corp.example/simple black\n"
        "pipx run -i https://pypi.corp.example/simple black .\n"
    )
    assert _scan(text, "tools.sh") == [
        ("SSL101", 1, 22, 1, 36),
        ("SSL101", 2, 22, 2, 36),
        ("SSL102", 4, 26, 4, 57),
    ]


def test_loopback_trusted_hosts_are_clean() -> None:
    text = (
        "pip install --trusted-host localhost:3141 -i http://localhost:3141/simple x\n"
        "pip install --trusted-host 127.0.0.1 --trusted-host [::1]:8080 x\n"
        "uv pip install --allow-insecure-host=localhost x\n"
        "pip install --trusted-host localhost --trusted-host pypi.corp.example x\n"
    )
    assert _scan(text, "ci.sh") == [("SSL101", 4, 38, 4, 52)]


def test_shell_functions_branches_and_usage_text() -> None:
    text = (
        "#!/usr/bin/env bash\n"
        "set -euo pipefail\n"
        "usage() {\n"
        "  cat <<USAGE\n"
        "Usage: $0 [--insecure]\n"
        "  --insecure   pass -k to curl and --trusted-host to pip\n"
        "USAGE\n"
        "}\n"
        "install_deps() {\n"
        '  local host="$1"\n'
        '  if [[ "${INSECURE:-0}" == "1" ]]; then\n'
        '    sudo -H pip install --trusted-host "$host" -r requirements.txt\n'
        '    python3 -m pip install --trusted-host="$host" wheel\n'
        "  else\n"
        "    python3 -m pip install -r requirements.txt\n"
        "  fi\n"
        "}\n"
        'echo "Hint: use --trusted-host or curl -k if you are behind a proxy"\n'
        "printf '%s\\n' \"git config --global http.sslVerify false\"\n"
    )
    assert _scan(text, "setup.sh") == [
        ("SSL101", 12, 25, 12, 39),
        ("SSL101", 13, 28, 13, 42),
    ]


def test_shell_tool_switches_and_near_misses() -> None:
    text = (
        "npm config set strict-ssl false\n"
        "npm config set strict-ssl true\n"
        "git config --global http.sslVerify false\n"
        "git config --global http.sslCAInfo /etc/ssl/certs/ca.pem\n"
        'git config --global http."https://git.corp.example/".sslVerify false\n'
        "yum -y --nogpgcheck install foo\n"
        "rpm -ivh --nosignature foo.rpm\n"
        "apk add --no-cache --allow-untrusted foo.apk\n"
        "kubectl --insecure-skip-tls-verify get pods\n"
        "helm repo add corp https://charts.corp.example --insecure-skip-tls-verify\n"
        "ansible-galaxy install --ignore-certs -r requirements.yml\n"
        "export NODE_EXTRA_CA_CERTS=/etc/ssl/corp.pem\n"
        "export REQUESTS_CA_BUNDLE=/etc/ssl/corp.pem PIP_CERT=/etc/ssl/corp.pem\n"
        "export HTTP_PROXY=http://proxy.corp.example:3128\n"
        "conda config --set ssl_verify true\n"
        "dnf install -y --setopt=repo_gpgcheck=0 foo\n"
        "wget --no-check -O x https://x.corp.example/x\n"
        "curl --proxy http://proxy.corp.example:3128 https://pypi.org\n"
        "pnpm config set strict-ssl=false\n"
    )
    assert _scan(text, "bootstrap.sh") == [
        ("SSL202", 17, 6, 17, 16),
        ("SSL203", 3, 21, 3, 35),
        ("SSL203", 5, 21, 5, 63),
        ("SSL204", 1, 16, 1, 26),
        ("SSL204", 19, 17, 19, 33),
        ("SSL207", 9, 9, 9, 35),
        ("SSL207", 10, 48, 10, 74),
        ("SSL208", 11, 24, 11, 38),
        ("SSL402", 8, 20, 8, 37),
        ("SSL403", 6, 8, 6, 20),
        ("SSL403", 7, 10, 7, 23),
    ]


def test_config_files() -> None:
    pip_conf = (
        "[global]\n"
        "index-url = https://pypi.corp.example/simple\n"
        "trusted-host = pypi.corp.example\n"
        "               files.corp.example\n"
        "[install]\n"
        "trusted_host = localhost\n"
        "[freeze]\n"
        "timeout = 10\n"
    )
    assert _scan(pip_conf, "pip.conf") == [("SSL101", 3, 1, 3, 13)]
    condarc = "channels:\n  - http://conda.corp.example/main\n  - defaults\nssl_verify: False\n"
    assert _scan(condarc, ".condarc") == [("SSL102", 2, 5, 2, 35), ("SSL103", 4, 1, 4, 11)]
    assert _scan("ssl_verify: truststore\n", ".condarc") == []
    assert _scan("ssl_verify: /etc/ssl/corp.pem\n", ".condarc") == []
    repo = "[corp]\nbaseurl=https://m.corp.example/el9\ngpgcheck=0\nrepo_gpgcheck=0\nsslverify=0\n"
    assert _scan(repo, "etc/yum.repos.d/corp.repo") == [
        ("SSL206", 5, 1, 5, 10),
        ("SSL403", 3, 1, 3, 9),
    ]


def test_github_workflow_scopes_and_echo() -> None:
    text = (
        "name: ci\n"
        "on: [push]\n"
        "env:\n"
        "  PIP_INDEX_URL: http://pypi.corp.example/simple\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - name: deps\n"
        "        env:\n"
        '          SSL_NO_VERIFY: "1"\n'
        "        run: |\n"
        "          pip install -r requirements.txt --trusted-host pypi.corp.example\n"
        '          echo "--trusted-host is not needed"\n'
        "      - run: curl -fsSL -o k https://get.corp.example/x.sh\n"
        "      - run: git -c http.sslVerify=false clone https://git.corp.example/x.git\n"
    )
    assert _scan(text, ".github/workflows/ci.yml") == [
        ("SSL101", 13, 43, 13, 57),
        ("SSL102", 4, 3, 4, 16),
        ("SSL105", 11, 11, 11, 24),
        ("SSL203", 16, 21, 16, 41),
    ]


def test_gitlab_anchors_loopback_and_unset() -> None:
    text = (
        "variables:\n"
        '  GIT_SSL_NO_VERIFY: "1"\n'
        '  PIP_TRUSTED_HOST: "localhost"\n'
        ".pip: &pip\n"
        '  - pip config set global.trusted-host "pypi.corp.example"\n'
        "test:\n"
        "  before_script:\n"
        "    - *pip\n"
        "    - export SSL_NO_VERIFY=1\n"
        "    - conda install -y numpy\n"
        "    - unset SSL_NO_VERIFY\n"
        "  script:\n"
        "    - pip install --index-url http://localhost:3141/simple/ x\n"
        "    - wget -qO- --no-check-certificate https://get.corp.example | bash\n"
    )
    assert _scan(text, ".gitlab-ci.yml") == [
        ("SSL101", 5, 20, 5, 39),
        ("SSL105", 9, 14, 9, 27),
        ("SSL202", 14, 17, 14, 39),
        ("SSL203", 2, 3, 2, 20),
    ]
