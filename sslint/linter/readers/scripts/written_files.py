"""Text a script hands to a file or a tool: which reader reads it.

`cat <<EOF > ~/.condarc`, `echo … >> /etc/pip.conf`, `printf … | tee -a ~/.npmrc`
write a file whose path names its kind; shell start-up files (`~/.bashrc`,
`/etc/profile`) are shell that every later login runs; `/etc/environment` is
`NAME=value` lines. `kubectl apply -f -` reads Kubernetes manifests from its
standard input.
"""

from __future__ import annotations

from typing import Optional

from sslint.linter import kinds
from sslint.linter.commands import Invocation
from sslint.linter.facts import Word
from sslint.linter.wrappers import KUBECTL_OPTIONS, scan

# Start-up files of sh, bash, zsh and ksh (by base name, anywhere: `~`, `/root`, `/etc/skel`).
_STARTUP_NAMES = frozenset(
    {
        ".bashrc",
        ".bash_profile",
        ".bash_login",
        ".bash_aliases",
        ".profile",
        ".zshrc",
        ".zshenv",
        ".zprofile",
        ".zlogin",
        ".kshrc",
        ".mkshrc",
        "bash.bashrc",
    }
)
# System-wide start-up files, by full path.
_STARTUP_PATHS = frozenset({"/etc/profile", "/etc/zshrc", "/etc/zshenv", "/etc/zsh/zshrc"})
_KUBE_READERS = frozenset({"kubectl", "oc"})
_KUBE_FILE_VERBS = frozenset({"apply", "create", "replace"})


def written_kind(paths: list[Word]) -> Optional[str]:
    """The file kind of the first written path that names one."""
    for path in paths:
        text = path.text.strip()
        if not text or text == "-" or text.startswith("/dev/"):
            continue
        kind = path_kind(text)
        if kind is not None:
            return kind
    return None


def path_kind(path: str) -> Optional[str]:
    """The kind of file written at `path` (an absolute or `~` path inside an image or host)."""
    kind = kinds.kind_from_path(path)
    if kind is not None:
        return kind
    lowered = path.replace("\\", "/").lower()
    if lowered.rpartition("/")[2] in _STARTUP_NAMES or lowered in _STARTUP_PATHS:
        return kinds.SHELL
    if lowered == "/etc/environment":
        return kinds.DOTENV
    return None


def stdin_kind(found: Invocation) -> Optional[str]:
    """The kind of text a tool reads from standard input: `kubectl apply -f -` reads YAML."""
    if found.program not in _KUBE_READERS:
        return None
    verb = scan(found.args, 0, KUBECTL_OPTIONS).end
    texts = [word.text for word in found.args[verb:]]
    if not texts or texts[0] not in _KUBE_FILE_VERBS:
        return None
    for index, text in enumerate(texts):
        if text in ("-f", "--filename") and texts[index + 1 : index + 2] == ["-"]:
            return kinds.YAML
        if text in ("-f-", "--filename=-"):
            return kinds.YAML
    return None
