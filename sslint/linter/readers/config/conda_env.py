"""conda `environment.yml`: channels, the `pip:` requirements list, env variables.

`channels:` is a Setting with its items. The items of a `- pip:` list under
`dependencies:` are handed to pip as a requirements file, so they are read as
one (`--trusted-host h` there is a pip option line). `variables:` are set in
the environment when it is activated (Scope.FILE).
"""

from __future__ import annotations

from yaml.nodes import ScalarNode

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import env_block, script_view
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read a conda environment file."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        pair = doc.pair(root, "channels")
        if pair is not None:
            ctx.add_setting(setting(doc, pair[0], pair[1], kinds.CONDA_ENV, ()))
        env_block(doc, ctx, doc.get(root, "variables"), Scope.FILE)
        for dependency in doc.sequence(doc.get(root, "dependencies")):
            pip = doc.get(dependency, "pip")
            lines = [n for n in doc.sequence(pip) if isinstance(n, ScalarNode)]
            requirements = script_view(doc, lines)
            if requirements is not None:
                ctx.embed(kinds.REQUIREMENTS, requirements, script=ctx.new_script("pip"))
