"""setup.cfg / .pydistutils.cfg: the `[easy_install]` settings setuptools downloads with.

`setup.py develop`, `setup_requires` and `easy_install` read `index_url`,
`find_links` and `allow_hosts` from the `[easy_install]` section of these
files (configparser syntax). Only that section can send setuptools to a
package index; the other sections configure tools that download nothing.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice
from sslint.linter.readers.sources.ini_source import CONFIGPARSER, scan, settings
from sslint.linter.source import View

EASY_INSTALL = "easy_install"


def read(view: View, ctx: ReadContext) -> None:
    """Record every key of the `[easy_install]` section with its value and items."""
    entries = [
        entry
        for entry in scan(view, CONFIGPARSER, OnceNotice(ctx))
        if entry.section[:1] == (EASY_INSTALL,)
    ]
    for setting in settings(view, kinds.SETUP_CFG, entries):
        ctx.add_setting(setting)
