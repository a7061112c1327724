"""TOML configuration files: Pipfile, pyproject.toml, uv.toml, poetry.toml, pixi.

Every key of every table becomes a Setting of the file's kind (rules pick the
ones their tool reads); see `toml_source` for how sections are named.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.tox_toml import read_tox_entries
from sslint.linter.readers.sources.toml_source import read_settings
from sslint.linter.source import View


def read_pipfile(view: View, ctx: ReadContext) -> None:
    """Pipfile: `[[source]] url / verify_ssl / name`, packages, requires."""
    read_settings(view, ctx, kinds.PIPFILE)


def read_pyproject(view: View, ctx: ReadContext) -> None:
    """pyproject.toml: every table (`[tool.uv]`, `[[tool.pdm.source]]` …), and `[tool.tox]`."""
    entries = read_settings(view, ctx, kinds.PYPROJECT)
    read_tox_entries(view, ctx, entries, ("tool", "tox"))


def read_uv_toml(view: View, ctx: ReadContext) -> None:
    """uv.toml: the `[tool.uv]` table of pyproject at the top level."""
    read_settings(view, ctx, kinds.UV_TOML)


def read_poetry_toml(view: View, ctx: ReadContext) -> None:
    """poetry.toml / pypoetry config.toml: `[certificates.<name>] cert`, repositories."""
    read_settings(view, ctx, kinds.POETRY_TOML)


def read_pixi(view: View, ctx: ReadContext) -> None:
    """pixi.toml and pixi config.toml: `tls-no-verify`, `[pypi-config]`, `[mirrors]`."""
    read_settings(view, ctx, kinds.PIXI)


def read_tox_toml(view: View, ctx: ReadContext) -> None:
    """tox.toml: tox's native TOML configuration."""
    read_tox_entries(view, ctx, read_settings(view, ctx, kinds.TOX_TOML), ())
