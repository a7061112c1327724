"""Quick fixes, only where the fix is a plain deletion of the flag the finding points at.

curl's `-k` / `--insecure` (also `k` inside combined short options such as
`-fsSLk`) and wget's `--no-check-certificate` can be dropped as written; every
other fix needs a CA bundle or a decision the editor cannot make. The fix is
offered only when the diagnostic's range holds exactly such a flag, so a flag
that came from a variable or a config value is never rewritten.
"""

from __future__ import annotations

import re
from typing import Optional

_CURL_SHORT = re.compile(r"-[0-9A-Za-z]*k[0-9A-Za-z]*")
_REMOVABLE = {
    "SSL201": frozenset({"-k", "--insecure"}),
    "SSL202": frozenset({"--no-check-certificate"}),
}


def replacement(rule_id: str, flag: str) -> Optional[str]:
    """The text to put in place of `flag` (`""`: delete it), or None when no simple fix exists."""
    if flag in _REMOVABLE.get(rule_id, ()):
        return ""
    if rule_id == "SSL201" and _CURL_SHORT.fullmatch(flag) and flag.count("k") == 1:
        rest = flag.replace("k", "")
        # `-k` alone is handled above; `-fsSLk` keeps `-fsSL`. A `K` (config file) or an
        # option taking an argument right after `k` never reaches here: the rule
        # reports only a `k` that is a flag.
        return rest if rest != "-" else ""
    return None
