"""Python newer than the interpreter is still analysed; Python 2 gets the plain-form fallback."""

from __future__ import annotations

import ast

from python_helpers import facts, scan

from sslint.linter.findings import PROBABLE, PROVEN
from sslint.linter.readers.python.repair import repair


def spans(code: str) -> list[tuple[str, int, int, int, str]]:
    return [
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column, f.precision)
        for f in scan(code)
        if f.rule_id.startswith("SSL3")
    ]


NEWER = """
    import ssl, requests
    type Headers = dict[str, str]
    class Endpoint[T](object):
        def get(self, url):
            return requests.get(url, verify=False)
    def first[T](items: list[T]) -> T:
        ctx = ssl.create_default_context()
        ctx.verify_mode = ssl.CERT_NONE
        return items[0]
    label = f"{'a' + "b"}"
    requests.post(url, verify=False)
"""


def test_pep_695_and_701_code_is_analysed_on_any_interpreter() -> None:
    # Python 3.12+ parses this as is, older interpreters after leaving out what they cannot
    # read: the findings are the same.
    assert spans(NEWER) == [
        ("SSL301", 5, 34, 46, PROVEN),
        ("SSL302", 8, 5, 36, PROVEN),
        ("SSL301", 11, 20, 32, PROVEN),
    ]


def test_repair_blanks_type_parameters_and_keeps_every_position() -> None:
    text = "class Endpoint[T](Base):\n    x = 1\ntype X = int\nexcept_ = 2\n"
    error = SyntaxError("invalid syntax", ("a.py", 1, 15, text.splitlines()[0]))
    repaired = repair(text, error)
    assert repaired is not None
    cls = repaired.tree.body[0]
    assert isinstance(cls, ast.ClassDef) and cls.name == "Endpoint"
    assert [ast.unparse(base) for base in cls.bases] == ["Base"]
    assert (cls.body[0].lineno, cls.body[0].col_offset) == (2, 4)


def test_repair_refuses_python_2() -> None:
    text = 'print "hello"\n'
    error = SyntaxError("Missing parentheses in call to 'print'", ("a.py", 1, 1, text))
    assert repair(text, error) is None


def test_left_out_syntax_is_one_notice_with_its_line() -> None:
    found = facts(
        'import subprocess\nx = 1\nlabel = f"{x!r:>{width}} {"nested"}" if ok else (\n  1)\n'
        'subprocess.run(["pip", "install", "--trusted-host", "pypi.org", "x"])\n'
    )
    assert [w.text for w in found.commands[0].words][:4] == [
        "pip",
        "install",
        "--trusted-host",
        "pypi.org",
    ]
    try:
        ast.parse('f"{"nested"}"')
    except SyntaxError:
        (notice,) = found.notices
        assert notice.line == 3 and "the rest of the code is checked" in notice.message
    else:
        assert found.notices == []


def test_a_switch_on_a_line_left_out_is_still_found_by_its_tokens() -> None:
    # The unclosed call on line 2 and what follows it are left out of the tree; the
    # switches on those lines are reported by token match (probable) at their places.
    code = (
        "import requests\n"
        "requests.get(u, verify=False\n"
        "x = requests.post(u, verify=False)\n"
        "requests.get(u, verify=True)\n"
        "# requests.get(u, verify=False)\n"
    )
    assert spans(code) == [
        ("SSL301", 2, 17, 29, PROBABLE),
        ("SSL301", 3, 22, 34, PROBABLE),
    ]


def test_a_line_left_out_without_a_switch_gives_no_token_finding() -> None:
    code = "import requests\nrequests.get(u, verify=False)\nif x\n    y = 1\n"
    assert spans(code) == [("SSL301", 2, 17, 29, PROVEN)]


PYTHON2 = """
    import ssl, urllib3
    print "connecting"
    ctx = ssl.SSLContext(ssl.PROTOCOL_SSLv23)
    ctx.verify_mode = ssl.CERT_NONE
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.check_hostname = True
    self.check_hostname = False
    # ctx.verify_mode = ssl.CERT_NONE
    s = "ctx.check_hostname = False"
    urllib3.disable_warnings()
    pool = urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)
    sock = ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_TLSv1)
    if v == ssl.PROTOCOL_TLSv1:
        print ssl.PROTOCOL_SSLv3
    ok = ssl.SSLContext(ssl.PROTOCOL_TLSv1_2)
"""


def test_python_2_module_gets_every_plain_form_at_probable_precision() -> None:
    assert sorted(spans(PYTHON2)) == [
        ("SSL301", 12, 28, 51, PROBABLE),
        ("SSL302", 4, 1, 32, PROBABLE),
        ("SSL302", 5, 1, 27, PROBABLE),
        ("SSL304", 11, 9, 26, PROBABLE),
        ("SSL305", 13, 39, 57, PROBABLE),
    ]
