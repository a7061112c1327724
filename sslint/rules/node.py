"""Node.js, npm, yarn and pnpm: TLS verification switched off (SSL204).

Node reads `NODE_TLS_REJECT_UNAUTHORIZED` (only `0` turns checks off). npm and
pnpm read `strict-ssl` from the command line (`--strict-ssl=false`,
`--strict-ssl false`, `--no-strict-ssl`), from `npm_config_strict_ssl` in any
case, from .npmrc, and from `npm config set` / `npm set`; yarn 1 from
.yarnrc and `yarn config set strict-ssl false`; yarn 2+ from `.yarnrc.yml`
`enableStrictSsl`, `YARN_ENABLE_STRICT_SSL` and `yarn config set enableStrictSsl`.
"""

from __future__ import annotations

from typing import Iterator, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Word
from sslint.linter.findings import Finding
from sslint.linter.source import LineRange
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, option_table, parse
from sslint.rules.base import ERROR, Checker, Rule

SSL204 = Rule(
    id="SSL204",
    name="node-tls-verification-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="Node.js or npm/yarn/pnpm skips certificate verification",
    description=(
        "Finds `NODE_TLS_REJECT_UNAUTHORIZED=0`; npm, yarn and pnpm `config set strict-ssl "
        "false` (also `npm set`, `strict-ssl=false`, `--location`/`-g` forms); "
        "`--strict-ssl=false`, `--strict-ssl false` and `--no-strict-ssl` on any npm/pnpm/"
        "yarn/npx command; `npm_config_strict_ssl=false` (any case); `strict-ssl=false` in "
        ".npmrc; `strict-ssl false` in .yarnrc; `enableStrictSsl: false` in .yarnrc.yml, "
        "`YARN_ENABLE_STRICT_SSL=false` and `yarn config set enableStrictSsl false`."
    ),
    why=(
        "`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate checks for every HTTPS "
        "connection of the Node process, not just the one that failed; `strict-ssl false` "
        "lets anyone on the path serve the packages npm installs and whose install scripts it "
        "runs."
    ),
    example="npm config set strict-ssl false",
    fix=(
        "Give Node and the package manager the proxy's CA bundle: "
        "`NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp-ca.pem` (adds to Node's built-in CAs), "
        "`npm config set cafile /etc/ssl/certs/corp-ca.pem` (or `cafile=` in .npmrc), yarn 1 "
        "`yarn config set cafile …`, yarn 2+ `httpsCaFilePath` in .yarnrc.yml; or "
        "`node --use-openssl-ca` / `--use-system-ca` for the system store. Then remove "
        "`strict-ssl false` and `NODE_TLS_REJECT_UNAUTHORIZED`."
    ),
    references=(
        "https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue",
        "https://nodejs.org/api/cli.html#node_extra_ca_certsfile",
        "https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl",
        "https://yarnpkg.com/configuration/yarnrc#enableStrictSsl",
    ),
    tags=("node", "npm", "yarn"),
)

_PROGRAMS = frozenset({"npm", "npx", "pnpm", "pnpx", "yarn", "yarnpkg", "corepack"})
_KEYS = frozenset({"strict-ssl", "strict_ssl", "enablestrictssl"})
_FALSE = frozenset({"false", "0", "no", "off", ""})
# npm / pnpm / yarn options that take a value (so it is not read as a positional).
_CLI = Grammar(
    long=option_table(
        (
            "--location",
            "--userconfig",
            "--globalconfig",
            "--prefix",
            "--workspace",
            "--registry",
            "--cache",
            "--dir",
            "--filter",
            "--cwd",
            "--scope",
        ),
    ),
    short={"-L": True, "-C": True, "-w": True, "-F": True},
    abbreviate=False,
)


def _is_false(value: Optional[str]) -> bool:
    return value is not None and _env.unquoted(value).lower() in _FALSE


def _key(text: str) -> str:
    return text.strip().lower()


def _config_set(args: Sequence[Word], program: str, statement: LineRange) -> Iterator[Finding]:
    """`config set strict-ssl false` / `config set strict-ssl=false` / `npm set …`."""
    words = parse(args, _CLI).positionals
    if words[:2] and words[0].text == "config" and len(words) > 1 and words[1].text == "set":
        rest = words[2:]
    elif words and words[0].text == "set":
        rest = words[1:]
    else:
        return
    index = 0
    while index < len(rest):
        word = rest[index]
        key, eq, value = word.text.partition("=")
        if eq:
            index += 1
            if _key(key) in _KEYS and _is_false(value):
                yield _finding(word, f"{program} config set {word.text}", statement)
            continue
        if index + 1 < len(rest):
            if _key(key) in _KEYS and _is_false(rest[index + 1].text):
                shown = f"{program} config set {word.text} {rest[index + 1].text}"
                yield _finding(word, shown, statement)
            index += 2
            continue
        index += 1


def _flags(args: Sequence[Word], program: str, statement: LineRange) -> Iterator[Finding]:
    for index, word in enumerate(args):
        text = word.text
        if text == "--no-strict-ssl":
            yield _finding(word, f"{program} {text}", statement)
        elif text.startswith("--strict-ssl="):
            if _is_false(text.partition("=")[2]):
                yield _finding(word, f"{program} {text}", statement)
        elif text == "--strict-ssl" and index + 1 < len(args) and args[index + 1].text == "false":
            yield _finding(word, f"{program} {text} false", statement)


def _finding(word: Word, what: str, statement: LineRange) -> Finding:
    return Finding("SSL204", word.span, f"{what} switches off certificate verification", statement)


def _commands(facts: FileFacts) -> Iterator[Finding]:
    for command, found in invocations(facts, *sorted(_PROGRAMS)):
        yield from _config_set(found.args, found.program, command.statement)
        yield from _flags(found.args, found.program, command.statement)


def _environment(facts: FileFacts) -> Iterator[Finding]:
    for assign in _env.assignments(facts, "NODE_TLS_REJECT_UNAUTHORIZED"):
        if _env.value_text(assign) == "0":
            yield Finding(
                "SSL204",
                assign.name_span,
                "NODE_TLS_REJECT_UNAUTHORIZED=0 switches off certificate verification for "
                "every HTTPS connection of the Node process",
                assign.statement,
                _env.precision(assign),
            )
    names = ("npm_config_strict_ssl", "yarn_strict_ssl", "yarn_enable_strict_ssl")
    for assign in _env.assignments_folded(facts, *names):
        if _is_false(_env.value_text(assign)) and _env.value_text(assign):
            yield Finding(
                "SSL204",
                assign.name_span,
                f"{assign.name}={_env.value_text(assign)} switches off npm/yarn certificate "
                "verification",
                assign.statement,
                _env.precision(assign),
            )


def _settings(facts: FileFacts) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.file_kind not in (kinds.NPMRC, kinds.YARNRC, kinds.YARNRC_YML):
            continue
        key = _key(setting.key.rsplit(":", 1)[-1])
        if key not in _KEYS or setting.value is None or not _is_false(setting.value.text):
            continue
        if not setting.value.text.strip():
            continue
        yield Finding(
            "SSL204",
            setting.key_span,
            f"{setting.key} {setting.value.text} in a package manager config switches off "
            "certificate verification",
            setting.statement,
        )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL204 in commands, environment and npm/yarn config files."""
    yield from _commands(facts)
    yield from _environment(facts)
    yield from _settings(facts)


CHECKER = Checker(
    rules=(SSL204,),
    check=check,
    tokens=(b"strict-ssl", b"strict_ssl", b"strictssl", b"tls_reject_unauthorized"),
)
