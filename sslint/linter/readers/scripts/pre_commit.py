"""pre-commit: the commands of local hooks and of hook definitions.

A hook's `entry` (with its `args` appended) is run directly, without a
shell, as pre-commit splits it; it is read as a command line. Hooks in
`.pre-commit-config.yaml` are read where the repository is `local` or `meta`;
`.pre-commit-hooks.yaml` is a list of hook definitions. `pygrep` entries are
regular expressions and `fail` entries messages, not commands.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View, join_views

_NOT_COMMANDS = frozenset({"pygrep", "fail"})


def read(view: View, ctx: ReadContext) -> None:
    """Read a `.pre-commit-config.yaml` or `.pre-commit-hooks.yaml`."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        for hook in doc.sequence(root):  # hook definitions
            _hook(doc, ctx, hook)
        for repo in doc.sequence(doc.get(root, "repos")):
            if doc.text(repo, "repo") in ("local", "meta"):
                for hook in doc.sequence(doc.get(repo, "hooks")):
                    _hook(doc, ctx, hook)


def _hook(doc: YamlFile, ctx: ReadContext, hook: Node) -> None:
    entry = doc.get(hook, "entry")
    if not isinstance(hook, MappingNode) or not isinstance(entry, ScalarNode):
        return
    if (doc.text(hook, "language") or "") in _NOT_COMMANDS:
        return
    nodes = [entry, *doc.flatten(doc.get(hook, "args"))]
    views = [doc.scalar(n) for n in nodes if isinstance(n, ScalarNode) and doc.once(n)]
    if views and views[0].text.strip():
        line = join_views([(view, 0, len(view.text)) for view in views], " ")
        label = doc.text(hook, "id") or "hook"
        ctx.embed(kinds.SHELL, line, script=ctx.new_script(f"hook:{label}"))
