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
# Pipelines and dev environments in YAML / JSON.
BUILDKITE = "buildkite"
DRONE = "drone"
WOODPECKER = "woodpecker"
APPVEYOR = "appveyor"
CODEBUILD = "aws-codebuild"
CLOUDBUILD = "google-cloud-build"
DEVCONTAINER = "devcontainer"
GITPOD = "gitpod"
CLOUD_INIT = "cloud-init"
TASKFILE = "taskfile"
CONDA_RECIPE = "conda-recipe"
PRE_COMMIT = "pre-commit"
SALT = "salt-state"

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
    (BUILDKITE, "**/.buildkite/*.yml"),
    (BUILDKITE, "**/.buildkite/*.yaml"),
    (BUILDKITE, "**/buildkite.yml"),
    (BUILDKITE, "**/buildkite.yaml"),
    (DRONE, "**/.drone.yml"),
    (DRONE, "**/.drone.yaml"),
    (WOODPECKER, "**/.woodpecker.yml"),
    (WOODPECKER, "**/.woodpecker.yaml"),
    (WOODPECKER, "**/.woodpecker/*.yml"),
    (WOODPECKER, "**/.woodpecker/*.yaml"),
    (APPVEYOR, "**/appveyor.yml"),
    (APPVEYOR, "**/appveyor.yaml"),
    (APPVEYOR, "**/.appveyor.yml"),
    (APPVEYOR, "**/.appveyor.yaml"),
    (CODEBUILD, "**/buildspec*.yml"),
    (CODEBUILD, "**/buildspec*.yaml"),
    (CLOUDBUILD, "**/cloudbuild*.yaml"),
    (CLOUDBUILD, "**/cloudbuild*.yml"),
    (CLOUDBUILD, "**/cloudbuild*.json"),
    (DEVCONTAINER, "**/.devcontainer.json"),
    (DEVCONTAINER, "**/.devcontainer/devcontainer.json"),
    (DEVCONTAINER, "**/.devcontainer/*/devcontainer.json"),
    (GITPOD, "**/.gitpod.yml"),
    (GITPOD, "**/.gitpod.yaml"),
    (CLOUD_INIT, "**/cloud-init*.yml"),
    (CLOUD_INIT, "**/cloud-init*.yaml"),
    (CLOUD_INIT, "**/cloud-config*.yml"),
    (CLOUD_INIT, "**/cloud-config*.yaml"),
    (TASKFILE, "**/taskfile*.yml"),
    (TASKFILE, "**/taskfile*.yaml"),
    (CONDA_RECIPE, "**/meta.yaml"),
    (CONDA_RECIPE, "**/meta.yml"),
    (CONDA_RECIPE, "**/recipe.yaml"),
    (CONDA_RECIPE, "**/recipe.yml"),
    (PRE_COMMIT, "**/.pre-commit-config.yaml"),
    (PRE_COMMIT, "**/.pre-commit-config.yml"),
    (PRE_COMMIT, "**/.pre-commit-hooks.yaml"),
    (PRE_COMMIT, "**/.pre-commit-hooks.yml"),
    (SALT, "**/*.sls"),
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
    (PYTHON, "**/*.py"),
    (PYTHON, "**/*.pyw"),
    (SHELL, "**/*.sh"),
    (SHELL, "**/*.bash"),
    (SHELL, "**/*.ksh"),
    (SHELL, "**/*.zsh"),
    (SHELL, "**/.envrc"),
    (POWERSHELL, "**/*.ps1"),
    (POWERSHELL, "**/*.psm1"),
    (BATCH, "**/*.bat"),
    (BATCH, "**/*.cmd"),
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


# (kind, text a file's first line starts with): for names that say nothing (`user-data`).
HEAD_RULES: tuple[tuple[str, str], ...] = ((CLOUD_INIT, "#cloud-config"),)


def kind_from_head(head: bytes) -> Optional[str]:
    """The kind the start of a file names by content (`#cloud-config`), or None."""
    for kind, start in HEAD_RULES:
        if head.lstrip(b"\xef\xbb\xbf").startswith(start.encode()):
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
    """The kind of a file from its path, or for an unknown name from its shebang or first line."""
    kind = kind_from_path(path)
    if kind is not None:
        return kind
    basename = path.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in basename.lstrip(".") or head.startswith(b"#!"):
        return kind_from_shebang(head) or kind_from_head(head)
    return None


# What each kind is, for the list of file kinds in the documentation (a kind without
# an entry is listed under its own name).
TITLES: dict[str, str] = {
    DOCKERFILE: "Dockerfile / Containerfile",
    SHELL: "Shell script (sh, bash, dash, ksh, zsh)",
    POWERSHELL: "PowerShell script",
    BATCH: "Windows cmd batch file",
    PYTHON: "Python source",
    GITHUB_WORKFLOW: "GitHub Actions workflow",
    GITHUB_ACTION: "GitHub Actions action definition",
    GITLAB_CI: "GitLab CI/CD pipeline",
    AZURE_PIPELINES: "Azure Pipelines",
    CIRCLECI: "CircleCI config",
    BITBUCKET: "Bitbucket Pipelines",
    TRAVIS: "Travis CI",
    JENKINSFILE: "Jenkins pipeline (Groovy)",
    MAKEFILE: "Makefile",
    TOX: "tox.ini",
    TOX_TOML: "tox.toml",
    COMPOSE: "Docker Compose file",
    YAML: "Any other YAML (content decides: see below)",
    DOTENV: "dotenv file",
    PACKAGE_JSON: "npm package.json",
    PIP_CONF: "pip configuration",
    REQUIREMENTS: "pip requirements / constraints file",
    CONDARC: "conda / mamba configuration (.condarc)",
    CONDA_ENV: "conda environment file",
    PIPFILE: "Pipfile",
    PYPROJECT: "pyproject.toml",
    UV_TOML: "uv configuration",
    POETRY_TOML: "Poetry configuration",
    PIXI: "pixi manifest / configuration",
    NPMRC: "npm configuration (.npmrc)",
    YARNRC: "Yarn 1 configuration (.yarnrc)",
    YARNRC_YML: "Yarn 2+ configuration (.yarnrc.yml)",
    GITCONFIG: "git configuration",
    CURLRC: "curl configuration",
    WGETRC: "wget configuration",
    APT_CONF: "apt configuration",
    APT_SOURCES: "apt sources list",
    YUM_REPO: "yum / dnf repository or configuration",
    KUBECONFIG: "kubeconfig",
    ANSIBLE_CFG: "Ansible configuration",
    BUILDKITE: "Buildkite pipeline",
    DRONE: "Drone CI pipeline",
    WOODPECKER: "Woodpecker CI pipeline",
    APPVEYOR: "AppVeyor build configuration",
    CODEBUILD: "AWS CodeBuild buildspec",
    CLOUDBUILD: "Google Cloud Build config",
    DEVCONTAINER: "Dev Container configuration (JSON with comments)",
    GITPOD: "Gitpod configuration",
    CLOUD_INIT: "cloud-init user data (#cloud-config)",
    TASKFILE: "Task (taskfile.dev) Taskfile",
    CONDA_RECIPE: "conda-build meta.yaml / rattler-build recipe.yaml",
    PRE_COMMIT: "pre-commit configuration and hook definitions",
    SALT: "Salt state",
}

# Documents recognised by their content inside a file of another kind, and how.
SNIFFED: tuple[tuple[str, str, str], ...] = (
    (YAML, "cloud-init user data", "first line `#cloud-config`"),
    (YAML, "kubeconfig", "`clusters:` list with `kind: Config` or `contexts:`"),
    (YAML, "Ansible playbook / task list", "a list of plays (`hosts:`, `tasks:`, `roles:` …) or of tasks naming a module"),  # noqa: E501
    (YAML, "Tekton Task / Pipeline / runs", "`apiVersion: tekton.dev/…`"),
    (YAML, "Argo Workflows (Workflow, WorkflowTemplate, CronWorkflow)", "`apiVersion: argoproj.io/…`"),  # noqa: E501
    (YAML, "Concourse pipeline or task", "`jobs:` whose entries have a `plan:`, or a task with `platform:` and `run:`"),  # noqa: E501
    (YAML, "Kubernetes manifests and Helm values", "any mapping with `containers:` / `initContainers:` / `ephemeralContainers:`"),  # noqa: E501
    (CONDA_RECIPE, "(not a recipe)", "a `meta.yaml` without `package:`, `build:`, `requirements:`, `test:`, `source:` or `outputs:` is read as any other YAML"),  # noqa: E501
)  # fmt: skip
