"""Bitbucket Pipelines: every step's `script` (one shell script) and `after-script`.

Steps are found wherever they are written (`definitions`, `pipelines.default`,
`branches`, `pull-requests`, `custom`, `tags`, inside `parallel` and `stage`
blocks); a step used through an alias (`- step: *build`) is read once, at its
anchor.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import embed_script
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read a `bitbucket-pipelines.yml`."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        for node in doc.walk(root):
            step = doc.get(node, "step") if isinstance(node, MappingNode) else None
            if isinstance(step, MappingNode) and doc.once(step):
                _step(doc, ctx, step)


def _step(doc: YamlFile, ctx: ReadContext, step: Node) -> None:
    label = doc.text(step, "name") or "step"
    for field in ("script", "after-script"):
        items = doc.flatten(doc.get(step, field))
        embed_script(doc, ctx, items, {}, ctx.new_script(f"{label}.{field}"))
