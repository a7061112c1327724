"""What a change under review adds that hides findings (with `--diff-base`).

A pull request that adds a finding can also add what hides it: an in-file
`# sslint: ignore[…]` on a line it writes, or a setting in the configuration
file it edits (`ignore`, `exclude`, `allowed-hosts`, …). Both are listed for
the reviewer. Settings are compared with the same file in the base commit; a
configuration from outside the work tree (`--config` from elsewhere, the
action's copy from the base) is nothing the change wrote.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

from sslint.linter.config import Config, ConfigError, load_config, relative_posix
from sslint.linter.findings import Finding
from sslint.linter.gitdiff import ChangedLines
from sslint.report.config_summary import hiding_settings
from sslint.report.model import AddedByChange


def added_by_change(
    changes: ChangedLines, suppressed: list[Finding], config: Config
) -> AddedByChange:
    """The suppressions and configuration settings the change adds."""
    comments = tuple(
        finding
        for finding in suppressed
        if finding.suppression is not None
        and changes.touches(finding.path, finding.suppression.line, finding.suppression.line)
    )
    path = config.path
    if path is None or changes.relative(str(path)).startswith("../"):
        return AddedByChange(changes.base, comments)
    shown = relative_posix(path, Path.cwd())
    if not changes.changed(str(path)):
        return AddedByChange(changes.base, comments, (), shown)
    now = _settings_of(path)
    before = _base_settings(changes, path)
    added = tuple(setting for setting in now if setting not in before)
    return AddedByChange(changes.base, comments, added, shown)


def _settings_of(path: Path) -> list[tuple[str, str]]:
    """The hiding settings a configuration file holds by itself (the baseline as written)."""
    try:
        config = load_config(path)
    except ConfigError:
        return []  # the scan itself reported the error
    settings = [(key, value) for key, value in hiding_settings(config) if key != "baseline"]
    if config.baseline is not None:
        settings.append(("baseline", relative_posix(config.baseline, path.parent.resolve())))
    return settings


def _base_settings(changes: ChangedLines, path: Path) -> list[tuple[str, str]]:
    """The hiding settings of `path` in the base commit (none when it was not there)."""
    content: Optional[bytes] = changes.at_base(str(path))
    if content is None:
        return []
    with tempfile.TemporaryDirectory(prefix="sslint-base-") as folder:
        copy = Path(folder) / path.name  # same name: pyproject.toml is read as one
        copy.write_bytes(content)
        return _settings_of(copy)
