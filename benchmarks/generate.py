# ruff: noqa: E501
"""Generate a synthetic repository for the sslint benchmark.

The tree looks like a Python monorepo: services with source packages, tests,
docs, data files, Dockerfiles, shell scripts, CI configuration of several
systems and packaging configuration, in the proportions and sizes of real
trees. Most files hold no TLS-related word at all (as in real trees, where
3-6.5% of files do); a few hold near misses (a CA bundle, `verify=True`), and
a known number hold a switch that sslint must report. Those are listed in
`.bench-manifest.json` at the top of the tree (path, line, rule).

The same `--files` and `--seed` always give the same tree, byte for byte.

    python benchmarks/generate.py OUT --files 10000 [--seed 1] [--no-git]
"""

from __future__ import annotations

import argparse
import json
import keyword
import math
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

MANIFEST = ".bench-manifest.json"

# Words that never spell a TLS trigger (no "ssl", "cert", "verify", "tls",
# "trust", "insecure", "secure" inside them).
WORDS = (  # noqa: SIM905
    "account address adapter agent alert archive asset audit batch billing blob bucket "
    "buffer cache cart catalog channel chart checkout client cluster column comment "
    "config consumer contact content context counter cursor customer dashboard dataset "
    "deploy device digest domain draft engine entry event export feature feed field "
    "filter flag folder format gateway graph group handler header health image import "
    "index invoice item job journal kernel label layer ledger limit listing loader "
    "locale lookup mailbox manager mapping marker member message metric migration mirror "
    "model module monitor node note notify offer order owner package page panel parser "
    "partner payload payment period pipeline plan policy pool portal preview price "
    "printer profile project prompt queue quota range reader record region release "
    "report request resource result review route rule runner sample schedule schema "
    "scope search segment sender session shard share shipment signal slot snapshot "
    "source stage state status storage stream summary supplier survey table target task "
    "template tenant thread ticket timer token topic tracker transfer trigger update "
    "upload usage user vendor version view volume voucher wallet warehouse webhook "
    "widget worker workflow zone"
).split()
WORDS = [w for w in WORDS if not keyword.iskeyword(w)]

VERBS = (  # noqa: SIM905
    "build load save fetch parse render apply merge split count compute resolve refresh "
    "collect publish process handle prepare normalize update delete create list find "
    "sync encode decode compare format emit schedule register dispatch flush reset"
).split()

TRIGGERS = (b"ssl", b"cert", b"verify", b"tls", b"trust", b"insecure", b"secure")


def _ident(rng: random.Random, parts: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def _camel(rng: random.Random) -> str:
    return "".join(w.capitalize() for w in (rng.choice(WORDS), rng.choice(WORDS)))


def _size(rng: random.Random, median: float, sigma: float, cap: int) -> int:
    return int(min(cap, max(200, rng.lognormvariate(math.log(median), sigma))))


@dataclass
class FileText:
    """A generated file: its lines and what was planted in it."""

    lines: list[str] = field(default_factory=list)
    planted: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: str, rule: str = "") -> None:
        self.lines.append(line)
        if rule:
            self.planted.append((len(self.lines), rule))

    def size(self) -> int:
        return sum(len(line) + 1 for line in self.lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------- Python


def _py_function(rng: random.Random, out: FileText, indent: str) -> None:
    name = f"{rng.choice(VERBS)}_{_ident(rng)}"
    args = list(dict.fromkeys(_ident(rng, 1) for _ in range(rng.randint(0, 3))))
    params = ["self", *args] if indent else args
    out.add(f"{indent}def {name}({', '.join(params)}) -> dict:")
    out.add(
        f'{indent}    """{rng.choice(VERBS).capitalize()} the {rng.choice(WORDS)} of a {rng.choice(WORDS)}."""'
    )
    var = _ident(rng, 1)
    out.add(f"{indent}    {var} = {{}}")
    for _ in range(rng.randint(2, 9)):
        kind = rng.random()
        other = _ident(rng, 1)
        if kind < 0.25:
            out.add(f"{indent}    for {other} in {rng.choice(args or ['range(10)'])}:")
            out.add(
                f"{indent}        {var}[str({other})] = len(str({other})) * {rng.randint(1, 99)}"
            )
        elif kind < 0.45:
            out.add(f"{indent}    if {var}.get({other!r}) is None:")
            out.add(f"{indent}        {var}[{other!r}] = {rng.randint(0, 1000)}")
            out.add(f"{indent}    else:")
            out.add(f'{indent}        logger.debug("{rng.choice(WORDS)} %s", {var}[{other!r}])')
        elif kind < 0.6:
            out.add(
                f"{indent}    # {rng.choice(VERBS)} the {rng.choice(WORDS)} before the {rng.choice(WORDS)}"
            )
            out.add(
                f"{indent}    {other} = [x for x in {var}.values() if x > {rng.randint(0, 50)}]"
            )
        elif kind < 0.75:
            out.add(f'{indent}    {var}[{other!r}] = f"{{len({var})}}-{rng.choice(WORDS)}"')
        elif kind < 0.85:
            out.add(f"{indent}    try:")
            out.add(f"{indent}        {other} = json.loads({var}.get({other!r}, '{{}}'))")
            out.add(f"{indent}    except ValueError as exc:")
            out.add(f'{indent}        raise RuntimeError("bad {rng.choice(WORDS)}") from exc')
        else:
            out.add(
                f'{indent}    with open(os.path.join({var!r}, "{rng.choice(WORDS)}.json")) as handle:'
            )
            out.add(f"{indent}        {var}.update(json.load(handle))")
    out.add(f"{indent}    return {var}")
    out.add("")


def python_module(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add(
        f'"""{_camel(rng)}: {rng.choice(VERBS)} and {rng.choice(VERBS)} {rng.choice(WORDS)}s."""'
    )
    out.add("")
    out.add("from __future__ import annotations")
    out.add("")
    for module in sorted(
        rng.sample(
            [
                "collections",
                "dataclasses",
                "functools",
                "itertools",
                "re",
                "sys",
                "time",
                "typing",
                "uuid",
            ],
            3,
        )
    ):
        out.add(f"import {module}")
    out.add("import json")
    out.add("import logging")
    out.add("import os")
    if trigger:
        out.add("import ssl" if trigger == "near-ssl" else "import requests")
    out.add("")
    out.add("logger = logging.getLogger(__name__)")
    out.add(f"{_ident(rng).upper()} = {rng.randint(1, 3600)}")
    out.add("")
    out.add("")
    special_at = rng.randint(0, 3)
    count = 0
    while out.size() < target:
        if count == special_at and trigger:
            _py_trigger(rng, out, trigger)
        if rng.random() < 0.35:
            out.add(f"class {_camel(rng)}:")
            out.add(f'    """A {rng.choice(WORDS)} held by a {rng.choice(WORDS)}."""')
            out.add("")
            out.add(f"    {_ident(rng, 1)}: int = {rng.randint(0, 9)}")
            out.add("")
            for _ in range(rng.randint(1, 4)):
                _py_function(rng, out, "    ")
            out.add("")
        else:
            _py_function(rng, out, "")
            out.add("")
        count += 1
    if trigger and count <= special_at:
        _py_trigger(rng, out, trigger)
    return out


def _py_trigger(rng: random.Random, out: FileText, trigger: str) -> None:
    url = f"https://{rng.choice(WORDS)}.corp.example/api/{rng.choice(WORDS)}"
    if trigger == "near-ssl":
        out.add("def make_context(ca_file: str) -> ssl.SSLContext:")
        out.add('    """A context that checks the server against the corporate CA bundle."""')
        out.add("    return ssl.create_default_context(cafile=ca_file)")
    elif trigger == "near-verify":
        out.add("def fetch(session_path: str) -> dict:")
        out.add(f'    response = requests.get("{url}", timeout=10, verify="/etc/ssl/corp-ca.pem")')
        out.add("    return response.json()")
    else:  # plant SSL301
        out.add("def fetch(params: dict) -> dict:")
        out.add(
            f'    response = requests.get("{url}", params=params, timeout=10, verify=False)',
            "SSL301",
        )
        out.add("    return response.json()")
    out.add("")
    out.add("")


# ---------------------------------------------------------------- shell


def shell_script(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("#!/usr/bin/env bash")
    out.add(f"# {rng.choice(VERBS).capitalize()} the {rng.choice(WORDS)} {rng.choice(WORDS)}.")
    out.add("set -euo pipefail")
    out.add("")
    out.add('ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"')
    out.add("")
    special_at = rng.randint(0, 2)
    count = 0
    while out.size() < target or count <= special_at:
        if count == special_at and trigger:
            _sh_trigger(rng, out, trigger)
        name = f"{rng.choice(VERBS)}_{rng.choice(WORDS)}"
        out.add(f"{name}() {{")
        out.add(f'    local {rng.choice(WORDS)}="${{1:-{rng.choice(WORDS)}}}"')
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if r < 0.3:
                out.add(f'    echo "{rng.choice(VERBS)} {rng.choice(WORDS)} in $ROOT" >&2')
            elif r < 0.5:
                out.add(f'    if [ -d "$ROOT/{rng.choice(WORDS)}" ]; then')
                out.add(f'        rm -rf "$ROOT/{rng.choice(WORDS)}/tmp"')
                out.add("    fi")
            elif r < 0.7:
                out.add(f'    for f in "$ROOT"/{rng.choice(WORDS)}/*.json; do')
                out.add(f'        jq -r ".{rng.choice(WORDS)}" "$f" | sort -u >> "$ROOT/out.txt"')
                out.add("    done")
            elif r < 0.85:
                out.add('    python -m pip install -q -r "$ROOT/requirements.txt"')
            else:
                out.add(f'    tar -czf "/tmp/{rng.choice(WORDS)}.tgz" -C "$ROOT" .')
        out.add("}")
        out.add("")
        count += 1
    out.add(f'{rng.choice(VERBS)}_{rng.choice(WORDS)} "$@"')
    return out


def _sh_trigger(rng: random.Random, out: FileText, trigger: str) -> None:
    host = f"{rng.choice(WORDS)}.corp.example"
    if trigger == "near":
        out.add('export REQUESTS_CA_BUNDLE="$ROOT/certs/corp-ca.pem"')
        out.add(f'curl -fsSL --cacert "$REQUESTS_CA_BUNDLE" https://{host}/install.sh -o /tmp/i.sh')
        return
    choice = rng.randrange(4)
    if choice == 0:
        out.add(f"curl -fsSLk https://{host}/install.sh -o /tmp/install.sh", "SSL201")
    elif choice == 1:
        out.add(f"wget --no-check-certificate -q https://{host}/tool.tgz", "SSL202")
    elif choice == 2:
        out.add("git config --global http.sslVerify false", "SSL203")
    else:
        out.add("export SSL_NO_VERIFY=1", "SSL104")
    out.add("")


# ---------------------------------------------------------------- Dockerfile


def dockerfile(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add(f"FROM python:3.{rng.randint(9, 13)}-slim AS base")
    out.add("")
    out.add("RUN apt-get update \\")
    out.add("    && apt-get install -y --no-install-recommends git build-essential \\")
    out.add("    && rm -rf /var/lib/apt/lists/*")
    out.add("")
    out.add("WORKDIR /app")
    out.add("COPY requirements.txt .")
    if trigger == "plant":
        out.add("RUN pip install --no-cache-dir \\")
        out.add("    --trusted-host pypi.corp.example \\", "SSL101")
        out.add("    -r requirements.txt")
    elif trigger == "near":
        out.add("COPY certs/corp-ca.pem /usr/local/share/ca-certificates/corp-ca.crt")
        out.add("RUN update-ca-certificates")
        out.add("ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt")
        out.add("RUN pip install --no-cache-dir -r requirements.txt")
    else:
        out.add("RUN pip install --no-cache-dir -r requirements.txt")
    out.add("COPY . .")
    while out.size() < target:
        out.add(f"ENV {rng.choice(WORDS).upper()}_{rng.choice(WORDS).upper()}={rng.randint(1, 99)}")
        out.add(f"RUN mkdir -p /srv/{rng.choice(WORDS)} && chown -R 1000:1000 /srv")
    out.add("USER 1000")
    out.add(f'CMD ["python", "-m", "{rng.choice(WORDS)}"]')
    return out


# ---------------------------------------------------------------- CI YAML


def _steps(rng: random.Random, out: FileText, indent: str, trigger: str, key: str) -> None:
    for i in range(rng.randint(2, 5)):
        out.add(f"{indent}- name: {rng.choice(VERBS)} {rng.choice(WORDS)}")
        out.add(f"{indent}  {key}: |")
        out.add(f"{indent}    python -m pip install -r requirements.txt")
        if i == 0 and trigger == "plant":
            out.add(
                f"{indent}    pip install --trusted-host pypi.corp.example {rng.choice(WORDS)}",
                "SSL101",
            )
        elif i == 0 and trigger == "near":
            out.add(f"{indent}    pip install --cert /etc/ssl/corp-ca.pem {rng.choice(WORDS)}")
        out.add(f"{indent}    pytest -q tests/{rng.choice(WORDS)}")


def github_workflow(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add(f"name: {rng.choice(WORDS)}")
    out.add("on:")
    out.add("  push:")
    out.add("    branches: [main]")
    out.add("  pull_request:")
    out.add("jobs:")
    n = 0
    while out.size() < target or n == 0:
        out.add(f"  {rng.choice(WORDS)}-{n}:")
        out.add("    runs-on: ubuntu-latest")
        out.add("    steps:")
        out.add("      - uses: actions/checkout@v4")
        out.add("      - uses: actions/setup-python@v5")
        out.add("        with:")
        out.add(f"          python-version: '3.{rng.randint(9, 13)}'")
        _steps(rng, out, "      ", trigger if n == 0 else "", "run")
        n += 1
    return out


def gitlab_ci(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("stages: [test, build]")
    out.add("variables:")
    out.add('  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"')
    n = 0
    while out.size() < target or n == 0:
        out.add(f"{rng.choice(WORDS)}-{n}:")
        out.add("  stage: test")
        out.add(f"  image: python:3.{rng.randint(9, 13)}")
        out.add("  script:")
        out.add("    - python -m pip install -r requirements.txt")
        if n == 0 and trigger == "plant":
            out.add("    - pip install --trusted-host pypi.corp.example tox", "SSL101")
        elif n == 0 and trigger == "near":
            out.add("    - pip install --cert /etc/ssl/corp-ca.pem tox")
        out.add(f"    - pytest -q tests/{rng.choice(WORDS)}")
        n += 1
    return out


def azure_pipelines(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("trigger:")
    out.add("  - main")
    out.add("pool:")
    out.add("  vmImage: ubuntu-latest")
    out.add("steps:")
    while out.size() < target or len(out.lines) < 8:
        _steps(rng, out, "  ", trigger, "script")
        trigger = ""
    return out


def circleci(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("version: 2.1")
    out.add("jobs:")
    out.add("  test:")
    out.add("    docker:")
    out.add("      - image: cimg/python:3.12")
    out.add("    steps:")
    out.add("      - checkout")
    n = 0
    while out.size() < target or n == 0:
        out.add("      - run:")
        out.add(f"          name: {rng.choice(VERBS)} {rng.choice(WORDS)}")
        out.add("          command: |")
        out.add("            python -m pip install -r requirements.txt")
        if n == 0 and trigger == "plant":
            out.add("            pip install --trusted-host pypi.corp.example tox", "SSL101")
        out.add(f"            pytest -q tests/{rng.choice(WORDS)}")
        n += 1
    return out


# ---------------------------------------------------------------- config files


def requirements(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    if trigger == "plant":
        out.add("--trusted-host pypi.corp.example", "SSL101")
    elif trigger == "near":
        out.add("--index-url https://pypi.corp.example/simple")
    while out.size() < target:
        out.add(
            f"{rng.choice(WORDS)}-{rng.choice(WORDS)}=={rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
        )
    return out


def pip_conf(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("[global]")
    out.add("index-url = https://pypi.corp.example/simple")
    out.add("timeout = 60")
    if trigger == "plant":
        out.add("trusted-host = pypi.corp.example", "SSL101")
    else:
        out.add("cert = /etc/ssl/certs/corp-ca.pem")
    return out


def condarc(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("channels:")
    out.add("  - conda-forge")
    out.add("  - defaults")
    if trigger == "plant":
        out.add("ssl_verify: false", "SSL103")
    else:
        out.add("ssl_verify: /etc/ssl/certs/corp-ca.pem")
    return out


def environment_yml(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add(f"name: {rng.choice(WORDS)}")
    out.add("channels:")
    out.add("  - conda-forge")
    out.add("dependencies:")
    while out.size() < target:
        out.add(f"  - {rng.choice(WORDS)}>={rng.randint(0, 9)}.{rng.randint(0, 9)}")
    return out


def pyproject(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("[project]")
    out.add(f'name = "{rng.choice(WORDS)}-{rng.choice(WORDS)}"')
    out.add(f'version = "{rng.randint(0, 5)}.{rng.randint(0, 20)}.0"')
    out.add('requires-python = ">=3.9"')
    out.add("dependencies = [")
    while out.size() < target:
        out.add(f'  "{rng.choice(WORDS)}>={rng.randint(0, 9)}.{rng.randint(0, 9)}",')
    out.add("]")
    out.add("")
    out.add("[tool.pytest.ini_options]")
    out.add('addopts = "-q"')
    return out


def tox_ini(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("[tox]")
    out.add("envlist = py39, py312, lint")
    out.add("")
    out.add("[testenv]")
    out.add("deps = -r requirements.txt")
    out.add("commands = pytest -q {posargs}")
    return out


def compose(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("services:")
    n = 0
    while out.size() < target or len(out.lines) < 3:
        n += 1
        out.add(f"  {rng.choice(WORDS)}-{n}:")  # unique: compose rejects a repeated service
        out.add("    build: .")
        out.add("    environment:")
        out.add(f"      {rng.choice(WORDS).upper()}_URL: http://{rng.choice(WORDS)}:8080")
        if trigger == "plant":
            out.add('      NODE_TLS_REJECT_UNAUTHORIZED: "0"', "SSL204")
            trigger = ""
        out.add("    ports:")
        out.add(f'      - "{rng.randint(3000, 9000)}:8080"')
    return out


def k8s_yaml(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    while out.size() < target or not out.lines:
        name = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}"
        out.add("apiVersion: apps/v1")
        out.add("kind: Deployment")
        out.add("metadata:")
        out.add(f"  name: {name}")
        out.add("spec:")
        out.add(f"  replicas: {rng.randint(1, 5)}")
        out.add("  template:")
        out.add("    spec:")
        out.add("      containers:")
        out.add(f"        - name: {name}")
        out.add(f"          image: registry.corp.example/{name}:{rng.randint(1, 40)}")
        out.add("          env:")
        out.add(f"            - name: {rng.choice(WORDS).upper()}_LIMIT")
        out.add(f'              value: "{rng.randint(1, 500)}"')
        out.add("---")
    return out


def npmrc(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("registry=https://npm.corp.example/")
    if trigger == "plant":
        out.add("strict-ssl=false", "SSL204")
    else:
        out.add("cafile=/etc/ssl/certs/corp-ca.pem")
    return out


# ---------------------------------------------------------------- files sslint skips


def markdown(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add(f"# {_camel(rng)}")
    while out.size() < target:
        out.add("")
        out.add(" ".join(rng.choice(WORDS + VERBS) for _ in range(rng.randint(8, 30))) + ".")
        if rng.random() < 0.2:
            out.add("")
            out.add("```sh")
            out.add(f"make {rng.choice(VERBS)}")
            out.add("```")
    return out


def json_data(rng: random.Random, target: int, trigger: str) -> FileText:
    items = []
    size = 0
    while size < target:
        item = {rng.choice(WORDS): rng.randint(0, 10**6) for _ in range(rng.randint(2, 6))}
        items.append(item)
        size += len(json.dumps(item)) + 4
    return FileText(lines=json.dumps(items, indent=2, sort_keys=True).split("\n"))


def javascript(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    while out.size() < target:
        name = f"{rng.choice(VERBS)}{_camel(rng)}"
        out.add(f"export function {name}({rng.choice(WORDS)}) {{")
        out.add(f"  const {rng.choice(WORDS)} = {rng.randint(0, 99)};")
        out.add(f"  return fetch('/api/{rng.choice(WORDS)}').then((r) => r.json());")
        out.add("}")
        out.add("")
    return out


def makefile(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add(".PHONY: test lint")
    out.add("test:")
    out.add("\tpytest -q")
    out.add("lint:")
    out.add("\truff check .")
    return out


def license_text(rng: random.Random, target: int, trigger: str) -> FileText:
    out = FileText()
    out.add("MIT License")
    out.add("")
    while out.size() < target:
        out.add(" ".join(rng.choice(WORDS) for _ in range(12)))
    return out


Maker = Callable[[random.Random, int, str], FileText]


@dataclass(frozen=True)
class Kind:
    """One sort of file: share of the tree, size, and how often it holds triggers."""

    name: str
    share: float
    make: Maker
    median: int
    sigma: float
    plant: float  # fraction of files of this sort with a planted switch
    near: float  # fraction with a near miss (a trigger word, no finding)
    binary: bool = False


KINDS = (
    Kind("python", 0.46, python_module, 5000, 1.0, 0.012, 0.045),
    Kind("test-python", 0.08, python_module, 4000, 0.7, 0.0, 0.02),
    Kind("markdown", 0.08, markdown, 2500, 0.9, 0.0, 0.0),
    Kind("json", 0.08, json_data, 4000, 1.3, 0.0, 0.0),
    Kind("javascript", 0.06, javascript, 2500, 0.9, 0.0, 0.0),
    Kind("png", 0.04, json_data, 6000, 1.0, 0.0, 0.0, binary=True),
    Kind("yaml", 0.05, k8s_yaml, 1200, 0.7, 0.0, 0.0),
    Kind("shell", 0.04, shell_script, 1800, 0.7, 0.05, 0.05),
    Kind("requirements", 0.02, requirements, 400, 0.6, 0.03, 0.05),
    Kind("dockerfile", 0.02, dockerfile, 900, 0.5, 0.06, 0.15),
    Kind("pyproject", 0.015, pyproject, 700, 0.4, 0.0, 0.0),
    Kind("makefile", 0.01, makefile, 300, 0.3, 0.0, 0.0),
    Kind("license", 0.01, license_text, 1000, 0.2, 0.0, 0.0),
    Kind("github", 0.008, github_workflow, 1500, 0.6, 0.06, 0.1),
    Kind("gitlab", 0.004, gitlab_ci, 1200, 0.6, 0.06, 0.1),
    Kind("azure", 0.003, azure_pipelines, 1000, 0.5, 0.06, 0.1),
    Kind("circleci", 0.002, circleci, 1000, 0.5, 0.06, 0.0),
    Kind("compose", 0.004, compose, 700, 0.5, 0.05, 0.0),
    Kind("environment", 0.004, environment_yml, 400, 0.4, 0.0, 0.0),
    Kind("tox", 0.003, tox_ini, 200, 0.1, 0.0, 0.0),
    Kind("pip-conf", 0.002, pip_conf, 200, 0.1, 0.2, 0.8),
    Kind("condarc", 0.002, condarc, 200, 0.1, 0.2, 0.8),
    Kind("npmrc", 0.002, npmrc, 100, 0.1, 0.2, 0.8),
)


def _path_for(kind: str, rng: random.Random, service: str, index: int) -> str:
    pkg = service.replace("-", "_")
    sub = rng.choice(WORDS)
    if kind == "python":
        return f"services/{service}/src/{pkg}/{sub}/{rng.choice(VERBS)}_{index}.py"
    if kind == "test-python":
        return f"services/{service}/tests/{sub}/test_{rng.choice(VERBS)}_{index}.py"
    if kind == "markdown":
        return f"services/{service}/docs/{sub}_{index}.md"
    if kind == "json":
        return f"services/{service}/data/{sub}_{index}.json"
    if kind == "javascript":
        return f"services/{service}/web/static/{sub}_{index}.js"
    if kind == "png":
        return f"services/{service}/web/img/{sub}_{index}.png"
    if kind == "yaml":
        return f"services/{service}/deploy/k8s/{sub}_{index}.yaml"
    if kind == "shell":
        if rng.random() < 0.15:  # an extension-less script found by its shebang
            return f"services/{service}/bin/{sub}-{index}"
        return f"services/{service}/scripts/{rng.choice(VERBS)}_{index}.sh"
    if kind == "requirements":
        return f"services/{service}/requirements/{sub}-{index}.txt"
    if kind == "dockerfile":
        return f"services/{service}/docker/{sub}-{index}/Dockerfile"
    if kind == "pyproject":
        return f"services/{service}/pkgs/{sub}-{index}/pyproject.toml"
    if kind == "makefile":
        return f"services/{service}/pkgs/{sub}-{index}/Makefile"
    if kind == "license":
        return f"services/{service}/pkgs/{sub}-{index}/LICENSE"
    if kind == "github":
        return f"services/{service}/.github/workflows/{sub}-{index}.yml"
    if kind == "gitlab":
        return f"services/{service}/ci/{sub}-{index}/.gitlab-ci.yml"
    if kind == "azure":
        return f"services/{service}/ci/{sub}-{index}/azure-pipelines.yml"
    if kind == "circleci":
        return f"services/{service}/ci/{sub}-{index}/.circleci/config.yml"
    if kind == "compose":
        return f"services/{service}/deploy/{sub}-{index}/docker-compose.yml"
    if kind == "environment":
        return f"services/{service}/envs/{sub}-{index}/environment.yml"
    if kind == "tox":
        return f"services/{service}/pkgs/{sub}-{index}/tox.ini"
    if kind == "pip-conf":
        return f"services/{service}/etc/{sub}-{index}/pip.conf"
    if kind == "condarc":
        return f"services/{service}/etc/{sub}-{index}/.condarc"
    if kind == "npmrc":
        return f"services/{service}/web/{sub}-{index}/.npmrc"
    raise ValueError(kind)


def generate(out: Path, files: int, seed: int = 1, git: bool = True) -> dict[str, object]:
    """Write a tree of about `files` files under `out`; return the manifest."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    services = [f"{rng.choice(WORDS)}-{i}" for i in range(max(1, files // 250))]
    weights = [k.share for k in KINDS]
    planted: list[dict[str, object]] = []
    written = 0
    total_bytes = 0
    with_trigger = 0
    for index in range(files):
        kind = rng.choices(KINDS, weights)[0]
        service = services[index % len(services)]
        rel = _path_for(kind.name, rng, service, index)
        size = _size(rng, kind.median, kind.sigma, 400_000)
        roll = rng.random()
        trigger = "plant" if roll < kind.plant else "near" if roll < kind.plant + kind.near else ""
        if kind.name in ("python", "test-python") and trigger == "near":
            trigger = rng.choice(["near-ssl", "near-verify"])
        if kind.binary:
            data = b"\x89PNG\r\n\x1a\n\x00\x00" + rng.randbytes(size)
        else:
            text = kind.make(rng, size, trigger)
            data = text.text().encode()
            for line, rule in text.planted:
                planted.append({"path": rel, "line": line, "rule": rule})
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if kind.name == "shell":
            target.chmod(0o755)
        written += 1
        total_bytes += len(data)
        lowered = data.lower()
        with_trigger += any(t in lowered for t in TRIGGERS)
    (out / ".gitignore").write_text("*.log\n__pycache__/\n.sslint_cache/\n")
    for i in range(max(1, files // 500)):  # ignored files a walk must skip
        (out / services[i % len(services)] / f"debug-{i}.log").parent.mkdir(
            parents=True, exist_ok=True
        )
        (out / services[i % len(services)] / f"debug-{i}.log").write_text(
            "pip install --trusted-host x\n"
        )
    manifest = {
        "seed": seed,
        "files": written,
        "bytes": total_bytes,
        "files_with_trigger_word": with_trigger,
        "planted": sorted(planted, key=lambda p: (str(p["path"]), int(str(p["line"])))),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    if git:
        _git_commit(out)
    return manifest


def _git_commit(out: Path) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@corp.example",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@corp.example",
        GIT_AUTHOR_DATE="2024-01-01T00:00:00Z",
        GIT_COMMITTER_DATE="2024-01-01T00:00:00Z",
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "synthetic tree"]):
        subprocess.run(["git", *args], cwd=out, env=env, check=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-git", action="store_true", help="do not make it a git checkout")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.files, args.seed, git=not args.no_git)
    print(
        f"{manifest['files']} files, {int(str(manifest['bytes'])) / 1e6:.1f} MB, "
        f"{manifest['files_with_trigger_word']} with a trigger word, "
        f"{len(manifest['planted'])} planted findings (manifest: {MANIFEST})"  # type: ignore[arg-type]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
