"""SSL104 (left set) and SSL105 (scoped) for SSL_NO_VERIFY."""

from __future__ import annotations

import pytest

from sslint.linter.config import Config
from sslint.linter.facts import Scope
from sslint.rules import ssl_no_verify
from tests._facts import FactBuilder, run


@pytest.mark.parametrize(
    ("scope", "unset", "rule"),
    [
        (Scope.SCRIPT, None, "SSL104"),
        (Scope.IMAGE, None, "SSL104"),
        (Scope.STAGE, None, "SSL104"),
        (Scope.WORKFLOW, None, "SSL104"),
        (Scope.JOB, None, "SSL104"),
        (Scope.PROCESS, None, "SSL104"),
        (Scope.SERVICE, None, "SSL104"),
        (Scope.FILE, None, "SSL104"),
        (Scope.SCRIPT, 2, "SSL105"),
        (Scope.COMMAND, None, "SSL105"),
        (Scope.STEP, None, "SSL105"),
    ],
)
def test_scope_decides(scope: Scope, unset: int, rule: str) -> None:
    fb = FactBuilder("export SSL_NO_VERIFY=1\nunset SSL_NO_VERIFY\n")
    fb.env(1, "SSL_NO_VERIFY", scope, "1", unset_at=unset)
    assert run(ssl_no_verify.CHECKER, fb.facts) == [(rule, 1, 8, 21)]


@pytest.mark.parametrize("value", ["0", "false", "", "no"])
def test_false_values_are_clean(value: str) -> None:
    fb = FactBuilder(f"export SSL_NO_VERIFY={value}\n")
    fb.env(1, "SSL_NO_VERIFY", Scope.SCRIPT, value)
    assert run(ssl_no_verify.CHECKER, fb.facts) == []


def test_message_names_variable_and_scope() -> None:
    fb = FactBuilder("ENV SSL_NO_VERIFY=true\n", "Dockerfile", "dockerfile")
    fb.env(1, "SSL_NO_VERIFY", Scope.IMAGE, "true")
    (finding,) = ssl_no_verify.CHECKER.check(fb.facts, Config())
    assert "SSL_NO_VERIFY=true" in finding.message and "image" in finding.message
