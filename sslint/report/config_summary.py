"""What a scan's configuration hides: the settings a reviewer of a gate should see.

A configuration that ignores rules, excludes paths, allows hosts or names a
baseline decides what is never reported; the job summary lists each such
setting next to the file it came from.
"""

from __future__ import annotations

from pathlib import Path

from sslint.linter.config import DEFAULT_EXCLUDE, Config, relative_posix


def config_source(config: Config) -> str:
    """The configuration file read (relative to the current folder when inside it)."""
    if config.path is None:
        return "none (the defaults)"
    return relative_posix(config.path, Path.cwd())


def hiding_settings(config: Config) -> list[tuple[str, str]]:
    """(key, value) of every setting that keeps findings from being reported."""
    found: list[tuple[str, str]] = []
    if config.select != ("SSL",):
        found.append(("select", ", ".join(config.select)))
    if config.ignore:
        found.append(("ignore", ", ".join(config.ignore)))
    if config.exclude != DEFAULT_EXCLUDE:
        found.append(("exclude", ", ".join(config.exclude) or "(nothing)"))
    if config.extend_exclude:
        found.append(("extend-exclude", ", ".join(config.extend_exclude)))
    for glob, ids in config.per_file_ignores.items():
        found.append(("per-file-ignores", f"{glob}: {', '.join(ids)}"))
    if config.allowed_hosts:
        found.append(("allowed-hosts", ", ".join(config.allowed_hosts)))
    if config.honor_noqa and config.inline_ignores:
        found.append(("honor-noqa", "true (Bandit `# nosec` and Ruff `# noqa` hide findings)"))
    if config.baseline is not None:
        found.append(("baseline", str(config.baseline)))
    return found
