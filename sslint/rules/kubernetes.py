"""Kubernetes clients: `--insecure-skip-tls-verify` and kubeconfig (SSL207).

kubectl, helm, oc and flux parse flags with pflag: a boolean flag given bare
or as `--insecure-skip-tls-verify=true` is on, `=false` is off. A kubeconfig
cluster entry with `insecure-skip-tls-verify: true` does the same for every
client that reads it.
"""

from __future__ import annotations

from typing import Iterator

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Setting
from sslint.linter.findings import Finding
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules.base import ERROR, Checker, Rule

SSL207 = Rule(
    id="SSL207",
    name="kubernetes-insecure-skip-tls-verify",
    level=ERROR,
    security_severity=7.4,
    summary="A Kubernetes client skips verification of the API server's certificate",
    description=(
        "Finds `kubectl`, `helm`, `oc`, `flux` … `--insecure-skip-tls-verify` (bare or "
        "`=true`; `=false` is clean), helm's `--kube-insecure-skip-tls-verify` and "
        "`HELM_KUBEINSECURE_SKIP_TLS_VERIFY=true`, and `insecure-skip-tls-verify: true` in a "
        "kubeconfig cluster entry."
    ),
    why=(
        "The client sends its credentials (tokens, client certificates) to whoever answers "
        "for the API server and applies whatever it is told: a machine in the middle gets "
        "cluster-admin rights and can feed back forged state."
    ),
    example="kubectl --insecure-skip-tls-verify apply -f deploy.yaml",
    fix=(
        "Give the client the cluster's CA: `kubectl --certificate-authority=/etc/kube/ca.crt "
        "…`, `certificate-authority` / `certificate-authority-data` in the kubeconfig cluster "
        "entry (`kubectl config set-cluster corp --certificate-authority=ca.crt "
        "--embed-certs`), helm `--kube-ca-file`. Then remove `insecure-skip-tls-verify`."
    ),
    references=(
        "https://kubernetes.io/docs/reference/kubectl/kubectl/",
        "https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/",
        "https://helm.sh/docs/helm/helm/",
    ),
    tags=("kubernetes", "helm"),
)

_PROGRAMS = frozenset(
    {"kubectl", "kubecolor", "helm", "helmfile", "oc", "flux", "kustomize", "k9s", "kubeconform"}
)
_FLAGS = frozenset({"--insecure-skip-tls-verify", "--kube-insecure-skip-tls-verify"})
_TRUE = frozenset({"true", "1", "t"})


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL207 in Kubernetes client commands and kubeconfig files."""
    for command, found in invocations(facts, *sorted(_PROGRAMS)):
        for word in found.args:
            text = word.text
            name, eq, value = text.partition("=")
            if name in _FLAGS and (not eq or value.strip().lower() in _TRUE):
                yield Finding(
                    "SSL207",
                    word.span,
                    f"{found.program} {text} skips verification of the API server's certificate",
                    command.statement,
                )
    for assign in _env.assignments(facts, "HELM_KUBEINSECURE_SKIP_TLS_VERIFY"):
        if _env.value_text(assign).lower() in _TRUE:
            yield Finding(
                "SSL207",
                assign.name_span,
                f"{assign.name}={_env.value_text(assign)} makes helm skip verification of the "
                "API server's certificate",
                assign.statement,
                _env.precision(assign),
            )
    for setting in facts.settings:
        if setting.file_kind == kinds.TERRAFORM:
            yield from _provider(setting)
        if setting.file_kind != kinds.KUBECONFIG or setting.value is None:
            continue
        key = setting.key.strip()
        if key in ("insecure-skip-tls-verify", "insecureSkipTLSVerify") and (
            setting.value.text.strip().strip("'\"").lower() in _TRUE
        ):
            yield Finding(
                "SSL207",
                setting.key_span,
                f"{key}: {setting.value.text} in a kubeconfig skips verification of the API "
                "server's certificate",
                setting.statement,
            )


def _provider(setting: Setting) -> Iterator[Finding]:
    """`insecure = true` in a Terraform kubernetes / helm / kubectl provider block."""
    if (
        setting.section[:1] == ("provider",)
        and setting.section[1:2] in _K8S_PROVIDERS
        and setting.key == "insecure"
        and setting.value is not None
        and setting.value_type == "bool"
        and setting.value.text.strip() == "true"
    ):
        yield Finding(
            "SSL207",
            setting.key_span,
            f"insecure = true in the Terraform {setting.section[1]} provider skips verification "
            "of the API server's certificate",
            setting.statement,
        )


_K8S_PROVIDERS = frozenset({("kubernetes",), ("helm",), ("kubectl",)})

CHECKER = Checker(
    rules=(SSL207,),
    check=check,
    tokens=(
        b"insecure-skip-tls-verify",
        b"insecure_skip_tls_verify",
        b"insecureskiptlsverify",
        b"insecure",
    ),
)
