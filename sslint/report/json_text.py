"""JSON text as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, faster.

With `indent`, the standard library falls back to its pure-Python encoder, a
chain of generators that costs tens of microseconds per finding. This writer
gives the same text, byte for byte, for the JSON data reports build (dicts
with string keys, lists, strings, numbers, booleans, None): strings and
numbers go through the library's own (C) scalar encoders. For many values of
one shape (SARIF results), a `Template` writes each with one string format,
and a `Raw` value puts text made that way in its place; `pieces` gives the
text in parts, so a large report is written without ever being one string.
"""

from __future__ import annotations

import json
import re
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

encode_string: Callable[[str], str] = json.encoder.encode_basestring  # a JSON string literal
_INFINITY = float("inf")


_Out = list[Union[str, Iterable[str]]]


def dumps(value: Any) -> str:
    """`value` as indented JSON (two spaces, non-ASCII kept), like `json.dumps`."""
    return "".join(pieces(value))


def dumps_at(value: Any, newline: str) -> str:
    """`value`'s text as `dumps` writes it where `newline` (a line break and indent) leads."""
    out: _Out = []
    _write(value, newline, out)
    return "".join(_joined(out))


def pieces(value: Any) -> Iterator[str]:
    """The text of `dumps(value)` in parts: the `Raw` values' parts as they come."""
    out: _Out = []
    _write(value, "\n", out)
    return _joined(out)


def _joined(out: _Out) -> Iterator[str]:
    """The written parts: each run of plain text as one string, then each `Raw` part."""
    run: list[str] = []
    for part in out:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            yield "".join(run)
            run = []
        yield from part
    if run:
        yield "".join(run)


class Raw:
    """A value `dumps` writes as `text(newline)`: text made for where it stands.

    `text` gives a string, or the string in parts (say, an iterator of them),
    which `pieces` hands on one by one.
    """

    __slots__ = ("text",)

    def __init__(self, text: Callable[[str], Union[str, Iterable[str]]]) -> None:
        self.text = text

    def parts(self, newline: str) -> Iterable[str]:
        """The text at `newline`, as parts."""
        text = self.text(newline)
        return (text,) if isinstance(text, str) else text


def array_pieces(items: Iterable[str], newline: str, batch: int = 1000) -> Iterator[str]:
    """A JSON array at `newline` of items whose texts (written at `newline` plus two
    spaces) are given, in parts of `batch` items each."""
    inner = newline + "  "
    separator = "," + inner
    start = "[" + inner
    items = iter(items)
    while True:
        chunk = list(islice(items, batch))
        if not chunk:
            break
        yield start + separator.join(chunk)
        start = separator
    yield "[]" if start == "[" + inner else newline + "]"


_SLOT = re.compile('"\uffff([0-9]+)\uffff"')


class Template:
    """What `dumps_at` writes for data of one shape, with the scalars left open.

    `shape` is data of that shape whose scalars are `Template.slot(i)`; `fill`
    then writes data of the shape from its scalars, in slot order, at the cost
    of encoding them: one string join instead of a walk of every container.
    """

    def __init__(self, shape: Any, newline: str) -> None:
        parts = _SLOT.split(dumps_at(shape, newline))
        texts = [text.replace("{", "{{").replace("}", "}}") for text in parts[0::2]]
        slots = [f"{{{number}}}" for number in parts[1::2]]
        self.format = "".join(t + s for t, s in zip(texts, [*slots, ""]))
        self.slots = len(slots)
        self.plain = "\uffff" not in "".join(texts)
        # For `join`: the constant texts between the slots, when the slots come in order.
        in_order = [int(number) for number in parts[1::2]] == list(range(self.slots))
        self._texts: Optional[list[str]] = parts[0::2] if in_order else None

    @classmethod
    def of(cls, shape: Any, newline: str, slots: int) -> Optional[Template]:
        """The template of `shape`, whose other scalars are constants; None when one of
        them could be mistaken for a slot (text with U+FFFF in it)."""
        template = cls(shape, newline)
        return template if template.plain and template.slots == slots else None

    @staticmethod
    def slot(number: int) -> str:
        """The placeholder of scalar `number` in a shape."""
        return f"\uffff{number}\uffff"

    def join(self, texts: list[str]) -> str:
        """The text of the data whose scalars, written as JSON, are `texts` (in slot order).

        What `format` gives them, without scanning the constant text for its fields.
        """
        constants = self._texts
        if constants is None:
            return self.format.format(*texts)
        parts = [""] * (2 * len(texts) + 1)
        parts[0::2] = constants
        parts[1::2] = texts
        return "".join(parts)

    def fill(self, scalars: Sequence[Any]) -> str:
        """The text of the data whose scalars these are."""
        encode = encode_string
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
        return encode_string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (_INFINITY, -_INFINITY):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return json.dumps(value)


def _write(value: Any, newline: str, out: _Out) -> None:
    """Append `value`'s text; `newline` is a line break plus the current indent."""
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            out.append(separator)
            out.append(encode_string(key) if isinstance(key, str) else _key(key))
            out.append(": ")
            if isinstance(item, (dict, list, tuple)):
                _write(item, inner, out)
            elif isinstance(item, Raw):
                out.append(item.parts(inner))
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
                out.append(item.parts(inner))
            else:
                out.append(_scalar(item))
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, Raw):
        out.append(value.parts(newline))
    else:
        out.append(_scalar(value))


def _key(key: Any) -> str:
    """A non-string key as `json.dumps` writes it (a number or literal, quoted)."""
    return encode_string(_scalar(key))
