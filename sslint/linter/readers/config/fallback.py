"""Configuration files of no known kind (`*.cfg`, `*.conf`, `*.ini`): a low-precision look.

Read as INI (no notices: the format is a guess), the file gives:
- `trusted-host` / `trusted_host` keys as pip settings, `sslverify` keys as
  yum/dnf settings (a pip.conf or .repo file under another name or in a
  template);
- upper-case keys (`PIP_TRUSTED_HOST = …`) as environment assignments;
- values that start with a package or download command (`command = pip
  install …`, supervisord and similar) as shell.
The file is read only when it holds one of its gate words
(`readers.READER_GATES`), and the engine reports what it finds as probable,
errors as warnings.
"""

from __future__ import annotations

import re

from sslint.linter import kinds
from sslint.linter.facts import EnvAssign, Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.ini_source import IniDialect, scan, settings
from sslint.linter.source import View

_DIALECT = IniDialect(inline_comment_prefixes=("#", ";"), allow_no_value=True)
_ENV_NAME_RE = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
_COMMAND_RE = re.compile(
    r"[ \t]*(?:sudo[ \t]+(?:-\S+[ \t]+)*)?(?:\S*/)?"
    r"(?:pip[0-9.]*|python[0-9.]*[ \t]+-m[ \t]+pip|uv|curl|wget|git|conda|mamba|micromamba"
    r"|npm|yarn|pnpm|apt-get|apt|yum|dnf|apk|poetry|pipx)[ \t]"
)


def read(view: View, ctx: ReadContext) -> None:
    """Record the pip and yum keys, environment assignments and commands of a guessed INI file."""
    entries = scan(view, _DIALECT)
    for setting in settings(view, kinds.PIP_CONF, entries):
        key = setting.key.strip().lower().replace("_", "-")
        value = setting.value
        if key == "trusted-host":
            ctx.add_setting(setting)
        elif key == "sslverify":
            setting.file_kind = kinds.YUM_REPO
            ctx.add_setting(setting)
        elif _ENV_NAME_RE.match(setting.key.strip()) and value is not None:
            ctx.add_env(
                EnvAssign(
                    name=setting.key.strip(),
                    name_span=setting.key_span,
                    value=value,
                    scope=Scope.FILE,
                    statement=setting.statement,
                )
            )
        elif value is not None and _COMMAND_RE.match(value.text):
            ctx.embed(kinds.SHELL, value.view, script=ctx.new_script("config-command"))
