"""Reports: findings to text, SARIF, JSON, GitHub workflow commands, GitLab Code Quality
and SAST, concise lines, JUnit XML.

Every report module exposes `render(report: Report) -> str`; `FORMATS` maps
the `--format` names to them (imported lazily). Where reports can be large,
`render` is made from the text in parts (`sslint.report.parts`), which are
written one by one.
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
    """The text of format `fmt` in parts."""
    from sslint.report.parts import parts_of

    render: Callable[[Report], str] = importlib.import_module(FORMATS[fmt]).render
    return parts_of(render)
