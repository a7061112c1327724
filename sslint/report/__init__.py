"""Reports: findings to text, SARIF, JSON, GitHub workflow commands, GitLab Code Quality
and SAST, concise lines, JUnit XML.

Every report module exposes `render(report: Report) -> str`; `FORMATS` maps
the `--format` names to them (imported lazily). A module whose reports can be
large also exposes `render_pieces`, the same text in parts, so it is written
without being one string.
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterable

from sslint.report.model import Report

FORMATS: dict[str, str] = {
    "text": "sslint.report.text",
    "sarif": "sslint.report.sarif",
    "json": "sslint.report.json_findings",
    "github": "sslint.report.github",
    "gitlab": "sslint.report.gitlab",
    "markdown": "sslint.report.markdown",
    "gitlab-sast": "sslint.report.gitlab_sast",
    "concise": "sslint.report.concise",
    "junit": "sslint.report.junit",
}


def piece_renderer(fmt: str) -> Callable[[Report], Iterable[str]]:
    """The text of format `fmt` in parts: its `render_pieces`, else its `render`."""
    module = importlib.import_module(FORMATS[fmt])
    render_pieces: Callable[[Report], Iterable[str]] = getattr(
        module, "render_pieces", lambda report: (module.render(report),)
    )
    return render_pieces
