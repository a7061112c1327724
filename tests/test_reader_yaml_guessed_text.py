"""The look at a YAML text before its strings are walked never hides a guessed string."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode

from sslint.linter.facts import FileFacts
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.guessed import holds_a_command, is_env_map
from sslint.linter.readers.sources.yaml_guessed import guessed_strings, may_hold_guesses
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import Source

_WORDS = st.sampled_from(
    [
        *("pip", "pip3.11", "python -m pip", "curl", "sudo", "-E", "/usr/bin/", "apt-get"),
        *("git", "ansible-galaxy", "install", "-k", "x", "ENV", "Variables", "env_vars"),
        *("É", "é", "'", '"', "\\", "#", ":", "- ", "|", ">", "&a ", "*a", "!!str ", "[", "]"),
        *("{", "}", ","),
    ]
)
_BLANKS = st.sampled_from(
    [" ", "  ", "\t", "\n", "\n  ", "\n\n    ", "\r\n ", "\x85", "\u2028", "\u2029", ""]
)
_VALUE = st.lists(st.tuples(_WORDS, _BLANKS).map("".join), max_size=10).map("".join)


def _check(text: str) -> None:
    source = Source("f.yml", text)
    doc = YamlFile(source.whole(), ReadContext(FileFacts(source, "yaml")))
    held = may_hold_guesses(text)
    for root in doc.documents:
        for node in doc.walk(root):
            if isinstance(node, ScalarNode) and holds_a_command(str(node.value)):
                assert held, (text, node.value)
            if isinstance(node, MappingNode):
                for key, _ in node.value:
                    if isinstance(key, ScalarNode) and is_env_map(str(key.value)):
                        assert held, (text, key.value)
        assert held or not list(guessed_strings(doc, root)), text


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(_VALUE, _VALUE), max_size=4),
    st.sampled_from([None, "'", '"', "|", ">"]),
    st.integers(10, 80),
)
def test_dumped_strings_in_every_style_and_width(
    pairs: list[tuple[str, str]], style: object, width: int
) -> None:
    data = {key: {"env": {key: value}, "run": [value]} for key, value in pairs}
    _check(yaml.safe_dump(data, default_style=style, width=width, allow_unicode=True))  # type: ignore[arg-type]


@settings(max_examples=600, deadline=None)
@given(_VALUE)
def test_written_texts(text: str) -> None:
    _check(text)


def test_texts_that_hold_no_guess_are_told_apart() -> None:
    assert not may_hold_guesses("name: digits\nports:\n  - 80\n# curl-k is a typo\n")
    assert may_hold_guesses("run: |\n  pip\n  install x\n")
    assert may_hold_guesses("vars:\n  Environment: {A: b}\n")
    assert may_hold_guesses('run: "pip\\tinstall x"\n')
