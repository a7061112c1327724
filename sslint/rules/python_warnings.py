"""SSL304: the warning urllib3 gives for unverified HTTPS requests is silenced.

`urllib3.disable_warnings()` (also through `requests.packages.urllib3` and
pip's vendored copy), `warnings.filterwarnings("ignore", category=
InsecureRequestWarning)` / `simplefilter(...)`, and pytest's
`@pytest.mark.filterwarnings("ignore::…InsecureRequestWarning")`. A note: the
suppression itself is harmless, but it almost always sits next to a disabled
check and hides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Optional

from sslint.linter.findings import Finding
from sslint.rules._python_analysis import Analysis, analyses, code_checker
from sslint.rules._python_fallback import fallback_findings
from sslint.rules._python_noqa import with_noqa
from sslint.rules._python_values import Const, Ref
from sslint.rules.base import NOTE, Rule

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.facts import FileFacts

SSL304 = Rule(
    id="SSL304",
    name="insecure-request-warning-suppressed",
    level=NOTE,
    security_severity=2.0,
    summary="The warning about unverified HTTPS requests is suppressed",
    description=(
        "Finds `urllib3.disable_warnings()` (with no argument, `InsecureRequestWarning` or "
        "`HTTPWarning`), `requests.packages.urllib3.disable_warnings(...)`, "
        "`warnings.filterwarnings('ignore', category=InsecureRequestWarning)` (or a message "
        "matching 'Unverified HTTPS request'), `warnings.simplefilter('ignore', "
        "InsecureRequestWarning)` and `@pytest.mark.filterwarnings('ignore::"
        "urllib3.exceptions.InsecureRequestWarning')`."
    ),
    why=(
        "urllib3 warns on every request made without certificate verification. Silencing "
        "that warning keeps the disabled check out of logs and test output, so it survives "
        "reviews and spreads."
    ),
    example=(
        "import urllib3\n\nurllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)\n"
    ),
    fix=(
        "Remove the suppression and fix the request it hides: point the client at the right "
        "CA bundle (`verify='/etc/ssl/certs/corp-ca.pem'`, `REQUESTS_CA_BUNDLE`, "
        "`SSL_CERT_FILE`) or use the system trust store with `truststore.inject_into_ssl()`; "
        "then no warning is raised."
    ),
    references=(
        "https://urllib3.readthedocs.io/en/stable/advanced-usage.html#tls-warnings",
        "https://truststore.readthedocs.io/",
    ),
)

_DISABLE = frozenset({"urllib3.disable_warnings"})
_FILTERS = {"warnings.filterwarnings": 2, "warnings.simplefilter": 1}
_HIDING_CATEGORIES = frozenset(
    {"InsecureRequestWarning", "HTTPWarning", "SecurityWarning", "Warning"}
)
_UNVERIFIED_MESSAGE = "unverified https request"


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL304 findings in every piece of Python code of the file."""
    for analysis in analyses(facts):
        if not isinstance(analysis, Analysis):
            for finding in fallback_findings(analysis, "SSL304"):
                yield with_noqa(facts.source, finding, config)
            continue
        for call in analysis.calls:
            for finding in _call(analysis, call):
                yield with_noqa(facts.source, finding, config)


def _category(analysis: Analysis, node: Optional[Any]) -> Optional[str]:
    """Last part of the warning class a node names (`InsecureRequestWarning`)."""
    if node is None:
        return None
    value = analysis.evaluate(node.value)
    if isinstance(value, Ref):
        return value.name.rsplit(".", 1)[-1]
    return "?"


def _finding(analysis: Analysis, call: Any, message: str) -> Finding:
    return Finding(
        rule_id="SSL304",
        span=analysis.span(call),
        message=message,
        statement=analysis.statement(call),
    )


def _call(analysis: Analysis, call: Any) -> Iterator[Finding]:
    _, name = analysis.callee(call)
    if name in _DISABLE:
        category = _category(analysis, analysis.argument(call, 0, "category"))
        if category is None or category in _HIDING_CATEGORIES:
            yield _finding(
                analysis,
                call,
                f"{analysis.text(call.func)}() hides urllib3's InsecureRequestWarning",
            )
    elif name in _FILTERS:
        action = analysis.argument(call, 0, "action")
        held = analysis.evaluate(action.value) if action is not None else None
        if not (isinstance(held, Const) and held.value == "ignore"):
            return
        category = _category(analysis, analysis.argument(call, _FILTERS[name], "category"))
        message_arg = (
            analysis.argument(call, 1, "message") if name.endswith("filterwarnings") else None
        )
        message = analysis.evaluate(message_arg.value) if message_arg is not None else None
        about_unverified = (
            isinstance(message, Const) and _UNVERIFIED_MESSAGE in str(message.value).lower()
        )
        if category == "InsecureRequestWarning" or about_unverified:
            yield _finding(
                analysis, call, f"{name}('ignore', …) hides urllib3's InsecureRequestWarning"
            )
    elif name == "pytest.mark.filterwarnings":
        for arg in analysis.arguments(call):
            value = analysis.evaluate(arg.value)
            if (
                isinstance(value, Const)
                and isinstance(value.value, str)
                and value.value.startswith("ignore")
                and "InsecureRequestWarning" in value.value
            ):
                yield _finding(
                    analysis, call, "pytest filter hides urllib3's InsecureRequestWarning"
                )


CHECKER = code_checker((SSL304,), check, "python-warnings")
