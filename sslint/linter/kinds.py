"""File kinds: which reader understands a file, from its path and first line."""

from __future__ import annotations

import fnmatch
import re
from typing import Optional

# Kinds, in one place. The reader registry maps each to its reader.
DOCKERFILE = "dockerfile"
SHELL = "shell"
POWERSHELL = "powershell"
BATCH = "batch"
PYTHON = "python"
GITHUB_WORKFLOW = "github-workflow"
GITHUB_ACTION = "github-action"
GITLAB_CI = "gitlab-ci"
AZURE_PIPELINES = "azure-pipelines"
CIRCLECI = "circleci"
BITBUCKET = "bitbucket-pipelines"
TRAVIS = "travis"
JENKINSFILE = "jenkinsfile"
MAKEFILE = "makefile"
TOX = "tox"
TOX_TOML = "tox-toml"
COMPOSE = "compose"
YAML = "yaml"  # any other YAML: Kubernetes, Helm values, Ansible, kubeconfig (sniffed)
DOTENV = "dotenv"
PACKAGE_JSON = "package-json"
PIP_CONF = "pip-conf"
REQUIREMENTS = "requirements"
CONDARC = "condarc"
CONDA_ENV = "conda-env"
PIPFILE = "pipfile"
PYPROJECT = "pyproject"
UV_TOML = "uv-toml"
POETRY_TOML = "poetry-toml"
PIXI = "pixi"
NPMRC = "npmrc"
YARNRC = "yarnrc"
YARNRC_YML = "yarnrc-yml"
GITCONFIG = "gitconfig"
CURLRC = "curlrc"
WGETRC = "wgetrc"
APT_CONF = "apt-conf"
APT_SOURCES = "apt-sources"
YUM_REPO = "yum-repo"
KUBECONFIG = "kubeconfig"
ANSIBLE_CFG = "ansible-cfg"
# Build, dev-environment and infrastructure files that hold shell commands.
EARTHFILE = "earthfile"
JUSTFILE = "justfile"
NIX = "nix"
PACKER = "packer"
SETUP_CFG = "setup-cfg"
TERRAFORM = "terraform"
VAGRANTFILE = "vagrantfile"
# A configuration file of no known kind, read at low precision (`GUESSED`).
CONFIG_FALLBACK = "config-fallback"
GUESSED = frozenset({CONFIG_FALLBACK})

# (kind, glob over the lower-cased repository-relative path with "/" separators).
# The first match wins; `**/` matches any depth including none.
_PATH_RULES: tuple[tuple[str, str], ...] = (
    (GITHUB_WORKFLOW, "**/.github/workflows/*.yml"),
    (GITHUB_WORKFLOW, "**/.github/workflows/*.yaml"),
    (GITHUB_ACTION, "**/action.yml"),
    (GITHUB_ACTION, "**/action.yaml"),
    (GITLAB_CI, "**/.gitlab-ci.yml"),
    (GITLAB_CI, "**/.gitlab-ci.yaml"),
    (GITLAB_CI, "**/*.gitlab-ci.yml"),
    (GITLAB_CI, "**/*.gitlab-ci.yaml"),
    (GITLAB_CI, "**/.gitlab/ci/*.yml"),
    (GITLAB_CI, "**/.gitlab/ci/*.yaml"),
    (AZURE_PIPELINES, "**/azure-pipelines*.yml"),
    (AZURE_PIPELINES, "**/azure-pipelines*.yaml"),
    (AZURE_PIPELINES, "**/.azure-pipelines/*.yml"),
    (AZURE_PIPELINES, "**/.azure-pipelines/*.yaml"),
    (AZURE_PIPELINES, "**/.azuredevops/*.yml"),
    (CIRCLECI, "**/.circleci/config.yml"),
    (CIRCLECI, "**/.circleci/config.yaml"),
    (BITBUCKET, "**/bitbucket-pipelines.yml"),
    (BITBUCKET, "**/bitbucket-pipelines.yaml"),
    (TRAVIS, "**/.travis.yml"),
    (TRAVIS, "**/.travis.yaml"),
    (JENKINSFILE, "**/jenkinsfile"),
    (JENKINSFILE, "**/jenkinsfile.*"),
    (JENKINSFILE, "**/*.jenkinsfile"),
    (JENKINSFILE, "**/*.groovy"),
    (COMPOSE, "**/docker-compose*.yml"),
    (COMPOSE, "**/docker-compose*.yaml"),
    (COMPOSE, "**/compose.yml"),
    (COMPOSE, "**/compose.yaml"),
    (COMPOSE, "**/compose.*.yml"),
    (COMPOSE, "**/compose.*.yaml"),
    (CONDARC, "**/.condarc"),
    (CONDARC, "**/condarc"),
    (CONDARC, "**/.mambarc"),
    (CONDARC, "**/mambarc"),
    (CONDARC, "**/*.condarc"),
    (CONDARC, "**/condarc.d/*.yml"),
    (CONDARC, "**/condarc.d/*.yaml"),
    (CONDA_ENV, "**/environment*.yml"),
    (CONDA_ENV, "**/environment*.yaml"),
    (CONDA_ENV, "**/*environment.yml"),
    (CONDA_ENV, "**/*environment.yaml"),
    (KUBECONFIG, "**/.kube/config"),
    (KUBECONFIG, "**/kubeconfig"),
    (KUBECONFIG, "**/*kubeconfig*.yml"),
    (KUBECONFIG, "**/*kubeconfig*.yaml"),
    (KUBECONFIG, "**/kubeconfig*"),
    (YARNRC_YML, "**/.yarnrc.yml"),
    (YARNRC_YML, "**/.yarnrc.yaml"),
    (YAML, "**/*.yml"),
    (YAML, "**/*.yaml"),
    (DOCKERFILE, "**/dockerfile"),
    (DOCKERFILE, "**/dockerfile.*"),
    (DOCKERFILE, "**/*.dockerfile"),
    (DOCKERFILE, "**/containerfile"),
    (DOCKERFILE, "**/containerfile.*"),
    (DOCKERFILE, "**/*.containerfile"),
    (MAKEFILE, "**/makefile"),
    (MAKEFILE, "**/gnumakefile"),
    (MAKEFILE, "**/*.mk"),
    (MAKEFILE, "**/*.make"),
    # Build, dev-environment and infrastructure files (sorted by kind).
    (EARTHFILE, "**/earthfile"),
    (JUSTFILE, "**/justfile"),
    (JUSTFILE, "**/.justfile"),
    (JUSTFILE, "**/*.just"),
    (NIX, "**/*.nix"),
    (PACKER, "**/*.pkr.hcl"),
    (SETUP_CFG, "**/setup.cfg"),
    (SETUP_CFG, "**/.pydistutils.cfg"),
    (SETUP_CFG, "**/pydistutils.cfg"),
    (TERRAFORM, "**/*.tf"),
    (TERRAFORM, "**/*.tofu"),
    (VAGRANTFILE, "**/vagrantfile"),
    (TOX, "**/tox.ini"),
    (TOX_TOML, "**/tox.toml"),
    (PIP_CONF, "**/pip.conf"),
    (PIP_CONF, "**/pip.ini"),
    (REQUIREMENTS, "**/*requirements*.txt"),
    (REQUIREMENTS, "**/*requirements*.in"),
    (REQUIREMENTS, "**/*constraints*.txt"),
    (REQUIREMENTS, "**/*constraints*.in"),
    (REQUIREMENTS, "**/requirements/*.txt"),
    (REQUIREMENTS, "**/requirements/*.in"),
    (PIPFILE, "**/pipfile"),
    (PYPROJECT, "**/pyproject.toml"),
    (UV_TOML, "**/uv.toml"),
    (POETRY_TOML, "**/poetry.toml"),
    (POETRY_TOML, "**/pypoetry/config.toml"),
    (PIXI, "**/pixi.toml"),
    (PIXI, "**/.pixi/config.toml"),
    (PIXI, "**/pixi/config.toml"),
    (NPMRC, "**/.npmrc"),
    (NPMRC, "**/npmrc"),
    (YARNRC, "**/.yarnrc"),
    (GITCONFIG, "**/.gitconfig"),
    (GITCONFIG, "**/gitconfig"),
    (GITCONFIG, "**/*.gitconfig"),
    (GITCONFIG, "**/.git/config"),
    (CURLRC, "**/.curlrc"),
    (CURLRC, "**/_curlrc"),
    (CURLRC, "**/curlrc"),
    (WGETRC, "**/.wgetrc"),
    (WGETRC, "**/wgetrc"),
    (APT_CONF, "**/apt.conf"),
    (APT_CONF, "**/apt.conf.d/*"),
    (APT_SOURCES, "**/sources.list"),
    (APT_SOURCES, "**/sources.list.d/*"),
    (APT_SOURCES, "**/*.sources"),
    (YUM_REPO, "**/*.repo"),
    (YUM_REPO, "**/yum.conf"),
    (YUM_REPO, "**/dnf.conf"),
    (ANSIBLE_CFG, "**/ansible.cfg"),
    (ANSIBLE_CFG, "**/.ansible.cfg"),
    (PACKAGE_JSON, "**/package.json"),
    (DOTENV, "**/.env"),
    (DOTENV, "**/.env.*"),
    (DOTENV, "**/*.env"),
    (DOTENV, "**/etc/environment"),
    (PYTHON, "**/*.py"),
    (PYTHON, "**/*.pyw"),
    (SHELL, "**/*.sh"),
    (SHELL, "**/*.bash"),
    (SHELL, "**/*.ksh"),
    (SHELL, "**/*.zsh"),
    (SHELL, "**/.envrc"),
    # Shell start-up files: read by every login or interactive shell.
    (SHELL, "**/.bashrc"),
    (SHELL, "**/.bash_profile"),
    (SHELL, "**/.bash_login"),
    (SHELL, "**/.bash_aliases"),
    (SHELL, "**/bashrc"),
    (SHELL, "**/bash.bashrc"),
    (SHELL, "**/.profile"),
    (SHELL, "**/etc/profile"),
    (SHELL, "**/profile.d/*.sh"),
    (SHELL, "**/.kshrc"),
    (SHELL, "**/.mkshrc"),
    (SHELL, "**/.zshrc"),
    (SHELL, "**/.zprofile"),
    (SHELL, "**/.zshenv"),
    (SHELL, "**/.zlogin"),
    (SHELL, "**/zshrc"),
    (SHELL, "**/zprofile"),
    (SHELL, "**/zshenv"),
    (POWERSHELL, "**/*.ps1"),
    (POWERSHELL, "**/*.psm1"),
    (BATCH, "**/*.bat"),
    (BATCH, "**/*.cmd"),
    # Last: configuration files no rule above names.
    (CONFIG_FALLBACK, "**/*.cfg"),
    (CONFIG_FALLBACK, "**/*.conf"),
    (CONFIG_FALLBACK, "**/*.ini"),
)


def _compile(glob: str) -> re.Pattern[str]:
    body = glob[3:] if glob.startswith("**/") else glob
    # DOTALL: a folder name may hold a newline.
    return re.compile(r"(?:.*/)?" + fnmatch.translate(body).replace(".*", "[^/]*"), re.S)


_COMPILED = tuple((kind, _compile(glob)) for kind, glob in _PATH_RULES)


class _Index:
    """Path rules indexed by what every path they match must have, so few are tried.

    A glob whose basename has no wildcard can only match that basename; one
    whose basename ends in literal text with a dot (`*requirements*.txt`) only
    names with that extension; one whose basename starts with literal text
    (`dockerfile.*`) only names with that prefix; one whose basename is all
    wildcards (`apt.conf.d/*`) only files in a folder of that name.
    """

    def __init__(self, globs: tuple[str, ...]) -> None:
        self.by_name: dict[str, list[int]] = {}
        self.by_ext: dict[str, list[int]] = {}
        self.by_folder: dict[str, list[int]] = {}
        self.by_prefix: list[tuple[str, int]] = []
        self.always: list[int] = []
        for number, glob in enumerate(globs):
            parts = glob.split("/")
            base = parts[-1]
            pieces = re.split(r"[*?\[\]]", base)
            if len(pieces) == 1:
                self.by_name.setdefault(base, []).append(number)
            elif "." in pieces[-1]:
                self.by_ext.setdefault(pieces[-1].rsplit(".", 1)[1], []).append(number)
            elif pieces[0]:
                self.by_prefix.append((pieces[0], number))
            elif len(parts) > 1 and not re.search(r"[*?\[\]]", parts[-2]):
                self.by_folder.setdefault(parts[-2], []).append(number)
            else:
                self.always.append(number)

    def rules_for(self, basename: str, folder: str) -> list[int]:
        """The numbers of the rules that can match, in rule order."""
        numbers = [*self.always, *self.by_name.get(basename, ())]
        if "." in basename:
            numbers.extend(self.by_ext.get(basename.rsplit(".", 1)[1], ()))
        numbers.extend(n for prefix, n in self.by_prefix if basename.startswith(prefix))
        numbers.extend(self.by_folder.get(folder, ()))
        return sorted(numbers)


_INDEX = _Index(tuple(glob for _, glob in _PATH_RULES))


# `Dockerfile.<suffix>` names a Dockerfile variant (`Dockerfile.alpine`,
# `Dockerfile.j2`), except where the suffix says the file is something else:
# `dockerfile.py` is Python, `Dockerfile.md` is prose.
_NOT_A_DOCKERFILE_SUFFIX = frozenset(
    {
        "py", "pyi", "pyc", "sh", "bash", "ps1", "md", "rst", "txt", "adoc", "html",
        "json", "toml", "ini", "cfg", "go", "rs", "js", "ts", "java", "rb", "php",
        "c", "h", "cpp", "lock", "orig", "rej", "swp", "png", "svg", "pdf",
    }
)  # fmt: skip


def kind_from_path(path: str) -> Optional[str]:
    """The kind a repository-relative path names, or None."""
    lowered = path.replace("\\", "/").lower()
    head, _, basename = lowered.rpartition("/")
    suffix = basename.rpartition(".")[2] if "." in basename else ""
    for number in _INDEX.rules_for(basename, head.rpartition("/")[2]):
        kind, pattern = _COMPILED[number]
        if kind == DOCKERFILE and suffix in _NOT_A_DOCKERFILE_SUFFIX:
            continue
        if pattern.fullmatch(lowered):
            return kind
    return None


_SHEBANG_RE = re.compile(rb"^#![ \t]*(\S+)(?:[ \t]+(\S+))?")
_SHELLS = {"sh", "bash", "dash", "ksh", "zsh", "ash", "mksh"}


def kind_from_shebang(head: bytes) -> Optional[str]:
    """The kind an interpreter line (`#!/usr/bin/env bash`) names, or None."""
    match = _SHEBANG_RE.match(head)
    if not match:
        return None
    program = match.group(1).rsplit(b"/", 1)[-1].decode("ascii", "replace")
    if program == "env" and match.group(2):
        program = match.group(2).decode("ascii", "replace")
        if program.startswith("-"):
            return None
    name = re.sub(r"[\d.]+$", "", program)
    if name in _SHELLS:
        return SHELL
    if name in ("python", "pypy"):
        return PYTHON
    if name in ("pwsh", "powershell"):
        return POWERSHELL
    return None


def detect(path: str, head: bytes = b"") -> Optional[str]:
    """The kind of a file from its path, or for an unknown name from its shebang."""
    kind = kind_from_path(path)
    if kind is not None:
        return kind
    basename = path.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in basename.lstrip(".") or head.startswith(b"#!"):
        return kind_from_shebang(head)
    return None
