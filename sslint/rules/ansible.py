"""Ansible: certificate validation off (SSL208).

Modules that fetch over HTTPS (get_url, uri, yum_repository, pip, k8s, …)
take `validate_certs`; any module argument of that name set to an Ansible
false value disables validation, in tasks, handlers, roles and
`module_defaults`. ansible-galaxy takes `--ignore-certs` / `-c`, reads
`ignore_certs` from ansible.cfg's `[galaxy]` section and
`ANSIBLE_GALAXY_IGNORE` from the environment.
"""

from __future__ import annotations

from typing import Iterator

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts
from sslint.linter.findings import Finding
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, option_table, parse
from sslint.rules.base import ERROR, Checker, Rule

SSL208 = Rule(
    id="SSL208",
    name="ansible-certificate-validation-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="Ansible skips certificate validation",
    description=(
        "Finds any task argument `validate_certs` with an Ansible false value (`no`, `false`, "
        "`False`, `0`, `n`, `off`, quoted or not) in tasks, handlers, roles and "
        "`module_defaults` (get_url, uri, yum_repository, pip, k8s, …); `ansible-galaxy … "
        "--ignore-certs` / `-c`; `ignore_certs = True` in an ansible.cfg `[galaxy]` section; "
        "and `ANSIBLE_GALAXY_IGNORE=true`."
    ),
    why=(
        "The managed hosts download files, packages and collections from whoever answers, "
        "and Ansible usually runs them with root privileges."
    ),
    example="- ansible.builtin.get_url:\n    url: https://artifacts.corp.example/agent.tgz\n"
    "    dest: /tmp/agent.tgz\n    validate_certs: false",
    fix=(
        "Keep `validate_certs: true` and give the module the CA: `ca_path: "
        "/etc/ssl/certs/corp-ca.pem` (get_url, uri), `sslcacert` (yum_repository), or install "
        "the CA on the managed host (`update-ca-certificates`). For ansible-galaxy set "
        "`SSL_CERT_FILE` / `REQUESTS_CA_BUNDLE` or the server's CA instead of `--ignore-certs`."
    ),
    references=(
        "https://docs.ansible.com/ansible/latest/collections/ansible/builtin/get_url_module.html",
        "https://docs.ansible.com/ansible/latest/cli/ansible-galaxy.html",
        "https://docs.ansible.com/ansible/latest/reference_appendices/config.html#galaxy-ignore-certs",
    ),
    tags=("ansible",),
)

_FALSE = frozenset({"no", "false", "0", "n", "off", "f"})
_TRUE = frozenset({"yes", "true", "1", "y", "on", "t"})
_GALAXY = Grammar(
    long=option_table(
        (
            "--server",
            "--api-key",
            "--token",
            "--roles-path",
            "--collections-path",
            "--requirements-file",
            "--role-file",
            "--keyring",
            "--signature",
            "--timeout",
            "--upgrade",
            "--init-path",
            "--type",
            "--output-path",
        ),
        (
            "--ignore-certs",
            "--ignore-errors",
            "--force",
            "--force-with-deps",
            "--no-deps",
            "--offline",
            "--pre",
            "--verbose",
        ),
    ),
    short={"-c": False, "-s": True, "-p": True, "-r": True, "-i": False, "-f": False, "-n": False},
)


def _clean(text: str) -> str:
    return text.strip().strip("'\"").strip().lower()


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL208 in playbook arguments, ansible-galaxy commands, ansible.cfg and env."""
    for setting in facts.settings:
        if setting.value is None:
            continue
        value = _clean(setting.value.text)
        if setting.file_kind == "ansible" and setting.key == "validate_certs" and value in _FALSE:
            module = setting.section[0] if setting.section else "a module"
            yield Finding(
                "SSL208",
                setting.key_span,
                f"validate_certs: {setting.value.text} makes {module} skip certificate validation",
                setting.statement,
            )
        elif (
            setting.file_kind == kinds.ANSIBLE_CFG
            and setting.section[:1] == ("galaxy",)
            and setting.key.strip().lower() == "ignore_certs"
            and value in _TRUE
        ):
            yield Finding(
                "SSL208",
                setting.key_span,
                f"ignore_certs = {setting.value.text} makes ansible-galaxy skip certificate "
                "validation",
                setting.statement,
            )
    for command, found in invocations(facts, "ansible-galaxy"):
        for opt in parse(found.args, _GALAXY).options:
            if opt.name in ("--ignore-certs", "-c"):
                yield Finding(
                    "SSL208",
                    opt.span,
                    f"ansible-galaxy {opt.word.text} skips certificate validation",
                    command.statement,
                )
    for assign in _env.assignments(facts, "ANSIBLE_GALAXY_IGNORE"):
        if _clean(_env.value_text(assign)) in _TRUE:
            yield Finding(
                "SSL208",
                assign.name_span,
                f"ANSIBLE_GALAXY_IGNORE={_env.value_text(assign)} makes ansible-galaxy skip "
                "certificate validation",
                assign.statement,
                _env.precision(assign),
            )


CHECKER = Checker(
    rules=(SSL208,),
    check=check,
    tokens=(
        b"validate_certs",
        b"ignore-certs",
        b"ignore_certs",
        b"ansible-galaxy",
        b"galaxy_ignore",
    ),
)
