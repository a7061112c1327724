"""conda-build `meta.yaml` and rattler-build `recipe.yaml`: build and test commands.

`build.script` (a string or a list, one script; rattler-build's
`{content: …, env: …}` too), `test.commands` / rattler-build `tests[].script`
and the same fields of each of `outputs` are read as shell (`bld.bat` and
`build.sh` beside a recipe are read by name as cmd and shell).
`build.script_env` entries `NAME=value` are build environment (Scope.JOB).
Jinja (`{% set %}`, `{{ … }}`) is masked first; rattler-build's `${{ … }}`
is unknown text. A `meta.yaml` that is not a recipe is read as any other YAML.
"""

from __future__ import annotations

from typing import Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter.facts import Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Env, embed_script, env_block, list_env, merged
from sslint.linter.readers.sources.jinja import mask
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_RECIPE_KEYS = frozenset({"package", "build", "requirements", "test", "tests", "source", "outputs"})


def read(view: View, ctx: ReadContext) -> None:
    """Read a recipe (or, when it is none, any other YAML)."""
    masked, values = mask(view)
    doc = YamlFile(masked, ctx)
    roots = [root for root in doc.documents if isinstance(root, MappingNode)]
    if roots and not any(str(key.value) in _RECIPE_KEYS for r in roots for key, _ in doc.items(r)):
        from sslint.linter.readers.sources.yaml_generic import read as read_yaml

        read_yaml(view, ctx)
        return
    for root in roots:
        _output(doc, ctx, root, values, "recipe")
        for index, output in enumerate(doc.sequence(doc.get(root, "outputs"))):
            _output(doc, ctx, output, values, f"outputs[{index}]")


def _output(doc: YamlFile, ctx: ReadContext, owner: Node, inherited: Env, label: str) -> None:
    build = doc.get(owner, "build")
    env = merged(inherited, list_env(doc, ctx, doc.get(build, "script_env"), Scope.JOB))
    script = doc.get(build, "script")
    if isinstance(script, MappingNode):  # rattler-build: {content: …, env: {…}}
        env = merged(env, env_block(doc, ctx, doc.get(script, "env"), Scope.JOB))
        script = doc.get(script, "content")
    _script(doc, ctx, script, env, f"{label}.build")
    _script(doc, ctx, doc.get(owner, "test", "commands"), env, f"{label}.test")
    for index, test in enumerate(doc.sequence(doc.get(owner, "tests"))):
        _script(doc, ctx, doc.get(test, "script"), env, f"{label}.tests[{index}]")


def _script(doc: YamlFile, ctx: ReadContext, node: Optional[Node], env: Env, label: str) -> None:
    items = doc.flatten(node)
    if len(items) == 1 and isinstance(items[0], ScalarNode) and _is_file_name(str(items[0].value)):
        return  # `script: build_pkg.sh` names a file, read by its own name
    embed_script(doc, ctx, items, env, ctx.new_script(label))


def _is_file_name(text: str) -> bool:
    return " " not in text.strip() and text.strip().endswith((".sh", ".bat", ".py", ".ps1"))
