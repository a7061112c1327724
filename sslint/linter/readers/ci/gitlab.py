"""GitLab CI: jobs (hidden ones too), `default:`, variables and script lists.

A job's `before_script` and `script` run in one shell, so their items are
joined into one script; `after_script` runs in a shell of its own. Script text
reached through an alias (`- *install`) or `!reference [.job, key]` is read
once, where it is written: the text under an anchor is not read again for each
job that uses it. Variables merged with `<<: *anchor` keep their spans at the
anchor.
"""

from __future__ import annotations

from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Env, embed_script, env_block, merged
from sslint.linter.readers.sources.yaml_source import Pair, YamlFile
from sslint.linter.source import View

# Top-level keywords that are not jobs.
_GLOBAL_KEYWORDS = frozenset(
    {
        "stages",
        "include",
        "workflow",
        "default",
        "variables",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
        "spec",
    }
)
_MAX_EXTENDS = 11  # GitLab's own limit on `extends` depth


def read(view: View, ctx: ReadContext) -> None:
    """Read a GitLab CI file (`.gitlab-ci.yml` and included files)."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if isinstance(root, MappingNode):
            _read_pipeline(doc, ctx, root)


def _read_pipeline(doc: YamlFile, ctx: ReadContext, root: MappingNode) -> None:
    global_env = _variables(doc, ctx, doc.get(root, "variables"), Scope.WORKFLOW)
    before = [doc.get(root, "before_script")]
    _read_scripts(doc, ctx, root, "global", before, doc.get(root, "after_script"), global_env)
    for key, value in doc.items(root):
        name = str(key.value)
        if name == "default":
            scripts = [doc.get(value, "before_script")]
            after = doc.get(value, "after_script")
            _read_scripts(doc, ctx, root, name, scripts, after, global_env)
        elif name in _GLOBAL_KEYWORDS:
            continue
        elif isinstance(value, MappingNode):
            _read_job(doc, ctx, root, name, value, global_env)
        elif isinstance(value, (SequenceNode, ScalarNode)) and name.startswith("."):
            # A hidden template such as `.install: &install [...]`, used by aliases.
            _read_scripts(doc, ctx, root, name, [value], None, global_env)


def _read_job(
    doc: YamlFile,
    ctx: ReadContext,
    root: MappingNode,
    name: str,
    job: MappingNode,
    global_env: Mapping[str, Word],
) -> None:
    fields = doc.members(job)
    inherited: Env = {}
    if "extends" in fields:
        for parent in reversed(_extends_chain(doc, root, job)):
            inherited.update(_variables(doc, ctx, doc.get(parent, "variables"), Scope.JOB, False))
    variables = fields.get("variables")
    job_env = _variables(doc, ctx, variables[1], Scope.JOB) if variables is not None else {}
    env = merged(global_env, inherited, job_env) if inherited or job_env else global_env
    main = [_value(fields, "before_script"), _value(fields, "script")]
    hooks = _value(fields, "hooks")
    if hooks is not None:
        main.append(doc.get(hooks, "pre_get_sources_script"))
    _read_scripts(doc, ctx, root, name, main, _value(fields, "after_script"), env)


def _value(fields: Mapping[str, Pair], name: str) -> Optional[Node]:
    """The value of `name` among a mapping's members, or None."""
    pair = fields.get(name)
    return pair[1] if pair is not None else None


def _extends_chain(doc: YamlFile, root: MappingNode, job: MappingNode) -> list[Node]:
    """The jobs a job extends, nearest first (cycles and missing names ignored)."""
    chain: list[Node] = []
    seen = {id(job)}
    frontier: list[Node] = [job]
    while frontier and len(chain) < _MAX_EXTENDS:
        current = frontier.pop(0)
        extends = doc.get(current, "extends")
        names = [doc.text(n) for n in doc.sequence(extends)] or [doc.text(extends)]
        for parent_name in names:
            parent = doc.get(root, parent_name) if parent_name else None
            if isinstance(parent, MappingNode) and id(parent) not in seen:
                seen.add(id(parent))
                chain.append(parent)
                frontier.append(parent)
    return chain


def _variables(
    doc: YamlFile, ctx: ReadContext, node: Optional[Node], scope: Scope, record: bool = True
) -> Env:
    """`variables:` entries (strings or `{value: …}`); `record=False` only looks them up."""
    if not record:
        visible: Env = {}
        for key, value in doc.items(node):
            if isinstance(value, MappingNode):
                value = doc.get(value, "value") or value
            if isinstance(value, ScalarNode):
                visible[str(key.value)] = doc.word(value)
        return visible
    return env_block(doc, ctx, node, scope, value_key="value")


def _read_scripts(
    doc: YamlFile,
    ctx: ReadContext,
    root: MappingNode,
    label: str,
    main: list[Optional[Node]],
    after: Optional[Node],
    env: Mapping[str, Word],
) -> None:
    items: list[Node] = []
    for node in main:
        if node is not None:
            items.extend(_script_items(doc, root, node))
    embed_script(doc, ctx, items, env, ctx.new_script(label))
    if after is not None:
        embed_script(doc, ctx, _script_items(doc, root, after), env, ctx.new_script(label))


def _script_items(doc: YamlFile, root: MappingNode, node: Optional[Node]) -> list[Node]:
    """The command scalars of a script (string, list, nested lists, `!reference`)."""
    if node is None:
        return []
    if isinstance(node, ScalarNode):
        return [node]
    if isinstance(node, SequenceNode) and node.tag != "!reference":
        # The usual flat list of commands, each written once: the items as they are.
        items = node.value
        flat = all(type(item) is ScalarNode for item in items)
        if flat and len({id(item) for item in items}) == len(items):
            return list(items)
    out: list[Node] = []
    seen: set[int] = set()
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, SequenceNode) and current.tag == "!reference":
            target = _reference(doc, root, current)
            if target is not None:
                stack.append(target)
        elif isinstance(current, SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, ScalarNode):
            out.append(current)
    return out


def _reference(doc: YamlFile, root: MappingNode, node: SequenceNode) -> Optional[Node]:
    """The node a `!reference [.job, key, …]` names, or None."""
    path = [doc.text(item) for item in node.value]
    if not path or any(part is None for part in path):
        return None
    return doc.get(root, *[part for part in path if part is not None])
