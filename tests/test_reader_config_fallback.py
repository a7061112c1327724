"""Configuration files of no known kind: a probable, lower-level look at keys and commands."""

from __future__ import annotations

from host_format_support import found, notices, scan

from sslint.linter import kinds
from sslint.linter.findings import PROBABLE

SUPERVISORD = """\
[program:worker]
command=pip install --trusted-host pypi.corp.example -r /app/requirements.txt
environment=HOME="/app"
autorestart=true

[program:fetch]
command=/usr/bin/curl -fsSLk https://files.corp.example/a.tgz -o /tmp/a.tgz
"""


def test_commands_in_values_are_read_as_shell_at_low_precision() -> None:
    result = scan("deploy/supervisord.conf", SUPERVISORD)
    assert found(result) == [("SSL101", 2, 21, 2, 35), ("SSL201", 7, 23, 7, 29)]
    assert {(f.precision, f.level) for f in result.findings} == {(PROBABLE, "warning")}
    assert notices(result) == []


def test_pip_and_yum_keys_and_environment_names() -> None:
    pip = (
        "[global]\nindex-url = https://pypi.corp.example/simple\ntrusted-host = pypi.corp.example\n"
    )
    assert found(scan("deploy/pip.conf.tmpl.ini", pip)) == [("SSL101", 3, 1, 3, 13)]
    repo = "[corp]\nbaseurl=https://rpm.corp.example/el9\nsslverify=0\n"
    assert found(scan("deploy/corp-repo.conf", repo)) == [("SSL206", 3, 1, 3, 10)]
    env = "[app]\nPIP_TRUSTED_HOST = pypi.corp.example\n"
    assert found(scan("deploy/app.cfg", env)) == [("SSL101", 2, 1, 2, 17)]


def test_prose_data_and_other_syntaxes_stay_clean() -> None:
    text = (
        "[app]\n"
        "# curl -k is never used here\n"
        "description = run pip with --trusted-host only on a private mirror\n"
        "help = curl: use -k only against a test server\n"
        "sslverify = 1\n"
        "url = http://insecure.example/\n"
    )
    result = scan("deploy/app.cfg", text)
    assert found(result) == []
    assert notices(result) == []
    nginx = (
        "server {\n  listen 80;\n"
        "  location / { proxy_pass http://backend; proxy_ssl_verify off; }\n"
        "  # curl -k https://localhost\n}\n"
    )
    result = scan("deploy/nginx.conf", nginx)
    assert found(result) == []
    assert notices(result) == []


def test_known_kinds_win_over_the_fallback() -> None:
    assert kinds.kind_from_path("etc/pip.conf") == kinds.PIP_CONF
    assert kinds.kind_from_path("tox.ini") == kinds.TOX
    assert kinds.kind_from_path("setup.cfg") == kinds.SETUP_CFG
    assert kinds.kind_from_path("etc/yum.conf") == kinds.YUM_REPO
    assert kinds.kind_from_path("deploy/nginx.conf") == kinds.CONFIG_FALLBACK
