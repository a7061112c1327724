"""The Python reader: the code itself for the Python rules, plus the commands it runs.

Works on any view: a whole `.py` file, the string of `python -c "…"`, the body
of a `python - <<EOF` here-document or of a GitHub `shell: python` step. Every
position goes through the view, so findings land in the file the user owns.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.facts import PythonCode
from sslint.linter.readers import READER_GATES, ReadContext
from sslint.linter.readers.python_parse import parsed
from sslint.linter.source import View

# Substrings without which code can run no command and set no variable.
_FACT_TOKENS = tuple(token.decode() for token in READER_GATES[kinds.PYTHON])


def read(view: View, ctx: ReadContext) -> None:
    """Record the code for the Python rules and read its commands and environment."""
    code = PythonCode(view, view.line_range(0, len(view.text)))
    ctx.facts.python.append(code)
    tree = parsed(ctx.facts, code)
    if tree.tree is None:
        where = view.span(0, 0).start_line
        if tree.error_line is not None:
            line_start = tree.lines.offset(tree.error_line, 0)
            where = view.span(line_start, line_start).start_line
        ctx.notice(
            f"Python code does not parse ({tree.error}); only plain forms are checked", where
        )
        return
    if not any(token in view.text for token in _FACT_TOKENS):
        return
    from sslint.linter.readers.python_facts import PythonFacts

    PythonFacts(tree, ctx).run()
