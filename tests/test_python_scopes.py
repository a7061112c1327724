"""Names, scopes and positions of the Python analysis: aliases, `global`, comprehensions, spans."""

from __future__ import annotations

import ast
import textwrap
from typing import Optional

from python_helpers import hits, scan

from sslint.rules._python_scopes import Names


def _names(code: str) -> tuple[ast.Module, Names]:
    tree = ast.parse(textwrap.dedent(code).lstrip("\n"))
    names = Names(tree)
    names.walk(tree.body, frozenset())
    return tree, names


def _loaded(tree: ast.Module, name: str, line: int) -> ast.Name:
    return next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and node.id == name
        and node.lineno == line
        and isinstance(node.ctx, ast.Load)
    )


def _imported(code: str, name: str, line: int) -> Optional[str]:
    tree, names = _names(code)
    return names.imported(_loaded(tree, name, line))


def test_import_aliases_give_qualified_names() -> None:
    code = """
        import requests as rq
        from urllib3 import PoolManager as Pool
        import os.path
        import a.b as c
        from . import sibling
        from ..pkg.mod import thing as other
        rq, Pool, os, c, sibling, other
    """
    tree, names = _names(code)
    line = 7
    found = {n: names.imported(_loaded(tree, n, line)) for n in ("rq", "Pool", "os", "c")}
    assert found == {"rq": "requests", "Pool": "urllib3.PoolManager", "os": "os", "c": "a.b"}
    assert names.imported(_loaded(tree, "sibling", line)) == ".sibling"
    assert names.imported(_loaded(tree, "other", line)) == "..pkg.mod.thing"


def test_dotted_chains_resolve_through_the_longest_imported_prefix() -> None:
    code = """
        import os.path
        import a.b as c
        os.path.join(x)
        c.d.e(x)
    """
    tree, names = _names(code)
    calls = [n.func for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert sorted(names.imported(f) or "" for f in calls) == ["a.b.d.e", "os.path.join"]


def test_a_name_used_before_its_import_in_the_same_scope_is_not_imported() -> None:
    code = """
        get(url)
        from requests import get
        get(url)
    """
    assert _imported(code, "get", 1) is None
    assert _imported(code, "get", 3) == "requests.get"


def test_function_imports_stay_in_their_function() -> None:
    code = """
        def one():
            import requests as r
            return r
        def two():
            return r
    """
    assert _imported(code, "r", 3) == "requests"
    assert _imported(code, "r", 5) is None


def test_builtins_unless_shadowed() -> None:
    tree, names = _names("""
        dict(a=1)
        def f():
            dict = list
            return dict(x)
    """)
    assert names.builtin(_loaded(tree, "dict", 1)) == "dict"
    assert names.builtin(_loaded(tree, "dict", 4)) is None


def test_global_and_nonlocal_send_bindings_outward() -> None:
    tree, names = _names("""
        def configure():
            global VERIFY
            VERIFY = False
        def outer():
            flag = True
            def inner():
                nonlocal flag
                flag = False
            return flag
    """)
    module = names.module_scope
    assert [b.node.lineno for b in module.resolve("VERIFY")] == [3]
    outer = names.scopes[_loaded(tree, "flag", 9)]
    assert [b.node.lineno for b in outer.resolve("flag")] == [5, 8]


def test_a_class_body_is_not_visible_from_its_methods() -> None:
    tree, names = _names("""
        VERIFY = True
        class Client:
            VERIFY = False
            def fetch(self):
                return VERIFY
    """)
    scope = names.scopes[_loaded(tree, "VERIFY", 5)]
    assert [b.node.lineno for b in scope.resolve("VERIFY")] == [1]


def test_comprehension_targets_have_their_own_scope() -> None:
    tree, names = _names("""
        verify = False
        flags = [verify for verify in (True,)]
        rows = [v for v in verify]
    """)
    inner = names.scopes[_loaded(tree, "verify", 2)]
    assert [b.node.lineno for b in inner.resolve("verify")] == [2]
    # The first iterable is evaluated outside the comprehension.
    outer = names.scopes[_loaded(tree, "verify", 3)]
    assert outer is names.module_scope
    assert [b.node.lineno for b in outer.resolve("verify")] == [1]


def test_findings_through_aliases_scopes_and_comprehensions() -> None:
    assert hits("import requests as rq\nrq.get(url, verify=False)\n") == [("SSL301", 2, 13)]
    assert hits("import requests.api\nrequests.api.get(url, verify=False)\n") == [("SSL301", 2, 23)]
    code = """
        import requests
        verify = False
        results = [requests.get(u, verify=verify) for u in urls]
        flags = [verify for verify in (True,)]
    """
    assert hits(code) == [("SSL301", 3, 28)]
    code = """
        import requests
        VERIFY = True

        class Client:
            VERIFY = False

            def fetch(self, url):
                return requests.get(url, verify=VERIFY)

            def fetch_own(self, url):
                return requests.get(url, verify=self.VERIFY)
    """
    assert hits(code) == [("SSL301", 11, 34)]


def test_spans_on_non_ascii_lines_count_code_points() -> None:
    code = """
        import requests
        requests.get("https://bücher.example/ü", verify=False)  # äöü
        x = "日本語"; requests.post(x, verify=False)
    """
    found = [
        (f.span.start_line, f.span.start_column, f.span.end_line, f.span.end_column)
        for f in scan(code)
    ]
    assert found == [(2, 42, 2, 54), (3, 29, 3, 41)]


def test_statement_lines_of_joined_and_one_line_statements() -> None:
    code = """
        import requests; a = 1; requests.get(url,
            verify=False); b = 2
        if True: requests.get(url, verify=False)
        try: pass
        except Exception: requests.get(url, verify=False)
    """
    found = [(f.span.start_line, f.statement.first, f.statement.last) for f in scan(code)]
    assert found == [(2, 1, 2), (3, 3, 3), (5, 4, 5)]


def test_a_parenthesised_argument_is_reported_with_its_parentheses() -> None:
    found = [
        (f.rule_id, f.span.start_column, f.span.end_column)
        for f in scan("import ssl\nctx = ssl.SSLContext((ssl.PROTOCOL_TLSv1))\n")
    ]
    assert found == [("SSL302", 7, 21), ("SSL305", 22, 42)]
