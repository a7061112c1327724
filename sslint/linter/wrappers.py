"""Commands that run another command somewhere else: in a container, a pod, as another user.

`docker run -e X=1 IMAGE pip install x`, `kubectl exec POD -- curl -k …`,
`runuser -u app -- pip install x`, `flock /tmp/l curl -k …` and
`find . -exec curl -k {} \\;` all run the command after their own options and
operands. `unwrap` says where that command starts and which `NAME=value`
environment the wrapper gives it (`-e`/`--env` of a container run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from sslint.linter.facts import Word

_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


@dataclass
class Unwrapped:
    """Where the wrapped command starts in `words`, and the environment given to it."""

    words: list[Word]
    start: int
    env: list[Word] = field(default_factory=list)


@dataclass(frozen=True)
class Grammar:
    """Options of one command line: short letters and long names that take a value.

    A long option not listed as a flag takes a value (container CLIs have many
    and add more), unless it is written `--name=value`.
    """

    short_values: str = ""
    long_flags: frozenset[str] = frozenset()
    long_values: frozenset[str] = frozenset()
    unknown_long_takes_value: bool = True

    def takes_value(self, long: str) -> bool:
        if long in self.long_values:
            return True
        return self.unknown_long_takes_value and long not in self.long_flags


@dataclass
class _Options:
    """What `scan` found: the first operand, option values by option, and `--`."""

    end: int
    values: list[tuple[str, Word]] = field(default_factory=list)
    double_dash: bool = False


def scan(words: list[Word], i: int, grammar: Grammar) -> _Options:
    """Read options from `i` up to the first operand (or just after `--`), with their values."""
    found = _Options(len(words))
    while i < len(words):
        word = words[i]
        text = word.text
        if text == "--":
            found.end, found.double_dash = i + 1, True
            return found
        if not text.startswith("-") or text == "-":
            found.end = i
            return found
        if text.startswith("--"):
            name, eq, _ = text.partition("=")
            if eq:
                found.values.append((name, word.part(len(name) + 1, len(text))))
            elif grammar.takes_value(name) and i + 1 < len(words):
                found.values.append((name, words[i + 1]))
                i += 1
            i += 1
            continue
        for at in range(1, len(text)):
            letter = text[at]
            if letter in grammar.short_values:
                if at + 1 < len(text):
                    found.values.append(("-" + letter, word.part(at + 1, len(text))))
                elif i + 1 < len(words):
                    found.values.append(("-" + letter, words[i + 1]))
                    i += 1
                break
        i += 1
    return found


# docker / podman / nerdctl: options before the subcommand.
_ENGINE = Grammar(
    short_values="cHl",
    long_flags=frozenset({"--debug", "--tls", "--tlsverify", "--help", "--version"}),
)
_CONTAINER_FLAGS = frozenset(
    {
        "--detach",
        "--disable-content-trust",
        "--init",
        "--interactive",
        "--no-healthcheck",
        "--oom-kill-disable",
        "--privileged",
        "--publish-all",
        "--quiet",
        "--read-only",
        "--rm",
        "--sig-proxy",
        "--tty",
        "--help",
        "--use-api-socket",
        "--replace",
        "--rmi",
        "--no-hosts",
        "--read-only-tmpfs",
        "--env-host",
        "--http-proxy",
        "--no-deps",
        "--service-ports",
        "--use-aliases",
        "--remove-orphans",
        "--build",
        "--quiet-pull",
        "--quiet-build",
        "--no-TTY",
    }
)
# `docker run` / `docker exec` / `docker compose run|exec` options.
_CONTAINER = Grammar(short_values="acehlmpuvw", long_flags=_CONTAINER_FLAGS)
# `docker compose` options before its subcommand.
_COMPOSE = Grammar(
    short_values="fp",
    long_flags=frozenset({"--compatibility", "--dry-run", "--all-resources", "--verbose"}),
)
_ENV_OPTIONS = frozenset({"-e", "--env"})

# kubectl / oc global options (before or after the subcommand) and `exec`'s own.
KUBECTL_OPTIONS = Grammar(
    short_values="cfnsv",
    long_flags=frozenset(
        {
            "--insecure-skip-tls-verify",
            "--stdin",
            "--tty",
            "--quiet",
            "--help",
            "--rm",
            "--command",
            "--attach",
            "--leave-stdin-open",
            "--privileged",
        }
    ),
)

_RUNUSER = Grammar(
    short_values="ugGsw",
    long_values=frozenset(
        {"--user", "--group", "--supp-group", "--shell", "--whitelist-environment"}
    ),
    unknown_long_takes_value=False,
)
_FLOCK = Grammar(
    short_values="wEc",
    long_values=frozenset({"--timeout", "--conflict-exit-code", "--command"}),
    unknown_long_takes_value=False,
)
_CHROOT = Grammar(long_values=frozenset({"--userspec", "--groups"}), unknown_long_takes_value=False)
SSH_OPTIONS = Grammar(short_values="BbcDEeFIiJLlmOopQRSWw", unknown_long_takes_value=False)
_NO_VALUES = Grammar(unknown_long_takes_value=False)
_SYSTEM_CONTAINER = Grammar(
    short_values="nu",
    long_values=frozenset({"--env", "--cwd", "--user", "--group", "--project", "--name"}),
    unknown_long_takes_value=False,
)
_APPTAINER = Grammar(
    short_values="BHSoW",
    long_values=frozenset(
        {
            "--bind",
            "--env",
            "--env-file",
            "--home",
            "--workdir",
            "--overlay",
            "--pwd",
            "--scratch",
            "--security",
            "--mount",
            "--network",
            "--network-args",
            "--hostname",
            "--app",
            "--apply-cgroups",
            "--dns",
            "--add-caps",
            "--drop-caps",
        }
    ),
    unknown_long_takes_value=False,
)
_TOOLBOX = Grammar(
    short_values="cdr",
    long_values=frozenset({"--container", "--distro", "--release"}),
    unknown_long_takes_value=False,
)
_FIND_ACTIONS = frozenset({"-exec", "-execdir", "-ok", "-okdir"})


def _operands(words: list[Word], i: int, grammar: Grammar, count: int) -> Optional[int]:
    """Index after `count` operands (options may come between them), or None."""
    for _ in range(count):
        i = scan(words, i, grammar).end
        if i >= len(words):
            return None
        i += 1
    return i


def _env_words(options: _Options) -> list[Word]:
    return [
        value
        for name, value in options.values
        if name in _ENV_OPTIONS and _ASSIGN.match(value.text)
    ]


def _container(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`docker [opts] [container] run|exec [opts] IMAGE|CONTAINER CMD…` and `compose`."""
    at = scan(words, i + 1, _ENGINE).end
    if at < len(words) and words[at].text == "container":
        at += 1
    if at >= len(words):
        return None
    sub = words[at].text
    if sub == "compose":
        at = scan(words, at + 1, _COMPOSE).end
        if at >= len(words) or words[at].text not in ("run", "exec"):
            return None
        return _run_in(words, at)
    if sub not in ("run", "exec"):
        return None
    return _run_in(words, at, image=sub == "run")


def _compose_v1(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`docker-compose [opts] run|exec [opts] SERVICE CMD…`."""
    at = scan(words, i + 1, _COMPOSE).end
    if at >= len(words) or words[at].text not in ("run", "exec"):
        return None
    return _run_in(words, at)


def _run_in(words: list[Word], at: int, image: bool = False) -> Unwrapped:
    """After `run`/`exec`: options, the image, container or service, then the command.

    With no command, or only options after an image, the image's own entrypoint runs
    (`docker run curlimages/curl -k URL` runs curl): the image names the program.
    """
    options = scan(words, at + 1, _CONTAINER)
    env = _env_words(options)
    target = options.end
    rest = target + 1
    entrypoint = [value for name, value in options.values if name == "--entrypoint"]
    if entrypoint and entrypoint[-1].text:
        # `--entrypoint pip IMAGE install x` runs `pip install x`.
        return Unwrapped([entrypoint[-1], *words[rest:]], 0, env)
    if target >= len(words):
        return Unwrapped(words, target, env)
    if image and (rest >= len(words) or words[rest].text.startswith("-")):
        return Unwrapped([_without_tag(words[target]), *words[rest:]], 0, env)
    return Unwrapped(words, rest if rest < len(words) else target, env)


def _without_tag(word: Word) -> Word:
    """`curlimages/curl:8.5.0` (or `…@sha256:…`) as `curlimages/curl`."""
    text = word.text.partition("@")[0]
    slash = text.rfind("/")
    colon = text.find(":", slash + 1)
    return word.part(0, colon if colon >= 0 else len(text))


def _kubectl(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`kubectl|oc [opts] exec|run|debug [opts] POD -- CMD…`, `oc rsh POD CMD…`.

    Not unwrapped when kubectl itself skips verification: that is its own finding.
    """
    if any(w.text.startswith("--insecure-skip-tls-verify") for w in words[i + 1 :]):
        return None
    at = scan(words, i + 1, KUBECTL_OPTIONS).end
    if at >= len(words) or words[at].text not in ("exec", "run", "debug", "rsh"):
        return None
    dash = next((j for j in range(at + 1, len(words)) if words[j].text == "--"), None)
    if dash is not None:
        return Unwrapped(words, dash + 1)
    if words[at].text in ("run", "debug"):
        return Unwrapped(words, len(words))  # the image's own entrypoint runs
    after = _operands(words, at + 1, KUBECTL_OPTIONS, 1)  # `oc rsh POD CMD`, old `exec POD CMD`
    return Unwrapped(words, len(words) if after is None else after)


def _runuser(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`runuser -u USER [--] CMD…` (the `runuser USER -c CMD` form runs a shell string)."""
    options = scan(words, i + 1, _RUNUSER)
    if not any(name in ("-u", "--user") for name, _ in options.values):
        return None
    return Unwrapped(words, options.end)


def _flock(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`flock [opts] FILE CMD…` (`-c CMD` runs a shell string, a lone FD runs nothing)."""
    options = scan(words, i + 1, _FLOCK)
    if any(name in ("-c", "--command") for name, _ in options.values):
        return None
    at = options.end + 1
    rest = scan(words, at, _FLOCK) if at < len(words) else None
    if rest is not None and any(name in ("-c", "--command") for name, _ in rest.values):
        return None
    return Unwrapped(words, min(at, len(words)))


def _find(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`find … -exec CMD … {} ;` (or `+`): the command of the first action."""
    for j in range(i + 1, len(words)):
        if words[j].text in _FIND_ACTIONS:
            end = next((k for k in range(j + 1, len(words)) if words[k].text in (";", "+")), None)
            return Unwrapped(words[: len(words) if end is None else end], j + 1)
    return None


def _user_then_command(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`gosu USER CMD…`, `su-exec USER[:GROUP] CMD…`."""
    after = _operands(words, i + 1, _NO_VALUES, 1)
    return Unwrapped(words, len(words) if after is None else after)


def _chroot(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`chroot [opts] NEWROOT [CMD…]` (no command: a shell, which reads nothing here)."""
    after = _operands(words, i + 1, _CHROOT, 1)
    return Unwrapped(words, len(words) if after is None else after)


def _system_container(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`lxc|incus exec [--env K=V] C -- CMD…`, `distrobox enter NAME -- CMD…`."""
    if i + 1 >= len(words) or words[i + 1].text not in ("exec", "enter"):
        return None
    dash = next((j for j in range(i + 2, len(words)) if words[j].text == "--"), None)
    if dash is None:
        return Unwrapped(words, len(words))
    values = _options_anywhere(words[:dash], i + 2, _SYSTEM_CONTAINER)
    env = [v for name, v in values if name == "--env" and _ASSIGN.match(v.text)]
    return Unwrapped(words, dash + 1, env)


def _buildah(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`buildah run [opts] CONTAINER [--] CMD…`."""
    if i + 1 >= len(words) or words[i + 1].text != "run":
        return None
    options = scan(words, i + 2, _CONTAINER)
    rest = options.end + 1
    if rest < len(words) and words[rest].text == "--":
        rest += 1
    return Unwrapped(words, min(rest, len(words)), _env_words(options))


def _apptainer(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`apptainer|singularity exec [opts] IMAGE CMD…` (`--env K=V` sets its environment)."""
    if i + 1 >= len(words) or words[i + 1].text != "exec":
        return None
    options = scan(words, i + 2, _APPTAINER)
    env = [v for name, v in options.values if name == "--env" and _ASSIGN.match(v.text)]
    return Unwrapped(words, min(options.end + 1, len(words)), env)


def _toolbox(words: list[Word], i: int) -> Optional[Unwrapped]:
    """`toolbox run [-c C] [-r R] CMD…`."""
    if i + 1 >= len(words) or words[i + 1].text != "run":
        return None
    return Unwrapped(words, scan(words, i + 2, _TOOLBOX).end)


UNWRAPPERS: dict[str, Callable[[list[Word], int], Optional[Unwrapped]]] = {
    "docker": _container,
    "podman": _container,
    "nerdctl": _container,
    "docker-compose": _compose_v1,
    "podman-compose": _compose_v1,
    "kubectl": _kubectl,
    "oc": _kubectl,
    "runuser": _runuser,
    "flock": _flock,
    "find": _find,
    "gosu": _user_then_command,
    "su-exec": _user_then_command,
    "chroot": _chroot,
    "lxc": _system_container,
    "incus": _system_container,
    "distrobox": _system_container,
    "buildah": _buildah,
    "apptainer": _apptainer,
    "singularity": _apptainer,
    "toolbox": _toolbox,
}


BUILDERS = frozenset({"docker", "podman", "nerdctl", "buildah"})
_BUILD = Grammar(
    short_values="cfmt", long_flags=_CONTAINER_FLAGS | {"--no-cache", "--load", "--push"}
)


def build_args(name: str, args: list[Word]) -> list[Word]:
    """`NAME=value` of `docker build --build-arg NAME=value …` (the build's `ARG`s)."""
    if name not in BUILDERS:
        return []
    at = scan(args, 0, _ENGINE).end
    if at < len(args) and args[at].text in ("buildx", "image", "builder"):
        at += 1
    if at >= len(args) or args[at].text not in ("build", "bud"):
        return []
    values = _options_anywhere(args, at + 1, _BUILD)
    return [
        value for option, value in values if option == "--build-arg" and _ASSIGN.match(value.text)
    ]


def _options_anywhere(words: list[Word], i: int, grammar: Grammar) -> list[tuple[str, Word]]:
    """Option values anywhere from `i` (operands and options mixed, as in `docker build`)."""
    found: list[tuple[str, Word]] = []
    while i < len(words):
        options = scan(words, i, grammar)
        found.extend(options.values)
        if options.double_dash:
            break
        i = options.end + 1
    return found


def unwrap(name: str, words: list[Word], i: int) -> Optional[Unwrapped]:
    """Where the command that `words[i]` (a program named `name`) runs starts.

    None when `words[i]` is no wrapper here (`docker build`, `runuser USER -c …`);
    a start past the end when the wrapper runs nothing that can be read.
    """
    handler = UNWRAPPERS.get(name)
    return handler(words, i) if handler is not None else None
