"""wgetrc files (`.wgetrc`, `/etc/wgetrc`): `command = value` lines.

wget discards empty lines and lines starting with `#`; there are no inline
comments and no sections. Command names are kept as written (wget itself
ignores case, `-` and `_`: `check-certificate` is `check_certificate`).
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice
from sslint.linter.readers.sources.ini_source import IniDialect, scan, settings
from sslint.linter.source import View

_WGETRC = IniDialect(delimiters="=", comment_prefixes=("#",), continuation=False)


def read(view: View, ctx: ReadContext) -> None:
    """Record every wgetrc command with its value."""
    for setting in settings(view, kinds.WGETRC, scan(view, _WGETRC, OnceNotice(ctx)), items=False):
        ctx.add_setting(setting)
