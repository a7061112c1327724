"""Reports written in parts, so that a large one is never held as one string."""

from __future__ import annotations

from typing import Callable, Iterable

from sslint.report.model import Report


class PartsRender:
    """A format's `render`, made from its text in parts (kept as `parts`, for writing)."""

    def __init__(self, parts: Callable[[Report], Iterable[str]]) -> None:
        self.parts = parts

    def __call__(self, report: Report) -> str:
        return "".join(self.parts(report))


def parts_of(render: Callable[[Report], str]) -> Callable[[Report], Iterable[str]]:
    """The text of `render` in parts: its own if it has them, else the whole as one."""
    if isinstance(render, PartsRender):
        return render.parts
    return lambda report: (render(report),)
