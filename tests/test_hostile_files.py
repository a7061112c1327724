"""Hostile files: what a repository can hold that is not a well-formed text file.

Each test scans a real tree through the command line: one bad thing beside a
good Dockerfile with a known finding. The scan must finish with exit code 0
or 1, still report the good file, say one clear line about the bad one (on
stderr and as a SARIF notification) and leak no traceback.
"""

from __future__ import annotations

import codecs
import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from hostile_support import (
    EVERY_KIND,
    GOOD_DOCKERFILE,
    GOOD_FILES,
    TRUSTED,
    assert_finished,
    assert_good_finding,
    assert_incomplete,
    assert_one_notice,
    can_report,
    expected_good_findings,
    findings,
    notices_about,
    permissions_enforced,
    run_sslint,
    sarif_notifications,
    stderr_lines,
    write_bytes,
    write_good,
)

from sslint.linter import kinds


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A scanned tree with the good Dockerfile and an empty `bad/` folder."""
    tree = tmp_path / "tree"
    (tree / "bad").mkdir(parents=True)
    write_good(tree)
    return tree


def _plant(root: Path, name: str, data: bytes) -> str:
    path = root / "bad" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"bad/{name}"


def _assert_no_notice(root: Path, names: list[str]) -> None:
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    for name in names:
        assert not notices_about(proc, name), stderr_lines(proc)


def test_empty_files_of_every_kind_are_quietly_scanned(root: Path) -> None:
    names = [_plant(root, name, b"") for name in EVERY_KIND]
    _assert_no_notice(root, names)


def test_whitespace_only_files_of_every_kind_are_quietly_scanned(root: Path) -> None:
    names = [_plant(root, name, b"\n\n  \r\n\t\n") for name in EVERY_KIND]
    _assert_no_notice(root, names)


@pytest.mark.parametrize("name", ["Dockerfile", "x.py", ".gitlab-ci.yml", "run.sh", "pip.conf"])
def test_binary_file_with_a_source_name_is_skipped_with_a_notice(root: Path, name: str) -> None:
    shown = _plant(root, name, b"\x7fELF\x02\x01\x01\x00\x00" + TRUSTED + bytes(range(256)))
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, shown, "binary")
    assert not [f for f in findings(proc) if f["path"] == shown]
    sarif = run_sslint(root, fmt="sarif")
    assert_finished(sarif)
    assert any(shown in text and "binary" in text for text in sarif_notifications(sarif))


def test_nul_bytes_after_the_sniffed_head_do_not_break_any_reader(root: Path) -> None:
    names = []
    for name, data in EVERY_KIND.items():
        names.append(_plant(root, name, b"#" * 9000 + b"\n" + data + b"\x00\x00\n" + data))
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)


INVALID_UTF8 = b"# caf\xe9 \xff\xc3(\n"  # Latin-1, a byte never valid, a cut sequence


def _spans(proc: subprocess.CompletedProcess[bytes]) -> dict[str, list[tuple[object, ...]]]:
    """Each path's findings: rule and all four positions."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for f in findings(proc):
        spot = (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"])
        found.setdefault(f["path"], []).append(spot)
    return found


@pytest.fixture(scope="module")
def clean_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    """The findings of every kind's valid file, planted as `bad/<name>` (one scan)."""
    tree = tmp_path_factory.mktemp("clean")
    for name, data in EVERY_KIND.items():
        _plant(tree, name, data)
    proc = run_sslint(tree, "--no-cache", ".")
    assert_finished(proc)
    assert not stderr_lines(proc)
    return _spans(proc)


@pytest.mark.parametrize("name", sorted(EVERY_KIND))
def test_invalid_utf8_in_every_kind_is_read_with_a_notice(
    root: Path, name: str, clean_findings: dict[str, list[tuple[object, ...]]]
) -> None:
    """Really invalid UTF-8 (no byte-order mark): one notice with the byte, findings kept."""
    data = EVERY_KIND[name] + INVALID_UTF8
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    shown = _plant(root, name, data)
    proc = run_sslint(root, "--no-cache", ".")
    assert_finished(proc)
    assert_good_finding(proc)
    assert notices_about(proc, shown) == [
        f"sslint: warning: {shown}: invalid utf-8 at byte {len(EVERY_KIND[name]) + 5}; "
        "undecodable bytes replaced"
    ]
    assert _spans(proc).get(shown) == clean_findings.get(shown)
    if name != "values.yaml":  # the one kind whose sample holds no switch
        assert clean_findings.get(shown)


def test_invalid_utf8_keeps_code_point_columns_on_the_same_line(root: Path) -> None:
    data = b"FROM x\nRUN echo caf\xe9 \xff && pip install --trusted-host pypi.corp.example x\n"
    shown = _plant(root, "Dockerfile", data)
    proc = run_sslint(root)
    assert_finished(proc)
    if not can_report(kinds.DOCKERFILE):
        return
    assert_one_notice(proc, shown, "utf-8")
    line = data.decode("utf-8", "replace").splitlines()[1]
    column = line.index("--trusted-host") + 1
    spots = {(f["rule"], f["line"], f["column"]) for f in findings(proc) if f["path"] == shown}
    assert ("SSL101", 2, column) in spots


@pytest.mark.parametrize(
    "bom,codec",
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (b"", "utf-16-le")],
    ids=["utf16le-bom", "utf16be-bom", "utf16-no-bom"],
)
def test_utf16_dockerfile_is_decoded_or_skipped(root: Path, bom: bytes, codec: str) -> None:
    text = "# sch\u00f6n\n" + GOOD_DOCKERFILE
    shown = _plant(root, "Dockerfile", bom + text.encode(codec))
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    if not bom:  # no BOM: UTF-16 text is full of NULs and read as binary
        assert_one_notice(proc, shown, "binary")
    elif can_report(kinds.DOCKERFILE):
        spots = {(f["rule"], f["line"], f["column"]) for f in findings(proc) if f["path"] == shown}
        assert ("SSL101", 3, 17) in spots
        assert not notices_about(proc, shown)


def test_utf8_bom_and_crlf_keep_positions(root: Path) -> None:
    crlf = GOOD_DOCKERFILE.replace("\n", "\r\n").encode()
    shown = _plant(root, "Dockerfile", codecs.BOM_UTF8 + crlf)
    proc = run_sslint(root)
    assert_finished(proc)
    assert not notices_about(proc, shown)
    if can_report(kinds.DOCKERFILE):
        spots = {(f["rule"], f["line"], f["column"]) for f in findings(proc) if f["path"] == shown}
        assert ("SSL101", 2, 17) in spots


def test_a_50_megabyte_file_is_skipped_by_max_file_size(root: Path) -> None:
    big = root / "bad" / "huge.sh"
    with open(big, "wb") as handle:
        handle.write(b"#!/bin/sh\n" + TRUSTED)
        handle.truncate(50 * 1024 * 1024)
    proc = run_sslint(root)
    assert_incomplete(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/huge.sh", "error", "max-file-size", "skipped")


def test_max_file_size_is_configurable(root: Path) -> None:
    (root / "sslint.toml").write_text("max-file-size = 2000\n")
    shown = _plant(root, "mid.sh", b"#!/bin/sh\n" + TRUSTED + b"#" * 3000 + b"\n")
    proc = run_sslint(root)
    assert_incomplete(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, shown, "error", "max-file-size", "skipped")


@pytest.mark.parametrize("name", ["Dockerfile", "long.sh", "requirements.txt", "long.py"])
def test_a_one_megabyte_single_line_finishes(root: Path, name: str) -> None:
    filler = "a" * (1024 * 1024)
    text = {
        "Dockerfile": f"RUN echo {filler} && pip install --trusted-host pypi.corp.example x\n",
        "long.sh": f"echo {filler}; pip install --trusted-host pypi.corp.example x\n",
        "requirements.txt": f"--trusted-host pypi.corp.example {filler}\n",
        "long.py": f"import requests; x = '{filler}'; requests.get(x, verify=False)\n",
    }[name]
    shown = _plant(root, name, text.encode())
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    assert len(notices_about(proc, shown)) <= 1
    if name == "Dockerfile" and can_report(kinds.DOCKERFILE):
        spots = {(f["rule"], f["line"], f["column"]) for f in findings(proc) if f["path"] == shown}
        assert ("SSL101", 1, text.index("--trusted-host") + 1) in spots


def test_fifo_is_skipped_without_opening_it(root: Path) -> None:
    os.mkfifo(root / "bad" / "pipe.sh")
    os.mkfifo(root / "bad" / "Dockerfile")
    proc = run_sslint(root)  # opening a FIFO would block until the timeout
    assert_finished(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/pipe.sh", "not a regular file")
    assert_one_notice(proc, "bad/Dockerfile", "not a regular file")


def test_fifo_named_on_the_command_line_is_skipped(root: Path) -> None:
    os.mkfifo(root / "bad" / "pipe.sh")
    proc = run_sslint(root, "bad/pipe.sh", *GOOD_FILES)
    assert_finished(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/pipe.sh", "not a regular file")


def test_link_to_a_fifo_is_skipped(root: Path) -> None:
    os.mkfifo(root / "bad" / "pipe")
    os.symlink("pipe", root / "bad" / "linked.sh")
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/linked.sh", "not a regular file")


def test_unix_socket_is_skipped(root: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "bad" / "sock.sh"))
        proc = run_sslint(root)
    finally:
        sock.close()
    assert_finished(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/sock.sh", "not a regular file")


def test_device_files_are_skipped(root: Path) -> None:
    os.symlink("/dev/null", root / "bad" / "null.sh")
    os.symlink("/dev/zero", root / "bad" / "Dockerfile")
    made_node = True
    try:
        os.mknod(root / "bad" / "zero.sh", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except (PermissionError, OSError):
        made_node = False
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/null.sh", "outside")
    assert_one_notice(proc, "bad/Dockerfile", "outside")
    if made_node:
        assert_one_notice(proc, "bad/zero.sh", "not a regular file")


def test_symlink_loops_finish(root: Path) -> None:
    bad = root / "bad"
    os.symlink("loop2.sh", bad / "loop1.sh")
    os.symlink("loop1.sh", bad / "loop2.sh")
    os.symlink("self.sh", bad / "self.sh")
    os.symlink("..", bad / "up")
    os.symlink(".", bad / "here")
    os.symlink(str(root), bad / "top")
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    for name in ("loop1.sh", "loop2.sh", "self.sh"):
        assert_one_notice(proc, f"bad/{name}", "cannot read")
    if can_report(kinds.DOCKERFILE):
        good = sorted(path for _, path, _, _ in expected_good_findings())
        assert sorted(f["path"] for f in findings(proc)) == good


def test_links_out_of_the_tree_are_not_followed(tmp_path: Path, root: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    for folder in (outside, outside / "deep"):
        (folder / "Dockerfile").write_text(GOOD_DOCKERFILE)
        (folder / "run.sh").write_text(TRUSTED.decode())
    os.symlink(outside / "Dockerfile", root / "bad" / "Dockerfile")
    os.symlink("../../outside/run.sh", root / "bad" / "run.sh")
    os.symlink(outside, root / "bad" / "ext")
    os.symlink(outside / "deep", root / "bad" / "extdir")
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    for name in ("Dockerfile", "run.sh", "ext", "extdir"):
        assert_one_notice(proc, f"bad/{name}", "outside")
    if can_report(kinds.DOCKERFILE):
        good = sorted(path for _, path, _, _ in expected_good_findings())
        assert sorted(f["path"] for f in findings(proc)) == good


def test_links_inside_the_tree_are_read(root: Path) -> None:
    for name in GOOD_FILES:
        os.symlink(f"../{name}", root / "bad" / name)
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    assert_good_finding(proc, "bad/")
    assert not notices_about(proc, "bad/")


def test_broken_links_are_named_as_broken(root: Path) -> None:
    os.symlink("gone.sh", root / "bad" / "dangling.sh")
    os.symlink("../missing/Dockerfile", root / "bad" / "Dockerfile")
    proc = run_sslint(root, ".")
    assert_finished(proc)
    assert_good_finding(proc)
    message = "broken link: its target does not exist; skipped"
    assert_one_notice(proc, "bad/Dockerfile", message)
    # Named on the command line and met in the walk: the same words both times.
    lines = notices_about(proc, "bad/dangling.sh")
    assert lines and all(message in line for line in lines), lines
    assert not any("No such file" in line for line in lines)


def test_editor_history_folders_are_skipped(root: Path) -> None:
    history = root / ".history" / "bad"
    history.mkdir(parents=True)
    (history / "install_20240101.sh").write_text("echo $(( 1 +\n" + TRUSTED.decode())
    (history / "Dockerfile").write_text(GOOD_DOCKERFILE)
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    assert not notices_about(proc, ".history/")
    assert not [f for f in findings(proc) if f["path"].startswith(".history/")]


def test_unreadable_file_and_folder_are_reported(tmp_path: Path, root: Path) -> None:
    run_as_user = permissions_enforced(tmp_path)
    if run_as_user is None:
        pytest.skip("cannot run a child that file permissions bind (no prctl capability drop)")
    _plant(root, "secret.sh", b"#!/bin/sh\n" + TRUSTED)
    _plant(root, "locked/inner.sh", b"#!/bin/sh\n" + TRUSTED)
    (root / "bad" / "secret.sh").chmod(0)
    (root / "bad" / "locked").chmod(0)
    try:
        proc = run_sslint(root, preexec_fn=run_as_user)
    finally:
        (root / "bad" / "locked").chmod(0o755)
        (root / "bad" / "secret.sh").chmod(0o644)
    assert_incomplete(proc)
    assert_good_finding(proc)
    assert_one_notice(proc, "bad/secret.sh", "permission denied")
    assert_one_notice(proc, "bad/locked", "permission denied")


ODD_NAMES: list[bytes] = [
    b"Dockerfile.with space",
    b"Dockerfile.new\nline",
    b"Dockerfile.carriage\rreturn",
    b"Dockerfile.caf\xe9",
    b"Dockerfile.100%25%",
    b"Dockerfile.a:b,c::d",
    b"Dockerfile.::error file=x::owned",
    b"Dockerfile.\x1b[31mred\x1b[0m",
    b"Dockerfile.tab\there",
    b"Dockerfile.\xe2\x80\xaeevil",
]


def test_odd_file_names_give_valid_reports(root: Path) -> None:
    for name in ODD_NAMES:
        write_bytes(root / "bad", name, GOOD_DOCKERFILE.encode())
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)
    sarif = run_sslint(root, fmt="sarif")
    assert_finished(sarif)
    sarif_notifications(sarif)  # valid JSON
    if can_report(kinds.DOCKERFILE):
        assert len(findings(proc)) == len(ODD_NAMES) + len(expected_good_findings())


def test_odd_file_names_give_one_line_notices(root: Path) -> None:
    for name in ODD_NAMES:
        write_bytes(root / "bad", name, b"\x00binary")
    proc = run_sslint(root)
    assert_finished(proc)  # every stderr line starts with "sslint: "
    assert_good_finding(proc)
    assert len([line for line in stderr_lines(proc) if "binary" in line]) == len(ODD_NAMES)
    assert "\x1b" not in proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "name,text,says",
    [
        ("sslint.toml", "select = [\n", "invalid toml"),
        ("sslint.toml", "max-file-size = 'big'\n", "max-file-size"),
        ("sslint.toml", "no-such-key = 1\n", "unknown key"),
        (".sslint.toml", "[[[\n", "invalid toml"),
        ("pyproject.toml", "[tool.sslint\nselect = ['SSL']\n", "invalid toml"),
    ],
)
def test_invalid_configuration_exits_2_with_one_line(
    root: Path, name: str, text: str, says: str
) -> None:
    (root / name).write_text(text)
    proc = run_sslint(root)
    assert proc.returncode == 2, stderr_lines(proc)
    lines = stderr_lines(proc)
    assert len(lines) == 1, lines
    assert lines[0].startswith("sslint: error: ") and says in lines[0].lower(), lines
    assert name in lines[0]


def test_configuration_that_is_not_utf8_exits_2(root: Path) -> None:
    (root / "sslint.toml").write_bytes(b"select = ['\xff']\n")
    proc = run_sslint(root)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace")


def test_missing_configuration_file_exits_2(root: Path) -> None:
    proc = run_sslint(root, "--config", "nowhere.toml", ".")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace")


def test_broken_pyproject_without_sslint_table_is_not_configuration(root: Path) -> None:
    (root / "pyproject.toml").write_text("[project\nname = 'x'\n")
    proc = run_sslint(root)
    assert_finished(proc)
    assert_good_finding(proc)


def test_missing_path_exits_2_before_scanning(root: Path) -> None:
    proc = run_sslint(root, "nowhere", ".")
    assert proc.returncode == 2
    assert stderr_lines(proc) == ["sslint: error: nowhere: No such file or directory"]
    assert proc.stdout == b""
