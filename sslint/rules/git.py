"""git: `http.sslVerify` false and `GIT_SSL_NO_VERIFY` (SSL203).

git's configuration keys are `section[.subsection].name`, where section and
name ignore case and the subsection (a URL for `http`) is kept as written.
Booleans are false for `false`, `no`, `off`, `0` and the empty string. The
setting arrives through `git -c`, `git clone -c/--config`, `git config`
(every scope and the `git config set` form), `GIT_CONFIG_PARAMETERS`,
`GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n` and gitconfig
files; `GIT_SSL_NO_VERIFY` disables verification whatever its value.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional, Sequence

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.facts import FileFacts, Word
from sslint.linter.findings import PROBABLE, PROVEN, Finding
from sslint.linter.source import LineRange, Span
from sslint.rules import _env
from sslint.rules._invocations import invocations
from sslint.rules._options import Grammar, option_table, parse
from sslint.rules.base import ERROR, Checker, Rule

SSL203 = Rule(
    id="SSL203",
    name="git-ssl-verify-disabled",
    level=ERROR,
    security_severity=7.4,
    summary="Certificate verification is skipped by git",
    description=(
        "Finds `http.sslVerify` (or URL-scoped `http.<url>.sslVerify`; key case-insensitive) "
        "set to a git false value (`false`, `no`, `off`, `0`, empty) through `git -c`, "
        "`git clone -c/--config`, `git config [--global|--system|--local|--worktree|--file F] "
        "…` and `git config set …`, `GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_KEY_n`/"
        '`GIT_CONFIG_VALUE_n`, and `[http] sslVerify = false` / `[http "https://host/"]` '
        "in gitconfig files; and `GIT_SSL_NO_VERIFY` set to any value (git only checks that "
        "it is set, so even `GIT_SSL_NO_VERIFY=false` disables verification); and the CI "
        "systems' own switches for the clone they make: Drone's `clone: skip_verify: true`, "
        "Woodpecker's clone plugin `skip_verify: true`, a Concourse git resource's "
        "`skip_ssl_verification: true`, an Argo Workflows git artifact's `insecureSkipTLS: "
        'true`, a Tekton git-clone `sslVerify: "false"` parameter and `-c http.sslVerify=false` '
        "in Buildkite's `BUILDKITE_GIT_CLONE_FLAGS`."
    ),
    why=(
        "git then fetches code, submodules and LFS objects from whoever answers for the "
        "host; a global or system setting affects every repository on the machine or image."
    ),
    example="git -c http.sslVerify=false clone https://git.corp.example/platform/config.git",
    fix=(
        "Point git at the proxy's CA bundle: `git config --global http.sslCAInfo "
        "/etc/ssl/certs/corp-ca.pem` (or only for one host: `git config --global "
        "http.https://git.corp.example/.sslCAInfo …`, or `GIT_SSL_CAINFO`), or install the CA "
        "in the system store (`update-ca-certificates`). On Windows, "
        "`git config --global http.sslBackend schannel` uses the Windows store. Then remove "
        "`sslVerify = false` and `GIT_SSL_NO_VERIFY`."
    ),
    references=(
        "https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpsslVerify",
        "https://git-scm.com/docs/git#Documentation/git.txt-codeGITSSLNOVERIFYcode",
        "https://git-scm.com/docs/git-config#_configuration_file",
    ),
    tags=("git",),
)

_KEY = re.compile(r"^http(?:\..*)?\.sslverify$", re.IGNORECASE | re.DOTALL)
_FALSE = frozenset({"false", "no", "off", "0", ""})

# git's options before the subcommand.
_GIT = Grammar(
    long=option_table(
        (
            "--config-env",
            "--exec-path",
            "--git-dir",
            "--namespace",
            "--work-tree",
            "--super-prefix",
        ),
        ("--bare", "--no-pager", "--paginate", "--no-replace-objects", "--literal-pathspecs"),
    ),
    short={"-c": True, "-C": True, "-p": False, "-P": False},
    abbreviate=False,
)
_CONFIG = Grammar(
    long=option_table(
        ("--file", "--blob", "--type", "--default", "--comment", "--value"),
        (
            "--global",
            "--system",
            "--local",
            "--worktree",
            "--bool",
            "--int",
            "--path",
            "--add",
            "--replace-all",
            "--unset",
            "--unset-all",
            "--get",
            "--get-all",
            "--fixed-value",
            "--null",
            "--includes",
            "--no-includes",
            "--show-origin",
            "--show-scope",
            "--list",
            "--edit",
            "--all",
        ),
    ),
    short={"-f": True, "-z": False, "-l": False, "-e": False},
)
_CLONE = Grammar(
    long=option_table(
        (
            "--config",
            "--branch",
            "--depth",
            "--origin",
            "--template",
            "--reference",
            "--separate-git-dir",
            "--upload-pack",
            "--filter",
            "--jobs",
            "--shallow-since",
            "--shallow-exclude",
            "--server-option",
            "--bundle-uri",
            "--ref-format",
        ),
    ),
    short={"-c": True, "-b": True, "-o": True, "-u": True, "-j": True},
)
_READS = frozenset({"--get", "--get-all", "--unset", "--unset-all", "--list", "-l", "--edit", "-e"})
_PARAMS = re.compile(r"'((?:[^'\\]|\\.)*)'(?:=(?:'((?:[^'\\]|\\.)*)')?)?")


def is_git_false(value: Optional[str]) -> bool:
    """git's false spellings (a key given without `=value` is true)."""
    return value is not None and value.strip().lower() in _FALSE


def is_ssl_verify(key: str) -> bool:
    """`http.sslVerify` or `http.<url>.sslVerify`, in any case."""
    return bool(_KEY.match(key.strip()))


def _finding(span: Span, message: str, statement: LineRange, word: Optional[Word]) -> Finding:
    precise = word is None or word.known
    return Finding("SSL203", span, message, statement, PROVEN if precise else PROBABLE)


def _pair_finding(word: Word, span: Span, statement: LineRange, where: str) -> Iterator[Finding]:
    """`key=value` (as given to `-c`) that sets sslVerify false."""
    key, eq, value = word.text.partition("=")
    if eq and is_ssl_verify(key) and is_git_false(value):
        yield _finding(
            _value_span(word, len(key) + 1) or span,
            f"{where} {word.text} switches git's certificate checks off",
            statement,
            word,
        )


def _value_span(word: Word, at: int) -> Optional[Span]:
    """Where the value from `at` on is written, when that is apart from the key before it
    (a parameter pasted into `http.sslVerify=$(params.verify)`); None otherwise."""
    if at >= len(word.text):
        return None
    key_end = word.view.span(0, at).end
    value = word.view.span(at, len(word.text))
    return value if not key_end <= value.start <= key_end + 1 else None


def _config_command(args: Sequence[Word], statement: LineRange) -> Iterator[Finding]:
    parsed = parse(args, _CONFIG)
    if any(opt.name in _READS for opt in parsed.options):
        return
    words = parsed.positionals
    if words and words[0].text in (
        "set",
        "unset",
        "get",
        "list",
        "edit",
        "rename-section",
        "remove-section",
    ):
        if words[0].text != "set":
            return
        words = words[1:]
    if len(words) >= 2 and is_ssl_verify(words[0].text) and is_git_false(words[1].text):
        yield _finding(
            words[0].span,
            f"git config {words[0].text} {words[1].text or repr('')} switches git's "
            "certificate checks off",
            statement,
            words[1],
        )


def _commands(facts: FileFacts) -> Iterator[Finding]:
    for command, found in invocations(facts, "git"):
        head = parse(found.args, _GIT, stop_at_positional=True)
        for opt in head.options:
            if opt.name == "-c" and opt.value is not None:
                yield from _pair_finding(opt.value, opt.value_span, command.statement, "git -c")
        if head.end >= len(found.args):
            continue
        sub = found.args[head.end].text
        if sub == "config":
            yield from _config_command(found.args[head.end + 1 :], command.statement)
        elif sub == "clone":
            for opt in parse(found.args, _CLONE, start=head.end + 1).named("-c", "--config"):
                if opt.value is not None:
                    yield from _pair_finding(
                        opt.value, opt.value_span, command.statement, f"git clone {opt.name}"
                    )


# `-c key=value`, `-ckey=value`, `--config key=value`, `--config=key=value` (group 2: the pair).
_CLONE_FLAG_RE = re.compile(r"(?:^|\s)(?:-c\s*|--config[=\s]\s*)(['\"]?)([^\s'\"]+)\1")


def _environment(facts: FileFacts) -> Iterator[Finding]:
    for assign in _env.assignments(facts, "BUILDKITE_GIT_CLONE_FLAGS"):
        assert assign.value is not None
        for match in _CLONE_FLAG_RE.finditer(assign.value.text):
            key, _, value = match.group(2).partition("=")
            if is_ssl_verify(key) and is_git_false(value):
                yield _finding(
                    assign.value.view.span(match.start(2), match.end(2)),
                    f"BUILDKITE_GIT_CLONE_FLAGS makes the agent's git clone set {key}={value}: "
                    "git's certificate checks are off",
                    assign.statement,
                    assign.value,
                )
    for assign in _env.assignments(facts, "GIT_SSL_NO_VERIFY"):
        yield _finding(
            assign.name_span,
            f"GIT_SSL_NO_VERIFY is set ({_env.value_text(assign) or 'empty'}): git checks only "
            "that it is set and skips certificate verification",
            assign.statement,
            None,
        )
    for assign in _env.assignments(facts, "GIT_CONFIG_PARAMETERS"):
        assert assign.value is not None
        for match in _PARAMS.finditer(assign.value.text):
            key, value = match.group(1), match.group(2)
            if value is None:
                key, _, value = key.partition("=")
            if is_ssl_verify(key) and is_git_false(value):
                yield _finding(
                    assign.name_span,
                    f"GIT_CONFIG_PARAMETERS sets {key}={value}: git's certificate checks are off",
                    assign.statement,
                    assign.value,
                )
    keys = {
        a.name[len("GIT_CONFIG_KEY_") :]: a
        for a in facts.env
        if a.name.startswith("GIT_CONFIG_KEY_") and a.value is not None
    }
    for assign in facts.env:
        if not assign.name.startswith("GIT_CONFIG_VALUE_") or assign.value is None:
            continue
        key_assign = keys.get(assign.name[len("GIT_CONFIG_VALUE_") :])
        if key_assign is None or key_assign.value is None:
            continue
        if is_ssl_verify(key_assign.value.text) and is_git_false(_env.value_text(assign)):
            yield _finding(
                key_assign.name_span,
                f"{key_assign.name}={key_assign.value.text} with {assign.name}="
                f"{_env.value_text(assign)!r} switches git's certificate checks off",
                key_assign.statement,
                assign.value,
            )


def _settings(facts: FileFacts) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.file_kind != kinds.GITCONFIG or not setting.section:
            continue
        key = ".".join((*setting.section, setting.key))
        if not is_ssl_verify(key) or setting.value is None:
            continue
        if is_git_false(setting.value.text.strip("'\"")):
            scope = setting.section[1] if len(setting.section) > 1 else ""
            where = f' for "{scope}"' if scope else ""
            yield _finding(
                setting.key_span,
                f"{setting.key} = {setting.value.text} in a gitconfig switches git's "
                f"certificate checks off{where}",
                setting.statement,
                setting.value,
            )


# CI system -> (its clone step's switch, whether a true value skips verification).
_CI_CLONE = {
    "drone": ("skip_verify", True),
    "woodpecker": ("skip_verify", True),
    "concourse": ("skip_ssl_verification", True),
    "tekton": ("sslVerify", False),
    "argo": ("insecureSkipTLS", True),
}
_YAML_TRUE = frozenset({"true", "yes", "on", "1", "y"})


def _ci_clone(facts: FileFacts) -> Iterator[Finding]:
    for setting in facts.settings:
        if setting.file_kind != kinds.CI_CLONE or setting.value is None:
            continue
        system = setting.section[0] if setting.section else ""
        key, skips_when_true = _CI_CLONE.get(system, ("", True))
        value = setting.value.text.strip().lower()
        if setting.key != key or not setting.value.known:
            continue
        if (value in _YAML_TRUE) if skips_when_true else is_git_false(value):
            yield _finding(
                setting.key_span,
                f"{key}: {setting.value.text} makes {system.capitalize()}'s git clone skip "
                "certificate verification",
                setting.statement,
                setting.value,
            )


def check(facts: FileFacts, config: Config) -> Iterator[Finding]:
    """SSL203 in git commands, git's environment variables, gitconfig files and CI clones."""
    yield from _commands(facts)
    yield from _environment(facts)
    yield from _settings(facts)
    yield from _ci_clone(facts)


CHECKER = Checker(
    rules=(SSL203,),
    check=check,
    tokens=(
        b"sslverify",
        b"git_ssl_no_verify",
        b"skip_verify",
        b"skip_ssl_verification",
        b"insecureskiptls",
    ),
)
