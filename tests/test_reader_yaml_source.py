"""YAML nodes mapped back to the file: every scalar style, aliases, merges, broken files."""

from __future__ import annotations

import string

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pipeline_support import at, findings
from yaml.nodes import MappingNode, ScalarNode

from sslint.linter.facts import FileFacts
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_source import YamlFile, YamlLoader, value_type
from sslint.linter.source import Source, View


def load(text: str) -> tuple[YamlFile, ReadContext]:
    source = Source("f.yml", text)
    ctx = ReadContext(FileFacts(source, "yaml"))
    return YamlFile(source.whole(), ctx), ctx


def assert_maps_exactly(view: View, source: Source, allow_synth: bool = True) -> None:
    """Copied characters equal the file's; synthesised ones are single folding/escape chars."""
    for seg in view.segments:
        piece = view.text[seg.view_start : seg.view_start + seg.length]
        if seg.step == 1:
            assert piece == source.text[seg.source_start : seg.source_start + seg.length]
        else:
            assert allow_synth
            assert seg.length <= 1 or set(piece) <= {" ", "\n"}


def scalars(doc: YamlFile) -> list[ScalarNode]:
    return [n for d in doc.documents for n in doc.walk(d) if isinstance(n, ScalarNode)]


CASES = [
    "a: plain\n  continued\n\n  para\nb: x\n",
    "a: 'it''s\n  folded\n\n  x'\n",
    'a: "esc \\t \\x41 \\u00e9 \\\\ \\"q\\" \\\n   joined  \\\n\n   more"\n',
    "a: |\n  line1\n   indented\n\n  line3\n\n\nb: 1\n",
    "a: >\n  f1\n  f2\n\n  f3\n    more\n  f4\n",
    "a: |-\n  x\n  y\n\n",
    "a: >+\n  x\n  y\n\n\nb: 2\n",
    "- |2\n   lead\n  x\n",
    "k:\n  - |4\n        deep\n      x\n",
    "a: |\r\n  crlf\r\n  two\r\n",
    "a: >\r\n  crlf\r\n  two\r\n",
    'a: "x\r\n  y"\r\n',
    "a: |  # comment\n  x\n",
    "a: |\n  x\n# comment\nb: y\n",
    "a: >\n\n  lead empty\n  b\n",
    "s: 'a''b'\nt: \"\"\nu: ''\nv:\nw: ~\n",
    'a: héllo € 😀 "\n',
    "x: [a, 'b', \"c\", {d: e}]\n",
    "a:  spaced   value  # c\n",
    "a: |+\n  keep\n\n",
    "- - nested\n  - 'q'\n",
]


def test_every_scalar_style_maps_back_exactly() -> None:
    for text in CASES:
        doc, ctx = load(text)
        assert not ctx.facts.notices, text
        for node in scalars(doc):
            view = doc.scalar(node)
            assert view.text == node.value, (text, node.value)
            if len(view.text) > 1:
                # never the degraded fallback (whole value anchored at one offset)
                assert any(seg.step == 1 for seg in view.segments), (text, node.value)
            assert_maps_exactly(view, doc.view.source)


def test_folded_scalar_maps_each_line_to_its_column() -> None:
    text = "deploy:\n  script:\n    - >-\n      git -c http.sslVerify=false\n      push x\n"
    doc, _ = load(text)
    node = doc.get(doc.documents[0], "deploy", "script")
    assert node is not None
    (item,) = doc.sequence(node)
    assert isinstance(item, ScalarNode)
    view = doc.scalar(item)
    assert view.text == "git -c http.sslVerify=false push x"
    at = view.text.index("http.sslVerify")
    span = view.span(at, at + len("http.sslVerify=false"))
    assert (span.start_line, span.start_column, span.end_column) == (4, 14, 34)
    push = view.span(view.text.index("push"), view.text.index("push") + 4)
    assert (push.start_line, push.start_column) == (5, 7)


def test_double_quoted_escapes_map_to_the_backslash() -> None:
    doc, _ = load('k: "a\\tb --trusted-host h"\n')
    (_, value) = doc.items(doc.documents[0])[0]
    assert isinstance(value, ScalarNode)
    view = doc.scalar(value)
    assert view.text == "a\tb --trusted-host h"
    assert view.span(1, 2).start_column == 6  # the tab comes from the backslash of `\t`
    flag = view.text.index("--trusted-host")
    assert view.span(flag, flag + 2).start_column == 10


def test_bom_and_crlf_keep_columns() -> None:
    text = '\ufeffa: 1\r\nb: "--insecure"\r\n'
    doc, _ = load(text)
    pairs = doc.items(doc.documents[0])
    key_b, value_b = pairs[1]
    assert isinstance(value_b, ScalarNode)
    span = doc.scalar(value_b).span(0, 10)
    assert (span.start_line, span.start_column) == (2, 5)
    assert doc.key_span(key_b).start_line == 2


def test_value_types_follow_yaml_resolution() -> None:
    doc, _ = load('a: false\nb: "false"\nc: ~\nd:\ne: 3\nf: [x]\ng: {h: 1}\ni: off\n')
    types = {k.value: value_type(v) for k, v in doc.items(doc.documents[0])}
    assert types == {
        "a": "bool",
        "b": "str",
        "c": "null",
        "d": "null",
        "e": "int",
        "f": "list",
        "g": "map",
        "i": "bool",
    }


def test_merge_keys_keep_spans_at_the_anchor_and_own_keys_win() -> None:
    text = "base: &b\n  X: '1'\n  Y: '2'\njob:\n  <<: *b\n  Y: '3'\n"
    doc, _ = load(text)
    pairs = {k.value: (k, v) for k, v in doc.items(doc.get(doc.documents[0], "job"))}
    assert set(pairs) == {"X", "Y"}
    assert doc.key_span(pairs["X"][0]).start_line == 2
    assert doc.key_span(pairs["Y"][0]).start_line == 6


def test_duplicate_keys_last_wins_and_the_hidden_value_is_named() -> None:
    doc, ctx = load("a: 1\nb: 0\na: 2\n")
    pairs = doc.items(doc.documents[0])
    assert [doc.text(value) for _, value in pairs] == ["0", "2"]
    assert [(n.message, n.line) for n in ctx.facts.notices] == [
        ("key 'a' is written again on line 3: the value on line 1 is not read", 1)
    ]


def test_unknown_tags_compose_as_plain_nodes() -> None:
    doc, ctx = load("a: !reference [.x, script]\nb: !Ref Thing\nc: !vault |\n  $ANSIBLE\n")
    assert not ctx.facts.notices
    assert doc.text(doc.documents[0], "b") == "Thing"
    assert [doc.text(n) for n in doc.sequence(doc.get(doc.documents[0], "a"))] == [".x", "script"]


def test_billion_laughs_and_cycles_are_walked_once() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    doc, _ = load("\n".join(lines) + "\n")
    assert sum(1 for _ in doc.walk(doc.documents[0])) < 200
    cyclic, ctx = load("a: &a\n  b: *a\n  <<: *a\n")
    assert not ctx.facts.notices
    assert len(list(cyclic.walk(cyclic.documents[0]))) < 10
    assert [k.value for k, _ in cyclic.items(cyclic.get(cyclic.documents[0], "a"))] == ["b"]


def test_syntax_error_is_one_notice_with_line_and_keeps_earlier_documents() -> None:
    doc, ctx = load("a: 1\n---\nb: [unclosed\nc: 2\n")
    assert len(doc.documents) == 1
    (notice,) = ctx.facts.notices
    assert notice.line is not None and notice.line >= 3
    assert "YAML" in notice.message


def test_multi_document_files() -> None:
    doc, _ = load("a: 1\n---\nb: 2\n...\n---\nc: 3\n")
    assert [doc.items(d)[0][0].value for d in doc.documents] == ["a", "b", "c"]


_TEXT = st.text(
    alphabet=st.sampled_from(list(string.ascii_letters + string.digits + " \t\n'\"\\#:-é€😀")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from([None, "'", '"', "|", ">"]), st.integers(10, 80))
def test_property_every_dumped_scalar_maps_back(value: str, style: object, width: int) -> None:
    text = yaml.safe_dump(
        {"key": value, "list": [value, {"k": value}]},
        default_style=style,  # type: ignore[arg-type]
        width=width,
        allow_unicode=True,
    )
    doc, ctx = load(text)
    assert not ctx.facts.notices
    for node in scalars(doc):
        view = doc.scalar(node)
        assert view.text == node.value == str(node.value)
        assert_maps_exactly(view, doc.view.source)
    assert doc.text(doc.documents[0], "key") == yaml.safe_load(text)["key"]


def test_deep_flow_nesting_is_a_notice_not_a_crash() -> None:
    doc, ctx = load("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert doc.documents == []
    (notice,) = ctx.facts.notices
    assert "nested" in notice.message
    fine, ctx = load("a: " + "[" * 500 + "]" * 500 + '\nb: "]]]]"\n')
    assert len(fine.documents) == 1 and not ctx.facts.notices


def test_long_merge_chains_and_merge_cycles_stay_cheap() -> None:
    lines = ["m0: &m0 {X: '1'}"]
    lines += [f"m{i}: &m{i}\n  <<: *m{i - 1}\n  Y{i}: v" for i in range(1, 400)]
    doc, ctx = load("\n".join(lines) + "\n")
    assert not ctx.facts.notices
    last = doc.get(doc.documents[0], "m399")
    names = {k.value for k, _ in doc.items(last)}
    assert "Y399" in names and len(names) > 200  # deep merges are followed up to a limit
    cyclic, _ = load("a: &a\n  x: 1\n  <<: [*a]\n")
    assert [k.value for k, _ in cyclic.items(cyclic.get(cyclic.documents[0], "a"))] == ["x"]


def test_anchored_and_tagged_scalars_keep_their_positions() -> None:
    text = (
        "a: &x |\n  curl -k https://a\n"
        "b: !!str curl -k https://b\n"
        "c: &y\n  curl -k https://c\n"
        'd: &z "curl -k https://d"\n'
    )
    assert findings(text, "x/any.yaml") == [
        at("SSL201", text, "-k", 0),
        at("SSL201", text, "-k", 1),
        at("SSL201", text, "-k", 2),
        at("SSL201", text, "-k", 3),
    ]
    gitlab = "job:\n  script:\n    - &run curl -k https://a\nother:\n  script:\n    - *run\n"
    assert findings(gitlab, ".gitlab-ci.yml") == [at("SSL201", gitlab, "-k")]


_PLAIN = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "~", "null", "Yes", "off", "0x1F", "-.inf", "1_000", "2001-12-14", "<<"]),
    st.sampled_from(["=", "!x", "&a", "*a", "+1", ".5", "true", "name", "é", "\u2028"]),
)


@given(_PLAIN)
def test_property_a_plain_scalar_is_typed_as_the_safe_loader_types_it(text: str) -> None:
    loader = YamlLoader("")
    assert None not in yaml.SafeLoader.yaml_implicit_resolvers
    assert loader.resolve(ScalarNode, text, (True, False)) == yaml.SafeLoader("").resolve(
        ScalarNode, text, (True, False)
    )


_DATA = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_DATA, st.booleans())
def test_property_mappings_are_those_walk_yields_in_its_order(data: object, shared: bool) -> None:
    text = yaml.safe_dump([data, data] if shared else data)  # a shared value: an alias
    text += "---\n? {a: 1}\n: [{b: [c, {d: e}]}]\n"  # a mapping as a key
    doc, _ = load(text)
    for root in doc.documents:
        walked = [n for n in doc.walk(root) if isinstance(n, MappingNode)]
        assert list(doc.mappings(root)) == walked
