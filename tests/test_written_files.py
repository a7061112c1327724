"""Files written by here-documents, `echo`, `printf` and `tee`, and manifests piped to kubectl."""

from __future__ import annotations

from pathlib import Path

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes


def _findings(text: str, path: str = "provision.sh") -> list[tuple[str, int, int, int]]:
    result = scan_bytes(text.encode(), path, Config(root=Path(".")))
    assert not result.notices, result.notices
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for f in result.findings
    )


def test_startup_files_written_by_here_documents_are_shell() -> None:
    text = (
        "#!/bin/sh\n"
        "cat <<EOF >> ~/.bashrc\n"
        "export SSL_NO_VERIFY=1\n"
        'export PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org"\n'
        "EOF\n"
        "cat <<-'EOF' | sudo tee -a /etc/profile >/dev/null\n"
        "\texport NODE_TLS_REJECT_UNAUTHORIZED=0\n"
        "\tEOF\n"
        "echo 'GIT_SSL_NO_VERIFY=true' >> /etc/environment\n"
    )
    assert _findings(text) == [
        ("SSL101", 4, 8, 24),
        ("SSL104", 3, 8, 21),
        ("SSL203", 9, 7, 24),
        ("SSL204", 7, 9, 37),
    ]


def test_files_of_no_known_kind_stay_clean() -> None:
    text = (
        "#!/bin/sh\n"
        "cat <<EOF > /tmp/notes.txt\n"
        "export SSL_NO_VERIFY=1\n"
        "pip install --trusted-host pypi.org x\n"
        "EOF\n"
        "cat <<EOF > ~/.bashrc.bak\n"
        "export SSL_NO_VERIFY=1\n"
        "EOF\n"
        "echo 'strict-ssl=false' > README.txt\n"
    )
    assert _findings(text) == []


def test_config_files_written_by_echo_printf_tee() -> None:
    text = (
        "#!/bin/sh\n"
        "cat <<EOF > ~/.condarc\n"
        "ssl_verify: 0\n"
        "EOF\n"
        "printf '[global]\\ntrusted-host = %s\\n' pypi.org > /etc/pip.conf\n"
        'echo "strict-ssl=false" | tee -a ~/.npmrc\n'
    )
    assert _findings(text) == [("SSL101", 5, 19, 31), ("SSL103", 3, 1, 11), ("SSL204", 6, 7, 17)]


def test_dockerfile_echo_with_escapes_and_continuations() -> None:
    text = (
        "FROM python:3.12-slim\n"
        'RUN echo "[global]\\n\\\n'
        'trusted-host=pypi.corp.example" > /etc/pip.conf\n'
        'RUN echo "[global]\\nindex-url = https://pypi.corp.example/simple" > /etc/pip.conf\n'
        'RUN echo -E "[global]\\ntrusted-host=pypi.corp.example" > /etc/pip.conf\n'
    )
    # With -E the text is one line, `[global]\ntrusted-host=…`: no trusted-host key.
    assert _findings(text, "Dockerfile") == [("SSL101", 3, 1, 13)]


def test_manifests_piped_to_kubectl_apply() -> None:
    text = (
        "#!/bin/sh\n"
        "cat <<'EOF' | kubectl -n ci apply -f -\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: probe\n"
        "spec:\n"
        "  containers:\n"
        "    - name: probe\n"
        "      image: python:3.12\n"
        '      command: ["sh", "-c", "curl -k https://status.corp.example"]\n'
        "      env:\n"
        "        - name: NODE_TLS_REJECT_UNAUTHORIZED\n"
        '          value: "0"\n'
        "EOF\n"
        "oc create -f - <<EOF\n"
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "data:\n"
        '  readme: "run curl -k to test"\n'
        "EOF\n"
        "kubectl diff -f - <<EOF\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        '    - command: ["curl", "-k", "https://a"]\n'
        "EOF\n"
    )
    assert _findings(text) == [("SSL201", 11, 35, 37), ("SSL204", 13, 17, 45)]


def test_here_documents_attached_to_kubectl_apply() -> None:
    pod = (
        "apiVersion: v1\n"
        "kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        '  - command: ["curl", "-k", "https://x.corp.example"]\n'
        "EOF\n"
    )
    text = (
        "kubectl apply -f - <<EOF\n"
        + pod
        + "oc create -f - 2>&1 <<'EOF'\n"
        + pod
        + "kubectl -n ci replace -f -<<EOF\n"
        + pod
        + "kubectl get -f - <<EOF\n"
        + pod
        + "cat - <<EOF\n"
        + pod
        + "oc apply -f - <<EOF\n"
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "data:\n"
        '  readme: "run curl -k to test"\n'
        "EOF\n"
    )
    assert _findings(text) == [
        ("SSL201", 6, 24, 26),
        ("SSL201", 13, 24, 26),
        ("SSL201", 20, 24, 26),
    ]


def test_dockerfile_run_here_document_to_kubectl_apply() -> None:
    text = (
        "FROM bitnami/kubectl\n"
        "RUN kubectl apply -f - <<EOF\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        '  - command: ["sh", "-c", "pip install --trusted-host pypi.org x"]\n'
        "EOF\n"
    )
    assert _findings(text, "Dockerfile") == [("SSL101", 7, 40, 54)]


def test_dockerfile_copy_here_documents_to_startup_files() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "FROM python:3.12\n"
        "COPY <<EOF /root/.bashrc\n"
        "export PIP_TRUSTED_HOST=pypi.corp.example\n"
        "EOF\n"
        "COPY <<EOF /etc/environment\n"
        "NODE_TLS_REJECT_UNAUTHORIZED=0\n"
        "EOF\n"
        "COPY <<EOF /root/.bashrc.orig\n"
        "export PIP_TRUSTED_HOST=pypi.corp.example\n"
        "EOF\n"
    )
    assert _findings(text, "Dockerfile") == [("SSL101", 4, 8, 24), ("SSL204", 7, 1, 29)]
