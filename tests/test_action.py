"""The GitHub Action: metadata and README workflow against GitHub's schemas, and the
action's steps run exactly as written against a sample repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from _project_copy import ROOT, copy_project
from _readme import code_blocks
from _sarif_check import assert_valid_sarif

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_metadata_matches_githubs_schema() -> None:
    proc = _check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_workflow_matches_githubs_schema(tmp_path: Path) -> None:
    (workflow,) = code_blocks("GitHub Action", "yaml")
    path = tmp_path / "sslint.yml"
    path.write_text(workflow)
    proc = _check_jsonschema("vendor.github-workflows", path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    steps = yaml.safe_load(workflow)["jobs"]["sslint"]["steps"]
    action = next(step for step in steps if step["uses"].startswith("sslint/sslint@"))
    upload = next(step for step in steps if "upload-sarif" in step["uses"])
    assert upload["with"]["sarif_file"] == action["with"]["sarif-file"]


def test_readme_documents_every_input_and_output() -> None:
    metadata = yaml.safe_load((ROOT / "action.yml").read_text())
    readme_section = "\n".join(code_blocks("GitHub Action", "yaml"))
    del readme_section
    text = (ROOT / "README.md").read_text()
    for name in metadata["inputs"]:
        assert f"| `{name}` |" in text or f"`{name}` /" in text or f"/ `{name}` |" in text
    assert set(metadata["outputs"]) == {"findings", "sarif-file"}
    assert metadata["inputs"]["fail-on"]["default"] == "error"
    assert metadata["inputs"]["paths"]["default"] == "."
    assert metadata["inputs"]["annotations"]["default"] == "true"


def _substitute(text: str, inputs: dict[str, str], action_path: Path) -> str:
    """Evaluate `${{ inputs.x }}` and `${{ github.action_path }}` as the runner does."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression == "github.action_path":
            return str(action_path)
        if expression.startswith("inputs."):
            return inputs[expression[len("inputs.") :]]
        raise AssertionError(f"expression the test runner does not know: {expression}")

    return _EXPRESSION.sub(value, text)


class ActionRun:
    """One run of the action's steps: exit status, log, summary, outputs."""

    def __init__(self, status: int, log: str, summary: str, outputs: dict[str, str]) -> None:
        self.status = status
        self.log = log
        self.summary = summary
        self.outputs = outputs


def run_action(
    action_path: Path,
    workspace: Path,
    runner_temp: Path,
    given: dict[str, str],
    event: Optional[dict[str, str]] = None,
) -> ActionRun:
    """Run every `run:` step of action.yml like GitHub's runner runs a composite action."""
    metadata: dict[str, Any] = yaml.safe_load((action_path / "action.yml").read_text())
    inputs = {name: spec.get("default", "") for name, spec in metadata["inputs"].items()}
    inputs.update(given)
    summary = runner_temp / "step_summary.md"
    output = runner_temp / "github_output"
    summary.write_text("")
    output.write_text("")
    skip = ("INPUT_", "VIRTUAL_ENV", "GITHUB_")  # the runner's own, when these tests run in one
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    base_env.update(event or {})
    base_env.update(
        {
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_ACTION_PATH": str(action_path),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "RUNNER_TEMP": str(runner_temp),
        }
    )
    # Composite actions get no INPUT_* variables from GitHub: a step sees an input only
    # through its own `env:` (below), so an unwired input stays unseen here too.
    log = []
    status = 0
    step_outputs: dict[str, dict[str, str]] = {}
    for number, step in enumerate(metadata["runs"]["steps"]):
        assert "run" in step and step["shell"] == "bash", step
        env = dict(base_env)
        for key, raw in (step.get("env") or {}).items():
            env[key] = _substitute(str(raw), inputs, action_path)
        script = runner_temp / f"step{number}.sh"
        script.write_text(_substitute(step["run"], inputs, action_path))
        output.write_text("")
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        log.append(proc.stdout + proc.stderr)
        step_outputs[step.get("id", str(number))] = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )
        status = proc.returncode
        if status:
            break
    outputs = {}
    for name, spec in metadata["outputs"].items():
        match = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", spec["value"])
        assert match, spec["value"]
        outputs[name] = step_outputs.get(match.group(1), {}).get(match.group(2), "")
    return ActionRun(status, "".join(log), summary.read_text(), outputs)


SAMPLE = {
    ".condarc": "channels:\n  - defaults\nssl_verify: false\n",
    "requirements.txt": (
        "--index-url http://pypi.corp.example/simple\n--trusted-host pypi.corp.example\nflask\n"
    ),
    "Dockerfile": "FROM python:3.12\nRUN pip install -r requirements.txt\n",
}


@pytest.fixture(scope="module")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return copy_project(tmp_path_factory.mktemp("action"))


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runner-temp")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    for name, text in SAMPLE.items():
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.slow
def test_action_annotates_summarises_and_fails_on_errors(
    action_path: Path, workspace: Path, runner_temp: Path
) -> None:
    run = run_action(action_path, workspace, runner_temp, {"sarif-file": "reports/sslint.sarif"})
    assert run.status == 1, run.log
    annotations = [line for line in run.log.splitlines() if line.startswith("::")]
    annotations = [a for a in annotations if not a.startswith(("::group::", "::endgroup::"))]
    assert annotations == [
        "::error file=.condarc,line=3,endLine=3,col=1,endColumn=11,"
        "title=SSL103 conda-ssl-verify-disabled::" + annotations[0].split("::", 2)[2],
        *annotations[1:],
    ]
    assert [a.split(" ", 1)[0] for a in annotations] == ["::error", "::warning", "::error"]
    assert "file=requirements.txt,line=1," in annotations[1]
    assert "title=SSL102 plaintext-index-url::" in annotations[1]
    assert "file=requirements.txt,line=2," in annotations[2]
    assert "title=SSL101 pip-trusted-host::" in annotations[2]
    assert "Found 3 findings (2 errors, 1 warning, 0 notes) in 3 files." in run.summary
    assert "GitHub shows at most 10 error and 10 warning annotations per step" in run.summary
    assert run.summary.count("\n| SSL") == 3
    assert run.outputs == {"findings": "3", "sarif-file": "reports/sslint.sarif"}
    sarif = (workspace / "reports" / "sslint.sarif").read_text()
    data = assert_valid_sarif(sarif, runner_temp, "action")
    assert len(data["runs"][0]["results"]) == 3


@pytest.mark.slow
def test_action_fail_on_select_paths_and_plain_log(
    action_path: Path, workspace: Path, runner_temp: Path
) -> None:
    run = run_action(
        action_path,
        workspace,
        runner_temp,
        {
            "select": "SSL102",
            "fail-on": "error",
            "annotations": "false",
            "paths": "requirements.txt\nDockerfile",
        },
    )
    assert run.status == 0, run.log
    assert "requirements.txt:1:13: SSL102 [warning]" in run.log
    assert not [line for line in run.log.splitlines() if line.startswith(("::error", "::warning"))]
    assert run.outputs == {"findings": "1", "sarif-file": ""}
    assert "in 2 files." in run.summary
    run = run_action(
        action_path, workspace, runner_temp, {"select": "SSL102", "fail-on": "warning"}
    )
    assert run.status == 1
    run = run_action(action_path, workspace, runner_temp, {"fail-on": "never"})
    assert run.status == 0
    assert run.outputs["findings"] == "3"


@pytest.mark.slow
def test_action_rejects_bad_inputs(action_path: Path, workspace: Path, runner_temp: Path) -> None:
    run = run_action(action_path, workspace, runner_temp, {"fail-on": "sometimes"})
    assert run.status == 2
    assert "::error title=sslint action::fail-on must be error, warning, note or never" in run.log
    run = run_action(action_path, workspace, runner_temp, {"version-check": "0.0.0-not-this"})
    assert run.status == 2
    assert "version-check: expected sslint 0.0.0-not-this" in run.log
    run = run_action(action_path, workspace, runner_temp, {"select": "SSL999"})
    assert run.status == 2
    assert "is not a rule ID or prefix" in run.log
    assert json.dumps(run.outputs) == '{"findings": "", "sarif-file": ""}'


def test_every_input_is_wired_to_the_step_that_reads_it() -> None:
    """Each input reaches the run script: a step's `env:` maps it and the script reads it."""
    metadata = yaml.safe_load((ROOT / "action.yml").read_text())
    wired: dict[str, str] = {}
    for step in metadata["runs"]["steps"]:
        for variable, raw in (step.get("env") or {}).items():
            match = _EXPRESSION.fullmatch(str(raw))
            if match and match.group(1).startswith("inputs."):
                wired[match.group(1)[len("inputs.") :]] = variable
    assert sorted(wired) == sorted(metadata["inputs"])
    script = (ROOT / "action" / "run.sh").read_text()
    for name, variable in wired.items():
        assert re.search(rf"\$\{{?{variable}\b", script), (name, variable)


@pytest.mark.slow
def test_action_config_and_ignore_inputs_reach_sslint(
    action_path: Path, workspace: Path, runner_temp: Path
) -> None:
    (workspace / "ci").mkdir()
    (workspace / "ci" / "sslint.toml").write_text('ignore = ["SSL102"]\n')
    run = run_action(
        action_path,
        workspace,
        runner_temp,
        {"config": "ci/sslint.toml", "ignore": "SSL103", "annotations": "false"},
    )
    assert run.status == 1, run.log
    # SSL102 is ignored by the config file, SSL103 by the input: SSL101 is left.
    assert run.outputs["findings"] == "1", run.log
    assert "requirements.txt:2:1: SSL101 [error]" in run.log


def test_readme_gate_workflow_matches_githubs_schema(tmp_path: Path) -> None:
    (workflow,) = code_blocks("Using sslint as a gate on untrusted pull requests", "yaml")
    path = tmp_path / "gate.yml"
    path.write_text(workflow)
    proc = _check_jsonschema("vendor.github-workflows", path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    steps = yaml.safe_load(workflow)["jobs"]["sslint"]["steps"]
    gate = next(step for step in steps if step["uses"].startswith("sslint/sslint@"))
    metadata = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(gate["with"]) <= set(metadata["inputs"])
    assert gate["with"]["config-from-base"] is True
    assert gate["with"]["inline-ignores"] is False


def _git(workspace: Path, *args: str) -> str:
    identity = ["-c", "user.name=Reviewer", "-c", "user.email=reviewer@example.com"]
    proc = subprocess.run(
        ["git", *identity, *args], cwd=workspace, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A repository of two commits: the base, and a change that adds a finding and hides it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "requirements.txt").write_text("flask\n")
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.sslint]\nselect = ["SSL"]\n'
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    (repo / "requirements.txt").write_text("--trusted-host pypi.corp.example\nflask\n")
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.sslint]\nselect = ["SSL"]\nignore = ["SSL101"]\n'
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the change under review")
    return repo, base


@pytest.mark.slow
def test_action_reads_the_configuration_from_the_base_commit(
    action_path: Path, pull_request: tuple[Path, str], runner_temp: Path
) -> None:
    repo, base = pull_request
    run = run_action(action_path, repo, runner_temp, {})
    assert run.status == 0, run.log  # the change's own configuration hides its finding
    assert "sslint configuration: the nearest sslint.toml" in run.log
    run = run_action(action_path, repo, runner_temp, {"config-from-base": "true", "base-ref": base})
    assert run.status == 1, run.log
    assert f"sslint configuration: pyproject.toml from the base commit {base[:12]}" in run.log
    assert "file=requirements.txt,line=1,endLine=1,col=1,endColumn=15," in run.log
    assert "title=SSL101 pip-trusted-host::" in run.log
    assert f"Configuration: pyproject.toml from the base commit {base[:12]}." in run.summary
    assert "| ignore | SSL101 |" not in run.summary
    assert run.outputs["findings"] == "1"
    run = run_action(action_path, repo, runner_temp, {})
    assert (
        "Read from: pyproject.toml.\n\n| Setting | Hides |\n|---|---|\n| ignore | SSL101 |\n"
        in run.summary
    )
    assert "Added by this change" not in run.summary  # no base: nothing to compare with
    # With the base known (diff-base), the reviewer is told the change added the `ignore`.
    run = run_action(action_path, repo, runner_temp, {"diff-base": base})
    assert run.status == 0, run.log
    assert (
        f"### Added by this change (since {base[:12]}): hides findings\n\n"
        "| Added | Where | Hides |\n|---|---|---|\n"
        "| setting ignore | pyproject.toml | SSL101 |\n"
    ) in run.summary
    assert "pyproject.toml: this change adds the setting ignore = SSL101" in run.log
    run = run_action(
        action_path, repo, runner_temp, {"config-from-base": "true", "base-ref": "no-such-ref"}
    )
    assert run.status == 2
    # No such commit here, and no remote to fetch it from.
    assert "::error title=sslint action::config-from-base: cannot fetch the base commit" in run.log


@pytest.mark.slow
def test_action_base_without_configuration_uses_the_defaults(
    action_path: Path, pull_request: tuple[Path, str], runner_temp: Path
) -> None:
    repo, _ = pull_request
    _git(repo, "rm", "-q", "--cached", "pyproject.toml")
    _git(repo, "commit", "-q", "-m", "no configuration")
    (repo / "Dockerfile").write_text(
        "FROM python:3.12\n"
        "RUN pip install --trusted-host pypi.corp.example flask  # sslint: ignore[SSL101]\n"
    )
    _git(repo, "add", "Dockerfile")
    _git(repo, "commit", "-q", "-m", "suppressed")
    base = _git(repo, "rev-parse", "HEAD~1")
    inputs = {"config-from-base": "true", "base-ref": base, "annotations": "false"}
    run = run_action(action_path, repo, runner_temp, inputs)
    assert run.status == 1, run.log  # requirements.txt's finding: no configuration hides it
    assert f"none: the base commit {base[:12]} has none (defaults)" in run.log
    assert "1 finding suppressed by in-file comments" in run.summary
    assert "| SSL101 | Dockerfile:2:17 | sslint: ignore\\[SSL101\\] |" in run.summary
    run = run_action(action_path, repo, runner_temp, {**inputs, "inline-ignores": "false"})
    assert "Dockerfile:2:17: SSL101 [error]" in run.log
    assert run.outputs["findings"] == "2"


@pytest.mark.slow
def test_action_fails_closed_on_missing_paths_and_incomplete_scans(
    action_path: Path, workspace: Path, runner_temp: Path
) -> None:
    run = run_action(action_path, workspace, runner_temp, {"paths": "requirements.txt\nreqs/"})
    assert run.status == 2
    assert "sslint: error: reqs/: No such file or directory" in run.log
    assert "::error title=sslint::sslint exited with status 2" in run.log
    assert run.outputs == {"findings": "", "sarif-file": ""}
    body = [f'r{i} = requests.get("https://h/{i}", verify=False)' for i in range(2000)]
    (workspace / "big.py").write_text("import requests\n" + "\n".join(body) + "\n")
    (workspace / "sslint.toml").write_text("file-timeout = 0.001\n")
    run = run_action(action_path, workspace, runner_temp, {"paths": "big.py"})
    assert run.status == 3, run.log
    assert "::error file=big.py,title=sslint scan incomplete::big.py: took longer" in run.log
    assert "Scan incomplete: 1 file not fully analysed." in run.summary
    assert "### Not fully analysed" in run.summary
    assert run.outputs["findings"] == "2000"
    run = run_action(
        action_path, workspace, runner_temp, {"paths": "big.py", "allow-incomplete": "true"}
    )
    assert run.status == 1
    run = run_action(action_path, workspace, runner_temp, {"allow-empty": "maybe"})
    assert run.status == 2
    assert "::error title=sslint action::allow-empty must be true or false, not 'maybe'" in run.log


def _git_run(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@corp.example")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@corp.example")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.slow
def test_pull_request_reports_only_changed_lines_and_full_sarif(
    action_path: Path, workspace: Path, runner_temp: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _git_run(workspace, "init", "-q", "-b", "main")
    _git_run(workspace, "add", "-A")
    _git_run(workspace, "commit", "-q", "-m", "base")
    base = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True, text=True, check=True
    ).stdout.strip()
    (workspace / "Dockerfile").write_text(
        "FROM python:3.12\nRUN pip install -r requirements.txt\nRUN curl -k https://x.example\n"
    )
    _git_run(workspace, "commit", "-q", "-am", "change")
    event_file = tmp_path_factory.mktemp("event") / "event.json"
    event_file.write_text(json.dumps({"pull_request": {"base": {"sha": base}}}))
    event = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event_file)}
    run = run_action(action_path, workspace, runner_temp, {"sarif-file": "sslint.sarif"}, event)
    assert run.status == 1, run.log
    annotations = [line for line in run.log.splitlines() if line.startswith(("::error", "::warn"))]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=Dockerfile,line=3,endLine=3,col=10,")
    assert f"reporting findings on lines changed since {base}" in run.log
    assert run.outputs["findings"] == "1"
    sarif = json.loads((workspace / "sslint.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 4  # code scanning sees every finding

    none = run_action(action_path, workspace, runner_temp, {"diff-base": "none"}, event)
    assert none.outputs["findings"] == "4"
