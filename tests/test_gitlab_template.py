"""templates/sslint.gitlab-ci.yml: read by sslint's own GitLab reader, its command run for real."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import jsonschema
import yaml
from _click import cli_runner
from _readme import code_blocks

from sslint import __version__
from sslint.cli import main
from sslint.linter import kinds
from sslint.linter.engine import read_facts
from sslint.linter.source import Source
from sslint.report.gitlab_sast import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "sslint.gitlab-ci.yml"
SCHEMA = Path(__file__).parent / "schemas" / f"sast-report-format-{SCHEMA_VERSION}.json"


def _template_commands() -> list[list[str]]:
    text = TEMPLATE.read_text(encoding="utf-8")
    path = "templates/sslint.gitlab-ci.yml"
    assert kinds.detect(path, text.encode()[:256]) == kinds.GITLAB_CI
    facts = read_facts(Source(path, text), kinds.GITLAB_CI, narrow=False)
    return [[word.text for word in command.words] for command in facts.commands]


def test_the_job_runs_the_documented_command_and_keeps_both_reports() -> None:
    install, scan = _template_commands()
    assert install == ["python", "-m", "pip", "install", "--quiet", f"sslint=={__version__}"]
    (documented,) = code_blocks("GitLab CI", "sh")
    assert scan == shlex.split(documented)
    job = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))["sslint"]
    reports = job["artifacts"]["reports"]
    assert reports == {"sast": "gl-sast-report.json", "codequality": "gl-code-quality-report.json"}
    assert scan[scan.index("-o") + 1] == reports["sast"]
    assert scan[scan.index("--report") + 1] == f"gitlab:{reports['codequality']}"
    assert job["artifacts"]["when"] == "always"


def test_readme_includes_this_template_at_this_version() -> None:
    (snippet,) = code_blocks("GitLab CI", "yaml")
    (entry,) = yaml.safe_load(snippet)["include"]
    assert entry["remote"].endswith(f"/v{__version__}/templates/sslint.gitlab-ci.yml")


def test_the_command_writes_valid_reports(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text(
        "build:\n  script:\n    - pip install --trusted-host pypi.org -r requirements.txt\n"
    )
    (tmp_path / "sslint.toml").write_text("")
    _install, scan = _template_commands()
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = cli_runner().invoke(main, [*scan[1:], "--no-cache"])
    finally:
        os.chdir(old)
    assert result.exit_code == 1  # the job fails the pipeline on findings
    sast = json.loads((tmp_path / "gl-sast-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(sast, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (vulnerability,) = sast["vulnerabilities"]
    assert vulnerability["location"] == {"file": ".gitlab-ci.yml", "start_line": 3, "end_line": 3}
    quality = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [issue["check_name"] for issue in quality] == ["SSL101 pip-trusted-host"]
