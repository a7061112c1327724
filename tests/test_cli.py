"""The command line: paths, formats, options, exit codes, subcommands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _click import cli_runner
from _report_support import fake_rules  # noqa: F401 - fixture
from _sarif_check import assert_valid_sarif

from sslint import __version__
from sslint.cli import main

pytestmark = pytest.mark.usefixtures("fake_rules")


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nRUN tool --danger-error x\n")
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "build.sh").write_text("#!/bin/sh\ntool --danger-warning\n")
    (tmp_path / "clean.sh").write_text("#!/bin/sh\necho fine\n")
    (tmp_path / "sslint.toml").write_text("")
    return tmp_path


def _run(tmp_path: Path, *args: str, stdin: str = ""):
    runner = cli_runner()
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_default_scan_of_current_directory(tmp_path: Path) -> None:
    result = _run(_repo(tmp_path))
    assert result.exit_code == 1
    assert "Dockerfile:2:10: SSL991 [error] `--danger-error` switches checks off" in result.stdout
    assert "ci/build.sh:2:6: SSL992 [warning]" in result.stdout
    # Four files: the Dockerfile, two scripts and sslint.toml (TOML of no known format).
    assert result.stdout.endswith("Found 2 findings (1 error, 1 warning, 0 notes) in 4 files.\n")


def test_explicit_paths_and_clean_exit(tmp_path: Path) -> None:
    _repo(tmp_path)
    result = _run(tmp_path, "clean.sh")
    assert result.exit_code == 0
    assert result.stdout == "No findings in 1 file.\n"
    result = _run(tmp_path, "Dockerfile", "ci")
    assert result.exit_code == 1
    assert "in 2 files." in result.stdout


def test_json_format_and_output_file(tmp_path: Path) -> None:
    _repo(tmp_path)
    result = _run(tmp_path, "--format", "json", "-o", "out/findings.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    items = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert [(i["rule"], i["path"], i["line"], i["column"], i["end_column"]) for i in items] == [
        ("SSL991", "Dockerfile", 2, 10, 24),
        ("SSL992", "ci/build.sh", 2, 6, 22),
    ]
    assert set(items[0]) == {
        "rule",
        "name",
        "level",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "precision",
        "fix",
        "fingerprint",
    }
    # A certificate rule's fix ends with the way to find the proxy's CA.
    assert items[0]["fix"] == (
        "Remove the switch. Not sure which CA the proxy uses? `sslint doctor` finds it, checks "
        "it against every trust store the tools use, and `sslint doctor --write-bundle PATH` "
        "writes the bundle."
    )


def test_sarif_format_to_stdout(tmp_path: Path) -> None:
    _repo(tmp_path)
    result = _run(tmp_path, "--format", "sarif")
    data = assert_valid_sarif(result.stdout, tmp_path)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in data["runs"][0]["results"]
    ]
    assert uris == ["Dockerfile", "ci/build.sh"]
    assert "SSL991" in [r["id"] for r in data["runs"][0]["tool"]["driver"]["rules"]]


def test_select_and_ignore(tmp_path: Path) -> None:
    _repo(tmp_path)
    result = _run(tmp_path, "--select", "SSL992", "--format", "json")
    assert [i["rule"] for i in json.loads(result.stdout)] == ["SSL992"]
    result = _run(tmp_path, "--ignore", "ssl991,SSL993", "--format", "json")
    assert [i["rule"] for i in json.loads(result.stdout)] == ["SSL992"]
    result = _run(tmp_path, "--select", "SSL99", "--ignore", "SSL992", "--format", "json")
    assert [i["rule"] for i in json.loads(result.stdout)] == ["SSL991"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_is_a_usage_error(tmp_path: Path, option: str) -> None:
    result = _run(_repo(tmp_path), option, "SSL991,BOGUS7")
    assert result.exit_code == 2
    assert "sslint: error: --" in result.stderr
    assert "'BOGUS7' is not a rule ID or prefix" in result.stderr


def test_configuration_error_exits_2(tmp_path: Path) -> None:
    _repo(tmp_path)
    (tmp_path / "sslint.toml").write_text("selekt = ['SSL1']\n")
    result = _run(tmp_path)
    assert result.exit_code == 2
    assert "sslint.toml: selekt: unknown key" in result.stderr


def test_exit_zero_and_fail_on(tmp_path: Path) -> None:
    _repo(tmp_path)
    assert _run(tmp_path, "--exit-zero").exit_code == 0
    assert _run(tmp_path, "--fail-on", "error").exit_code == 1
    assert _run(tmp_path, "ci", "--fail-on", "error").exit_code == 0
    assert _run(tmp_path, "ci", "--fail-on", "warning").exit_code == 1
    (tmp_path / "n.sh").write_text("#!/bin/sh\ntool --danger-note\n")
    assert _run(tmp_path, "n.sh").exit_code == 1
    assert _run(tmp_path, "n.sh", "--fail-on", "warning").exit_code == 0


def test_binary_file_is_a_notice_and_a_missing_path_an_error(tmp_path: Path) -> None:
    _repo(tmp_path)
    (tmp_path / "bin.sh").write_bytes(b"#!/bin/sh\n\x00\x00--danger-error")
    result = _run(tmp_path, "clean.sh", "bin.sh")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert "sslint: warning: bin.sh: binary content (NUL bytes); skipped" in lines
    result = _run(tmp_path, "clean.sh", "bin.sh", "missing.sh")
    assert result.exit_code == 2
    assert result.stderr == "sslint: error: missing.sh: No such file or directory\n"
    assert result.stdout == ""


def test_quiet_and_statistics(tmp_path: Path) -> None:
    _repo(tmp_path)
    (tmp_path / "more.sh").write_text("#!/bin/sh\ntool --danger-error\ntool --danger-error\n")
    result = _run(tmp_path, "--quiet")
    assert "Found" not in result.stdout
    assert result.stdout.count("SSL991 [error]") == 3
    result = _run(tmp_path, "--statistics")
    assert result.stdout == (
        "    3\tSSL991\t[error] danger-error\n    1\tSSL992\t[warning] danger-warning\n"
    )
    result = _run(tmp_path, "--statistics", "--format", "json")
    assert len(json.loads(result.stdout)) == 4
    assert "3\tSSL991" in result.stderr


def test_no_color_when_not_a_terminal_or_asked(tmp_path: Path) -> None:
    _repo(tmp_path)
    assert "\x1b" not in _run(tmp_path).stdout


def test_stdin_filename(tmp_path: Path) -> None:
    _repo(tmp_path)
    text = "FROM x\n\nRUN tool --danger-error\n"
    result = _run(tmp_path, "--stdin-filename", "sub/Dockerfile", "-", stdin=text)
    assert result.exit_code == 1
    assert "sub/Dockerfile:3:10: SSL991 [error]" in result.stdout
    assert "3 | RUN tool --danger-error" in result.stdout
    result = _run(tmp_path, "--stdin-filename", "sub/Dockerfile", "--format", "sarif", stdin=text)
    region = assert_valid_sarif(result.stdout, tmp_path)["runs"][0]["results"][0]["locations"][0]
    assert region["physicalLocation"]["region"]["startLine"] == 3
    assert (
        "primaryLocationLineHash"
        in json.loads(result.stdout)["runs"][0]["results"][0]["partialFingerprints"]
    )


def test_stdin_with_force_exclude_skips_excluded_names(tmp_path: Path) -> None:
    _repo(tmp_path)
    (tmp_path / "sslint.toml").write_text('extend-exclude = ["vendor/"]\n')
    text = "RUN tool --danger-error\n"
    args = ("--stdin-filename", "vendor/Dockerfile", "--force-exclude", "-")
    assert _run(tmp_path, *args, stdin=text).exit_code == 2
    result = _run(tmp_path, *args, "--allow-empty", stdin=text)
    assert result.exit_code == 0
    assert "No findings in 0 files." in result.stdout


def test_force_exclude_applies_to_named_files(tmp_path: Path) -> None:
    _repo(tmp_path)
    (tmp_path / "sslint.toml").write_text('extend-exclude = ["ci/"]\n')
    assert _run(tmp_path, "ci/build.sh").exit_code == 1
    assert _run(tmp_path, "ci/build.sh", "--force-exclude").exit_code == 2
    assert _run(tmp_path, "ci/build.sh", "--force-exclude", "--allow-empty").exit_code == 0


def test_usage_errors(tmp_path: Path) -> None:
    _repo(tmp_path)
    assert _run(tmp_path, "-", "Dockerfile").exit_code == 2
    assert _run(tmp_path, "--format", "xml").exit_code == 2
    assert _run(tmp_path, "--report", "pdf:x.pdf").exit_code == 2


def test_extra_reports(tmp_path: Path) -> None:
    _repo(tmp_path)
    result = _run(tmp_path, "--report", "sarif:r/out.sarif", "--report", "markdown:r/sum.md")
    assert result.exit_code == 1
    assert "SSL991 [error]" in result.stdout
    assert json.loads((tmp_path / "r/out.sarif").read_text())["version"] == "2.1.0"
    assert "| SSL991 danger-error |" in (tmp_path / "r/sum.md").read_text()


def test_version_and_help(tmp_path: Path) -> None:
    result = _run(tmp_path, "--version")
    assert result.stdout == f"sslint {__version__}\n"
    result = _run(tmp_path, "--help")
    assert result.exit_code == 0
    assert "Usage: sslint [check] [OPTIONS] [PATHS]..." in result.stdout
    assert "sslint explain SSL101" in result.stdout
    assert "--fail-on" in result.stdout


def test_a_folder_named_like_a_command_can_be_scanned(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.sh").write_text("#!/bin/sh\ntool --danger-error\n")
    assert _run(tmp_path, "./rules").exit_code == 1
    assert _run(tmp_path, "check", "rules").exit_code == 1
    listing = _run(tmp_path, "rules")
    assert listing.exit_code == 0
    assert "SSL991" in listing.stdout


def test_rules_command(tmp_path: Path) -> None:
    text = _run(tmp_path, "rules").stdout
    assert text.splitlines()[0].split() == ["ID", "LEVEL", "SEV", "NAME", "SUMMARY"]
    row = next(line for line in text.splitlines() if line.startswith("SSL992"))
    assert row.split() == [
        "SSL992",
        "warning",
        "5.0",
        "danger-warning",
        *["A", "dangerous", "warning", "switch."],
    ]
    data = json.loads(_run(tmp_path, "rules", "--format", "json").stdout)
    fake = {item["id"]: item for item in data}
    assert fake["SSL991"]["name"] == "danger-error"
    assert fake["SSL991"]["references"] == ["https://docs.example/danger"]
    markdown = _run(tmp_path, "rules", "--format", "markdown").stdout
    assert "| SSL993 | [danger-note](#ssl993-danger-note) | note | 2.0 |" in markdown


def test_explain_command(tmp_path: Path) -> None:
    result = _run(tmp_path, "explain", "ssl991")
    assert result.exit_code == 0
    for part in (
        "SSL991 danger-error",
        "Why it matters:",
        "Example:",
        "What to do instead:",
        "References:",
        "RUN tool --danger-error",
    ):
        assert part in result.stdout
    markdown = _run(tmp_path, "explain", "SSL991", "--format", "markdown").stdout
    assert markdown.startswith("# SSL991: danger-error\n")
    assert "```\nRUN tool --danger-error\n```" in markdown
    unknown = _run(tmp_path, "explain", "SSL000")
    assert unknown.exit_code == 2
    assert "unknown rule 'SSL000'" in unknown.stderr


def test_paths_for_github_and_gitlab_are_relative_to_the_working_directory(
    tmp_path: Path,
) -> None:
    sub = tmp_path / "backend"
    sub.mkdir()
    (sub / "sslint.toml").write_text("")
    (sub / "Dockerfile").write_text("FROM x\nRUN tool --danger-error\n")
    github = _run(tmp_path, "--format", "github", "backend").stdout
    assert github.startswith("::error file=backend/Dockerfile,line=2,")
    gitlab = json.loads(_run(tmp_path, "--format", "gitlab", "backend").stdout)
    assert gitlab[0]["location"]["path"] == "backend/Dockerfile"
    sarif = json.loads(_run(tmp_path, "--format", "sarif", "backend").stdout)["runs"][0]
    location = sarif["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert sarif["originalUriBaseIds"]["%SRCROOT%"]["uri"] == sub.resolve().as_uri() + "/"


def test_more_results_than_github_keeps_is_announced(tmp_path: Path) -> None:
    (tmp_path / "many.sh").write_text("#!/bin/sh\n" + "tool --danger-note\n" * 5001)
    result = _run(tmp_path, "--format", "sarif", "-o", "out.sarif")
    assert result.exit_code == 1
    assert (
        "sslint: warning: 5001 results: GitHub code scanning accepts at most 5000 results"
        in result.stderr
    )
    assert "accepts at most" not in _run(tmp_path, "--format", "json").stderr


def test_an_internal_error_is_exit_2_not_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sslint.report.text

    def broken(report: object) -> str:
        raise ValueError("boom")

    monkeypatch.setattr(sslint.report.text, "render", broken)
    result = cli_runner().invoke(main, [str(_repo(tmp_path))])
    assert result.exit_code == 2
    assert "sslint: error: internal error: ValueError: boom (please report this)" in result.stderr


def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("--trusted-host pypi.org\n" * 3000)
    # 3,000 findings fill more than a pipe's buffer: the write after `head` exits fails.
    proc = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" -m sslint . | head -c 1', sys.executable],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout == "r"
    assert proc.returncode == 141  # EXIT_BROKEN_PIPE, as the README's table says
    assert "Traceback" not in proc.stderr
    assert "Broken pipe" not in proc.stderr


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sslint", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout == f"sslint {__version__}\n"


def _loaded_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from sslint.cli import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    loaded = {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    return proc, loaded


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rules", "--format", "json"]])
def test_light_commands_do_not_import_parsers(args: list[str]) -> None:
    proc, loaded = _loaded_modules(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "click" in loaded
    for heavy in ("tree_sitter", "tree_sitter_bash", "yaml", "sslint.report.sarif"):
        assert heavy not in loaded


def test_explain_does_not_import_parsers() -> None:
    rules = json.loads(_loaded_modules("rules", "--format", "json")[0].stdout)
    rule_id = rules[0]["id"] if rules else "SSL101"
    proc, loaded = _loaded_modules("explain", rule_id)
    assert proc.returncode == (0 if rules else 2)
    for heavy in ("tree_sitter", "tree_sitter_bash", "yaml", "sslint.report.sarif"):
        assert heavy not in loaded
