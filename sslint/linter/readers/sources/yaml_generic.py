"""Any other YAML: sniffed as cloud-init user data (`#cloud-config`), a Tekton,
Argo Workflows or Concourse document, an Azure Pipelines template, an Ansible
playbook / task list, a kubeconfig, or Kubernetes manifests and Helm values
(containers with commands and env).

Ansible: `shell:` / `command:` / `raw:` tasks are read as shell, `environment:`
is job-scoped environment, and every module argument becomes a Setting
(`file_kind` "ansible", section = the module name) so rules can judge
arguments such as `validate_certs` wherever they are written, including
`module_defaults`. The `pip` module's `extra_args` are pip options.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Callable, Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter import kinds
from sslint.linter.facts import Scope, Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.argo import is_argo, read_argo
from sslint.linter.readers.ci.azure import is_template as is_azure_template
from sslint.linter.readers.ci.azure import read_document as read_azure
from sslint.linter.readers.ci.concourse import is_concourse, read_concourse
from sslint.linter.readers.ci.tekton import is_tekton, read_tekton
from sslint.linter.readers.ci.yaml_ci import embed_script, env_block, merged, name_value_env
from sslint.linter.readers.provisioning.cloud_init import read_document as read_cloud_init
from sslint.linter.readers.scripts.compose import read_command
from sslint.linter.readers.sources.guessed import read_guessed
from sslint.linter.readers.sources.yaml_config import add_settings, setting
from sslint.linter.readers.sources.yaml_guessed import guessed_strings, may_hold_guesses
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View, ViewBuilder
from sslint.linter.token_search import word_search

ANSIBLE = "ansible"  # Setting.file_kind of Ansible module arguments

_PLAY_KEYS = frozenset(
    {"hosts", "tasks", "pre_tasks", "post_tasks", "roles", "handlers", "import_playbook"}
)
_TASK_LISTS = ("pre_tasks", "tasks", "post_tasks", "handlers", "block", "rescue", "always")
# Task keywords: everything else in a task mapping is the module.
_TASK_KEYWORDS = frozenset(
    {
        "name",
        "action",
        "args",
        "async",
        "become",
        "become_exe",
        "become_flags",
        "become_method",
        "become_user",
        "changed_when",
        "check_mode",
        "collections",
        "connection",
        "debugger",
        "delay",
        "delegate_facts",
        "delegate_to",
        "diff",
        "environment",
        "failed_when",
        "ignore_errors",
        "ignore_unreachable",
        "local_action",
        "loop",
        "loop_control",
        "module_defaults",
        "no_log",
        "notify",
        "poll",
        "port",
        "register",
        "remote_user",
        "retries",
        "run_once",
        "tags",
        "throttle",
        "timeout",
        "until",
        "vars",
        "when",
        "listen",
        "any_errors_fatal",
        "block",
        "rescue",
        "always",
    }
)
_SHELL_MODULES = frozenset({"shell", "command", "raw", "script"})
_FREE_FORM_ARG = re.compile(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\S+)")
_CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")
_CONTAINER_KEYS = frozenset(_CONTAINER_LISTS)
# The (pattern, start, end) of each token found in a text (see `_token_search`).
_Search = Callable[[str], list[tuple[int, int, int]]]


def read(view: View, ctx: ReadContext) -> None:
    """Read a YAML file of no better-known kind (a Helm template that is not YAML is skipped)."""
    doc = YamlFile(view, ctx, templated_ok=True)
    if kinds.kind_from_head(view.text[:64].encode("utf-8", "replace")) == kinds.CLOUD_INIT:
        read_cloud_init(doc, ctx)
        return
    guesses: Optional[bool] = None  # whether the text may hold a guessed string, once asked
    for root in doc.documents:
        if is_tekton(doc, root):
            read_tekton(doc, ctx, root)
            _containers(doc, ctx, root)
        elif is_argo(doc, root):
            read_argo(doc, ctx, root)
            _containers(doc, ctx, root)  # Argo Rollouts hold pod templates too
        elif is_concourse(doc, root):
            read_concourse(doc, ctx, root)
        elif is_azure_template(doc, root):
            read_azure(doc, ctx, root)
        elif _is_kubeconfig(doc, root):
            _kubeconfig(doc, ctx, root)
        elif _is_ansible(doc, root):
            for item in doc.sequence(root):
                if not _PLAY_KEYS.isdisjoint(doc.members(item)):
                    _play(doc, ctx, item)
                else:
                    _task(doc, ctx, item, {})
        else:
            _containers(doc, ctx, root)
            if guesses is None:
                guesses = may_hold_guesses(view.text)
            if guesses:
                read_guessed(ctx, guessed_strings(doc, root), "yaml-string")


def read_kubeconfig(view: View, ctx: ReadContext) -> None:
    """Read a kubeconfig file (`~/.kube/config`)."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        _kubeconfig(doc, ctx, root)


# -- kubeconfig ------------------------------------------------------------------


def _is_kubeconfig(doc: YamlFile, root: Node) -> bool:
    if not isinstance(doc.get(root, "clusters"), SequenceNode):
        return False
    return doc.text(root, "kind") == "Config" or doc.get(root, "contexts") is not None


def _kubeconfig(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """`clusters[*].cluster` entries as Settings, section ("clusters", name)."""
    for entry in doc.sequence(doc.get(root, "clusters")):
        name = doc.text(entry, "name") or ""
        for key, value in doc.items(doc.get(entry, "cluster")):
            ctx.add_setting(setting(doc, key, value, kinds.KUBECONFIG, ("clusters", name)))


# -- Ansible ---------------------------------------------------------------------


def _is_ansible(doc: YamlFile, root: Node) -> bool:
    items = doc.sequence(root)
    if not items or not all(isinstance(item, MappingNode) for item in items):
        return False
    for item in items:
        keys = doc.members(item).keys()
        if keys & _PLAY_KEYS or keys & {"block", "include_tasks", "import_tasks"}:
            return True
        if _module(doc, item) is not None and ("name" in keys or len(keys) <= 3):
            return True
    return False


def _module(doc: YamlFile, task: Node) -> Optional[tuple[ScalarNode, Node]]:
    """The (module name key, arguments) of a task, or None."""
    for name, pair in doc.members(task).items():
        if name not in _TASK_KEYWORDS and not name.startswith("with_"):
            return pair
    return None


def _play(doc: YamlFile, ctx: ReadContext, play: Node) -> None:
    env = env_block(doc, ctx, doc.get(play, "environment"), Scope.JOB)
    _module_defaults(doc, ctx, doc.get(play, "module_defaults"))
    for field in _TASK_LISTS:
        for task in doc.sequence(doc.get(play, field)):
            _task(doc, ctx, task, env)


def _module_defaults(doc: YamlFile, ctx: ReadContext, node: Optional[Node]) -> None:
    for key, value in doc.items(node):
        add_settings(doc, ctx, value, ANSIBLE, (str(key.value),), 3)


def _task(doc: YamlFile, ctx: ReadContext, task: Node, inherited: Mapping[str, Word]) -> None:
    if not isinstance(task, MappingNode) or not doc.once(task):
        return
    fields = doc.members(task)
    environment = fields.get("environment")
    own = env_block(doc, ctx, environment[1], Scope.JOB) if environment is not None else {}
    env = merged(inherited, own)
    if "module_defaults" in fields:
        _module_defaults(doc, ctx, fields["module_defaults"][1])
    for field in ("block", "rescue", "always"):
        if field in fields:
            for inner in doc.sequence(fields[field][1]):
                _task(doc, ctx, inner, env)
    found = _module(doc, task)
    if found is None:
        return
    key, args = found
    module = str(key.value)
    extra = fields["args"][1] if "args" in fields else None
    if isinstance(args, MappingNode):
        _arguments(doc, ctx, module, args)
    elif isinstance(args, ScalarNode) and module.rsplit(".", 1)[-1] not in _SHELL_MODULES:
        _free_form(doc, ctx, module, args)
    if isinstance(extra, MappingNode):
        _arguments(doc, ctx, module, extra)
    _run(doc, ctx, module, args, extra, env)


def _arguments(doc: YamlFile, ctx: ReadContext, module: str, args: MappingNode) -> None:
    tokens = ctx.facts.tokens if ctx.facts.narrow else None
    search = None if tokens is None else _token_search(tokens)
    for key, value in doc.items(args):
        if search is None or _holds_token(doc, key, value, search):
            ctx.add_setting(setting(doc, key, value, ANSIBLE, (module,)))


@cache
def _token_search(tokens: tuple[str, ...]) -> _Search:
    """The matches of a kind's (lower-case) tokens in a text, found in one pass: a text
    holds a token exactly when there is a match."""
    if not tokens:
        return lambda text: []
    return word_search(tokens).find_matches_as_indexes


def _holds_token(doc: YamlFile, key: ScalarNode, value: Node, search: _Search) -> bool:
    """Whether a module argument's key or values hold a token some rule needs.

    Tasks hold many arguments (`name:`, `dest:`, `mode:` …) that no rule reads; their
    Settings, with spans worked out, would cost more than the rest of the file.
    """
    texts = [str(key.value)]
    if isinstance(value, ScalarNode):
        texts.append(str(value.value))
    elif isinstance(value, SequenceNode):
        texts.extend(str(n.value) for n in value.value if isinstance(n, ScalarNode))
    elif isinstance(value, MappingNode):
        texts.extend(str(v.value) for _, v in doc.items(value) if isinstance(v, ScalarNode))
    return bool(search("\n".join(texts).lower()))


def _free_form(doc: YamlFile, ctx: ReadContext, module: str, args: ScalarNode) -> None:
    """`get_url: url=… validate_certs=no`: each `key=value` as a Setting."""
    view = doc.scalar(args)
    for match in _FREE_FORM_ARG.finditer(view.text):
        start, end = match.span(2)
        if view.text[start] in "'\"":
            start, end = start + 1, end - 1
        value = view.slice(start, end)
        ctx.add_setting(
            Setting(
                file_kind=ANSIBLE,
                section=(module,),
                key=match.group(1),
                key_span=view.span(*match.span(1)),
                value=Word(value),
                statement=doc.lines(args),
                value_type="str",
            )
        )


def _run(
    doc: YamlFile,
    ctx: ReadContext,
    module: str,
    args: Node,
    extra: Optional[Node],
    env: Mapping[str, Word],
) -> None:
    """The command a `shell` / `command` / `raw` / `pip` task runs."""
    short = module.rsplit(".", 1)[-1]
    label = f"ansible.{short}"
    if short in ("shell", "command", "raw"):
        if isinstance(args, ScalarNode):
            embed_script(doc, ctx, [args], env, ctx.new_script(label))
            return
        cmd = doc.get(args, "cmd") or doc.get(extra, "cmd")
        argv = doc.get(args, "argv") or doc.get(extra, "argv")
        if isinstance(cmd, ScalarNode):
            embed_script(doc, ctx, [cmd], env, ctx.new_script(label))
        elif isinstance(argv, SequenceNode):
            read_command(doc, ctx, argv, env, label)
    elif short == "pip":
        extra_args = doc.get(args, "extra_args") or doc.get(extra, "extra_args")
        if isinstance(extra_args, ScalarNode) and doc.once(extra_args):
            # `pip install <extra_args> <name>`: the options are pip's own.
            options = doc.scalar(extra_args)
            builder = ViewBuilder(options)
            builder.synth("pip install ", 0)
            builder.add(0, len(options.text))
            ctx.embed(kinds.SHELL, builder.build(), env=env, script=ctx.new_script(label))


# -- Kubernetes manifests and Helm values -------------------------------------------


def _containers(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """Every container-shaped mapping: `command`/`args` lists, `env` name/value pairs."""
    for node in doc.mappings(root):
        if _CONTAINER_KEYS.isdisjoint(doc.members(node)):
            continue
        for key, value in doc.items(node):
            if key.value in _CONTAINER_LISTS:
                for container in doc.sequence(value):
                    _container(doc, ctx, container)


def _container(doc: YamlFile, ctx: ReadContext, container: Node) -> None:
    if not isinstance(container, MappingNode) or not doc.once(container):
        return
    env = name_value_env(doc, ctx, doc.get(container, "env"))
    command, args = doc.get(container, "command"), doc.get(container, "args")
    name = doc.text(container, "name") or "container"
    if command is not None or args is not None:
        read_command(doc, ctx, command, env, name, args)
