"""pip.conf / pip.ini: configparser syntax, every key of every section as a Setting.

pip reads its files with `RawConfigParser`: `=` or `:` delimiters, indented
continuation lines, full-line `#` / `;` comments and no inline comments (a
`#` after a value is part of the value). List options (`trusted-host`,
`extra-index-url`, `find-links`) are split on whitespace, so each item keeps
its own span.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice
from sslint.linter.readers.sources.ini_source import CONFIGPARSER, scan, settings
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Record every pip configuration key with its value and items."""
    for setting in settings(view, kinds.PIP_CONF, scan(view, CONFIGPARSER, OnceNotice(ctx))):
        ctx.add_setting(setting)
