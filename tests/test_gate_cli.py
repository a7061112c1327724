"""A gate that fails closed, through the real command line: paths that are not there,
empty scans, files not fully analysed, suppressed findings, configuration in the tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from _click import cli_runner
from _sarif_check import assert_valid_sarif
from click.testing import Result

from sslint.cli import main

SSLINT = [sys.executable, "-m", "sslint"]
REQUIREMENTS = (
    "--index-url https://pypi.corp.example/simple\n"
    "--trusted-host pypi.corp.example  "
    "# sslint: ignore[SSL101] vendored mirror, TLS ends at the proxy\n"
    "flask\n"
)
TRUSTED = "requirements.txt:2:1: SSL101 [error] pip trusts pypi.corp.example (--trusted-host)"


def _run(cwd: Path, *args: str) -> Result:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return cli_runner().invoke(main, ["--no-cache", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def _padded_python(lines: int) -> str:
    body = [f'r{i} = requests.get("https://example.com/{i}", verify=False)' for i in range(lines)]
    return "import requests\n\n" + "\n".join(body) + "\n"


# -- paths that are not there, scans that read nothing --------------------------


def test_a_path_that_is_not_there_exits_2_with_its_name(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*SSLINT, "does-not-exist/"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr == "sslint: error: does-not-exist/: No such file or directory\n"
    assert proc.stdout == ""


def test_every_missing_path_is_named_and_nothing_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("--trusted-host h\n")
    result = _run(tmp_path, "requirements.txt", "gone.sh", "ci/")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "sslint: error: gone.sh: No such file or directory",
        "sslint: error: ci/: No such file or directory",
    ]
    assert result.stdout == ""


BROKEN = "sslint: warning: install.sh: broken link: its target does not exist; skipped"


def test_a_broken_link_named_is_there_and_named_as_broken(tmp_path: Path) -> None:
    # The pre-commit case: a commit holds a link whose target is gone. The link is a file
    # that exists; it has nothing to read, so it is a warning, as in a folder walk.
    os.symlink("missing/setup.sh", tmp_path / "install.sh")
    (tmp_path / "requirements.txt").write_text("--trusted-host h\n")
    result = _run(tmp_path, "install.sh", "requirements.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [BROKEN]
    assert "requirements.txt:1:1: SSL101 [error] pip trusts h (--trusted-host)" in result.stdout
    alone = _run(tmp_path, "--allow-empty", "install.sh")
    assert (alone.exit_code, alone.stderr.splitlines()) == (0, [BROKEN])


def test_a_broken_link_alone_is_an_empty_scan(tmp_path: Path) -> None:
    os.symlink("missing/setup.sh", tmp_path / "install.sh")
    result = _run(tmp_path, "install.sh")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        BROKEN,
        "sslint: error: no file scanned: nothing sslint reads is under the paths given "
        "(--allow-empty: accept)",
    ]


def test_files_there_but_not_analysed_are_incomplete_not_empty(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\n" + "RUN true\n" * 100)
    (tmp_path / "sslint.toml").write_text("max-file-size = 100\n")
    result = _run(tmp_path, "Dockerfile")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "sslint: error: Dockerfile: larger than max-file-size (917 > 100 bytes); skipped"
    )


def test_a_scan_that_reads_no_file_is_an_error_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("pip install --trusted-host h flask\n")
    result = _run(tmp_path, ".")
    assert result.exit_code == 2
    assert result.stderr == (
        "sslint: error: no file scanned: nothing sslint reads is under the paths given "
        "(--allow-empty: accept)\n"
    )
    result = _run(tmp_path, ".", "--allow-empty")
    assert result.exit_code == 0
    assert result.stdout == "No findings in 0 files.\n"


def test_an_exclude_everything_configuration_cannot_make_a_pass(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("--trusted-host pypi.corp.example\n")
    (tmp_path / "pyproject.toml").write_text('[tool.sslint]\nexclude = ["**"]\n')
    assert _run(tmp_path).exit_code == 2
    result = _run(tmp_path, "--isolated")
    assert result.exit_code == 1
    assert result.stdout.startswith("requirements.txt:1:1: SSL101 [error]")


# -- files not fully analysed ---------------------------------------------------


def test_a_padded_file_past_its_budget_exits_3_and_keeps_its_token_findings(
    tmp_path: Path,
) -> None:
    (tmp_path / "big.py").write_text(_padded_python(3000))
    (tmp_path / "sslint.toml").write_text("file-timeout = 0.001\n")
    result = _run(tmp_path, "-q", "big.py")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "sslint: error: big.py: took longer than file-timeout (0.001 s); "
        "only token-level checks ran",
        "sslint: error: scan incomplete: 1 file not fully analysed (listed above); "
        "exit status 3 (--allow-incomplete accepts this)",
    ]
    headlines = [line for line in result.stdout.splitlines() if line.startswith("big.py:")]
    assert len(headlines) == 3000
    assert headlines[0] == (
        "big.py:3:44: SSL301 [error] verify=False on what looks like an HTTP client call "
        "(the file ran out of its time budget, so this is a token match): probably "
        "certificate verification off"
    )
    assert headlines[-1].startswith("big.py:3002:50: SSL301 [error]")
    # --exit-zero is about findings: an incomplete scan still fails.
    assert _run(tmp_path, "-q", "big.py", "--exit-zero").exit_code == 3
    accepted = _run(tmp_path, "-q", "big.py", "--allow-incomplete")
    assert accepted.exit_code == 1
    assert accepted.stderr.splitlines()[-1] == (
        "sslint: warning: scan incomplete: 1 file not fully analysed (accepted: --allow-incomplete)"
    )
    assert _run(tmp_path, "big.py", "--allow-incomplete", "--exit-zero").exit_code == 0


def test_a_small_file_within_its_budget_is_complete(tmp_path: Path) -> None:
    (tmp_path / "small.py").write_text(_padded_python(2))
    result = _run(tmp_path, "small.py")
    assert result.exit_code == 1
    assert "Scan incomplete" not in result.stdout
    assert "small.py:3:44: SSL301 [error] " in result.stdout
    assert "token match" not in result.stdout


def test_the_incomplete_scan_in_sarif_github_and_the_summary(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text(_padded_python(200))
    (tmp_path / "huge.sh").write_text("#!/bin/sh\n" + "echo padding\n" * 2000)
    (tmp_path / "sslint.toml").write_text("file-timeout = 0.001\nmax-file-size = 20000\n")
    result = _run(tmp_path, "--format", "sarif", "-o", "out.sarif", "big.py", "huge.sh")
    assert result.exit_code == 3
    data = assert_valid_sarif((tmp_path / "out.sarif").read_text(), tmp_path)
    (invocation,) = data["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = [(n["level"], n["message"]["text"]) for n in invocation["toolExecutionNotifications"]]
    assert notes == [
        ("error", "big.py: took longer than file-timeout (0.001 s); only token-level checks ran"),
        ("error", "huge.sh: larger than max-file-size (26010 > 20000 bytes); skipped"),
    ]
    assert len(data["runs"][0]["results"]) == 200
    github = _run(tmp_path, "--format", "github", "big.py", "huge.sh").stdout.splitlines()
    assert github[-1] == (
        "::error file=huge.sh,title=sslint scan incomplete::"
        "huge.sh: larger than max-file-size (26010 > 20000 bytes); skipped"
    )
    text = _run(tmp_path, "big.py", "huge.sh").stdout.splitlines()[-1]
    assert text == (
        "Found 200 findings (200 errors, 0 warnings, 0 notes) in 1 file. "
        "Scan incomplete: 2 files not fully analysed."
    )
    gitlab = json.loads(_run(tmp_path, "--format", "gitlab", "big.py", "huge.sh").stdout)
    assert len(gitlab) == 202
    incomplete = [issue for issue in gitlab if issue["check_name"] == "sslint scan incomplete"]
    assert [(i["location"]["path"], i["severity"]) for i in incomplete] == [
        ("big.py", "critical"),
        ("huge.sh", "critical"),
    ]
    assert incomplete[1]["description"] == (
        "not fully analysed: huge.sh: larger than max-file-size (26010 > 20000 bytes); skipped"
    )
    assert len({issue["fingerprint"] for issue in gitlab}) == 202
    markdown = _run(tmp_path, "--format", "markdown", "big.py", "huge.sh").stdout
    assert "| huge.sh | larger than max-file-size (26010 \\> 20000 bytes); skipped |" in markdown


# -- suppressions ---------------------------------------------------------------


def test_a_suppressed_finding_is_counted_not_listed_and_passes(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    result = _run(tmp_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "No findings in 1 file. "
        "1 finding suppressed by in-file comments (shown with --show-suppressed).\n"
    )


def test_show_suppressed_lists_it_with_its_comment(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    result = _run(tmp_path, "--show-suppressed")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(TRUSTED)
    assert lines[4] == (
        "  = note: suppressed by `sslint: ignore[SSL101]` on line 2: "
        "vendored mirror, TLS ends at the proxy"
    )
    assert lines[-1].endswith("1 finding suppressed by in-file comments (listed).")
    items = json.loads(_run(tmp_path, "--show-suppressed", "--format", "json").stdout)
    assert [(i["rule"], i["line"], i["column"], i["end_column"]) for i in items] == [
        ("SSL101", 2, 1, 15)
    ]
    assert items[0]["suppressed"] == {
        "comment": "sslint: ignore[SSL101]",
        "line": 2,
        "justification": "vendored mirror, TLS ends at the proxy",
    }
    assert json.loads(_run(tmp_path, "--format", "json").stdout) == []


def test_no_inline_ignores_reports_what_comments_hide(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    result = _run(tmp_path, "--no-inline-ignores")
    assert result.exit_code == 1
    assert result.stdout.startswith(TRUSTED)
    assert result.stdout.splitlines()[-1] == (
        "Found 1 finding (1 error, 0 warnings, 0 notes) in 1 file."
    )
    (tmp_path / "sslint.toml").write_text("inline-ignores = false\n")
    assert _run(tmp_path).exit_code == 1


def test_a_comment_for_another_rule_hides_nothing(tmp_path: Path) -> None:
    text = REQUIREMENTS.replace("ignore[SSL101]", "ignore[SSL102]")
    (tmp_path / "requirements.txt").write_text(text)
    result = _run(tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith(TRUSTED)
    assert "suppressed" not in result.stdout


def _sarif(tmp_path: Path, *args: str) -> dict[str, Any]:
    result = _run(tmp_path, "--format", "sarif", "-o", "out.sarif", *args)
    assert result.exit_code in (0, 1), result.stderr
    return assert_valid_sarif((tmp_path / "out.sarif").read_text(), tmp_path)


def test_sarif_keeps_suppressed_results_with_an_in_source_suppression(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    (tmp_path / "fetch.py").write_text(
        "import requests\nrequests.get(URL, verify=False)  # nosec B501\n"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.sslint]\nhonor-noqa = true\n")
    run = _sarif(tmp_path)["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True
    found = {r["ruleId"]: r for r in run["results"]}
    assert set(found) == {"SSL101", "SSL301"}
    assert found["SSL101"]["suppressions"] == [
        {
            "kind": "inSource",
            "justification": "vendored mirror, TLS ends at the proxy",
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 2},
                }
            },
        }
    ]
    (nosec,) = found["SSL301"]["suppressions"]
    assert nosec["kind"] == "inSource" and "justification" not in nosec
    region = found["SSL301"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 19)
    run = _sarif(tmp_path, "--no-inline-ignores")["runs"][0]
    assert len(run["results"]) == 2
    assert all("suppressions" not in r for r in run["results"])


# -- configuration the scanned tree cannot rewrite ------------------------------


def test_isolated_ignores_the_configuration_in_the_tree(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("--trusted-host pypi.corp.example\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sslint]\nignore = ["SSL"]\nallowed-hosts = ["*"]\n'
    )
    assert _run(tmp_path).stdout == "No findings in 2 files.\n"
    result = _run(tmp_path, "--isolated")
    assert result.exit_code == 1
    assert result.stdout.startswith("requirements.txt:1:1: SSL101 [error]")
    assert result.stdout.splitlines()[-1] == (
        "Found 1 finding (1 error, 0 warnings, 0 notes) in 2 files."
    )


def test_isolated_with_a_config_from_outside_keeps_paths_relative_to_here(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "checkout"
    tree.mkdir()
    (tree / "requirements.txt").write_text(
        "--index-url http://pypi.corp.example/simple\n--trusted-host pypi.corp.example\n"
    )
    (tree / "sslint.toml").write_text('ignore = ["SSL1"]\n')
    outside = tmp_path / "trusted" / "sslint.toml"
    outside.parent.mkdir()
    outside.write_text('ignore = ["SSL102"]\n')
    run = _sarif(tree, "--isolated", "--config", str(outside))["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["SSL101"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.resolve().as_uri() + "/"


def test_the_job_summary_says_which_configuration_hides_what(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("--trusted-host pypi.corp.example\n")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sslint]\n"
        'ignore = ["SSL102"]\n'
        'extend-exclude = ["vendor/"]\n'
        'allowed-hosts = ["mirror.corp.example"]\n'
        'per-file-ignores = { "docs/**" = ["SSL1"] }\n'
    )
    markdown = _run(tmp_path, "--format", "markdown").stdout
    assert markdown.split("### Configuration\n", 1)[1] == (
        "\n"
        "Read from: pyproject.toml.\n"
        "\n"
        "| Setting | Hides |\n"
        "|---|---|\n"
        "| ignore | SSL102 |\n"
        "| extend-exclude | vendor/ |\n"
        "| per-file-ignores | docs/\\*\\*: SSL1 |\n"
        "| allowed-hosts | mirror.corp.example |\n"
    )
    isolated = _run(tmp_path, "--isolated", "--format", "markdown").stdout
    assert isolated.endswith(
        "### Configuration\n\nRead from: none (the defaults).\n\nNo setting hides findings.\n"
    )
