"""Yarn Berry `.yarnrc.yml`: every key as a Setting, nested maps (`npmScopes`,
`npmRegistries`) as sections (`("npmScopes", "corp")`)."""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_config import read_settings
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read a `.yarnrc.yml` file."""
    read_settings(view, ctx, kinds.YARNRC_YML, depth=3)
