"""Token-level fallback for Python that does not parse (Python 2, syntax errors).

Only the plain, unmistakable forms are reported, on lines that are code (not
comments, not inside triple-quoted strings), at precision "probable":
`verify=False` on a requests-style call line, `cert_reqs=ssl.CERT_NONE`, a call
of `_create_unverified_context()`, `x.verify_mode = ssl.CERT_NONE` and
`x.check_hostname = False`, an assignment to `ssl._create_default_https_context`,
`disable_warnings(...)`, and an obsolete protocol constant handed to a call or
assigned (not one only compared or printed).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, NamedTuple, Optional

from sslint.linter.findings import PROBABLE, Finding
from sslint.linter.readers.python.parse import ParsedPython
from sslint.linter.source import LineRange, View

_VERIFY_RE = re.compile(r"\bverify\s*=\s*(?:False|0)\b")
_HTTP_CALL_RE = re.compile(
    r"\b(?:requests|httpx|session|client)\b[\w.]*\.(?:get|post|put|patch|delete|head|options|"
    r"request|send|Session|Client)\s*\(",
    re.IGNORECASE,
)
_UNVERIFIED_RE = re.compile(r"\b_create_(?:unverified|stdlib)_context\s*\(")
_OVERRIDE_RE = re.compile(r"\b_create_default_https_context\s*=(?!=)")
_CERT_REQS_RE = re.compile(r"\bcert_reqs\s*=\s*(?:ssl\.)?CERT_NONE\b")
# `x.verify_mode = …` on a named receiver; `self.verify_mode` is a class's own attribute.
_RECEIVER = r"\b(?!self\.(?:verify_mode|check_hostname)\b)[A-Za-z_]\w*(?:\.\w+)*"
_VERIFY_MODE_RE = re.compile(
    _RECEIVER + r"\.verify_mode\s*=\s*(?:ssl\.)?(?:VerifyMode\.)?CERT_NONE\b"
)
_CHECK_HOSTNAME_RE = re.compile(_RECEIVER + r"\.check_hostname\s*=\s*(?:False|0)\b")
_WARNINGS_RE = re.compile(r"\bdisable_warnings\s*\(")
_OBSOLETE_RE = re.compile(
    r"\b(?:ssl\.)?PROTOCOL_(?:SSLv2|SSLv3|TLSv1|TLSv1_1)\b(?!_)"
    r"|\b(?:SSL\.)?(?:SSLv2|SSLv3|TLSv1|TLSv1_1)_METHOD\b"
    r"|\bTLSVersion\.(?:SSLv3|TLSv1|TLSv1_1)\b(?!_)"
)
# An obsolete constant on a line that hands it on: a call or an assignment, not a comparison.
_HANDED_ON_RE = re.compile(r"^(?!.*(?:==|!=|\bprint\b|\bin\s)).*(?:\(|(?<![=!<>])=(?!=))")


class _Pattern(NamedTuple):
    rule_id: str
    token: re.Pattern[str]
    context: Optional[re.Pattern[str]]
    message: str


_PATTERNS = (
    _Pattern(
        "SSL301",
        _VERIFY_RE,
        _HTTP_CALL_RE,
        "verify=False on what looks like an HTTP client call ({why}, so "
        "this is a token match): probably certificate verification off",
    ),
    _Pattern(
        "SSL302",
        _UNVERIFIED_RE,
        None,
        "an unverified SSL context is created ({why}, so this is a token "
        "match): probably certificate verification off",
    ),
    _Pattern(
        "SSL301",
        _CERT_REQS_RE,
        None,
        "cert_reqs=CERT_NONE ({why}, so this is a token match): probably "
        "certificate verification off",
    ),
    _Pattern(
        "SSL302",
        _VERIFY_MODE_RE,
        None,
        "verify_mode set to CERT_NONE ({why}, so this is a token match): "
        "probably an SSL context that does not verify certificates",
    ),
    _Pattern(
        "SSL302",
        _CHECK_HOSTNAME_RE,
        None,
        "check_hostname set to False ({why}, so this is a token match): "
        "probably an SSL context that does not check host names",
    ),
    _Pattern(
        "SSL304",
        _WARNINGS_RE,
        None,
        "disable_warnings() ({why}, so this is a token match): probably "
        "the warning about unverified HTTPS requests is silenced",
    ),
    _Pattern(
        "SSL305",
        _OBSOLETE_RE,
        _HANDED_ON_RE,
        "an obsolete SSL/TLS protocol version is used ({why}, so this is a token match)",
    ),
    _Pattern(
        "SSL303",
        _OVERRIDE_RE,
        None,
        "ssl._create_default_https_context is replaced ({why}, so this is a "
        "token match): probably verification off for the whole process",
    ),
)


def code_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset of line start, line with comments blanked) for lines outside triple quotes."""
    offset = 0
    quote = ""
    for line in text.splitlines(keepends=True):
        start = offset
        offset += len(line)
        if quote:
            if quote in line:
                quote = ""
            continue
        code = _strip_comment(line)
        for marker in ('"""', "'''"):
            if code.count(marker) % 2 == 1:
                quote = marker
                code = code[: code.index(marker)]
                break
        yield start, code


def _strip_comment(line: str) -> str:
    """The line up to its comment, with the contents of quoted strings blanked out."""
    out = list(line)
    quote = ""
    i = 0
    while i < len(line):
        char = line[i]
        if quote:
            if char == "\\":
                out[i : i + 2] = "  "[: len(line[i : i + 2])]
                i += 2
                continue
            if char == quote:
                quote = ""
            else:
                out[i] = " "
        elif char in "'\"":
            quote = char
        elif char == "#":
            return "".join(out[:i])
        i += 1
    return "".join(out)


def fallback_findings(parsed: ParsedPython, rule_id: str) -> Iterator[Finding]:
    """Findings of one rule in code that does not parse, or in the lines a repair left out."""
    if parsed.tree is None:
        return view_findings(parsed.view, rule_id, "the file does not parse")
    blanked, lines = parsed.blanked, parsed.lines
    why = "this Python cannot parse the line"
    return view_findings(parsed.view, rule_id, why, lambda at: lines.line_of(at) in blanked)


def view_findings(
    view: View, rule_id: str, why: str, keep: Optional[Callable[[int], bool]] = None
) -> Iterator[Finding]:
    """Findings of one rule by token match in a view's text; `why` no parse was used.

    With `keep`, only on the lines whose start offset it accepts.
    """
    for pattern in _PATTERNS:
        if pattern.rule_id != rule_id:
            continue
        for start, code in code_lines(view.text):
            if keep is not None and not keep(start):
                continue
            match = pattern.token.search(code)
            if match is None or (pattern.context is not None and not pattern.context.search(code)):
                continue
            span = view.span(start + match.start(), start + match.end())
            yield Finding(
                rule_id=rule_id,
                span=span,
                message=pattern.message.format(why=why),
                statement=LineRange(span.start_line, span.end_line),
                precision=PROBABLE,
            )
