"""`ansible.cfg`: configparser with `;` inline comments, as Ansible reads it.

`[galaxy] ignore_certs = True` becomes a Setting with section ("galaxy",).
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice
from sslint.linter.readers.sources.ini_source import IniDialect, scan, settings
from sslint.linter.source import View

_ANSIBLE = IniDialect(inline_comment_prefixes=(";",))


def read(view: View, ctx: ReadContext) -> None:
    """Record every ansible.cfg option with its section."""
    for setting in settings(view, kinds.ANSIBLE_CFG, scan(view, _ANSIBLE, OnceNotice(ctx))):
        ctx.add_setting(setting)
