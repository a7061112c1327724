"""Configuration: `[tool.sslint]` in pyproject.toml, or sslint.toml / .sslint.toml."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

CONFIG_FILES = ("sslint.toml", ".sslint.toml", "pyproject.toml")

DEFAULT_EXCLUDE = (
    ".git/",
    ".hg/",
    ".svn/",
    ".bzr/",
    ".venv/",
    "venv/",
    ".tox/",
    ".nox/",
    "node_modules/",
    ".history/",
    "__pycache__/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".sslint_cache/",
    ".eggs/",
    "*.egg-info/",
    "build/",
    "dist/",
    "site-packages/",
)

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
DEFAULT_FILE_TIMEOUT = 20.0


class ConfigError(Exception):
    """A configuration problem: reported with the file and key, exit status 2."""


@dataclass
class Config:
    """Effective settings for a scan.

    `root` is the project root: the folder of the configuration file, or the
    current directory. Globs in `exclude` and `per_file_ignores` are relative
    to it.
    """

    root: Path = field(default_factory=Path.cwd)
    path: Optional[Path] = None
    select: tuple[str, ...] = ("SSL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    allowed_hosts: tuple[str, ...] = ()
    honor_noqa: bool = False
    inline_ignores: bool = True  # `# sslint: ignore[…]` (and honoured noqa) hide findings
    baseline: Optional[Path] = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    jobs: int = 0  # worker processes (0: one per CPU); set by `--jobs`, not a file key
    cache: bool = True  # keep results in `.sslint_cache/`; `--no-cache` turns it off

    def rule_enabled(self, rule_id: str) -> bool:
        """Whether `rule_id` is selected and not ignored (longest prefix wins)."""
        best_select = max((len(p) for p in self.select if rule_id.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if rule_id.startswith(p)), default=-1)
        return best_select > best_ignore

    def fingerprint(self) -> str:
        """A stable text of everything that changes findings (for caches)."""
        return repr(
            (
                self.select,
                self.ignore,
                sorted(self.per_file_ignores.items()),
                self.allowed_hosts,
                self.honor_noqa,
                self.inline_ignores,
                self.max_file_size,
            )
        )


_KEYS: dict[str, str] = {
    "select": "list of rule IDs or prefixes",
    "ignore": "list of rule IDs or prefixes",
    "exclude": "list of globs",
    "extend-exclude": "list of globs",
    "per-file-ignores": "table of glob = list of rule IDs or prefixes",
    "allowed-hosts": "list of host names",
    "honor-noqa": "boolean",
    "inline-ignores": "boolean",
    "baseline": "path",
    "max-file-size": "positive integer (bytes)",
    "file-timeout": "positive number (seconds)",
}


def find_config(start: Path, top: Optional[Path] = None) -> Optional[Path]:
    """The nearest configuration file at or above `start` (not above `top`), or None."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    folders = (here, *here.parents)
    if top is not None and top.resolve() in folders:
        folders = folders[: folders.index(top.resolve()) + 1]
    for folder in folders:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # A broken file that means to configure sslint is an error, not silently skipped.
        return "tool.sslint" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "sslint" in tool


def load_config(
    path: Optional[Path], start: Optional[Path] = None, isolated: bool = False
) -> Config:
    """Load `path`, or the nearest configuration above `start`, or defaults.

    `isolated`: read no configuration found in the tree; the project root is
    the current directory, also for a `path` given from outside the tree.
    """
    if isolated:
        if path is None:
            return Config(root=Path.cwd())
        config = load_config(path)
        config.root = Path.cwd()
        return config
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config(root=Path.cwd())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not valid UTF-8") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("sslint", {}) if isinstance(tool, dict) else {}
        prefix = "tool.sslint."
    else:
        table = data
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.') or 'sslint'}] must be a table")
    return config_from_table(table, path, prefix)


def config_from_table(table: dict[str, Any], path: Path, prefix: str = "") -> Config:
    """Validate a configuration table and build a `Config` from it."""
    config = Config(root=path.parent.resolve(), path=path)
    for key, value in table.items():
        where = f"{path}: {prefix}{key}"
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key (known keys: {known})")
        expected = _KEYS[key]
        if key in ("select", "ignore"):
            setattr(config, key, tuple(_rule_list(value, where, expected)))
        elif key in ("exclude", "extend-exclude", "allowed-hosts"):
            items = tuple(_string_list(value, where, expected))
            setattr(config, key.replace("-", "_"), items)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected a {expected}")
            config.per_file_ignores = {
                str(glob): tuple(_rule_list(ids, f"{where}.{glob}", expected))
                for glob, ids in value.items()
            }
        elif key in ("honor-noqa", "inline-ignores"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: expected a {expected}, got {value!r}")
            setattr(config, key.replace("-", "_"), value)
        elif key == "baseline":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: expected a {expected}, got {value!r}")
            config.baseline = config.root / value
        elif key == "max-file-size":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ConfigError(f"{where}: expected a {expected}, got {value!r}")
            config.max_file_size = value
        elif key == "file-timeout":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"{where}: expected a {expected}, got {value!r}")
            config.file_timeout = float(value)
    return config


def _string_list(value: Any, where: str, expected: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a {expected}, got {value!r}")
    return list(value)


def _rule_list(value: Any, where: str, expected: str) -> list[str]:
    items = _string_list(value, where, expected)
    return [validate_rule_prefix(item, where) for item in items]


def validate_rule_prefix(item: str, where: str) -> str:
    """Upper-case a rule ID or prefix; ConfigError if it names no rule."""
    from sslint.rules import all_rules

    wanted = item.strip().upper()
    if not wanted or not any(rule.id.startswith(wanted) for rule in all_rules()):
        raise ConfigError(f"{where}: {item!r} is not a rule ID or prefix (see `sslint rules`)")
    return wanted


def relative_posix(path: Path, root: Path) -> str:
    """`path` relative to `root` with `/` separators, or absolute if outside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix()
