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

from collections import defaultdict
from typing import Iterable

_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_EOF = 0xFFFF
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)
_TAB, _SPACE, _LF, _CR = 9, 32, 10, 13


def _utf16_units(text: str) -> Iterable[int]:
    """The UTF-16 code units of `text` (what JavaScript's charCodeAt sees)."""
    for char in text:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            yield 0xD800 + (code >> 10)
            yield 0xDC00 + (code & 0x3FF)
        else:
            yield code


def line_hashes(text: str) -> dict[int, str]:
    """GitHub's `primaryLocationLineHash` of every line of `text` (1-based line → hash)."""
    window = [0] * _BLOCK_SIZE
    line_numbers = [-1] * _BLOCK_SIZE
    hashes: dict[int, str] = {}
    counts: dict[str, int] = defaultdict(int)
    rolling = index = line = 0
    line_start = True
    prev_cr = False
    units = list(_utf16_units(text))
    units.append(_EOF)
    flush = [0] * _BLOCK_SIZE
    for position, current in enumerate(units + flush):
        if position < len(units):
            if current in (_SPACE, _TAB) or (prev_cr and current == _LF):
                prev_cr = False
                continue
            prev_cr = current == _CR
            if prev_cr:
                current = _LF
        if line_numbers[index] != -1:
            value = format(rolling, "x")
            counts[value] += 1
            hashes[line_numbers[index]] = f"{value}:{counts[value]}"
            line_numbers[index] = -1
        if position < len(units):
            if line_start:
                line_start = False
                line += 1
                line_numbers[index] = line
            if current == _LF:
                line_start = True
        begin = window[index]
        window[index] = current
        rolling = (_MOD * rolling + current - _FIRST_MOD * begin) & _MASK
        index = (index + 1) % _BLOCK_SIZE
    return hashes
