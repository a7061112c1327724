"""Parents not kept below the plain statements of a long module are found again the same."""

from __future__ import annotations

import ast

import pytest
from python_helpers import scan

from sslint.rules import _python_scopes
from sslint.rules._python_scopes import Names

# Statements of every shape: calls with positional and keyword arguments, statements
# sharing a line, one over several lines, f-strings, lambdas, comprehensions, `:=`,
# slices, a long literal, imports, definitions and blocks.
_BLOCK = """
import requests, pymongo, pycurl, ssl, urllib3
from os import path as p
a{n} = 1; requests.get("u", verify=False); pymongo.MongoClient(("mongodb://h/?tlsInsecure=true"))
c{n} = pycurl.Curl(); c{n}.setopt(pycurl.SSL_VERIFYPEER, 0)
ssl._create_default_https_context = ssl._create_unverified_context
urllib3.disable_warnings()
requests.get("https://a.example/{n}", verify=False)
x{n} = requests.post(("u"), data={{"k": [1, 2]}}, verify=x{n} if p else False); y = x{n}[1:2]
session{n} = requests.Session(); session{n}.verify = False
requests.put(
    f"https://{{p}}/{n}",
    verify=(lambda: False)(),
    json=[v for v in range(3) if (w := v)],
)
table{n} = {{"a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]}}
def get{n}(url, verify=False):
    return requests.get(url, verify=verify, *args, **kwargs)
if x{n}:
    requests.get("u", verify=not x{n})
-x{n} or print(f"{{x{n}!r:>{{y}}}}", *y, sep="")
"""


def _module(blocks: int) -> ast.Module:
    return ast.parse("".join(_BLOCK.format(n=n) for n in range(blocks)))


def _walked(tree: ast.Module, lazy: bool, monkeypatch: pytest.MonkeyPatch) -> Names:
    monkeypatch.setattr(_python_scopes, "_LAZY_MINIMUM", 0 if lazy else 10**9)
    names = Names(tree)
    names.walk(tree.body, frozenset())
    return names


def test_lazy_parents_are_the_recorded_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _module(3)
    eager = _walked(tree, False, monkeypatch)
    lazy = _walked(tree, True, monkeypatch)
    assert len(lazy.parents.known) < len(eager.parents.known)
    nodes = [tree, *ast.walk(tree), ast.parse("x = 1").body[0]]
    for node in nodes:
        assert lazy.parents.get(node) is eager.parents.get(node), ast.dump(node)


def test_findings_with_lazy_parents_as_without(monkeypatch: pytest.MonkeyPatch) -> None:
    code = "".join(_BLOCK.format(n=n) for n in range(4))
    found = []
    for minimum in (0, 10**9):
        monkeypatch.setattr(_python_scopes, "_LAZY_MINIMUM", minimum)
        found.append([(f.rule_id, f.span, f.statement, f.message) for f in scan(code)])
    assert found[0] == found[1]
    assert len(found[0]) == 32
