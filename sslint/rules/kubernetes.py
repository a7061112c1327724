"""Kubernetes and infrastructure API clients: `--insecure-skip-tls-verify` and kin (SSL207).

kubectl, helm, oc and flux parse flags with pflag: a boolean flag given bare
or as `--insecure-skip-tls-verify=true` is on, `=false` is off. A kubeconfig
cluster entry with `insecure-skip-tls-verify: true` does the same for every
client that reads it.

No rule of its own covers the TLS switches of image builders and CI resources,
which likewise send credentials to an API endpoint they do not verify; they are
reported here, each only where its documentation says it skips verification
(`_TOOL_SWITCHES`).
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
        "kubeconfig cluster entry; and the documented TLS switches of image builders and "
        "CI resources, which no rule of their own covers: Packer's amazon `insecure_skip_tls_"
        "verify`, proxmox `insecure_skip_tls_verify` and vsphere `insecure_connection`, "
        "Concourse s3 `skip_ssl_verification`, docker-image `insecure_registries` and "
        "github-release / gitlab-release `insecure`."
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
        "--embed-certs`), helm `--kube-ca-file`. Then remove `insecure-skip-tls-verify`. For a "
        "Packer builder or a Concourse resource, install the CA in the trust store the plugin "
        "reads (the system store; docker-image's `ca_certs`) and remove the switch."
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
        if setting.file_kind == kinds.TOOL_SETTINGS:
            yield from _tool_switch(setting)
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

# (system, type prefix, key) -> what the switch skips, as each one's documentation says:
# Packer plugins amazon (AccessConfig, every amazon-* builder), proxmox and vsphere;
# the Concourse s3, docker-image and github-release / gitlab-release resource READMEs.
_TOOL_SWITCHES: dict[tuple[str, str, str], str] = {
    ("packer", "amazon-", "insecure_skip_tls_verify"): "verification of the AWS EC2 endpoint",
    ("packer", "proxmox", "insecure_skip_tls_verify"): "verification of the Proxmox API",
    ("packer", "vsphere-", "insecure_connection"): "verification of the vCenter Server",
    ("concourse", "s3", "skip_ssl_verification"): "verification of the S3 endpoint",
    ("concourse", "docker-image", "insecure_registries"): "verification of these registries",
    ("concourse", "github-release", "insecure"): "verification of the GitHub API",
    ("concourse", "gitlab-release", "insecure"): "verification of the GitLab API",
}
_NOUNS = {"packer": "builder", "concourse": "resource"}
_YAML_TRUE = frozenset({"true", "yes", "on", "y", "1"})


def _tool_switch(setting: Setting) -> Iterator[Finding]:
    """A documented TLS switch of a Packer builder or a Concourse resource, switched on."""
    system, kind = (*setting.section, "", "")[:2]
    skips = next(
        (
            what
            for (where, prefix, key), what in _TOOL_SWITCHES.items()
            if where == system and kind.startswith(prefix) and key == setting.key
        ),
        None,
    )
    if skips is None:
        return
    if setting.value_type == "list":
        on = any(item.text.strip() for item in setting.items)
        shown = ", ".join(item.text for item in setting.items)
    else:
        shown = setting.value.text.strip() if setting.value is not None else ""
        on = setting.value_type != "null" and shown.strip("'\"").lower() in _YAML_TRUE
    if on:
        yield Finding(
            "SSL207",
            setting.key_span,
            f"{setting.key}: {shown} in a {system.capitalize()} {kind} {_NOUNS[system]} skips "
            f"{skips}'s certificate",
            setting.statement,
        )


CHECKER = Checker(
    rules=(SSL207,),
    check=check,
    tokens=(
        b"insecure-skip-tls-verify",
        b"insecure_skip_tls_verify",
        b"insecureskiptlsverify",
        b"insecure",
        b"skip_ssl_verification",
    ),
)
