"""Syntax recovery: a construct a reader gives up on costs only its own statement.

Valid code that a parser rejects (bash that tree-sitter-bash does not know,
template syntax in commands, make functions, `RUN [ … ]` in shell form) is
read without a notice; what is really skipped is named with its line, and the
commands after it are still read, with exact positions.
"""

from __future__ import annotations

import pytest

from sslint.linter import kinds
from sslint.linter.config import Config
from sslint.linter.engine import read_facts, scan_bytes
from sslint.linter.readers.scripts import shell
from sslint.linter.source import Source

TRUST = "pip install --trusted-host pypi.corp.example x"


def scan(text: str, path: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(rule, line, column) of every finding, and every notice as `line: message`."""
    result = scan_bytes(text.encode(), path, Config())
    found = sorted((f.rule_id, f.span.start_line, f.span.start_column) for f in result.findings)
    return found, [f"{n.line}: {n.message}" for n in result.notices]


# -- Dockerfile ------------------------------------------------------------------


def test_run_with_a_test_bracket_is_shell_form_without_a_notice() -> None:
    text = (
        "FROM python:3.12\n"
        "RUN [ -f /etc/pip.conf ] || pip install --trusted-host pypi.corp.example x\n"
        'RUN [[ -n "$CI" ]] && curl -k https://example.org/x\n'
        'RUN [ "$MODE" = "dev" ] && \\\n    wget --no-check-certificate https://example.org/y\n'
        'RUN ["pip", "install", "x"]\n'
    )
    found, notices = scan(text, "Dockerfile")
    assert found == [("SSL101", 2, 41), ("SSL201", 3, 28), ("SSL202", 5, 10)]
    assert notices == []


def test_run_meant_as_exec_form_but_broken_still_says_so() -> None:
    text = 'FROM x\nRUN ["pip", "install", "--trusted-host", "h" x]\nRUN curl -k https://e.org\n'
    found, notices = scan(text, "Dockerfile")
    assert notices == [
        "2: RUN at line 2 is not valid JSON; read as shell form",
        "2: shell syntax not understood; line 2 skipped",
    ]
    assert ("SSL201", 3, 10) in found


# -- shell: valid bash the grammar rejects ------------------------------------------

VALID_BASH = """\
#!/bin/bash
case "$mode" in
  a) echo a ;&
  b) pip install --trusted-host h1 x ;;&
  *) echo c ;;
esac
echo ${s:$start:40} ${1:$2:${#1}} ${A[$n-$i-1]}
X="${V:-[\\"a\\",\\"b\\"]}"
echo ${var@Q} $(( x++ )) $(( 16#ff ))
if [[ $x =~ ^(a|b)+$ ]]; then curl -k https://a.example/x; fi
cat <<< "$x" | diff <(sort a) <(sort b)
echo $(``true``) "$(echo `echo ok`)"
wget --no-check-certificate https://b.example/y
git -c http.sslVerify=false clone https://c.example/z \\
"""


def test_valid_bash_that_the_grammar_rejects_is_read_without_a_notice() -> None:
    found, notices = scan(VALID_BASH, "build.sh")
    assert found == [
        ("SSL101", 4, 18),  # inside `case` items ended by `;&` and `;;&`
        ("SSL201", 10, 36),
        ("SSL202", 13, 6),
        ("SSL203", 14, 8),  # after the final `\\` continuation
    ]
    assert notices == []


def test_a_deep_prefix_costs_its_own_line_only() -> None:
    deep = 10_000
    text = "echo " + "$(" * deep + "true" + ")" * deep + "\n" + TRUST + "\n"
    found, notices = scan(text, "deep.sh")
    assert found == [("SSL101", 2, 13)]
    assert notices == ["1: nested too deeply to read; line 1 skipped"]


def test_what_does_not_parse_is_named_and_the_rest_is_read() -> None:
    text = (
        "pip install --trusted-host h1 x\n"
        "if true; then\n"
        "  echo $(``x``; ) )\n"  # not bash: one line skipped
        "  curl -k https://a.example/x\n"
        "fi\n"  # a closer alone is not worth a notice
        "wget --no-check-certificate \\\n  https://b.example/y\n"
    )
    found, notices = scan(text, "broken.sh")
    assert found == [("SSL101", 1, 13), ("SSL201", 4, 8), ("SSL202", 6, 6)]
    assert notices == ["3: shell syntax not understood; line 3 skipped"]


@pytest.mark.parametrize(
    ("opener", "column"),
    [("a=(", 1), ("if true; then", 3), ("deploy() {", 3), ("echo $(", 1)],
)
def test_a_construct_never_closed_costs_the_line_that_opens_it(opener: str, column: int) -> None:
    pad = " " * (column - 1)
    text = f"{opener}\n{pad}curl -k https://a.example/x\n{pad}{TRUST}\n"
    found, notices = scan(text, "unclosed.sh")
    assert found == [("SSL101", 3, column + 12), ("SSL201", 2, column + 5)]
    assert notices == ["1: shell syntax not understood; line 1 skipped"]


def test_an_unclosed_construct_that_opens_a_here_document_keeps_its_body_data() -> None:
    text = "x=$(cat <<EOF\ncurl -k https://a.example/x\nEOF\n"
    assert scan(text, "unclosed.sh") == ([], [])


def test_whole_statements_after_a_broken_one_on_its_line_are_read() -> None:
    text = (
        "echo x && if then fi; curl -k https://a.example/x\n"
        "if echo $((; then curl -k https://b.example/x; fi\n"  # `then …` is no statement
        "echo $((; curl -k https://c.example/x; echo $((\n"  # the rest is not whole
        "wget --no-check-certificate https://d.example/y\n"
    )
    found, notices = scan(text, "partial.sh")
    assert found == [("SSL201", 1, 28), ("SSL202", 4, 6)]
    assert notices == [
        "1: shell syntax not understood; line 1 skipped up to column 21",
        "2: shell syntax not understood; line 2 skipped",
        "3: shell syntax not understood; line 3 skipped",
    ]


def test_dockerfile_run_keeps_the_command_after_a_broken_one() -> None:
    text = "FROM alpine\nRUN echo x && if then fi; curl -k https://a.example/x\n"
    found, notices = scan(text, "Dockerfile")
    assert found == [("SSL201", 2, 32)]
    assert notices == ["2: shell syntax not understood; line 2 skipped up to column 25"]


def test_many_broken_lines_give_a_few_notices_and_a_summary() -> None:
    loop = "for f in *(.N); do pip install --trusted-host h $f; done"  # zsh, not bash
    text = "".join(f"{loop}\ncurl -k https://e.example/{i}\n" for i in range(6))
    found, notices = scan(text, "many.sh")
    assert found == [("SSL201", 2 * i + 2, 6) for i in range(6)]
    assert notices == [
        "1: shell syntax not understood; line 1 skipped",
        "3: shell syntax not understood; line 3 skipped",
        "5: shell syntax not understood; line 5 skipped",
        "7: 3 more statements not read; skipped at lines 7, 9, 11",
    ]


def test_a_dash_before_a_here_document_or_fd_redirect_is_kept() -> None:
    # tree-sitter-bash drops a lone `-` right before `<<` or `2>`: it is masked, not lost.
    text = (
        "tar -xzf - 2>/dev/null <<EOF\nx\nEOF\n"
        "cat -<<EOF\ny\nEOF\n"
        "echo $(( a - 2 )) $(( b - 1<<2 )) - <<< z\n"
    )
    facts = read_facts(Source("x.sh", text), kinds.SHELL, narrow=False)
    assert [[w.text for w in c.words] for c in facts.commands] == [
        ["tar", "-xzf", "-"],
        ["cat", "-"],
        ["echo", "$(( a - 2 ))", "$(( b - 1<<2 ))", "-"],
    ]
    assert [c.words[-1].span.start_column for c in facts.commands] == [10, 5, 35]
    assert facts.notices == []


# -- zsh ---------------------------------------------------------------------------

ZSH = """\
#!/usr/bin/env zsh
setopt extendedglob
export PIP_TRUSTED_HOST=pypi.corp.example
for f in **/*.py(.N); do pip install --trusted-host h2 $f; done
print -P "%F{green}ok%f" ${(f)lines}
curl -k https://z.example/x
"""


def test_zsh_is_read_where_it_parses_and_the_rest_is_said_to_be_skipped() -> None:
    for name in ("install", "install.zsh"):
        found, notices = scan(ZSH, name)
        assert found == [("SSL101", 3, 8), ("SSL201", 6, 6)], name
        # The glob qualifier `(.N)` is zsh only: that loop is skipped, and said to be.
        assert notices == ["4: shell syntax not understood; line 4 skipped"], name


ZSH_ONLY = """\
#!/usr/bin/env zsh
typeset -U path
path=($HOME/bin $path)
for f in ${(f)"$(ls)"}; do print -r -- $f; done
files=( *.txt(N) )
print ${(j:,:)files}
[[ $x == (a|b) ]] && echo ok
export SSL_NO_VERIFY=1
curl -k https://z.example.com
"""


def test_a_script_that_is_one_error_names_the_lines_that_broke_it() -> None:
    # tree-sitter-bash makes the whole file one ERROR from line 4 on: the lines that
    # broke it are skipped and named, the valid ones after them are read.
    found, notices = scan(ZSH_ONLY, "tools/setup.zsh")
    assert found == [("SSL104", 8, 8), ("SSL201", 9, 6)]
    assert notices == [
        "4: shell syntax not understood; line 4 skipped",
        "5: shell syntax not understood; line 5 skipped",
        "6: shell syntax not understood; line 6 skipped",
    ]


def test_unclosed_constructs_cost_their_own_lines_only() -> None:
    text = (
        "#!/bin/bash\n" + "echo $((\n" * 4 + "export SSL_NO_VERIFY=1\ncurl -k https://x.example\n"
    )
    found, notices = scan(text, "a.sh")
    assert found == [("SSL104", 6, 8), ("SSL201", 7, 6)]
    assert notices == [
        "2: shell syntax not understood; line 2 skipped",
        "3: shell syntax not understood; line 3 skipped",
        "4: shell syntax not understood; line 4 skipped",
        "5: 1 more statement not read; skipped at line 5",
    ]


# -- template syntax ------------------------------------------------------------------

ANSIBLE = """\
---
- name: Install deps
  ansible.builtin.shell: |
    {% if proxy_enabled %}
    export HTTPS_PROXY={{ proxy_url }}
    {% endif %}
    {# pinned by the platform team #}
    pip install {{ '--pre' if pre else '' }} --trusted-host {{ pypi_host }} {{ pkgs | join(' ') }}
  args:
    chdir: "{{ app_dir }}"

- name: Fetch
  command: curl -k {{ url }} -o /tmp/x

- name: Loop
  shell: >
    for p in {{ items | join(" ") }}; do
      echo {{ "{{" }} $p {{ "}}" }};
    done

- name: Helm-style whitespace control
  shell: "echo {{- .Values.x -}}; wget --no-check-certificate https://e.example/x"
"""


def test_jinja_in_ansible_commands_is_unknown_text_not_a_syntax_error() -> None:
    found, notices = scan(ANSIBLE, "roles/web/tasks/main.yml")
    assert found == [("SSL101", 8, 46), ("SSL201", 13, 17), ("SSL202", 22, 40)]
    assert notices == []


def test_cookiecutter_template_script_is_read() -> None:
    text = (
        "#!/bin/sh\n"
        "{% if cookiecutter.use_mirror == 'y' %}\n"
        "pip install --trusted-host {{ cookiecutter.mirror }} -r requirements.txt\n"
        "{% endif %}\n"
        "echo ${#ARGS} {{cookiecutter.project_slug}}\n"
    )
    found, notices = scan(text, "{{cookiecutter.project_slug}}/setup.sh")
    assert found == [("SSL101", 3, 13)]
    assert notices == []


# -- Makefile functions -------------------------------------------------------------

MAKEFILE = """\
PY := $(shell command -v python3 || curl -k https://a.example/py)
SRC := $(filter-out test_%.py,$(wildcard *.py))
VERSION != git -c http.sslVerify=false describe
FLAGS = --trusted-host pypi.corp.example

install:
\t$(if $(CI),echo ci,echo local) && pip install $(FLAGS) x
\t@echo $(call greet,world) $(foreach f,$(SRC),$(f).o)
\t$(PY) -m pip install $(patsubst %,-r %,$(REQS)) --trusted-host h2 y
\techo "$(shell wget --no-check-certificate https://b.example/v)"
\techo $$(curl -k https://c.example/$$USER)
# $(shell curl -k https://commented.example)
"""


def test_make_functions_are_make_and_shell_calls_are_read_as_shell() -> None:
    found, notices = scan(MAKEFILE, "Makefile")
    assert found == [
        ("SSL101", 4, 9),  # through $(FLAGS) in the recipe, where it is written
        ("SSL101", 9, 50),
        ("SSL201", 1, 42),  # $(shell …) in a variable nobody uses in a recipe
        ("SSL201", 11, 15),
        ("SSL202", 10, 21),
        ("SSL203", 3, 19),  # VAR != cmd runs cmd in a shell
    ]
    assert notices == []


def test_past_the_recovery_limit_what_parses_is_read_and_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shell, "MAX_RECOVERIES", 2)
    monkeypatch.setattr(shell, "RECOVERY_BYTES", 1)
    loop = "for f in *(.N); do echo $f; done"  # zsh, not bash
    text = "".join(f"{loop}\ncurl -k https://e.example/{i}\n" for i in range(4))
    found, notices = scan(text, "many.sh")
    # Read before the limit; past it, lines swallowed by the grammar's error are lost.
    assert found[:2] == [("SSL201", 2, 6), ("SSL201", 4, 6)]
    assert notices == [
        "1: shell syntax not understood; line 1 skipped",
        "3: shell syntax not understood; line 3 skipped",
        "5: too many statements not understood; "
        "from line 5 on only the statements that parse were read",
    ]
