"""YAML configuration files (`.condarc`, `.yarnrc.yml`, kubeconfig) as Settings."""

from __future__ import annotations

from typing import Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter.facts import Setting, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import empty_word
from sslint.linter.readers.sources.yaml_source import YamlFile, value_type
from sslint.linter.source import View

_MAX_DEPTH = 8


def read_settings(view: View, ctx: ReadContext, file_kind: str, depth: int = 2) -> YamlFile:
    """Every key of every document as a Setting; maps nest `depth` levels as sections."""
    doc = YamlFile(view, ctx)
    for root in doc.documents:
        add_settings(doc, ctx, root, file_kind, (), min(depth, _MAX_DEPTH))
    return doc


def add_settings(
    doc: YamlFile,
    ctx: ReadContext,
    node: Optional[Node],
    file_kind: str,
    section: tuple[str, ...],
    depth: int,
) -> None:
    """One Setting per key of a mapping, recursing into maps `depth` levels."""
    if depth <= 0:
        return
    for key, value in doc.items(node):
        ctx.add_setting(setting(doc, key, value, file_kind, section))
        if isinstance(value, MappingNode):
            add_settings(doc, ctx, value, file_kind, (*section, str(key.value)), depth - 1)


def scalar_word(doc: YamlFile, node: ScalarNode) -> Word:
    """The word of a scalar value (an empty value is an empty word where it would be)."""
    if node.value == "" and node.tag == "tag:yaml.org,2002:null":
        return empty_word(doc, node)
    return doc.word(node)


def setting(
    doc: YamlFile, key: ScalarNode, value: Node, file_kind: str, section: tuple[str, ...]
) -> Setting:
    """The Setting of one `key: value` entry."""
    word: Optional[Word] = None
    items: list[Word] = []
    if isinstance(value, ScalarNode):
        word = scalar_word(doc, value)
    elif isinstance(value, SequenceNode):
        items = [scalar_word(doc, n) for n in value.value if isinstance(n, ScalarNode)]
    elif isinstance(value, MappingNode):
        items = [scalar_word(doc, v) for _, v in doc.items(value) if isinstance(v, ScalarNode)]
    return Setting(
        file_kind=file_kind,
        section=section,
        key=str(key.value),
        key_span=doc.key_span(key),
        value=word,
        statement=doc.lines(key, value),
        value_type=value_type(value),
        items=items,
    )
