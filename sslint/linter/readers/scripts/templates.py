"""Template syntax around shell code: `{{ x }}`, `${var.x}`, `#{x}` filled in before a shell runs.

A host format (a justfile, Terraform, a Vagrantfile) replaces its
interpolations before the shell sees the text. Each one becomes a variable
`${__tpl_N}` of the script: a value the host format defines expands to the
text where it is written, anything else stays as written and unknown, so a
template never reads as shell syntax and never hides the words around it.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional, Sequence

from sslint.linter.facts import Word
from sslint.linter.source import View, ViewBuilder


def mask(
    view: View, pattern: re.Pattern[str], values: Optional[Mapping[str, Word]] = None
) -> tuple[View, dict[str, Word]]:
    """`view` with each match of `pattern` replaced by a variable, and the variables' values.

    Group 1 of `pattern`, when it matched, names a value to look up in `values`.
    """
    found: list[tuple[int, int, Optional[Word]]] = []
    for match in pattern.finditer(view.text):
        named = match.group(1) if pattern.groups else None
        known = values.get(named) if values is not None and named else None
        found.append((match.start(), match.end(), known))
    return mask_ranges(view, found)


def mask_ranges(
    view: View, ranges: Sequence[tuple[int, int, Optional[Word]]]
) -> tuple[View, dict[str, Word]]:
    """`view` with each range [start, end) replaced by a variable of the value given (or unknown).

    Ranges are in order and do not overlap.
    """
    if not ranges:
        return view, {}
    builder = ViewBuilder(view)
    env: dict[str, Word] = {}
    last = 0
    for start, end, known in ranges:
        name = f"__tpl_{len(env) + 1}"
        builder.add(last, start)
        builder.synth("${" + name + "}", start)
        env[name] = known or Word(view.slice(start, end), known=False)
        last = end
    builder.add(last, len(view.text))
    return builder.build(), env
