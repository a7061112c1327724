"""Output safety: nothing in a scanned file or its name can drive the reviewer's terminal,
start another GitHub workflow command, or break a JSON or SARIF document."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hostile_support import (
    assert_finished,
    can_report,
    findings,
    run_sslint,
    stderr_lines,
    write_bytes,
)

from sslint.linter import kinds

# Terminal controls: CSI colour, OSC window title ended by BEL, C1 CSI, bidi override,
# cursor movement, a bare carriage return that would overwrite the line.
NASTY = "\x1b[31m\x1b]0;pwned\x07\u009b2J\u202e\x1b[1A\r\x08\x00"
NASTY_BYTES = NASTY.replace("\x00", "").encode("utf-8")
INJECT = "::error file=x,line=1::injected%0A::warning::more"

ODD_FOLDERS = [
    b"plain",
    b"with space",
    b"new\nline",
    b"cr\rlf",
    b"pct%25%0A%",
    b"colon:comma,",
    b"::error::x",
    b"esc\x1b]0;t\x07",
    b"bidi\xe2\x80\xae",
    b"c1\xc2\x9b",
    b"latin1\xe9",
    b"tab\t",
]

# A Dockerfile whose offending line itself carries escapes and a workflow command.
HOSTILE_LINE = (
    b"FROM python:3.12\n"
    b"RUN echo '" + NASTY_BYTES + INJECT.encode() + b"' && "
    b"pip install --trusted-host 'h" + NASTY_BYTES + b"::error::x%0A' x\n"
)

_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    for folder in ODD_FOLDERS:
        os.mkdir(os.path.join(os.fsencode(root), folder))
        write_bytes(root / os.fsdecode(folder), "Dockerfile", HOSTILE_LINE)
        write_bytes(root / os.fsdecode(folder), "x.py", b"\x00 binary: gets a notice")
    return root


def _expected_count() -> int:
    return len(ODD_FOLDERS) if can_report(kinds.DOCKERFILE) else 0


def test_text_report_and_notices_show_controls_escaped(tree: Path) -> None:
    proc = run_sslint(tree, fmt="text")
    assert_finished(proc)
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    for stream in (out, err):
        bad = sorted({repr(c) for c in _CONTROL_RE.findall(stream)})
        assert not bad, bad
    assert len([line for line in stderr_lines(proc) if "binary" in line]) == len(ODD_FOLDERS)
    if _expected_count():
        assert out.count("SSL101") >= _expected_count()


def _github_commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for line in out.split("\n"):
        if not line:
            continue
        match = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line, re.S)
        assert match, f"not one workflow command: {line!r}"
        props = {}
        for pair in match.group(2).split(","):
            key, sep, value = pair.partition("=")
            assert sep and key in {"file", "line", "endLine", "col", "endColumn", "title"}, pair
            assert ":" not in value and "\r" not in value, pair
            props[key] = value
        assert "\r" not in match.group(3)
        commands.append((match.group(1), props, match.group(3)))
    return commands


def _unescape_property(value: str) -> str:
    """What the runner shows, with the control characters sslint wrote as `%XX` decoded."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ",")):
        value = value.replace(escaped, raw)
    value = re.sub(r"%([01][0-9A-F]|7F|[89][0-9A-F])", lambda m: chr(int(m.group(1), 16)), value)
    return value.replace("%25", "%")


def test_github_format_cannot_be_made_to_emit_another_command(tree: Path) -> None:
    proc = run_sslint(tree, fmt="github")
    assert_finished(proc)
    out = proc.stdout.decode("utf-8")
    commands = _github_commands(out)
    assert len(commands) == _expected_count()
    if not commands:
        return
    as_json = run_sslint(tree, fmt="json")
    paths = {f["path"] for f in findings(as_json)}
    shown = [_unescape_property(props["file"]) for _, props, _ in commands]
    # Undecodable name bytes are shown differently per format (`\udce9`, U+FFFD).
    assert {p for p in shown if "\\udc" not in p} <= paths, shown


_URI_RE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def test_sarif_is_valid_for_any_file_name(tree: Path) -> None:
    proc = run_sslint(tree, fmt="sarif")
    assert_finished(proc)
    log = json.loads(proc.stdout.decode("utf-8"))
    uris = []
    for run in log["runs"]:
        for result in run.get("results", []):
            for location in result["locations"]:
                uris.append(location["physicalLocation"]["artifactLocation"]["uri"])
        for artifact in run.get("artifacts", []):
            uris.append(artifact["location"]["uri"])
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                for location in note.get("locations", []):
                    uris.append(location["physicalLocation"]["artifactLocation"]["uri"])
    for uri in uris:
        assert _URI_RE.fullmatch(uri), uri
    results = [r for run in log["runs"] for r in run.get("results", [])]
    assert len(results) == _expected_count()


@pytest.mark.parametrize("fmt", ["json", "gitlab"])
def test_json_formats_are_valid_for_any_file_name(tree: Path, fmt: str) -> None:
    proc = run_sslint(tree, fmt=fmt)
    assert_finished(proc)
    data = json.loads(proc.stdout.decode("utf-8"))
    items = data["findings"] if isinstance(data, dict) else data
    assert len(items) == _expected_count()
