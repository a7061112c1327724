"""Earthfile reader: Earthly targets whose recipes are Dockerfile instructions.

An Earthfile is a Dockerfile split into targets: an unindented `name:` line
opens a target, its indented lines are instructions (`FROM`, `RUN`, `ENV`,
`ARG` …). The lines before the first target are the base recipe every target
starts from. Earthly's own flags with a separate value (`RUN --secret ID …`,
`ARG --global NAME`) are dropped before the Dockerfile reader sees the line;
`LET`/`SET` are variables like `ARG`; `FROM +target` starts from that target.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from sslint.linter.readers.scripts.dockerfile import DockerfileReader, Instruction, Stage

if TYPE_CHECKING:
    from sslint.linter.readers import ReadContext
    from sslint.linter.source import View

_TARGET_RE = re.compile(r"([A-Za-z_][A-Za-z0-9._\-]*):[ \t]*(?:#.*)?\Z")
# Flags of Earthly commands, the names of those whose value is the next word.
_FLAG_RE = re.compile(r"--([A-Za-z][\w-]*)(=\S*)?[ \t]*")
_FLAGS_WITH_VALUE = frozenset({"secret", "mount", "platform", "build-arg", "allow-privileged"})
_VARIABLE_KEYWORDS = frozenset({"ARG", "LET", "SET"})


def read(view: View, ctx: ReadContext) -> None:
    """Read an Earthfile."""
    EarthfileReader(view, ctx).read()


class EarthfileReader(DockerfileReader):
    """The Dockerfile reader with Earthly's targets and flags."""

    def __init__(self, view: View, ctx: ReadContext) -> None:
        super().__init__(view, ctx)
        self.base: Optional[Stage] = None
        self.target = ""

    def _instruction(self, index: int) -> tuple[Optional[Instruction], int]:
        match = _TARGET_RE.match(self._line(index))
        if match is None:
            return super()._instruction(index)
        self._open_target(match.group(1), self._line_start(index))
        return None, index + 1

    def _open_target(self, name: str, start: int) -> None:
        """A target starts from the base recipe (the lines before the first target)."""
        if self.stage is not None:
            self.stage.end = self.view.source.span(start, start)
            if self.base is None and not self.target:
                self.base = self.stage
        self.target = name.lower()
        stage = Stage(name=self.target)
        if self.base is not None:
            stage.env = dict(self.base.image_env)
            stage.image_env = dict(self.base.image_env)
            stage.shell = self.base.shell
            self.bases.add(self.base.name)
        self.stages.append(stage)
        self.stage = stage

    def _dispatch(self, ins: Instruction) -> None:
        keyword = ins.keyword
        if keyword in _VARIABLE_KEYWORDS or keyword == "RUN":
            ins = Instruction(
                keyword="ARG" if keyword in _VARIABLE_KEYWORDS else keyword,
                args=_without_flags(ins.args),
                statement=ins.statement,
                heredocs=ins.heredocs,
                end=ins.end,
            )
        super()._dispatch(ins)

    def _from(self, ins: Instruction) -> None:
        words = [w for w in ins.args.text.split() if not w.startswith("--")]
        image = words[0] if words else ""
        super()._from(ins)
        stage = self._current()
        stage.name = self.target
        source = _target_named(self.stages, image[1:].lower()) if image.startswith("+") else None
        if source is not None and source is not stage:
            self.bases.add(source.name)
            stage.env = dict(source.image_env)
            stage.image_env = dict(source.image_env)
            stage.shell = source.shell


def _target_named(stages: list[Stage], name: str) -> Optional[Stage]:
    return next((s for s in reversed(stages) if s.name == name), None)


def _without_flags(args: View) -> View:
    """The arguments after Earthly's leading `--flag`s (and their values) and `--`."""
    text = args.text
    pos = len(text) - len(text.lstrip(" \t"))
    while True:
        if text.startswith("-- ", pos) or text[pos:] == "--":
            pos = min(len(text), pos + 3)
            break
        match = _FLAG_RE.match(text, pos)
        if match is None:
            break
        pos = match.end()
        if match.group(1) in _FLAGS_WITH_VALUE and not match.group(2):
            value = re.match(r"\S+[ \t]*", text[pos:])
            pos += value.end() if value else 0
    return args.slice(pos, len(text))
