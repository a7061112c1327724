"""yum / dnf `.repo` files, `yum.conf` and `dnf.conf`: INI sections of repository options.

Read with configparser semantics (`[repo-id]` sections, `key=value`,
indented continuation lines as in multi-line `baseurl`, `#` / `;` comment
lines, no inline comments). Keys are kept as written: `gpgcheck`,
`repo_gpgcheck`, `sslverify`, `baseurl` …; items split the value on blanks
and commas, as dnf does for list options.
"""

from __future__ import annotations

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.scripts.words import OnceNotice
from sslint.linter.readers.sources.ini_source import CONFIGPARSER, scan, settings
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Record every repository option with its section (the repository id)."""
    entries = scan(view, CONFIGPARSER, OnceNotice(ctx))
    for setting, entry in zip(settings(view, kinds.YUM_REPO, entries), entries):
        setting.items = entry.item_words(view, r"[\s,]+")
        ctx.add_setting(setting)
