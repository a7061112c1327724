"""Google Cloud Build configs: each step's command and `env`.

A step runs `entrypoint` (or, without one, the image's own: the tool a
`gcr.io/cloud-builders/<tool>` or well-known tool image runs, else the first
of `args`) with `args` as its argv; `bash -c '…'` code is read as shell.
`script:` is a shell script (or what its `#!` line names). `env:` entries are
`NAME=value` strings: the step's are Scope.STEP, `options.env` reaches every
step (Scope.WORKFLOW). The JSON form of the config is read too.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import (
    argv_command,
    embed_script,
    list_env,
    merged,
    shell_kind,
)
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View, ViewBuilder

# Images whose entrypoint is the tool they are named after.
_TOOL_IMAGES = frozenset(
    {"curl", "git", "wget", "gcloud", "gsutil", "docker", "kubectl", "npm", "yarn", "helm"}
)
_IMAGE_RE = re.compile(r"^(?:.*/)?([a-z0-9._-]+)(?::[^/@]*)?(?:@\S*)?$")


def read(view: View, ctx: ReadContext) -> None:
    """Read a `cloudbuild.yaml` (or `.json`)."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        if not isinstance(root, MappingNode):
            continue
        env = list_env(doc, ctx, doc.get(root, "options", "env"), Scope.WORKFLOW)
        for index, step in enumerate(doc.sequence(doc.get(root, "steps"))):
            if isinstance(step, MappingNode) and doc.once(step):
                _step(doc, ctx, step, env, f"steps[{index}]")


def _step(
    doc: YamlFile, ctx: ReadContext, step: Node, inherited: Mapping[str, Word], label: str
) -> None:
    script = ctx.new_script(label)
    env = merged(inherited, list_env(doc, ctx, doc.get(step, "env"), Scope.STEP, script=script))
    code = doc.get(step, "script")
    if isinstance(code, ScalarNode):
        first = str(code.value).lstrip().split("\n", 1)[0]
        kind = shell_kind(first[2:].strip()) if first.startswith("#!") else kinds.SHELL
        if kind is not None:
            embed_script(doc, ctx, [code], env, script, kind)
        return
    args = doc.sequence(doc.get(step, "args"))
    entrypoint = doc.get(step, "entrypoint")
    if isinstance(entrypoint, ScalarNode):
        argv_command(doc, ctx, [entrypoint, *args], env, script)
        return
    image = doc.get(step, "name")
    program = _image_tool(doc, image) if isinstance(image, ScalarNode) else None
    if args or program is not None:
        argv_command(doc, ctx, args, env, script, program)


def _image_tool(doc: YamlFile, image: ScalarNode) -> Optional[Word]:
    """The program an image runs by itself, anchored at the image name, or None."""
    match = _IMAGE_RE.match(str(image.value))
    if not match or match.group(1) not in _TOOL_IMAGES:
        return None
    builder = ViewBuilder(doc.view)
    builder.synth(match.group(1), doc.offset(image.start_mark))
    return Word(builder.build(), via="entrypoint")
