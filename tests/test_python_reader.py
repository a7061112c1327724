"""The Python reader: commands and environment assignments, with exact spans."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_helpers import facts

from sslint.linter import kinds
from sslint.linter.engine import _kind_plan
from sslint.linter.facts import Scope
from sslint.linter.readers import READER_GATES
from sslint.linter.readers.python import facts as python_facts
from sslint.linter.readers.python.gate import FACT_NAMES, FACT_TOKENS, may_name_a_fact, names_a_fact
from sslint.linter.readers.python.reader import _runs_things
from sslint.linter.readers.python.strings import literal_view
from sslint.linter.source import Source


def _words(code: str) -> list[list[tuple[str, bool, int, int]]]:
    return [
        [(w.text, w.known, w.span.start_line, w.span.start_column) for w in c.words]
        for c in facts(code).commands
    ]


def test_subprocess_list_with_constant_executable_and_star() -> None:
    code = """
        import subprocess, sys
        PIP_HOST = "pypi.corp.example"
        def install(packages):
            subprocess.run(
                [sys.executable, "-m", "pip", "install",
                 "--trusted-host", PIP_HOST, *packages],
                check=True,
            )
    """
    found = facts(code)
    assert _words(code) == [
        [
            ("sys.executable", False, 5, 10),
            ("-m", True, 5, 27),
            ("pip", True, 5, 33),
            ("install", True, 5, 40),
            ("--trusted-host", True, 6, 11),
            ("pypi.corp.example", True, 2, 13),
            ("*packages", False, 6, 38),
        ]
    ]
    command = found.commands[0]
    assert tuple(command.statement) == (4, 8)
    assert command.words[5].via == "PIP_HOST on line 6"


def test_aliases_tuples_args_keyword_and_exec_forms() -> None:
    code = """
        import subprocess as sp
        from subprocess import check_output as co
        import os, asyncio
        sp.call(("git", "clone", "x"))
        co(args=["curl", "-k", "u"])
        os.execlp("wget", "wget", "--no-check-certificate", "u")
        asyncio.create_subprocess_exec("pip", "install", "x")
        subprocess_run = None
    """
    assert [[w[0] for w in c] for c in _words(code)] == [
        ["git", "clone", "x"],
        ["curl", "-k", "u"],
        ["wget", "--no-check-certificate", "u"],
        ["pip", "install", "x"],
    ]


def test_escapes_and_fstrings_map_to_the_literal() -> None:
    code = r"""
        import subprocess
        subprocess.run(["pip", "--trusted\x2dhost", f"--index-url={url}"])
    """
    words = facts(code).commands[0].words
    assert words[1].text == "--trusted-host"
    assert (words[1].span.start_column, words[1].span.end_column) == (25, 42)
    assert words[2].text == "--index-url={url}" and not words[2].known


def test_string_commands_are_not_argv_without_a_shell() -> None:
    code = """
        import subprocess
        subprocess.run("pip install --trusted-host h x")
        print(["pip", "install", "--trusted-host", "h"])
    """
    assert facts(code).commands == []


def test_os_environ_forms_are_process_scope_with_key_spans() -> None:
    code = """
        import os
        from os import environ
        os.environ["SSL_NO_VERIFY"] = "1"
        os.environ.setdefault("PIP_TRUSTED_HOST", "h")
        os.environ.update({"CURL_CA_BUNDLE": ""}, NODE_TLS_REJECT_UNAUTHORIZED="0")
        os.putenv("GIT_SSL_NO_VERIFY", "true")
        environ["PYTHONHTTPSVERIFY"] = "0"
        del os.environ["SSL_NO_VERIFY"]
    """
    env = facts(code).env
    assert [(e.name, e.scope, e.name_span.start_line, e.name_span.start_column) for e in env] == [
        ("SSL_NO_VERIFY", Scope.PROCESS, 3, 13),
        ("PIP_TRUSTED_HOST", Scope.PROCESS, 4, 24),
        ("NODE_TLS_REJECT_UNAUTHORIZED", Scope.PROCESS, 5, 43),
        ("CURL_CA_BUNDLE", Scope.PROCESS, 5, 21),
        ("GIT_SSL_NO_VERIFY", Scope.PROCESS, 6, 12),
        ("PYTHONHTTPSVERIFY", Scope.PROCESS, 7, 10),
    ]
    assert env[0].value is not None and env[0].value.text == "1"
    assert env[0].unset_at is not None and env[0].unset_at.start_line == 8
    assert all(e.unset_at is None for e in env[1:])


def test_pop_unsets_earlier_assignment() -> None:
    code = """
        import os
        os.environ["SSL_NO_VERIFY"] = "1"
        run()
        os.environ.pop("SSL_NO_VERIFY", None)
    """
    (assign,) = facts(code).env
    assert assign.unset_at is not None and assign.unset_at.start_line == 4


def test_subprocess_env_dict_forms_are_command_scope() -> None:
    code = """
        import os, subprocess
        def a(url):
            env = {**os.environ, "GIT_SSL_NO_VERIFY": "1"}
            subprocess.run(["git", "clone", url], env=env)
        def b():
            subprocess.run(["npm", "ci"], env=dict(os.environ, NODE_TLS_REJECT_UNAUTHORIZED="0"))
        def c():
            env = os.environ.copy()
            env["PIP_TRUSTED_HOST"] = "h"
            subprocess.check_call(["pip", "install", "x"], env=env)
    """
    found = facts(code)
    assert [
        (c.env[0].name, c.env[0].scope, c.env[0].name_span.start_line) for c in found.commands
    ] == [
        ("GIT_SSL_NO_VERIFY", Scope.COMMAND, 3),
        ("NODE_TLS_REJECT_UNAUTHORIZED", Scope.COMMAND, 6),
        ("PIP_TRUSTED_HOST", Scope.COMMAND, 9),
    ]
    assert found.commands[0].env[0].name_span.start_column == 27
    assert [e.name for e in found.env] == [
        "GIT_SSL_NO_VERIFY",
        "NODE_TLS_REJECT_UNAUTHORIZED",
        "PIP_TRUSTED_HOST",
    ]


def test_noxfile_session_install_is_pip_install() -> None:
    code = """
        import nox
        @nox.session
        def tests(session):
            session.install("--trusted-host", "pypi.corp.example", "pytest")
            session.run("pytest")
    """
    commands = _words(code)
    assert [w[0] for w in commands[0]] == [
        "pip",
        "install",
        "--trusted-host",
        "pypi.corp.example",
        "pytest",
    ]
    assert commands[0][2][2:] == (4, 22)
    assert [w[0] for w in commands[1]] == ["pytest"]


def test_session_methods_without_nox_are_not_commands() -> None:
    code = """
        def tests(session):
            session.install("x")
    """
    assert facts(code).commands == []


def test_syntax_error_is_one_notice_and_code_is_kept() -> None:
    found = facts("print 'hello'\nimport subprocess\nsubprocess.run(['curl', '-k', URL])\n")
    assert len(found.notices) == 1
    assert "does not parse" in found.notices[0].message
    assert found.notices[0].line == 1
    assert len(found.python) == 1


def test_code_that_runs_nothing_is_left_to_the_rules_to_parse() -> None:
    found = facts("print 'hello'\nimport requests\n")
    assert found.notices == []
    assert len(found.python) == 1


def test_code_that_runs_nothing_a_rule_reads_is_left_to_the_rules_to_parse() -> None:
    # `subprocess` alone: it can run a command, but none its text could make a finding of.
    found = facts("print 'hello'\nimport subprocess\nsubprocess.run(['ls', '-l'])\n")
    assert found.notices == []
    assert found.commands == []
    assert len(found.python) == 1


def test_literal_view_concatenation_and_raw() -> None:
    text = 'x = ("--trusted-"  # c\n  r"host\\d" \'=h\')'
    view = Source("a.py", text).whole()
    literal = literal_view(view, text.index("("), len(text))
    assert literal is not None and literal.known
    assert literal.view.text == "--trusted-host\\d=h"
    span = literal.view.span(len("--trusted-"), len("--trusted-host"))
    assert (span.start_line, span.start_column, span.end_column) == (2, 5, 9)


def test_fstring_fields_in_shell_strings_are_unknown_words_not_syntax_errors() -> None:
    from sslint.linter.config import Config
    from sslint.linter.engine import scan_bytes

    code = (
        "import subprocess, sys\n"
        'subprocess.run(f"{sys.executable} -m pip install --trusted-host pypi.org x", shell=True)\n'
        'subprocess.run(f"pip install --trusted-host {host} x", shell=True)\n'
        'subprocess.run(f"{sys.executable} -m sslint . | head -c 1", shell=True)\n'
    )
    result = scan_bytes(code.encode(), "tools/run.py", Config())
    assert result.notices == []
    found = [
        (f.rule_id, f.span.start_line, f.span.start_column, f.precision) for f in result.findings
    ]
    assert found == [("SSL101", 2, 50, "proven"), ("SSL101", 3, 30, "probable")]


def test_only_statements_naming_a_command_word_or_alias_are_read() -> None:
    code = """
        from subprocess import check_call as cc
        import os

        def unrelated():
            return [x for x in range(10)]

        class Setup:
            def run(self):
                if True:
                    cc(["pip", "install", "--trusted-host", "h", "x"])
                os.environ["PIP_TRUSTED_HOST"] = "h"
                os.unsetenv("PIP_TRUSTED_HOST")
    """
    found = facts(code)
    assert [[w.text for w in c.words] for c in found.commands] == [
        ["pip", "install", "--trusted-host", "h", "x"]
    ]
    assert tuple(found.commands[0].statement) == (10, 10)
    [assign] = [a for a in found.env if a.name == "PIP_TRUSTED_HOST"]
    assert (assign.name_span.start_line, assign.name_span.start_column) == (11, 21)
    assert assign.unset_at is not None and assign.unset_at.start_line == 12


def test_nox_session_methods_are_read_without_a_command_word_on_their_line() -> None:
    code = """
        import nox

        @nox.session
        def tests(session):
            session.install("--trusted-host", "h", "pytest")
            session.run("pytest")
    """
    assert [[w[0] for w in c] for c in _words(code)] == [
        ["pip", "install", "--trusted-host", "h", "pytest"],
        ["pytest"],
    ]


def test_os_system_through_an_attribute_or_an_import_alias_is_read() -> None:
    code = """
        from os import system as run
        import os as o
        run("curl -k https://a.corp.example")
        o . system("wget --no-check-certificate https://b.corp.example")
    """
    assert _words(code) == [
        [("curl", True, 3, 6), ("-k", True, 3, 11), ("https://a.corp.example", True, 3, 14)],
        [
            ("wget", True, 4, 13),
            ("--no-check-certificate", True, 4, 18),
            ("https://b.corp.example", True, 4, 41),
        ],
    ]


def test_system_as_an_everyday_word_does_not_make_the_reader_parse() -> None:
    # The syntax error shows whether the reader parsed the code: it is noticed only then.
    prose = facts("# mounts the filesystem on the remote system; curl -k\nprint 'x'\n")
    assert prose.notices == []
    call = facts("import os\nos.system('curl -k https://h')\nprint 'x'\n")
    assert len(call.notices) == 1


LICENSE_HEADER = "#     http://www.apache.org/licenses/LICENSE-2.0\n"


@pytest.mark.parametrize(
    ("code", "runs"),
    [
        (LICENSE_HEADER + 'import subprocess\nsubprocess.run(["ls"])\n', False),
        ('import os\n# see http://example.com\nos.system("ls")\n', False),
        (LICENSE_HEADER + 'import subprocess\nsubprocess.run(["pip", "-i", "http://x"])\n', True),
        ('import os\nos.system("curl -k https://x")  # http://y\n', True),
        ('import os\nx = "#"; os.system("curl http://x")\n', True),
    ],
)
def test_a_command_word_only_in_comments_is_no_reason_to_parse(code: str, runs: bool) -> None:
    gated = tuple(t.decode() for t in _kind_plan(kinds.PYTHON).gated)
    assert _runs_things(code, gated) is runs


@pytest.mark.parametrize(
    ("code", "runs"),
    [
        ('ENVIRONMENT = "prod"\nURL = "http://x"\n', False),
        ('class SecurityAdvisoryEcosystem: environment_ids = ["http://x"]\n', False),
        ("except SubprocessError:\n    pass  # curl http://x\n", False),
        ('import os\nos.environ["PIP_INDEX_URL"] = "http://x"\n', True),
        ('from os import environ as e\ne["PIP_INDEX_URL"] = "http://x"\n', True),
        ('e = getattr(os, "environ")\ne["PIP_INDEX_URL"] = "http://x"\n', True),
        ('import asyncio\nasyncio.create_subprocess_exec("curl", "http://x")\n', True),
        ('import os\nos.execvpe("curl", ["curl", "http://x"], {})\n', True),
        ('import nox\n@nox.session\ndef t(s): s.install("--trusted-host", "x")\n', True),
    ],
)
def test_only_a_name_the_reader_resolves_is_a_reason_to_parse(code: str, runs: bool) -> None:
    gated = tuple(t.decode() for t in _kind_plan(kinds.PYTHON).gated)
    assert _runs_things(code, gated) is runs


def test_every_name_the_reader_resolves_that_holds_a_gate_word_is_a_fact_name() -> None:
    called = {
        *python_facts._ARGV_CALLS,
        *python_facts._VARARG_CALLS,
        *python_facts._SHELL_CALLS,
        python_facts._ENVIRON,
        "os.putenv",
        "nox",
    }
    parts = {part for name in called for part in name.split(".")}
    holding = {part for part in parts if any(token in part for token in FACT_TOKENS)}
    assert holding and holding <= FACT_NAMES


def test_the_fact_tokens_are_the_gate_words_but_system() -> None:
    gate = {token.decode() for token in READER_GATES[kinds.PYTHON]}
    assert set(FACT_TOKENS) == gate - {"system"}


@pytest.mark.parametrize(
    ("code", "read"),
    [
        ('ENVIRONMENT = "prod"\nURL = "http://x"\n', False),
        ('"""The remote system."""\nURL = "http://x"\n', False),
        ('import os\nos.environ["PIP_INDEX_URL"] = "http://x"\n', True),
        ('import os\nos.system("curl http://x")\n', True),
        ('from os import *\nsystem("curl http://x")\n', True),
    ],
)
def test_the_prefilter_reads_a_python_file_for_its_commands_only_where_a_fact_name_is(
    code: str, read: bool
) -> None:
    assert _kind_plan(kinds.PYTHON).worth_reading(code.encode()) is read


_NAME_PIECES = st.sampled_from(
    [
        *sorted(FACT_NAMES),
        *FACT_TOKENS,
        *("system", ".system", "from os import", "os", "_", "x", "É", "é", " ", ".", "\n"),
        *("#", '"', "(", "Popen", "ENVIRON", "environment", "1", "·"),
    ]
)


@given(st.lists(_NAME_PIECES, max_size=12).map("".join))
def test_the_prefilter_lets_through_every_text_the_reader_reads_for_its_commands(
    text: str,
) -> None:
    if names_a_fact(text):
        assert may_name_a_fact(text.lower().encode("utf-8"))


_SYSTEM_PIECES = st.sampled_from(
    ["system", "systemx", ".", " ", "\t", "from", "os", "import", "x", "é", "_", "1", "\n"]
)


@given(st.lists(_SYSTEM_PIECES, max_size=12).map("".join))
def test_the_reader_counts_system_where_the_pattern_it_stands_for_matches(text: str) -> None:
    # `system` counts as a call's attribute or beside `from os import`, each as whole words.
    pattern = re.compile(r"\.\s*system\b|\bfrom\s+os\s+import\b")
    assert names_a_fact(text) is ("system" in text and pattern.search(text) is not None)


@given(st.lists(_NAME_PIECES, max_size=12).map("".join))
def test_a_fact_name_counts_only_as_a_whole_word(text: str) -> None:
    system = re.search(r"\.\s*system\b|\bfrom\s+os\s+import\b", text) is not None
    whole = any(word.group() in FACT_NAMES for word in re.finditer(r"\w+", text))
    assert names_a_fact(text) is (whole or ("system" in text and system))


_GATED = tuple(t.decode() for t in _kind_plan(kinds.PYTHON).gated)
_COMMENT_PIECES = st.sampled_from(
    ["import os\n", "os.system(x)", *_GATED[:6], "#", "'", '"', "\n", "\r", " ", "x", "Conda"]
)


@given(st.lists(_COMMENT_PIECES, max_size=10).map("".join))
def test_a_command_word_counts_where_no_comment_holds_it(text: str) -> None:
    lowered = text.lower()

    def outside(start: int) -> bool:
        line = re.split(r"[\r\n]", lowered[:start])[-1]
        return "#" not in line or "'" in line or '"' in line

    written = any(
        outside(found.start())
        for token in _GATED
        for found in re.finditer(f"(?={re.escape(token)})", lowered)
    )
    assert _runs_things(text, _GATED) is (names_a_fact(text) and written)
