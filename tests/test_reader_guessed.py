"""Structured files of no known format: command strings and environment maps, as a guess."""

from __future__ import annotations

import json
from pathlib import Path

from host_format_support import found, notices, scan

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.discovery import Candidate
from sslint.linter.engine import scan_file
from sslint.linter.findings import PROBABLE, PROVEN

READTHEDOCS = """\
version: 2
build:
  os: ubuntu-22.04
  jobs:
    post_install:
      - pip install --trusted-host pypi.corp.example -r docs/requirements.txt
      - echo done
"""

PIPELINE = """\
# a CI system sslint has no reader for
name: pip install --trusted-host in a name is prose
description: |
  Run curl -k https://x to test
env:
  SSL_NO_VERIFY: 1
  PIP_INDEX_URL: https://pypi.org/simple
steps:
  - title: setup
    run: |
      set -euo pipefail
      curl -fsSLk https://get.corp.example/install.sh | sh
  - shell: "sudo -E pip3 install --index-url http://pypi.corp.example/simple x"
  - docs: "see pip install --trusted-host h"
  - note: run curl -k https://x first
  - run: npm ci
"""


def _rows(name: str, text: str) -> list[tuple[str, int, int, int, int]]:
    result = scan(name, text)
    assert notices(result) == []
    assert {(f.precision, f.level) for f in result.findings} <= {(PROBABLE, "warning")}
    return found(result)


def test_yaml_of_no_known_format() -> None:
    assert kinds.kind_from_path(".readthedocs.yaml") == kinds.YAML
    assert _rows(".readthedocs.yaml", READTHEDOCS) == [("SSL101", 6, 21, 6, 35)]
    assert _rows("ci/pipeline.yml", PIPELINE) == [
        ("SSL102", 13, 46, 13, 77),  # http:// index URL
        ("SSL104", 6, 3, 6, 16),  # SSL_NO_VERIFY in an env map
        ("SSL201", 12, 12, 12, 18),  # -fsSLk on the second line of a block scalar
    ]


def test_a_known_reader_keeps_its_precision_next_to_a_guess() -> None:
    text = (
        "spec:\n"
        "  containers:\n"
        "    - name: a\n"
        "      command: [sh, -c, 'curl -k https://a.corp.example']\n"
        "hooks:\n"
        "  pre: curl -k https://b.corp.example\n"
    )
    result = scan("chart/values.yaml", text)
    assert [(f.span.start_line, f.precision) for f in result.findings] == [
        (4, PROVEN),  # the container's command: read by the Kubernetes reader, once
        (6, PROBABLE),  # a string that starts with curl: a guess
    ]


def test_an_alias_is_read_once() -> None:
    text = "base: &run curl -k https://a.corp.example\nagain: *run\nmore: *run\n"
    assert _rows("x/anchors.yaml", text) == [("SSL201", 1, 17, 1, 19)]


TASKS_JSON = """\
{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "install",
      "command": "pip install --trusted-host pypi.corp.example -r requirements.txt",
      "options": {"env": {"NODE_TLS_REJECT_UNAUTHORIZED": "0", "HOME": "/x"}}
    },
    {
      "label": "curl -k https://x",
      "detail": "run curl -k https://x",
      "args": ["-c", "curl -k https://y.corp.example"]
    }
  ]
}
"""


def test_json_of_no_known_format() -> None:
    assert kinds.kind_from_path(".vscode/tasks.json") == kinds.JSON_FALLBACK
    assert kinds.kind_from_path("package.json") == kinds.PACKAGE_JSON
    assert _rows(".vscode/tasks.json", TASKS_JSON) == [
        ("SSL101", 6, 31, 6, 45),
        ("SSL201", 12, 28, 12, 30),
        ("SSL204", 7, 28, 7, 56),
    ]


def test_json_that_is_data_or_not_json_is_left_alone() -> None:
    data = json.dumps({"samples": ["pip install is a phrase", "trusted-host"], "n": 3})
    assert _rows("data/samples.json", data) == []
    commented = '{\n  // curl -k in a comment\n  "run": "curl -k https://x"\n}\n'
    assert _rows("tsconfig.json", commented) == []  # JSON with comments: not JSON, no notice
    deep = "[" * 100_000 + "]" * 100_000
    assert _rows("deep.json", deep) == []


def test_large_json_is_data_and_is_not_read(tmp_path: Path) -> None:
    command = '{"run": "curl -k https://x", "pad": "' + "x" * kinds.GUESSED_MAX_SIZE + '"}'
    path = tmp_path / "big.json"
    path.write_text(command)
    result = scan_file(Candidate(path, "big.json", explicit=True), Config(root=tmp_path))
    assert (result.findings, result.notices, result.scanned) == ([], [], False)
    path.write_text(command[: kinds.GUESSED_MAX_SIZE - 100] + '"}')
    small = scan_file(Candidate(path, "big.json", explicit=True), Config(root=tmp_path))
    assert [(f.rule_id, f.span.start_column) for f in small.findings] == [("SSL201", 15)]


CARGO = """\
[package]
name = "x"
description = "pip install --trusted-host h"

[package.metadata.scripts]
setup = "pip install --trusted-host pypi.corp.example x"
steps = ["echo hi", ["curl -k https://z.corp.example"]]

[env]
SSL_NO_VERIFY = "1"
HOME = "/x"
inline = { run = "wget --no-check-certificate https://w" }
"""


def test_toml_of_no_known_format() -> None:
    assert kinds.kind_from_path("Cargo.toml") == kinds.TOML_FALLBACK
    assert kinds.kind_from_path("pyproject.toml") == kinds.PYPROJECT
    assert _rows("Cargo.toml", CARGO) == [
        ("SSL101", 6, 22, 6, 36),
        ("SSL104", 10, 1, 10, 14),
        ("SSL201", 7, 28, 7, 30),
        ("SSL202", 12, 24, 12, 46),
    ]
    assert _rows("broken.toml", 'a = "curl -k https://x"\nb = [\n') == []


def test_code_samples_in_an_api_description_are_not_commands() -> None:
    openapi = (
        "paths:\n"
        "  /status:\n"
        "    get:\n"
        "      x-code-samples:\n"
        "        - lang: Shell\n"
        "          source: curl -k https://api.corp.example/status\n"
        "      responses:\n"
        "        '200':\n"
        "          description: curl -k https://x works\n"
    )
    assert _rows("api/openapi.yaml", openapi) == []


NOMAD = """\
job "web" {
  group "app" {
    task "setup" {
      driver = "exec"
      config {
        command = "/bin/sh"
        args    = ["-c", "curl -fsSLk https://get.corp.example/${NOMAD_ALLOC_ID}.sh | sh"]
      }
      env {
        SSL_NO_VERIFY = "1"
        HOME          = "/x"
      }
      meta {
        description = "pip install --trusted-host h is what we avoid"
      }
    }
  }
}
"""


def test_hcl_of_no_known_format() -> None:
    assert kinds.kind_from_path("jobs/web.nomad") == kinds.HCL_FALLBACK
    assert kinds.kind_from_path("live/terragrunt.hcl") == kinds.HCL_FALLBACK
    assert kinds.kind_from_path("image.pkr.hcl") == kinds.PACKER
    assert _rows("jobs/web.nomad", NOMAD) == [
        ("SSL104", 10, 9, 10, 22),  # an env block entry
        ("SSL201", 7, 32, 7, 38),  # a command string, its `${…}` template an unknown word
    ]
    hook = (
        'terraform {\n  after_hook "x" {\n'
        '    execute = ["sh", "-c", "wget --no-check-certificate https://x"]\n  }\n}\n'
    )
    assert _rows("live/terragrunt.hcl", hook) == [("SSL202", 3, 34, 3, 56)]
    # Broken HCL: the scanner reads the unterminated string to the end of its line.
    assert _rows("x.hcl", 'a = "curl -k\nb = {{\n') == [("SSL201", 1, 11, 1, 13)]


# -- prose is not a command (issue #13) ------------------------------------------

LOCALES_JSON = """\
{
  "insecureWarning": "curl -k skips certificate checks, never use it",
  "faq": ["pip install --trusted-host pypi.org is unsafe; use --cert"]
}
"""

I18N_JSON = """\
{
  "warning.insecure": "curl -k skips certificate checks",
  "tips": ["curl -k https://x is insecure", "never set SSL_NO_VERIFY=1"]
}
"""

FAQ_YAML = """\
questions:
  - q: How do I fix SSL errors?
    a: pip install --cert /etc/ssl/corp.pem instead of pip install --trusted-host pypi.org
  - q: Is curl -k ok?
    a: curl -k is never ok; see the guide.
"""


def test_messages_and_answers_that_name_a_command_are_prose() -> None:
    assert _rows("locales/en.json", LOCALES_JSON) == []
    assert _rows("data/i18n.json", I18N_JSON) == []
    assert _rows("docs/faq.yml", FAQ_YAML) == []
    note = 'variable "note" {\n  default = "pip install --trusted-host pypi.org"\n}\n'
    assert _rows("schema/vars.hcl", note) == []


def test_a_sentence_is_prose_under_any_key_in_any_file() -> None:
    # Neither the key nor the file's name says "message": the words do.
    sentences = [
        "curl -k skips certificate checks, never use it",
        "pip install --trusted-host pypi.org is unsafe; use --cert",
        "curl -k skips certificate checks",
        "curl -k https://x.corp.example is insecure",
        "pip install --cert /etc/ssl/corp.pem instead of pip install --trusted-host pypi.org",
        "curl -k is never ok; see the guide.",
        "curl -k https://x.corp.example.",
        "curl -k https://x.corp.example isn't allowed",
        "pip install --trusted-host pypi.org\ncurl -k, the other switch",
    ]
    for sentence in sentences:
        assert _rows("x/data.json", json.dumps({"a": [sentence]})) == [], sentence
        assert _rows("x/data.toml", f"a = {json.dumps(sentence)}\n") == [], sentence


def test_commands_with_arguments_of_every_shape_are_still_read() -> None:
    # Quoted words, options, URLs, paths, package specs; prose after `#` or `&&` is not
    # the command's.
    commands = {
        "pip install --trusted-host pypi.corp.example -r requirements.txt": ("SSL101", 20, 34),
        "curl -k https://x.corp.example/a -o a": ("SSL201", 13, 15),
        "pip install --trusted-host pypi.corp.example -e .": ("SSL101", 20, 34),
        "sudo -E pip3 install --trusted-host=pypi.corp.example 'flask>=3' x,y": (
            "SSL101",
            29,
            61,
        ),
        "curl -k https://x.corp.example | sh  # the mirror is insecure, see the guide.": (
            "SSL201",
            13,
            15,
        ),
        'git commit -m "this is it, never mind." && curl -k https://x': ("SSL201", 58, 60),
    }
    for command, (rule, start, end) in commands.items():
        text = f"run = {json.dumps(command)}\n"
        assert _rows("x/tasks.toml", text) == [(rule, 1, start, 1, end)], command


def test_a_script_is_read_when_every_command_line_is_a_command() -> None:
    script = (
        "steps:\n"
        "  - run: |\n"
        "      echo the mirror is insecure, it will be fixed.\n"
        "      pip install --trusted-host pypi.corp.example -r requirements.txt\n"
        "  - run: |\n"
        "      curl -k https://x.corp.example -o a\n"
        "      pip install --trusted-host pypi.org is what we avoid\n"
    )
    assert _rows("x/pipeline.yml", script) == [("SSL101", 4, 19, 4, 33)]


def test_keys_and_files_of_messages_hold_no_command() -> None:
    command = "curl -k https://x.corp.example -o a"
    for key in ("insecureWarning", "warning.insecure", "faq_items", "tips", "errorMessage"):
        assert _rows("x/data.json", json.dumps({key: command})) == [], key
    assert _rows("x/data.json", json.dumps({"warmup": command})) == [("SSL201", 1, 18, 1, 20)]
    for name in ("locales/de/app.json", "src/i18n/en.yaml", "translations.json"):
        assert _rows(name, json.dumps({"run": command})) == [], name


def test_a_variable_named_for_prose_holds_prose_in_its_default() -> None:
    text = (
        'variable "install_help" {\n  default = "pip install --trusted-host pypi.org"\n}\n'
        'variable "setup" {\n  default = "pip install --trusted-host pypi.corp.example x"\n}\n'
    )
    assert _rows("live/terragrunt.hcl", text) == [("SSL101", 5, 26, 5, 40)]


TERRAGRUNT = """\
terraform {
  before_hook "deps" {
    commands = ["apply"]
    execute  = ["pip", "install", "--trusted-host", "pypi.org", "flask"]
  }
  after_hook "fetch" {
    execute = ["/usr/bin/curl", "-fsSL", "-k", "https://x.corp.example/${local.v}"]
  }
  after_hook "verified" {
    execute = ["pip", "install", "--cert", "/etc/ssl/ca.pem", "flask"]
  }
  after_hook "words" {
    execute = ["echo", "pip", "--trusted-host", "pypi.org"]
  }
}
locals {
  examples = ["curl", "-k", "https://x.corp.example"]
}
"""


def test_hcl_lists_that_start_with_a_command_are_argvs() -> None:
    assert _rows("live/terragrunt.hcl", TERRAGRUNT) == [
        ("SSL101", 4, 36, 4, 50),  # the word inside its quotes
        ("SSL201", 7, 43, 7, 45),
    ]
