"""AppVeyor: the script phases of a build and its `environment`.

A phase item is a plain string or `cmd:` (cmd on Windows images, shell on
Linux and macOS ones), `ps:` / `pwsh:` (PowerShell) or `sh:` (shell). Each item
runs on its own. `environment:` holds build-wide variables directly or under
`global:` (Scope.WORKFLOW) and job variants under `matrix:` (Scope.JOB);
`{secure: …}` values are unknown. Branch configurations (`for:`) are read the
same way, on top of the common environment and image.
"""

from __future__ import annotations

from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import Env, embed_script, env_block, merged
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View

_PHASES = (
    "init",
    "install",
    "before_build",
    "build_script",
    "after_build",
    "before_package",
    "before_test",
    "test_script",
    "after_test",
    "before_deploy",
    "deploy_script",
    "after_deploy",
    "on_success",
    "on_failure",
    "on_finish",
)
_FORMS = {
    "cmd": None,  # the image's default
    "ps": kinds.POWERSHELL,
    "pwsh": kinds.POWERSHELL,
    "sh": kinds.SHELL,
}


def read(view: View, ctx: ReadContext) -> None:
    """Read an `appveyor.yml`."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if not isinstance(root, MappingNode):
            continue
        env = _environment(doc, ctx, doc.get(root, "environment"))
        default = _default_kind(doc, root, kinds.BATCH)
        _phases(doc, ctx, root, env, default, "")
        for index, branch in enumerate(doc.sequence(doc.get(root, "for"))):
            branch_env = merged(env, _environment(doc, ctx, doc.get(branch, "environment")))
            branch_kind = _default_kind(doc, branch, default)
            _phases(doc, ctx, branch, branch_env, branch_kind, f"for[{index}].")


def _default_kind(doc: YamlFile, config: Node, inherited: str) -> str:
    """What a plain command runs in: cmd, or the shell on Linux and macOS images."""
    image = doc.get(config, "image")
    names = [doc.text(n) or "" for n in [image, *doc.sequence(image)] if n is not None]
    if not names:
        return inherited
    unix = any(word in name.lower() for name in names for word in ("ubuntu", "macos", "linux"))
    return kinds.SHELL if unix else kinds.BATCH


def _phases(
    doc: YamlFile,
    ctx: ReadContext,
    config: Node,
    env: Mapping[str, Word],
    default: str,
    label: str,
) -> None:
    """Each item of each phase of one configuration, on its own."""
    for phase in _PHASES:
        items = doc.sequence(doc.get(config, phase)) or _single(doc, config, phase)
        for index, item in enumerate(items):
            script = ctx.new_script(f"{label}{phase}[{index}]")
            if isinstance(item, ScalarNode):
                embed_script(doc, ctx, [item], env, script, default)
                continue
            for key, value in doc.items(item):
                form = str(key.value)
                if form in _FORMS and isinstance(value, ScalarNode):
                    embed_script(doc, ctx, [value], env, script, _FORMS[form] or default)


def _single(doc: YamlFile, root: Node, phase: str) -> list[Node]:
    """A phase written as one string instead of a list (`build_script: make`)."""
    value = doc.get(root, phase)
    if isinstance(value, ScalarNode) and value.tag != "tag:yaml.org,2002:bool":
        return [] if value.value in ("off", "") else [value]
    return []


def _environment(doc: YamlFile, ctx: ReadContext, node: Optional[Node]) -> Env:
    if doc.get(node, "global") is None and doc.get(node, "matrix") is None:
        return env_block(doc, ctx, node, Scope.WORKFLOW)
    env = env_block(doc, ctx, doc.get(node, "global"), Scope.WORKFLOW)
    for variant in doc.sequence(doc.get(node, "matrix")):
        env_block(doc, ctx, variant, Scope.JOB)
    return env
