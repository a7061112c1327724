"""`.condarc`, `.mambarc` and `condarc.d/*.yml`: every key as a Setting.

Values are words with their text as written (quotes removed) and the type YAML
gave them: plain `false` / `no` / `off` is `bool`, quoted `"false"` is `str`,
`~` or nothing is `null`. What conda makes of a value is the rules' business.
Lists (`channels`) carry their items; maps (`custom_channels`,
`proxy_servers`) carry their values as items and each entry as a Setting of
its own, under the map's key as section.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_config import read_settings
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read a conda configuration file."""
    read_settings(view, ctx, kinds.CONDARC)
