"""Reports: findings to text, SARIF, JSON, GitHub workflow commands, GitLab Code Quality
and SAST, concise lines, JUnit XML.

Every report module exposes `render(report: Report) -> str`; `FORMATS` maps
the `--format` names to them (imported lazily).
"""

from __future__ import annotations

import importlib
from typing import Callable

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


def renderer(fmt: str) -> Callable[[Report], str]:
    """The `render` function of format `fmt`."""
    module = importlib.import_module(FORMATS[fmt])
    render: Callable[[Report], str] = module.render
    return render
