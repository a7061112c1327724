"""The `ast` pass that decides what the analysis reads: what it skips, and that spans stay exact."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.rules import _python_focus
from sslint.rules._python_clients import SWITCHES
from sslint.rules._python_focus import focus, may_matter
from tests.python_helpers import hits


def _focus(code: str):  # type: ignore[no-untyped-def]
    text = textwrap.dedent(code).lstrip("\n")
    return focus(ast.parse(text), text)


@pytest.mark.parametrize(
    "code",
    [
        'requests.get(url, verify="/etc/ssl/certs/corp-ca.pem")\n',
        "requests.get(url, verify=True)\n",
        "httpx.Client(verify=None)\n",
        'urllib3.PoolManager(cert_reqs="CERT_REQUIRED")\n',
        "urllib3.PoolManager(cert_reqs=ssl.CERT_REQUIRED)\n",
        "ctx.verify_mode = ssl.CERT_REQUIRED\nctx.check_hostname = True\n",
        "session.verify = '/etc/ssl/certs/corp-ca.pem'\n",
        "ctx: ssl.SSLContext = ssl.create_default_context(cafile=CA)\n",
        "def make(ca: str) -> ssl.SSLContext:\n    return ssl.create_default_context(cafile=ca)\n",
        "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n",
        "server = SSLContext(protocol=PROTOCOL_TLS_SERVER)\n",
        "import ssl\nfrom ssl import SSLContext, CERT_NONE\n",
        "# verify=False in a comment\nx = 1\n",
        "WORDS = (" + ", ".join(f"('w{i}', 'w{i}')" for i in range(20)) + ", ('ssl', 'ssl'))\n",
    ],
)
def test_what_cannot_switch_verification_off_is_not_read(code: str) -> None:
    assert _focus(code) is None


@pytest.mark.parametrize(
    "code",
    [
        "requests.get(url, verify=False)\n",
        'requests.get(url, verify="false")\n',
        "requests.get(url, verify=VERIFY)\n",
        "urllib3.PoolManager(cert_reqs='CERT_NONE')\n",
        "ctx.verify_mode = ssl.CERT_NONE\n",
        "ctx.check_hostname = False\n",
        "ctx = ssl.SSLContext()\n",
        "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\n",
        "MongoClient(uri, tlsInsecure=True)\n",
        'client = MongoClient("mongodb://db/?tlsInsecure=true")\n',
        "OPTS = {'verify': False}\n",
        "OPTS = dict(" + ", ".join(f"k{i}=1" for i in range(20)) + ", verify=False)\n",
        "setattr(session, 'verify', False)\n",
        "from ssl import _create_unverified_context as unverified\nctx = unverified()\n",
        "import ssl; ssl._create_default_https_context = ssl._create_unverified_context; go()\n",
    ],
)
def test_what_can_switch_verification_off_is_read(code: str) -> None:
    assert _focus(code) is not None


def test_only_the_relevant_statements_are_read() -> None:
    code = (
        "import requests\n"
        + "".join(f"def helper_{i}():\n    return {i}\n\n" for i in range(50))
        + "def fetch(url):\n    return requests.get(url, verify=False)\n"
    )
    focused = _focus(code)
    assert focused is not None
    assert focused.statements is not None
    assert [getattr(s, "name", "import") for s in focused.statements] == ["import", "fetch"]
    assert {f"helper_{i}" for i in range(50)} <= focused.opaque


def test_a_finding_after_many_left_out_lines_keeps_its_exact_position() -> None:
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(200))
    code = (
        "import requests\n"
        + filler
        + "class Client:\n"
        + "    def ping(self):\n"
        + "        return 1\n"
        + "    def fetch(self, url):\n"
        + "        return requests.get(url,\n"
        + "                            verify=False)\n"
    )
    line = code.split("\n").index("                            verify=False)") + 1
    assert hits(code) == [("SSL301", line, 29)]


def test_a_factory_defined_far_away_is_followed() -> None:
    filler = "".join(f"X_{i} = {i}\n" for i in range(300))
    code = (
        "import requests\n"
        + "VERIFY = False\n"
        + filler
        + "def fetch(url):\n"
        + "    return requests.get(url, verify=VERIFY)\n"
    )
    assert hits(code) == [("SSL301", 304, 30)]


def test_every_trigger_holds_a_prefilter_token() -> None:
    words = [w.lower() for w in _python_focus._KEYWORD_TRIGGERS]
    words += list(_python_focus._STRING_TRIGGERS)
    words += [switch.parameter.lower() for switch in SWITCHES if switch.parameter != "options"]
    for word in words:
        assert any(token.decode() in word for token in _python_focus.TOKENS), word


@pytest.mark.parametrize(
    "code",
    [
        "import urllib3\nhttp = urllib3.PoolManager(assert_hostname=False)\n",
        "def harden(ctx):\n    ctx.check_hostname = False\n",
        "import urllib3\nurllib3.disable_warnings()\n",
    ],
)
def test_the_prefilter_passes_what_has_no_obvious_word(code: str) -> None:
    data = code.encode()
    filtered = [f.rule_id for f in scan_bytes(data, "app/client.py", Config()).findings]
    unfiltered = scan_bytes(data, "app/client.py", Config(), prefilter=False).findings
    assert unfiltered
    assert filtered == [f.rule_id for f in unfiltered]


@pytest.mark.parametrize(
    ("code", "matters"),
    [
        ('requests.get(u, verify="/etc/ssl/ca.pem")\n', False),
        ("requests.get(u, verify=True)\n", False),
        ("requests.get(u, verify=True  # ok\n    )\n", False),
        ('session.verify = "/etc/ca.pem"\nfoo()\n', False),
        ("import ssl\nctx = ssl.create_default_context(cafile=c)\n", False),
        ("def f() -> ssl.SSLContext:\n    return ssl.create_default_context()\n", False),
        ("ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n", False),
        ("from ssl import SSLContext\n", False),
        ("ctx.verify_mode = ssl.CERT_REQUIRED\nctx.check_hostname = True\n", False),
        ('urllib3.PoolManager(cert_reqs="CERT_REQUIRED")\n', False),
        ("import sslint\nverify_path = 1\n", False),
        ("x = 1  # TODO: verify=False would be wrong here\n", False),
        ('"""Verify the host: we verify every certificate."""\n', False),
        ("def verify(self, data):\n    return self.verify_mode\n", False),
        ("if not session.verify:\n    log(session.verify, ok=response.verify == 1)\n", False),
        ('parser.add_argument("--no-verify", dest="skip")\n', False),
        ("def get(u, verify: bool = False):\n    return requests.get(u, verify=verify)\n", True),
        ("requests.get(u, verify\n    =False)\n", True),
        ("kwargs = {'verify': False}\n", True),
        ("s.verify_mode = m\n", True),
        ('"""\n# verify=False in a docstring\n"""\n', False),
        ('"""\n  # """; requests.get(u, verify=False)\n', True),
        ('x = "#"; requests.get(u, verify=False)\n', True),
        ("# old Mac line ends\rrequests.get(u, verify=False)\r", True),
        ("requests.get(u, verify=False)\n", True),
        ('requests.get(u, verify="false")\n', True),
        ('requests.get(u, verify="")\n', True),
        ("requests.get(u, verify=True if x else False)\n", True),
        ("requests.get(u, verify=True\n    if x else False)\n", True),
        ('f(verify="ok" "")\n', True),
        ("ctx = ssl.SSLContext()\n", True),
        ("aiohttp.get(u, ssl=False)\n", True),
        ('x = {"ssl": False}\n', True),
        ("from ssl import (\n  SSLContext,\n)\n", True),
        ("from ssl import _create_unverified_context as u\n", True),
        ("ctx.verify_mode = ssl.CERT_NONE\n", True),
        ("ctx.check_hostname = False\n", True),
        ("verify = True; x.verify = False\n", True),
        ('client = MongoClient("mongodb://db/?tlsInsecure=true")\n', True),
    ],
)
def test_the_text_says_when_no_parse_is_needed(code: str, matters: bool) -> None:
    assert may_matter(code) is matters
    if not matters:  # and what it clears, the full analysis clears too
        data = code.encode()
        assert scan_bytes(data, "app/client.py", Config(), prefilter=False).findings == []


_PIECES = st.sampled_from(
    [
        *sorted(_python_focus._WORDS),
        *("x", "_", "1", " ", "\n", "#", '"', "=", "False", "True", ".", "(", ")", ":", "é"),
    ]
)


@given(st.lists(_PIECES, max_size=10).map("".join))
def test_each_identifier_holding_a_trigger_word_is_looked_at(text: str) -> None:
    """`may_matter` is: a string trigger, or an identifier holding a word written where it can
    switch something off (spelled out here over every identifier of the text)."""
    lowered = text.lower()
    expected = any(t in lowered for t in _python_focus._STRING_TRIGGERS) or any(
        _python_focus._written_relevant(text, found.start(), found.end())
        for found in re.finditer(r"[A-Za-z0-9_]+", text)
        if any(word in found.group() for word in _python_focus._WORDS)
    )
    assert may_matter(text) is expected


_HOT_SAMPLES = [
    # A trigger in a decorator only: the definition starts at its decorators.
    "@settings(verify=False)\ndef fetch(url):\n    return url\n",
    # In a multi-line f-string (parts placed by the f-string before Python 3.12).
    'x = f"""\n{requests.get(u,\n verify=False)}\n"""\n',
    # Deep in one method of a class, and on a continuation line of a call.
    "class Client:\n    def a(self):\n        return 1\n\n    def b(self, u):\n"
    "        return requests.get(\n            u,\n            verify=False,\n        )\n",
    # Written on the lines, but only in harmless forms; and nowhere at all.
    "def f(u):\n    # verify=False\n    return get(u, verify=True)\n",
    "def g():\n    return 1\n",
]


@pytest.mark.parametrize("code", _HOT_SAMPLES)
def test_a_statement_is_hot_by_its_trigger_lines_as_by_all_its_nodes(code: str) -> None:
    tree = ast.parse(code)
    where = _python_focus._Lines(code)
    found = where.lines_of(_python_focus._WORDS)
    lines = sorted(found | where.lines_of(_python_focus._STRING_TRIGGERS, lowered=True))
    for statement in tree.body:
        whole = _python_focus._is_hot(statement, frozenset(), ())
        assert _python_focus._is_hot(statement, frozenset(), lines) is whole
    hot = [_python_focus._is_hot(s, frozenset(), lines) for s in tree.body]
    assert hot == [code not in _HOT_SAMPLES[3:]]
