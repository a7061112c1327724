"""justfile recipes read as shell: prefixes, interpolation, exports, shebang recipes."""

from __future__ import annotations

from host_format_support import found, notices, scan

from sslint.linter import kinds

JUSTFILE = """\
set shell := ["bash", "-euo", "pipefail", "-c"]
set dotenv-load

index := "https://pypi.corp.example/simple"
pip_flags := '--trusted-host pypi.corp.example'
export NODE_TLS_REJECT_UNAUTHORIZED := "0"

# pip install --trusted-host pypi.org in a comment
default: install

[private]
@install python="python3":
    # never use --trusted-host here
    {{python}} -m pip install {{pip_flags}} -i {{index}} -r requirements.txt
    -curl -fsSLk {{ url }} \\
        -o /tmp/x.tgz
    @echo "pip install --trusted-host {{{{ literal }}"

script:
    #!/usr/bin/env bash
    set -euo pipefail
    git -c http.sslVerify=false clone https://git.corp.example/repo.git
    pip install .
"""


def test_recipes_variables_and_shebang_scripts_are_read() -> None:
    result = scan("justfile", JUSTFILE)
    assert found(result) == [
        ("SSL101", 5, 15, 5, 29),  # the flag held in a variable, where it is written
        ("SSL201", 15, 11, 15, 17),  # `-` prefix, `{{ url }}`, continuation
        ("SSL203", 22, 12, 22, 32),  # shebang recipe
        ("SSL204", 6, 8, 6, 36),  # exported variable
    ]
    assert notices(result) == []


def test_set_export_exports_every_variable() -> None:
    text = 'set export\nPIP_TRUSTED_HOST := "pypi.corp.example"\n\nbuild:\n    pip install .\n'
    assert found(scan("build.just", text)) == [("SSL101", 2, 1, 2, 17)]
    text = 'PIP_TRUSTED_HOST := "pypi.corp.example"\n\nbuild:\n    echo {{PIP_TRUSTED_HOST}}\n'
    assert found(scan("build.just", text)) == []  # a plain variable is not in the environment
    text = 'export PIP_TRUSTED_HOST := "pypi.corp.example"\n\nbuild:\n    pip install .\n'
    assert found(scan(".justfile", text)) == [("SSL101", 1, 8, 1, 24)]


def test_near_misses_stay_clean() -> None:
    text = (
        "# curl -k https://x in a comment\n"
        'flags := "--cert /etc/ssl/corp.pem"\n'
        "\n"
        "install:\n"
        "    # pip install --trusted-host pypi.org\n"
        "    pip install {{flags}} -r requirements.txt\n"
        '    echo "use --trusted-host only on a private mirror"\n'
        "    curl -fsSL {{url}} -o out\n"
    )
    result = scan("Justfile", text)
    assert found(result) == []
    assert notices(result) == []


def test_powershell_recipes_under_set_shell() -> None:
    text = (
        'set shell := ["pwsh.exe", "-c"]\n'
        "\n"
        "fetch:\n"
        "    Invoke-WebRequest -SkipCertificateCheck https://x\n"
        "    curl.exe -k https://files.corp.example/a.zip -o a.zip\n"
    )
    assert found(scan("justfile", text)) == [("SSL201", 5, 14, 5, 16)]


def test_kinds() -> None:
    for path in ("justfile", "Justfile", ".justfile", "tasks/release.just"):
        assert kinds.kind_from_path(path) == kinds.JUSTFILE


def test_script_attribute_makes_the_body_one_script() -> None:
    text = (
        '[script("bash")]\n'
        "fetch:\n"
        '    FLAGS="--trusted-host pypi.corp.example"\n'
        "    pip install $FLAGS corp-tool\n"
        "\n"
        "[script('python3')]\n"
        "probe:\n"
        "    import requests\n"
        '    requests.get("https://x.corp.example", verify=False)\n'
    )
    assert found(scan("justfile", text)) == [("SSL101", 3, 12, 3, 26), ("SSL301", 9, 44, 9, 56)]
