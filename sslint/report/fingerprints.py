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
from collections import defaultdict
from typing import Optional

_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_EOF = 0xFFFF
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)
_DROP = {ord(" "): None, ord("\t"): None}
_NEWLINE_UNIT = array("H", [ord("\n")]).tobytes()  # in this machine's byte order, as `_units`


def _units(text: str) -> array[int]:
    """The UTF-16 code units GitHub's hash reads (JavaScript's charCodeAt).

    Spaces and tabs are skipped and every line ending becomes one `\\n`.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)
    units = array("H")
    units.frombytes(text.encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    return units


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
    zeros; prefix sums make each one O(1). With `last_line`, only the lines up
    to it are hashed (a line's `:n` counts earlier lines only).
    """
    units = _units(text)
    units.append(_EOF)
    starts = _line_starts(units, last_line)
    end = min(len(units), starts[-1] + _BLOCK_SIZE)
    prefix = [0]
    acc = 0
    for unit in units[:end]:
        acc = (acc * _MOD + unit) & _MASK
        prefix.append(acc)
    for _ in range(starts[-1] + _BLOCK_SIZE - end):
        acc = (acc * _MOD) & _MASK
        prefix.append(acc)
    hashes: dict[int, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for line, begin in enumerate(starts, start=1):
        value = format((prefix[begin + _BLOCK_SIZE] - prefix[begin] * _FIRST_MOD) & _MASK, "x")
        counts[value] += 1
        hashes[line] = f"{value}:{counts[value]}"
    return hashes
