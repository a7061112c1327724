"""Template syntax around shell code: `{{ x }}`, `${var.x}`, `#{x}` filled in before a shell runs.

A host format (a justfile, Terraform, a Vagrantfile) replaces its
interpolations before the shell sees the text. Each one becomes a variable
`${__tpl_N}` of the script: a value the host format defines expands to the
text where it is written, anything else stays as written and unknown, so a
template never reads as shell syntax and never hides the words around it.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from sslint.linter.facts import Word
from sslint.linter.source import View, ViewBuilder


def mask(
    view: View, pattern: re.Pattern[str], values: Optional[Mapping[str, Word]] = None
) -> tuple[View, dict[str, Word]]:
    """`view` with each match of `pattern` replaced by a variable, and the variables' values.

    Group 1 of `pattern`, when it matched, names a value to look up in `values`.
    """
    matches = list(pattern.finditer(view.text))
    if not matches:
        return view, {}
    builder = ViewBuilder(view)
    env: dict[str, Word] = {}
    last = 0
    for match in matches:
        name = f"__tpl_{len(env) + 1}"
        builder.add(last, match.start())
        builder.synth("${" + name + "}", match.start())
        named = match.group(1) if pattern.groups else None
        known = values.get(named) if values is not None and named else None
        env[name] = known or Word(view.slice(match.start(), match.end()), known=False)
        last = match.end()
    builder.add(last, len(view.text))
    return builder.build(), env
