"""Requirements / constraints reader: option lines as `pip install` commands."""

from __future__ import annotations

from pathlib import Path

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import read_facts, scan
from sslint.linter.facts import Command, FileFacts
from sslint.linter.source import Source, Span


def _facts(text: str) -> FileFacts:
    return read_facts(Source("requirements.txt", text), kinds.REQUIREMENTS)


def _at(span: Span) -> tuple[int, int, int, int]:
    return (span.start_line, span.start_column, span.end_line, span.end_column)


def _argv(command: Command) -> list[str]:
    return [w.text for w in command.words]


REQS = """\
# Corporate mirror
--index-url http://pypi.corp.example/simple
--trusted-host pypi.corp.example  # comment
-ihttp://a.corp.example/simple
--trusted-host=b.corp.example
Django==5.0.6
requests==2.32.3  # --trusted-host in a comment
pkg==1.0 --hash=sha256:abc --config-settings="--trusted-host x"
--extra-index-url \\
    http://c.corp.example/simple
-f "http://wheels.corp.example/with space"
-r base.txt
--constraint=constraints.txt
--no-index
-e git+https://git.corp.example/x.git#egg=x
"""


def test_option_lines_become_pip_install_commands() -> None:
    facts = _facts(REQS)
    assert [_argv(c) for c in facts.commands] == [
        ["pip", "install", "--index-url", "http://pypi.corp.example/simple"],
        ["pip", "install", "--trusted-host", "pypi.corp.example"],
        ["pip", "install", "-ihttp://a.corp.example/simple"],
        ["pip", "install", "--trusted-host=b.corp.example"],
        ["pip", "install", "--extra-index-url", "http://c.corp.example/simple"],
        ["pip", "install", "-f", "http://wheels.corp.example/with space"],
        ["pip", "install", "-r", "base.txt"],
        ["pip", "install", "--constraint=constraints.txt"],
        ["pip", "install", "--no-index"],
        ["pip", "install", "-e", "git+https://git.corp.example/x.git#egg=x"],
    ]


def test_spans_of_real_and_synthesised_words() -> None:
    commands = _facts(REQS).commands
    first = commands[0]
    assert first.words[0].span.start_line == 2 and first.words[0].span.start_column == 1
    assert _at(first.words[2].span) == (2, 1, 2, 12)
    assert _at(first.words[3].span) == (2, 13, 2, 44)
    assert first.statement == (2, 2)
    assert _at(commands[1].words[2].span) == (3, 1, 3, 15)


def test_backslash_continuation_maps_to_the_next_line() -> None:
    command = _facts(REQS).commands[4]
    assert command.statement == (9, 10)
    assert _at(command.words[2].span) == (9, 1, 9, 18)
    assert _at(command.words[3].span) == (10, 5, 10, 33)


def test_quoted_value_span_covers_the_text_inside_quotes() -> None:
    command = _facts(REQS).commands[5]
    assert _at(command.words[3].span) == (11, 5, 11, 42)


def test_includes_are_recorded() -> None:
    assert _facts(REQS).extra["includes"] == ["base.txt", "constraints.txt"]


def test_commands_share_one_script_in_order() -> None:
    commands = _facts(REQS).commands
    assert len({c.script for c in commands}) == 1
    assert [c.seq for c in commands] == sorted(c.seq for c in commands)


def test_comment_line_ends_a_continuation() -> None:
    facts = _facts("--trusted-host \\\n# a.corp.example\nb\n")
    assert [_argv(c) for c in facts.commands] == [["pip", "install", "--trusted-host"]]


def test_environment_variables_stay_unknown() -> None:
    facts = _facts("--index-url https://${USER}:${TOKEN}@pypi.corp.example/simple\n")
    word = facts.commands[0].words[3]
    assert word.text == "https://${USER}:${TOKEN}@pypi.corp.example/simple"
    assert not word.known


def test_hash_inside_url_is_not_a_comment() -> None:
    facts = _facts("-e git+https://git.corp.example/x.git#egg=x\n")
    assert facts.commands[0].words[3].text.endswith("#egg=x")


def test_included_files_are_scanned_as_requirements_once(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("--trusted-host out.corp.example\n")
    (tree / "requirements.txt").write_text("-r base.txt\n-c sub/pins.in\n-r ../outside.txt\nx\n")
    (tree / "base.txt").write_text("--trusted-host a.corp.example\n-r requirements.txt\n")
    (tree / "sub" / "pins.in").write_text("# pins\n--trusted-host=b.corp.example\n-r ../base.txt\n")
    (tree / "notes.txt").write_text("--trusted-host c.corp.example\n")
    result = scan([tree], Config(root=tree))
    found = sorted(
        (Path(f.path).relative_to(tree).as_posix(), f.span.start_line, f.rule_id)
        for f in result.findings
    )
    assert found == [("base.txt", 1, "SSL101"), ("sub/pins.in", 2, "SSL101")]
    assert result.files_scanned == 3


def test_an_included_file_read_through_a_link_is_not_read_again(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "common").mkdir(parents=True)
    (tree / "reqs").mkdir()
    (tree / "common" / "pins.in").write_text("--trusted-host a.corp.example\n")
    (tree / "reqs" / "requirements-dev.txt").symlink_to(tree / "common" / "pins.in")
    (tree / "requirements.txt").write_text("-r common/pins.in\n-r reqs/requirements-dev.txt\n")
    result = scan([tree], Config(root=tree))
    found = [(Path(f.path).relative_to(tree).as_posix(), f.rule_id) for f in result.findings]
    assert found == [("reqs/requirements-dev.txt", "SSL101")]
    assert result.files_scanned == 2
