"""Readers: one per file kind, turning a view of a file into facts.

A reader is a function `read(view, ctx)`. It appends facts through `ctx` and
hands embedded languages on with `ctx.embed(kind, view, ...)`. Readers are
imported lazily, so a scan only imports the parsers its files need.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping, Optional

from sslint.linter import kinds
from sslint.linter.facts import Command, EnvAssign, FileFacts, Notice, Setting, Word
from sslint.linter.readers.python.gate import may_name_a_fact
from sslint.linter.source import LineRange, View

if TYPE_CHECKING:
    from sslint.linter.commands import Invocation

Reader = Callable[[View, "ReadContext"], None]

# kind -> "module:function". Kinds without an entry are not read.
READERS: dict[str, str] = {
    kinds.DOCKERFILE: "sslint.linter.readers.scripts.dockerfile:read",
    kinds.SHELL: "sslint.linter.readers.scripts.shell:read",
    kinds.MAKEFILE: "sslint.linter.readers.scripts.makefile:read",
    kinds.POWERSHELL: "sslint.linter.readers.scripts.wordlevel:read_powershell",
    kinds.BATCH: "sslint.linter.readers.scripts.wordlevel:read_batch",
    kinds.PYTHON: "sslint.linter.readers.python.reader:read",
    kinds.GITHUB_WORKFLOW: "sslint.linter.readers.ci.github:read_workflow",
    kinds.GITHUB_ACTION: "sslint.linter.readers.ci.github:read_action",
    kinds.GITLAB_CI: "sslint.linter.readers.ci.gitlab:read",
    kinds.PIP_CONF: "sslint.linter.readers.config.pipconf:read",
    kinds.REQUIREMENTS: "sslint.linter.readers.config.requirements:read",
    kinds.CONDARC: "sslint.linter.readers.config.condarc:read",
    kinds.CONDA_ENV: "sslint.linter.readers.config.conda_env:read",
    kinds.COMPOSE: "sslint.linter.readers.scripts.compose:read",
    kinds.YAML: "sslint.linter.readers.sources.yaml_generic:read",
    kinds.KUBECONFIG: "sslint.linter.readers.sources.yaml_generic:read_kubeconfig",
    kinds.YARNRC_YML: "sslint.linter.readers.config.yarnrc_yml:read",
    kinds.AZURE_PIPELINES: "sslint.linter.readers.ci.azure:read",
    kinds.CIRCLECI: "sslint.linter.readers.ci.circleci:read",
    kinds.BITBUCKET: "sslint.linter.readers.ci.bitbucket:read",
    kinds.TRAVIS: "sslint.linter.readers.ci.travis:read",
    kinds.JENKINSFILE: "sslint.linter.readers.ci.jenkinsfile:read",
    kinds.PIPFILE: "sslint.linter.readers.config.toml_settings:read_pipfile",
    kinds.PYPROJECT: "sslint.linter.readers.config.toml_settings:read_pyproject",
    kinds.UV_TOML: "sslint.linter.readers.config.toml_settings:read_uv_toml",
    kinds.POETRY_TOML: "sslint.linter.readers.config.toml_settings:read_poetry_toml",
    kinds.PIXI: "sslint.linter.readers.config.toml_settings:read_pixi",
    kinds.GITCONFIG: "sslint.linter.readers.config.gitconfig:read",
    kinds.CURLRC: "sslint.linter.readers.config.curlrc:read",
    kinds.WGETRC: "sslint.linter.readers.config.wgetrc:read",
    kinds.NPMRC: "sslint.linter.readers.config.npmrc:read",
    kinds.YARNRC: "sslint.linter.readers.config.yarnrc:read",
    kinds.APT_CONF: "sslint.linter.readers.config.apt_conf:read",
    kinds.APT_SOURCES: "sslint.linter.readers.config.apt_sources:read",
    kinds.YUM_REPO: "sslint.linter.readers.config.yumrepo:read",
    kinds.ANSIBLE_CFG: "sslint.linter.readers.config.ansible_cfg:read",
    kinds.DOTENV: "sslint.linter.readers.config.dotenv:read",
    kinds.TOX: "sslint.linter.readers.scripts.tox:read",
    kinds.TOX_TOML: "sslint.linter.readers.config.toml_settings:read_tox_toml",
    kinds.PACKAGE_JSON: "sslint.linter.readers.scripts.package_json:read",
    kinds.BUILDKITE: "sslint.linter.readers.ci.buildkite:read",
    kinds.DRONE: "sslint.linter.readers.ci.drone:read_drone",
    kinds.WOODPECKER: "sslint.linter.readers.ci.drone:read_woodpecker",
    kinds.APPVEYOR: "sslint.linter.readers.ci.appveyor:read",
    kinds.CODEBUILD: "sslint.linter.readers.ci.codebuild:read",
    kinds.CLOUDBUILD: "sslint.linter.readers.ci.cloudbuild:read",
    kinds.DEVCONTAINER: "sslint.linter.readers.provisioning.devcontainer:read",
    kinds.GITPOD: "sslint.linter.readers.provisioning.gitpod:read",
    kinds.CLOUD_INIT: "sslint.linter.readers.provisioning.cloud_init:read",
    kinds.SALT: "sslint.linter.readers.provisioning.salt:read",
    kinds.TASKFILE: "sslint.linter.readers.scripts.taskfile:read",
    kinds.CONDA_RECIPE: "sslint.linter.readers.scripts.conda_recipe:read",
    kinds.PRE_COMMIT: "sslint.linter.readers.scripts.pre_commit:read",
    kinds.EARTHFILE: "sslint.linter.readers.scripts.earthfile:read",
    kinds.JUSTFILE: "sslint.linter.readers.scripts.justfile:read",
    kinds.TERRAFORM: "sslint.linter.readers.scripts.terraform:read",
    kinds.PACKER: "sslint.linter.readers.scripts.terraform:read",
    kinds.PACKER_JSON: "sslint.linter.readers.scripts.packer_json:read",
    kinds.VAGRANTFILE: "sslint.linter.readers.scripts.vagrantfile:read",
    kinds.NIX: "sslint.linter.readers.scripts.nix:read",
    kinds.CONFIG_FALLBACK: "sslint.linter.readers.config.fallback:read",
    kinds.JSON_FALLBACK: "sslint.linter.readers.config.json_fallback:read",
    kinds.TOML_FALLBACK: "sslint.linter.readers.config.toml_fallback:read",
    kinds.HCL_FALLBACK: "sslint.linter.readers.config.hcl_fallback:read",
    kinds.SETUP_CFG: "sslint.linter.readers.config.setup_cfg:read",
}

_GUESSED_GATE = (
    b"trusted",
    b"sslverify",
    b"ssl_verify",
    b"ssl_no_verify",
    b"insecure",
    b"curl",
    b"wget",
    b"strict-ssl",
    b"strict_ssl",
    b"tls_reject_unauthorized",
    b"pythonhttpsverify",
    b"unauthenticated",
    b"nogpgcheck",
)

# kind -> words (lower case) without which its reader derives no command, environment
# or setting from a file: Python code runs commands and sets variables only through
# these (`os.execv…`/`os.execl…` hold `execv`/`execl`, `create_subprocess_exec` holds
# `subprocess`). The prefilter uses them; the reader checks them before its deeper pass.
READER_GATES: dict[str, tuple[bytes, ...]] = {
    kinds.PYTHON: (
        b"subprocess",
        b"system",
        b"popen",
        b"environ",
        b"putenv",
        b"execv",
        b"execl",
        b"nox",
    ),
    # A file of no known kind is read only when it names a switch.
    kinds.CONFIG_FALLBACK: _GUESSED_GATE,
    kinds.JSON_FALLBACK: _GUESSED_GATE,
    kinds.TOML_FALLBACK: _GUESSED_GATE,
    kinds.HCL_FALLBACK: _GUESSED_GATE,
}

# kind -> a closer look, on a file's lower-case bytes, once one of its gate words is
# there: Python's count only as the names the reader resolves (`os.environ`, not
# `ENVIRONMENT`). It lets through at least every file the reader derives something from.
READER_GATE_TESTS: dict[str, Callable[[bytes], bool]] = {kinds.PYTHON: may_name_a_fact}

# kind -> words (lower case) that make a file worth reading whatever else it holds: its
# reader then reads the Dockerfile the build arguments go to, whose `RUN`s may turn a
# value into a switch (`FETCH_FLAGS=-k` into `RUN curl $FETCH_FLAGS …`; see
# `ci.build_args`).
READER_LINKS: dict[str, tuple[bytes, ...]] = {
    kinds.GITHUB_WORKFLOW: (b"build-args",),
    kinds.GITHUB_ACTION: (b"build-args",),
    kinds.COMPOSE: (b"args",),
}

MAX_EMBED_DEPTH = 8


@dataclass
class ReadContext:
    """Where a reader puts its facts, and what the code it reads inherits.

    `env` maps variable names visible to the code being read (a CI `env:`
    block, a Dockerfile `ARG`/`ENV`, earlier shell assignments) to their value
    words, so a reader can expand `$PIP_FLAGS` to the text where it is written.
    `script` names the script commands belong to (for ordering), `depth` guards
    against runaway nesting.
    """

    facts: FileFacts
    env: Mapping[str, Word] = field(default_factory=dict)
    script: str = "main"
    depth: int = 0
    _counter: list[int] = field(default_factory=lambda: [0])

    @property
    def path(self) -> str:
        """The display path of the file being read."""
        return self.facts.source.path

    def next_seq(self) -> int:
        """A number that orders facts within the whole file."""
        self._counter[0] += 1
        return self._counter[0]

    def new_script(self, label: str) -> str:
        """A fresh script identifier (one `RUN`, one `run:` block, one job's list)."""
        return f"{label}#{self.next_seq()}"

    def add_command(self, command: Command, found: Optional[Invocation] = None) -> None:
        """Record a command; fills in script and order when the reader did not.

        Assignments that a wrapper makes for the command (`env NAME=value cmd`)
        are recorded as environment facts too, so rules about variables see them.
        `found` is the command's invocation when the reader has worked it out.
        """
        if not command.script:
            command.script = self.script
        if not command.seq:
            command.seq = self.next_seq()
        self.facts.commands.append(command)
        if found is None:
            from sslint.linter.commands import invocation

            found = invocation(command)
        if found is not None and len(found.env) > len(command.env):
            for assign in found.env:
                if not any(assign is known for known in command.env):
                    self.add_env(assign)

    def add_env(self, assign: EnvAssign) -> None:
        """Record an environment assignment."""
        if not assign.script:
            assign.script = self.script
        if not assign.seq:
            assign.seq = self.next_seq()
        self.facts.env.append(assign)

    def add_setting(self, setting: Setting) -> None:
        """Record a configuration setting."""
        self.facts.settings.append(setting)

    def notice(self, message: str, line: Optional[int] = None, level: str = "warning") -> None:
        """Report a problem reading (part of) the file; reading goes on."""
        self.facts.notices.append(Notice(self.path, message, level, line))

    def child(
        self,
        *,
        env: Optional[Mapping[str, Word]] = None,
        script: Optional[str] = None,
    ) -> ReadContext:
        """A context for nested code sharing this file's facts and counter."""
        return ReadContext(
            facts=self.facts,
            env=self.env if env is None else env,
            script=self.script if script is None else script,
            depth=self.depth + 1,
            _counter=self._counter,
        )

    def guess(self, lines: LineRange) -> None:
        """Mark lines read as a guess: a finding there is probable, an error only a warning."""
        self.facts.guessed.append(lines)

    def embed(
        self,
        kind: str,
        view: View,
        *,
        env: Optional[Mapping[str, Word]] = None,
        script: Optional[str] = None,
    ) -> None:
        """Read embedded code of another kind (shell in YAML, Python in `-c`, a heredoc config)."""
        if self.depth >= MAX_EMBED_DEPTH:
            line = view.span(0, 0).start_line
            self.notice(
                f"embedded code nested more than {MAX_EMBED_DEPTH} levels deep; not read", line
            )
            return
        reader = reader_for(kind)
        if reader is not None:
            reader(view, self.child(env=env, script=script))


_LOADED: dict[str, Reader] = {}


def reader_for(kind: str) -> Optional[Reader]:
    """The reader function of a kind, imported on first use, or None."""
    if kind in _LOADED:
        return _LOADED[kind]
    target = READERS.get(kind)
    if target is None:
        return None
    module_name, _, func_name = target.partition(":")
    reader: Reader = getattr(importlib.import_module(module_name), func_name)
    _LOADED[kind] = reader
    return reader
