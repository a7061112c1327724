"""SSL206, SSL401-SSL403 package managers, SSL207 Kubernetes, SSL208 Ansible."""

from __future__ import annotations

import pytest

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.rules import ansible, kubernetes, os_packages
from sslint.rules.base import Checker
from tests._facts import FactBuilder, run


def _commands(checker: Checker, text: str) -> list[tuple]:
    return run(checker, FactBuilder(text).commands())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("apt-get install -y --allow-unauthenticated x", [("SSL401", 1, 20, 43)]),
        ("apt-get update --allow-insecure-repositories", [("SSL401", 1, 16, 45)]),
        ("apt-get install --force-yes x", [("SSL401", 1, 17, 28)]),
        ("apt-get -o APT::Get::AllowUnauthenticated=true install x", [("SSL401", 1, 12, 47)]),
        ("apt -o Acquire::https::Verify-Peer=false update", [("SSL206", 1, 8, 41)]),
        ("apt-get -oAcquire::https::Verify-Host=0 update", [("SSL206", 1, 9, 40)]),
        ("apt-get -o Acquire::https::Verify-Peer=true update", []),
        ("apt-get -o Acquire::https::CaInfo=/etc/ssl/corp.pem update", []),
        ("apt-get install --allow-downgrades x", []),
        ("apk add --allow-untrusted /tmp/a.apk", [("SSL402", 1, 9, 26)]),
        ("apk add --no-cache curl", []),
        ("dnf -y --nogpgcheck install x", [("SSL403", 1, 8, 20)]),
        ("microdnf install --nogpgcheck x", [("SSL403", 1, 18, 30)]),
        ("zypper --no-gpg-checks install x", [("SSL403", 1, 8, 23)]),
        ("rpm -Uvh --nodigest /tmp/a.rpm", [("SSL403", 1, 10, 20)]),
        ("rpm -i --nosignature a.rpm", [("SSL403", 1, 8, 21)]),
        ("rpm --import https://repo.corp.example/KEY", []),
        ("dnf install -y --setopt=sslverify=0 x", [("SSL206", 1, 16, 36)]),
        ("dnf config-manager --setopt=corp.sslverify=false --save", [("SSL206", 1, 20, 49)]),
        ("yum --setopt gpgcheck=0 install x", [("SSL403", 1, 14, 24)]),
        ("dnf install -y --setopt=sslverify=1 x", []),
        ("dnf install -y --setopt=install_weak_deps=False x", []),
    ],
)
def test_package_manager_commands(line: str, expected: list[tuple]) -> None:
    assert _commands(os_packages.CHECKER, line) == expected


def test_package_manager_files() -> None:
    fb = FactBuilder(
        'Acquire::https::Verify-Peer "false";\n'
        'Acquire::https::repo.corp.example::Verify-Host "false";\n'
        'Acquire::https::Verify-Host "true";\n'
        'APT::Get::AllowUnauthenticated "true";\n'
        'Acquire::http::Proxy "http://proxy.corp.example:3128";\n'
        "deb [trusted=yes] http://repo.corp.example stable main\n"
        "deb [signed-by=/etc/apt/keyrings/corp.gpg] https://repo.corp.example stable main\n"
        "gpgcheck=0\nrepo_gpgcheck=0\nsslverify=no\nsslverify=1\n"
    )
    fb.setting(kinds.APT_CONF, 1, "Acquire::https::Verify-Peer", '"false"')
    fb.setting(kinds.APT_CONF, 2, "Acquire::https::repo.corp.example::Verify-Host", '"false"')
    fb.setting(kinds.APT_CONF, 3, "Acquire::https::Verify-Host", '"true"')
    fb.setting(kinds.APT_CONF, 4, "APT::Get::AllowUnauthenticated", '"true"')
    fb.setting(kinds.APT_CONF, 5, "Acquire::http::Proxy", '"http://proxy.corp.example:3128"')
    fb.setting(kinds.APT_SOURCES, 6, "trusted", "yes")
    fb.setting(kinds.APT_SOURCES, 7, "signed-by", "/etc/apt/keyrings/corp.gpg")
    fb.setting(kinds.YUM_REPO, 8, "gpgcheck", "0", ("corp",))
    fb.setting(kinds.YUM_REPO, 9, "repo_gpgcheck", "0", ("corp",))
    fb.setting(kinds.YUM_REPO, 10, "sslverify", "no", ("corp",))
    fb.setting(kinds.YUM_REPO, 11, "sslverify", "1", ("corp",))
    assert run(os_packages.CHECKER, fb.facts) == [
        ("SSL206", 1, 1, 28),
        ("SSL206", 2, 1, 47),
        ("SSL206", 10, 1, 10),
        ("SSL401", 4, 1, 31),
        ("SSL401", 6, 6, 13),
        ("SSL403", 8, 1, 9),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("kubectl --insecure-skip-tls-verify apply -f x", [("SSL207", 1, 9, 35)]),
        ("helm upgrade x ./chart --insecure-skip-tls-verify=true", [("SSL207", 1, 24, 55)]),
        ("kubectl get pods --insecure-skip-tls-verify=false", []),
        ("kubectl --certificate-authority=/etc/kube/ca.crt get pods", []),
        ("echo kubectl --insecure-skip-tls-verify", []),
    ],
)
def test_kubernetes_commands(line: str, expected: list[tuple]) -> None:
    assert _commands(kubernetes.CHECKER, line) == expected


def test_kubeconfig() -> None:
    fb = FactBuilder("    insecure-skip-tls-verify: true\n    insecure-skip-tls-verify: false\n")
    fb.setting(kinds.KUBECONFIG, 1, "insecure-skip-tls-verify", "true", value_type="bool")
    fb.setting(kinds.KUBECONFIG, 2, "insecure-skip-tls-verify", "false", value_type="bool")
    assert run(kubernetes.CHECKER, fb.facts) == [("SSL207", 1, 5, 29)]


def test_ansible() -> None:
    fb = FactBuilder(
        "    validate_certs: false\n"
        "    validate_certs: no\n"
        '    validate_certs: "False"\n'
        "    validate_certs: true\n"
        "ignore_certs = True\n"
        "host_key_checking = False\n"
        "ANSIBLE_GALAXY_IGNORE=true\n"
        "ansible-galaxy collection install -c community.general\n"
        "ansible-galaxy install --ignore-certs -r requirements.yml\n"
        "ansible-galaxy collection install -r requirements.yml\n"
    )
    fb.setting("ansible", 1, "validate_certs", "false", ("get_url",), value_type="bool")
    fb.setting("ansible", 2, "validate_certs", "no", ("uri",))
    fb.setting("ansible", 3, "validate_certs", "False", ("yum_repository",))
    fb.setting("ansible", 4, "validate_certs", "true", ("uri",))
    fb.setting(kinds.ANSIBLE_CFG, 5, "ignore_certs", "True", ("galaxy",))
    fb.setting(kinds.ANSIBLE_CFG, 6, "host_key_checking", "False", ("defaults",))
    fb.env(7, "ANSIBLE_GALAXY_IGNORE", Scope.SCRIPT, "true")
    for line in (8, 9, 10):
        fb.command(line)
    assert run(ansible.CHECKER, fb.facts) == [
        ("SSL208", 1, 5, 19),
        ("SSL208", 2, 5, 19),
        ("SSL208", 3, 5, 19),
        ("SSL208", 5, 1, 13),
        ("SSL208", 7, 1, 22),
        ("SSL208", 8, 35, 37),
        ("SSL208", 9, 24, 38),
    ]


def test_helm_kube_flag_and_env() -> None:
    fb = FactBuilder(
        "helm --kube-insecure-skip-tls-verify list\nHELM_KUBEINSECURE_SKIP_TLS_VERIFY=1\n"
    )
    fb.command(1)
    fb.env(2, "HELM_KUBEINSECURE_SKIP_TLS_VERIFY", Scope.JOB, "1")
    assert run(kubernetes.CHECKER, fb.facts) == [("SSL207", 1, 6, 37), ("SSL207", 2, 1, 34)]
