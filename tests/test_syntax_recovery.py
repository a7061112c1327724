"""Syntax recovery: a construct a reader gives up on costs only its own statement.

Valid code that a parser rejects (bash that tree-sitter-bash does not know,
template syntax in commands, make functions, `RUN [ … ]` in shell form) is
read without a notice; what is really skipped is named with its line, and the
commands after it are still read, with exact positions.
"""

from __future__ import annotations

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

TRUST = "pip install --trusted-host pypi.corp.example x"


def scan(text: str, path: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(rule, line, column) of every finding, and every notice as `line: message`."""
    result = scan_bytes(text.encode(), path, Config())
    found = sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)
    return found, [f"{n.line}: {n.message}" for n in result.notices]


# -- Dockerfile ------------------------------------------------------------------


def test_run_with_a_test_bracket_is_shell_form_without_a_notice() -> None:
    text = (
        "FROM python:3.12\n"
        "RUN [ -f /etc/pip.conf ] || pip install --trusted-host pypi.corp.example x\n"
        'RUN [[ -n "$CI" ]] && curl -k https://example.org/x\n'
        'RUN [ "$MODE" = "dev" ] && \\\n    wget --no-check-certificate https://example.org/y\n'
        'RUN ["pip", "install", "x"]\n'
    )
    found, notices = scan(text, "Dockerfile")
    assert found == [("SSL101", 2, 41), ("SSL201", 3, 28), ("SSL202", 5, 10)]
    assert notices == []


def test_run_meant_as_exec_form_but_broken_still_says_so() -> None:
    text = 'FROM x\nRUN ["pip", "install", "--trusted-host", "h" x]\nRUN curl -k https://e.org\n'
    found, notices = scan(text, "Dockerfile")
    assert notices == [
        "2: RUN at line 2 is not valid JSON; read as shell form",
        "2: shell syntax not understood; line 2 skipped",
    ]
    assert ("SSL201", 3, 10) in found
