"""Fingerprints that survive unrelated edits.

- `primaryLocationLineHash`: the rolling hash GitHub's SARIF upload computes
  (github/codeql-action, `fingerprints.ts`): for each line, a base-37 rolling
  hash over the next 100 characters of the file, skipping spaces and tabs,
  with every line ending read as `\\n`, written as `<hex>:<n>` where `n`
  counts earlier lines with the same hash. Computing it here means GitHub keeps
  ours instead of recomputing it from a checkout.
- `sslint/v1`: `FindingKey.fingerprint()` (sslint.linter.baseline), a hash of
  the rule, the repository-relative path, the offending line's text with white
  space folded, and the occurrence index among findings with the same rule,
  path and text. Adding or removing lines elsewhere never changes it.
"""

from __future__ import annotations

import sys
from array import array
from itertools import accumulate, count
from operator import add, mul
from typing import Optional

_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_EOF = 0xFFFF
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)
_POWERS = [pow(_MOD, n, 1 << 64) for n in range(_BLOCK_SIZE + 1)]  # 37**n mod 2**64
# _TAILS[n]: the weights of n units at the end of a window, 37**(n-1) … 37**0
_TAILS = [tuple(_POWERS[n - 1 - k] for k in range(n)) for n in range(_BLOCK_SIZE + 1)]
_DROP = {ord(" "): None, ord("\t"): None}
_NEWLINE_UNIT = array("H", [ord("\n")]).tobytes()  # in this machine's byte order, as `_units`
_MAX_RUNS = 1 << 14  # polynomials of runs of units kept at once


def _folded(text: str) -> str:
    """The text GitHub's hash reads: spaces and tabs skipped, every line ending one `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)


def _units(text: str) -> array[int]:
    """The UTF-16 code units of folded text that GitHub's hash reads (JavaScript's charCodeAt)."""
    units = array("H")
    units.frombytes(text.encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    return units


def _text_line_starts(text: str, last_line: Optional[int]) -> list[int]:
    """Where each line of folded text starts, up to line `last_line` when given (as
    `_line_starts`, for text whose characters are one unit each), at C speed."""
    lengths = map(len, text.split("\n")[:-1])
    starts = [0, *map(add, accumulate(lengths), count(1))]
    return starts if last_line is None else starts[: max(1, last_line)]


def _line_starts(units: array[int], last_line: Optional[int]) -> list[int]:
    """Where each line starts (in units), up to line `last_line` when given."""
    data = units.tobytes()
    newline = _NEWLINE_UNIT
    starts = [0]
    found = data.find(newline)
    while found >= 0 and (last_line is None or len(starts) < last_line):
        if found % 2 == 0:  # a whole unit, not the second byte of one and the first of the next
            starts.append(found // 2 + 1)
        found = data.find(newline, found + 1)
    return starts


def line_hashes(text: str, last_line: Optional[int] = None) -> dict[int, str]:
    """GitHub's `primaryLocationLineHash` of the lines of `text` (1-based line → hash).

    The hash of a line is the base-37 polynomial (mod 2**64) of the 100 units
    that start at it, the end of the file marked by 0xFFFF and padded with
    zeros. With `last_line`, only the lines up to it are hashed (a line's `:n`
    counts earlier lines only).

    Each hash is `P(start + 100) - P(start) * 37**100`, with `P(i)` the
    polynomial of the units before `i`. `P` is needed only at line starts and
    100 units after them: from one such point to the next it grows by the
    polynomial of the units between, a dot product with powers of 37 (in C,
    not a Python step per unit), worked out once per distinct run of units
    (lines repeat). Where two points lie more than 100 units apart no window
    spans the gap, so `P` starts again from 0 after it.
    """
    folded = _folded(text)
    units = _units(folded)
    if len(units) == len(folded):  # no character outside the BMP
        starts = _text_line_starts(folded, last_line)
    else:
        starts = _line_starts(units, last_line)
    units.append(_EOF)
    units.frombytes(bytes(2 * _BLOCK_SIZE))  # the zeros after the end
    view = memoryview(units)
    points = sorted(set(starts).union([start + _BLOCK_SIZE for start in starts]))
    at: dict[int, int] = {}
    runs: dict[bytes, int] = {}  # the bytes of a run of units -> its polynomial
    value = 0
    previous = -_BLOCK_SIZE - 1
    for point in points:
        gap = point - previous
        if gap <= _BLOCK_SIZE:
            run = view[previous:point]
            run_bytes = run.tobytes()
            polynomial = runs.get(run_bytes)
            if polynomial is None:
                polynomial = sum(map(mul, run, _TAILS[gap]))
                if len(runs) >= _MAX_RUNS:
                    runs.clear()
                runs[run_bytes] = polynomial
            value = (value * _POWERS[gap] + polynomial) & _MASK
        else:
            value = 0
        at[point] = value
        previous = point
    keys = [
        format((at[start + _BLOCK_SIZE] - at[start] * _FIRST_MOD) & _MASK, "x") for start in starts
    ]
    if len(set(keys)) == len(keys):  # no hash repeats: each is the first of its kind
        return dict(enumerate([f"{key}:1" for key in keys], start=1))
    counts: dict[str, int] = {}
    texts: list[str] = []
    for key in keys:
        counts[key] = seen = counts.get(key, 0) + 1
        texts.append(f"{key}:{seen}")
    return dict(enumerate(texts, start=1))
