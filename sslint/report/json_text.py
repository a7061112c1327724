"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, faster.

With `indent`, the standard library falls back to its pure-Python encoder, a
chain of generators that costs tens of microseconds per finding. This writer
gives the same text, byte for byte, for the JSON data reports build (dicts
with string keys, lists, strings, numbers, booleans, None): strings and
numbers go through the library's own (C) scalar encoders. For many values of
one shape (SARIF results), a `Template` writes each with one string format,
and a `Raw` value puts text made that way in its place.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Sequence

_encode_string: Callable[[str], str] = json.encoder.encode_basestring
_INFINITY = float("inf")


def dumps(value: Any) -> str:
    """`value` as indented JSON (two spaces, non-ASCII kept), like `json.dumps`."""
    out: list[str] = []
    _write(value, "\n", out)
    return "".join(out)


def dumps_at(value: Any, newline: str) -> str:
    """`value`'s text as `dumps` writes it where `newline` (a line break and indent) leads."""
    out: list[str] = []
    _write(value, newline, out)
    return "".join(out)


class Raw:
    """A value `dumps` writes as `text(newline)`: text made for where it stands."""

    __slots__ = ("text",)

    def __init__(self, text: Callable[[str], str]) -> None:
        self.text = text


_SLOT = re.compile('"\uffff([0-9]+)\uffff"')


class Template:
    """What `dumps_at` writes for data of one shape, with the scalars left open.

    `shape` is data of that shape whose scalars are `Template.slot(i)`; `fill`
    then writes data of the shape from its scalars, in slot order, at the cost
    of encoding them: one string join instead of a walk of every container.
    """

    def __init__(self, shape: Any, newline: str) -> None:
        pieces = _SLOT.split(dumps_at(shape, newline))
        texts = [text.replace("{", "{{").replace("}", "}}") for text in pieces[0::2]]
        slots = [f"{{{number}}}" for number in pieces[1::2]]
        self.format = "".join(t + s for t, s in zip(texts, [*slots, ""]))

    @staticmethod
    def slot(number: int) -> str:
        """The placeholder of scalar `number` in a shape."""
        return f"\uffff{number}\uffff"

    def fill(self, scalars: Sequence[Any]) -> str:
        """The text of the data whose scalars these are."""
        encode = _encode_string
        return self.format.format(
            *[encode(value) if type(value) is str else _scalar(value) for value in scalars]
        )


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (_INFINITY, -_INFINITY):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return json.dumps(value)


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append `value`'s text; `newline` is a line break plus the current indent."""
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            out.append(separator)
            out.append(_encode_string(key) if isinstance(key, str) else _key(key))
            out.append(": ")
            if isinstance(item, (dict, list, tuple)):
                _write(item, inner, out)
            elif isinstance(item, Raw):
                out.append(item.text(inner))
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            if isinstance(item, (dict, list, tuple)):
                _write(item, inner, out)
            elif isinstance(item, Raw):
                out.append(item.text(inner))
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, Raw):
        out.append(value.text(newline))
    else:
        out.append(_scalar(value))


def _key(key: Any) -> str:
    """A non-string key as `json.dumps` writes it (a number or literal, quoted)."""
    return _encode_string(_scalar(key))
