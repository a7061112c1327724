"""Rules: one module per tool or behaviour, each exposing `CHECKER`.

Modules are found by name in this package, so adding a tool is adding a file.
Modules whose name starts with `_` and `base` are helpers, not rule modules.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from sslint.rules.base import Checker, Rule


@lru_cache(maxsize=1)
def checkers() -> tuple[Checker, ...]:
    """Every rule module's checker, in module-name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "base" or info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        checker = getattr(module, "CHECKER", None)
        if isinstance(checker, Checker):
            found.append(checker)
    return tuple(found)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """The whole catalogue, sorted by ID."""
    rules = [rule for checker in checkers() for rule in checker.rules]
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuntimeError(f"rule IDs declared twice: {', '.join(duplicates)}")
    return tuple(sorted(rules, key=lambda r: r.id))


def rule_by_id(rule_id: str) -> Rule:
    """One rule by ID (case-insensitive); KeyError if unknown."""
    wanted = rule_id.upper()
    for rule in all_rules():
        if rule.id == wanted:
            return rule
    raise KeyError(rule_id)
