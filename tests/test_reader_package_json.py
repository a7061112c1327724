"""package.json reader: npm scripts as shell with JSON escapes mapped, config as settings."""

from __future__ import annotations

import json
from typing import Optional

from config_reader_support import at, read, setting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslint.linter import kinds
from sslint.linter.readers.scripts.package_json import JsonNode, locate
from sslint.linter.source import Source

PACKAGE = """\
{
  "name": "x",
  "scripts": {
    "setup": "pip install --trusted-host pypi.corp.example -r req.txt",
    "fetch": "curl -k \\"https://a.corp.example/\\u00e9\\" && echo \\ud83d\\ude00 -k",
    "empty": "",
    "setup": "npm config set strict-ssl false"
  },
  "config": {"strict-ssl": false, "port": 8080, "nested": {"registry": "http://r"}},
  "description": "curl -k is not run"
}
"""


def _argvs(text: str) -> list[list[str]]:
    return [[w.text for w in c.words] for c in read(text, kinds.PACKAGE_JSON).commands]


def test_scripts_are_shell_with_exact_spans() -> None:
    facts = read(PACKAGE, kinds.PACKAGE_JSON, "package.json")
    assert facts.notices == []
    argvs = [[w.text for w in c.words] for c in facts.commands]
    assert ["pip", "install", "--trusted-host", "pypi.corp.example", "-r", "req.txt"] in argvs
    assert ["curl", "-k", "https://a.corp.example/é"] in argvs
    assert ["echo", "\U0001f600", "-k"] in argvs
    assert ["npm", "config", "set", "strict-ssl", "false"] in argvs
    assert not any(argv[:1] == ["curl"] and "is" in argv for argv in argvs)
    pip = facts.commands[0]
    assert at(pip.words[2].span) == (4, 27, 4, 41)
    curl = next(c for c in facts.commands if c.words[0].text == "curl")
    assert at(curl.words[1].span) == (5, 20, 5, 22)
    echo = next(c for c in facts.commands if c.words[0].text == "echo")
    assert at(echo.words[2].span) == (5, 78, 5, 80)


def test_each_script_is_its_own_script() -> None:
    facts = read(PACKAGE, kinds.PACKAGE_JSON)
    assert len({c.script for c in facts.commands}) == 3


def test_config_members_are_settings() -> None:
    facts = read(PACKAGE, kinds.PACKAGE_JSON)
    strict = setting(facts, "strict-ssl", ("config",))
    assert strict.value is not None and strict.value.text == "false"
    assert strict.value_type == "bool" and at(strict.key_span) == (9, 15, 9, 25)
    assert setting(facts, "port", ("config",)).value_type == "int"
    registry = setting(facts, "registry", ("config", "nested"))
    assert registry.value is not None and registry.value.text == "http://r"


def test_invalid_json_is_one_notice() -> None:
    facts = read('{"scripts": {"a": "curl -k x",}}\n', kinds.PACKAGE_JSON)
    assert len(facts.notices) == 1 and facts.notices[0].line == 1
    assert facts.commands == []


_JSON_TEXT = st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x1F680), max_size=10)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_TEXT, inner, max_size=3),
    max_leaves=12,
)


def _strings(node: JsonNode) -> list[str]:
    found = [node.word.text] if node.kind == "string" and node.word is not None else []
    for key, value in node.members:
        found.append(key.text)
        found.extend(_strings(value))
    for item in node.items:
        found.extend(_strings(item))
    return found


def _decoded(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _decoded(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *_decoded(item)]]
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JSON, st.booleans(), st.sampled_from([None, 2]))
def test_locator_agrees_with_json(value: object, ascii_only: bool, indent: Optional[int]) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    source = Source("package.json", text)
    root = locate(source.whole())
    assert _strings(root) == _decoded(json.loads(text))
