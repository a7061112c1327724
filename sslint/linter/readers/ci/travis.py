"""Travis CI: the phases of a build (one bash session) and `env:` strings.

`env:` entries are strings of shell assignments (`"A=1 B='x y'"`): each
assignment is an environment fact with its exact span inside the string.
`env.global` is pipeline-wide (Scope.WORKFLOW); matrix entries (`env:` as a
list, `env.jobs`, `env.matrix`) and `jobs.include[*].env` are job-scoped.
All phases of a job run in one shell session, so they are one script.
"""

from __future__ import annotations

from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter.facts import EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Env, embed_script, env_block, merged
from sslint.linter.readers.scripts.shell import assignments
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_PHASES = (
    "before_install",
    "install",
    "before_script",
    "script",
    "before_cache",
    "after_success",
    "after_failure",
    "before_deploy",
    "after_deploy",
    "after_script",
)


def read(view: View, ctx: ReadContext) -> None:
    """Read a `.travis.yml`."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if isinstance(root, MappingNode):
            _build(doc, ctx, root)


def _build(doc: YamlFile, ctx: ReadContext, root: MappingNode) -> None:
    env_node = doc.get(root, "env")
    if isinstance(env_node, MappingNode):
        global_env = _env_strings(doc, ctx, doc.get(env_node, "global"), Scope.WORKFLOW)
        for field in ("jobs", "matrix"):
            _env_strings(doc, ctx, doc.get(env_node, field), Scope.JOB, global_env)
    else:
        global_env = {}
        _env_strings(doc, ctx, env_node, Scope.JOB)
    _phases(doc, ctx, root, global_env, "build")
    for field in ("jobs", "matrix"):
        for index, entry in enumerate(doc.sequence(doc.get(root, field, "include"))):
            entry_env = _env_strings(doc, ctx, doc.get(entry, "env"), Scope.JOB, global_env)
            _phases(doc, ctx, entry, merged(global_env, entry_env), f"include[{index}]")


def _phases(
    doc: YamlFile, ctx: ReadContext, owner: Node, env: Mapping[str, Word], label: str
) -> None:
    items: list[Node] = []
    for phase in _PHASES:
        items.extend(doc.flatten(doc.get(owner, phase)))
    deploy = doc.get(owner, "deploy")
    for provider in [deploy, *doc.sequence(deploy)]:
        items.extend(doc.flatten(doc.get(provider, "script")))
    embed_script(doc, ctx, items, env, ctx.new_script(label))


def _env_strings(
    doc: YamlFile,
    ctx: ReadContext,
    node: Optional[Node],
    scope: Scope,
    inherited: Optional[Mapping[str, Word]] = None,
) -> Env:
    """`env` as a string, a list of strings, or a map; `{secure: …}` entries skipped."""
    if isinstance(node, MappingNode):
        return env_block(doc, ctx, node, scope)
    visible: Env = {}
    strings = [node] if isinstance(node, ScalarNode) else []
    if isinstance(node, SequenceNode):
        strings = [n for n in node.value if isinstance(n, ScalarNode)]
    for string in strings:
        if not doc.once(string):
            continue
        view = doc.scalar(string)
        for name, name_span, word in assignments(view, merged(inherited or {}, visible)):
            if word is None:
                continue
            visible[name] = word
            ctx.add_env(
                EnvAssign(
                    name=name,
                    name_span=name_span,
                    value=word,
                    scope=scope,
                    statement=doc.lines(string),
                )
            )
    return visible
