"""A long module is parsed piece by piece: the tree is the one `ast.parse` gives."""

from __future__ import annotations

import ast

import pytest

from sslint.linter.readers.python import parse
from sslint.linter.readers.python.parse import subtree

_BLOCK = '''\
import requests

@decorator
def fetch(url):
    """A docstring with lines that look like statements:
x = 1
else:
    """
    return requests.get(url, verify=False)
for item in items:
    pass
else:
    done()
try:
    go()
except ValueError:
    pass
finally:
    stop()
DATA = {
"key": 1,
value: 2,
}
'''


@pytest.mark.parametrize("piece", [16, 64, 200])
def test_a_long_module_parses_to_the_same_tree_in_pieces(
    monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    text = _BLOCK * 30
    monkeypatch.setattr(parse, "_PIECE", piece)
    expected = ast.dump(ast.parse(text), include_attributes=True)
    assert ast.dump(parse._parse(text), include_attributes=True) == expected


def test_a_long_module_that_does_not_parse_gives_the_whole_text_s_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _BLOCK * 10 + "def broken(:\n" + _BLOCK * 10
    monkeypatch.setattr(parse, "_PIECE", 64)
    with pytest.raises(SyntaxError) as whole:
        ast.parse(text)
    with pytest.raises(SyntaxError) as pieces:
        parse._parse(text)
    assert (pieces.value.msg, pieces.value.lineno) == (whole.value.msg, whole.value.lineno)


def test_a_subtree_holds_every_node_ast_walk_gives_but_contexts_and_operators() -> None:
    code = (
        "@deco(verify=False)\nclass C(B, metaclass=M):\n    x: int = 1\n"
        "    def f(self, a=1, *b, c=None, **d):\n"
        "        return [i async for i in g() if i > a] or {k: v for k, v in d.items()}\n"
        "async def h(p):\n    async with p as q:\n        print(f'{q!r:>10}', *p, -q)\n"
    )
    tree = ast.parse(code)
    skipped = (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)
    walked = [node for node in ast.walk(tree) if not isinstance(node, skipped)]
    found = list(subtree(tree))
    assert len(found) == len(walked)
    assert {id(node) for node in found} == {id(node) for node in walked}
