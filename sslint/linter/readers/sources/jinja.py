"""Jinja in YAML (conda-build recipes, Salt states): masked so the YAML can be read.

`{% … %}` statements and `{# … #}` comments become spaces (line breaks kept),
so a `{% set %}` line or an `{% if %}` around list items leaves the YAML
structure as written. A `{{ … }}` expression becomes a variable `${__jinja_N}`
whose value is the expression's own text, unknown (`{{ PYTHON }}`, which
conda-build sets to the build's interpreter, becomes `python`, as does
rattler-build's `${{ PYTHON }}`; other `${{ … }}` expressions stay as written). Every kept
character maps to where it is written.
"""

from __future__ import annotations

import re

from sslint.linter.facts import Word
from sslint.linter.source import View, ViewBuilder

# `${{ … }}` (rattler-build, CI systems) is left as written, but for `${{ PYTHON }}`.
_JINJA_RE = re.compile(r"\{%.*?(?:%\}|\Z)|\{#.*?(?:#\}|\Z)|(\$?)\{\{(.*?)(?:\}\}|\Z)", re.S)
_INTERPRETERS = {"PYTHON": "python", "python": "python"}


def has_jinja(text: str) -> bool:
    """Whether the text holds Jinja syntax."""
    return "{%" in text or "{{" in text or "{#" in text


def mask(view: View) -> tuple[View, dict[str, Word]]:
    """The view with Jinja statements blanked, and the variables its expressions became."""
    values: dict[str, Word] = {}
    if not has_jinja(view.text):
        return view, values
    builder = ViewBuilder(view)
    last = 0
    for match in _JINJA_RE.finditer(view.text):
        builder.add(last, match.start())
        dollar, expression = match.group(1), match.group(2)
        if expression is None:
            builder.synth(re.sub(r"[^\n]", " ", match.group()), match.start())
        elif expression.strip() in _INTERPRETERS:
            builder.synth(_INTERPRETERS[expression.strip()], match.start())
        elif dollar:
            builder.add(match.start(), match.end())
        else:
            name = f"__jinja_{len(values) + 1}"
            builder.synth("${" + name + "}", match.start())
            values[name] = Word(view.slice(match.start(), match.end()), known=False)
        last = match.end()
    builder.add(last, len(view.text))
    return builder.build(), values
