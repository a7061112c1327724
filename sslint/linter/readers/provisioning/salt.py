"""Salt states (`*.sls`, YAML with Jinja): the commands `cmd` states run.

`cmd.run`, `cmd.script`, `cmd.wait` and `cmd.shell` (also as `cmd:` with the
function as a list item) run their `name` or each of `names` (the state ID when
neither is given) in a shell, with the state's `env` (a map or a list of
one-entry maps) on top. The arguments of a `pip.installed` state (`pip:` with
`- installed`) are Settings (`kinds.SALT`, section ("pip.installed",)). Jinja is
masked first (see `sources.jinja`).
"""

from __future__ import annotations

import re
from typing import Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Env, embed_script, env_block
from sslint.linter.readers.sources.jinja import mask
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View, ViewBuilder

_MASKED_RE = re.compile(r"\$\{(__jinja_\d+)\}")
_FUNCTIONS = frozenset({"run", "script", "wait", "shell", "wait_script"})


def read(view: View, ctx: ReadContext) -> None:
    """Read a Salt state file."""
    masked, values = mask(view)
    doc = YamlFile(masked, ctx)
    for root in doc.documents:
        for state_id, state in doc.items(root):
            for key, args in doc.items(state):
                function = _cmd_function(doc, str(key.value), args)
                if _is_pip_installed(doc, str(key.value), args):
                    _arguments(doc, ctx, args, values)
                if function is not None:
                    label = f"{state_id.value}.cmd.{function}"
                    _cmd(doc, ctx, state_id, args, values, label)


def _cmd_function(doc: YamlFile, module: str, args: Node) -> Optional[str]:
    """The `cmd` function a state key names (`cmd.run`, or `cmd:` with `- run`), or None."""
    if module.startswith("cmd."):
        function = module[4:]
        return function if function in _FUNCTIONS else None
    if module == "cmd":
        for item in doc.sequence(args):
            if isinstance(item, ScalarNode) and item.value in _FUNCTIONS:
                return str(item.value)
    return None


def _is_pip_installed(doc: YamlFile, module: str, args: Node) -> bool:
    """Whether a state key names `pip.installed` (or `pip:` with `- installed`)."""
    if module == "pip":
        return any(isinstance(i, ScalarNode) and i.value == "installed" for i in doc.sequence(args))
    return module == "pip.installed"


def _arguments(doc: YamlFile, ctx: ReadContext, args: Node, values: Env) -> None:
    """Each `- key: value` argument of a state as a Setting, Jinja as written (unknown)."""
    for option in doc.sequence(args):
        for key, value in doc.items(option):
            if isinstance(key, ScalarNode) and doc.once(key):
                found = setting(doc, key, value, kinds.SALT, ("pip.installed",))
                if found.value is not None:
                    found.value = _unmasked(found.value, values)
                found.items = [_unmasked(item, values) for item in found.items]
                ctx.add_setting(found)


def _unmasked(word: Word, values: Env) -> Word:
    """A value with each masked `{{ … }}` expression back as written (`{{host}}`), unknown."""
    if "${__jinja_" not in word.text:
        return word
    builder = ViewBuilder(word.view)
    last = 0
    for match in _MASKED_RE.finditer(word.text):
        known = values.get(match.group(1))
        if known is None:
            continue
        builder.add(last, match.start())
        for part in re.finditer(r"\S+", known.text):  # one word, as the expression is one value
            builder.add_view(known.view, part.start(), part.end())
        last = match.end()
    builder.add(last, len(word.text))
    return Word(builder.build(), known=False)


def _cmd(
    doc: YamlFile, ctx: ReadContext, state_id: Node, args: Node, values: Env, label: str
) -> None:
    options = [item for item in doc.sequence(args) if isinstance(item, MappingNode)]
    script = ctx.new_script(label)
    env: Env = dict(values)
    names: list[Node] = []
    for option in options:
        for key, value in doc.items(option):
            if key.value == "env":
                env.update(_env(doc, ctx, value, script))
            elif key.value == "name":
                names.append(value)
            elif key.value == "names":
                names.extend(doc.flatten(value))
    if not names and isinstance(state_id, ScalarNode):
        names = [state_id]
    for node in names:
        if isinstance(node, ScalarNode):
            embed_script(doc, ctx, [node], env, script)


def _env(doc: YamlFile, ctx: ReadContext, node: Node, script: str) -> Env:
    """`env:` as a map or as a list of one-entry maps."""
    if isinstance(node, MappingNode):
        return env_block(doc, ctx, node, Scope.STEP, script=script)
    env: Env = {}
    for entry in doc.sequence(node):
        env.update(env_block(doc, ctx, entry, Scope.STEP, script=script))
    return env
