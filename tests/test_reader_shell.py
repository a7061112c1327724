"""Shell reader: words, commands, environment and embedded code, with exact spans."""

from __future__ import annotations

from typing import Any, Optional

import pytest

from sslint.linter import kinds, readers
from sslint.linter.facts import Command, FileFacts, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import Source, View


def read(text: str, env: Optional[dict[str, Word]] = None) -> FileFacts:
    source = Source("script.sh", text)
    facts = FileFacts(source=source, kind=kinds.SHELL)
    reader = readers.reader_for(kinds.SHELL)
    assert reader is not None
    reader(source.whole(), ReadContext(facts, env=env or {}))
    return facts


def pos(word: Word) -> tuple[int, int, int, int]:
    s = word.span
    return (s.start_line, s.start_column, s.end_line, s.end_column)


def texts(command: Command) -> list[str]:
    return [w.text for w in command.words]


def find(facts: FileFacts, program: str) -> Command:
    return next(c for c in facts.commands if c.words[0].text == program)


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, View]]:
    """Record what the shell reader hands to other readers (and still read nested shell)."""
    seen: list[tuple[str, View]] = []
    for kind in (kinds.PIP_CONF, kinds.CONDARC, kinds.CURLRC, kinds.PYTHON, kinds.NPMRC):

        def record(view: View, ctx: ReadContext, kind: str = kind) -> None:
            seen.append((kind, view))

        monkeypatch.setitem(readers._LOADED, kind, record)
    return seen


def test_quotes_escapes_and_concatenation_map_to_the_file() -> None:
    facts = read('pip install --opt="$UNSET" \'a b\' "c\\"d" e\\ f $\'x\\ty\' --h="v"\n')
    (cmd,) = facts.commands
    assert texts(cmd) == ["pip", "install", "--opt=$UNSET", "a b", 'c"d', "e f", "x\ty", "--h=v"]
    words = cmd.words
    assert pos(words[3]) == (1, 29, 1, 32)  # inside the single quotes
    assert words[4].sub_span(1, 2).start_column == 37  # the escaped quote itself
    assert pos(words[7]) == (1, 54, 1, 60)  # --h= and v, quotes skipped
    assert words[7].view.text == "--h=v"
    assert not words[2].known and words[3].known


def test_non_ascii_text_keeps_code_point_columns() -> None:
    facts = read("echo 'héllo wörld' && curl -k https://x.corp.example\n")
    curl = find(facts, "curl")
    assert pos(curl.words[1]) == (1, 28, 1, 30)


def test_commands_everywhere_and_comments_never() -> None:
    script = """\
# pip install --trusted-host nowhere
f() { a | b && c; }
if x; then d; elif y; then e; else g; fi
case "$1" in
  z) h ;;
esac
for i in 1 2; do j; done
while k; do l; done
! m; ( n ); { o; }
echo "$(p -k)" `q`
"""
    facts = read(script)
    programs = [c.words[0].text for c in facts.commands]
    for name in "abcdeghjklmnopq":
        assert name in programs, name
    assert "pip" not in programs and "#" not in programs


def test_statement_covers_continuation_lines() -> None:
    facts = read("apt-get update \\\n  && apt-get install -y \\\n     curl\nnext\n")
    install = facts.commands[1]
    assert texts(install) == ["apt-get", "install", "-y", "curl"]
    assert tuple(install.statement) == (1, 3)
    assert pos(install.words[3]) == (3, 6, 3, 10)
    assert tuple(find(facts, "next").statement) == (4, 4)


def test_export_unset_and_prefix_assignments() -> None:
    script = """\
export SSL_NO_VERIFY=1 OTHER
conda skeleton pypi x
unset SSL_NO_VERIFY
GIT_SSL_NO_VERIFY=true git pull
export -n OTHER
"""
    facts = read(script)
    by_name = {e.name: e for e in facts.env}
    exported = by_name["SSL_NO_VERIFY"]
    assert exported.scope is Scope.SCRIPT and exported.exported
    assert (exported.name_span.start_line, exported.name_span.start_column) == (1, 8)
    assert exported.unset_at is not None and exported.unset_at.start_line == 3
    other = by_name["OTHER"]
    assert other.value is None and other.unset_at is not None
    assert other.unset_at.start_line == 5
    prefix = by_name["GIT_SSL_NO_VERIFY"]
    assert prefix.scope is Scope.COMMAND
    git = find(facts, "git")
    assert git.env == [prefix]
    assert prefix.value is not None and pos(prefix.value) == (4, 19, 4, 23)
    assert git.seq > exported.seq


def test_plain_variable_is_not_env_until_exported_and_set_a() -> None:
    facts = read("A=1\nB=2\nexport A\nset -a\nC=3\nset +a\nD=4\n")
    assert [(e.name, e.name_span.start_line) for e in facts.env] == [("A", 1), ("C", 5)]


def test_unquoted_variable_splits_into_words_at_the_assignment() -> None:
    script = 'OPTS="--trusted-host h.corp.example -q"\npip install $OPTS "$OPTS" x\n'
    facts = read(script)
    cmd = find(facts, "pip")
    assert texts(cmd) == [
        "pip",
        "install",
        "--trusted-host",
        "h.corp.example",
        "-q",
        "--trusted-host h.corp.example -q",
        "x",
    ]
    flag = cmd.words[2]
    assert pos(flag) == (1, 7, 1, 21)
    assert flag.via == "$OPTS on line 2"
    assert flag.used_at is not None and flag.used_at.start_column == 13
    assert pos(cmd.words[3]) == (1, 22, 1, 36)


def test_arrays_defaults_and_unknowns() -> None:
    script = """\
CURL=(-fsSL --insecure "a b")
PY=${PYTHON:-python3}
curl "${CURL[@]}" ${CURL[1]} "$PY" $UNKNOWN "${MISSING}x"
"""
    facts = read(script)
    cmd = facts.commands[0]
    assert texts(cmd) == [
        "curl",
        "-fsSL",
        "--insecure",
        "a b",
        "--insecure",
        "python3",
        "$UNKNOWN",
        "${MISSING}x",
    ]
    assert pos(cmd.words[2]) == (1, 13, 1, 23)
    assert pos(cmd.words[3]) == (1, 25, 1, 28)
    assert cmd.words[2].via == "${CURL[@]} on line 3"
    assert pos(cmd.words[5]) == (2, 14, 2, 21)
    assert not cmd.words[6].known and pos(cmd.words[6]) == (3, 36, 3, 44)


def test_inherited_env_expands_to_where_it_is_written() -> None:
    text = "PIP_FLAGS: --trusted-host x.corp.example\npip install $PIP_FLAGS\n"
    source = Source("ci.yml", text)
    whole = source.whole()
    value = Word(whole.slice(11, 40))
    facts = FileFacts(source=source, kind=kinds.SHELL)
    reader = readers.reader_for(kinds.SHELL)
    assert reader is not None
    reader(whole.slice(41, len(text)), ReadContext(facts, env={"PIP_FLAGS": value}))
    (cmd,) = facts.commands
    assert texts(cmd) == ["pip", "install", "--trusted-host", "x.corp.example"]
    assert pos(cmd.words[2]) == (1, 12, 1, 26)
    assert cmd.words[2].via == "$PIP_FLAGS on line 2"


def test_sh_c_and_bash_c_are_read_as_shell() -> None:
    script = (
        "sh -c 'wget --no-check-certificate -q u'\n"
        'sudo -E bash -ec "git -c \\"http.sslVerify=false\\" clone u"\n'
    )
    facts = read(script)
    wget = find(facts, "wget")
    assert pos(wget.words[1]) == (1, 13, 1, 35)
    git = find(facts, "git")
    assert texts(git) == ["git", "-c", "http.sslVerify=false", "clone", "u"]
    assert pos(git.words[2]) == (2, 28, 2, 48)


def test_sh_c_nested_two_levels() -> None:
    facts = read("""su - app -c "sh -c 'curl -k https://x.corp.example'"\n""")
    curl = find(facts, "curl")
    assert pos(curl.words[1]) == (1, 26, 1, 28)


def test_heredoc_writing_a_config_file_is_read_as_that_file(
    embedded: list[tuple[str, View]],
) -> None:
    script = """\
usage() {
  cat <<'EOF'
  --trusted-host  never do this
EOF
}
cat > "$HOME/.config/pip/pip.conf" <<EOF
[global]
trusted-host = x.corp.example
EOF
sudo tee -a /etc/conda/.condarc <<-EOF >/dev/null
	ssl_verify: false
	EOF
"""
    read(script)
    assert [k for k, _ in embedded] == [kinds.PIP_CONF, kinds.CONDARC]
    pipconf = embedded[0][1]
    assert pipconf.text == "[global]\ntrusted-host = x.corp.example\n"
    assert pipconf.span(9, 21).start_line == 8
    condarc = embedded[1][1]
    assert condarc.text == "ssl_verify: false\n"
    assert condarc.span(0, 10).start_column == 2


def test_echo_and_printf_writing_config(embedded: list[tuple[str, View]]) -> None:
    script = (
        "echo 'trusted-host = x.corp.example' >> /etc/pip.conf\n"
        "printf 'ssl_verify: false\\nchannels: []\\n' > ~/.condarc\n"
        "echo 'insecure' | sudo tee -a ~/.curlrc\n"
        "echo 'just text'\n"
    )
    read(script)
    assert [k for k, _ in embedded] == [kinds.PIP_CONF, kinds.CONDARC, kinds.CURLRC]
    assert embedded[0][1].text == "trusted-host = x.corp.example\n"
    condarc = embedded[1][1]
    assert condarc.text == "ssl_verify: false\nchannels: []\n"
    assert condarc.span(18, 26).start_column == 28
    assert embedded[2][1].text == "insecure\n"


def test_python_code_in_c_and_heredocs(embedded: list[tuple[str, View]]) -> None:
    script = """\
python3 -c 'import ssl; print(1)'
python3 - <<'PY'
import urllib3
PY
cat <<EOF | python
x = 1
EOF
python3 script.py <<EOF
not python
EOF
"""
    read(script)
    assert [(k, v.text) for k, v in embedded] == [
        (kinds.PYTHON, "import ssl; print(1)"),
        (kinds.PYTHON, "import urllib3\n"),
        (kinds.PYTHON, "x = 1\n"),
    ]
    assert embedded[0][1].span(0, 6).start_column == 13


def test_heredoc_fed_to_bash_is_read_as_shell() -> None:
    facts = read("export X=1\nbash <<'SH'\ncurl -k https://x.corp.example\nSH\n")
    curl = find(facts, "curl")
    assert pos(curl.words[1]) == (3, 6, 3, 8)


def test_broken_script_keeps_earlier_commands_and_notices() -> None:
    facts = read("pip install --trusted-host a b\necho 'unterminated\ncurl -k x\n")
    assert find(facts, "pip")
    # Only the line that does not parse is lost: the script is parsed again after it.
    assert pos(find(facts, "curl").words[1]) == (3, 6, 3, 8)
    assert [(n.line, n.message) for n in facts.notices] == [
        (2, "shell syntax not understood; line 2 skipped")
    ]


def test_crlf_script() -> None:
    facts = read("pip install \\\r\n  --trusted-host h\r\ncurl -k x\r\n")
    pip = find(facts, "pip")
    assert texts(pip) == ["pip", "install", "--trusted-host", "h"]
    assert pos(pip.words[2]) == (2, 3, 2, 17)
    assert texts(find(facts, "curl")) == ["curl", "-k", "x"]


def test_empty_quoted_word_is_placed_where_written() -> None:
    facts = read('true\npip install "" x\n')
    empty = find(facts, "pip").words[2]
    assert empty.text == "" and pos(empty) == (2, 13, 2, 13)


def test_heredoc_piped_to_tee_writes_the_config(embedded: list[tuple[str, View]]) -> None:
    read("cat <<'EOF' | sudo tee /etc/pip.conf > /dev/null\n[global]\ntrusted-host = h\nEOF\n")
    assert [(k, v.text) for k, v in embedded] == [(kinds.PIP_CONF, "[global]\ntrusted-host = h\n")]
    assert embedded[0][1].span(9, 21).start_line == 3


def test_substitutions_found_only_where_written_keep_positions() -> None:
    script = "plain -k a\nv=$(pip install --trusted-host h x)\necho <(curl -k u) `wget x`\nlast b\n"
    facts = read(script)
    assert [texts(c) for c in facts.commands] == [
        ["plain", "-k", "a"],
        ["pip", "install", "--trusted-host", "h", "x"],
        ["curl", "-k", "u"],
        ["wget", "x"],
        ["echo", "<(curl -k u)", "`wget x`"],
        ["last", "b"],
    ]
    assert pos(find(facts, "pip").words[2]) == (2, 17, 2, 31)
    assert pos(find(facts, "curl").words[1]) == (3, 13, 3, 15)
    assert pos(find(facts, "wget").words[1]) == (3, 25, 3, 26)
    assert pos(find(facts, "last").words[1]) == (4, 6, 4, 7)


def _read_narrow(text: str, narrow: bool) -> FileFacts:
    source = Source("script.sh", text)
    facts = FileFacts(source=source, kind=kinds.SHELL, narrow=narrow, tokens=("curl", "trusted"))
    reader = readers.reader_for(kinds.SHELL)
    assert reader is not None
    reader(source.whole(), ReadContext(facts))
    return facts


def test_commands_without_a_token_are_left_out_but_state_is_kept() -> None:
    script = """\
cd /tmp
export PIP_TRUSTED_HOST=h
make build
X=1 other
c\\url -k a
"cu"rl -k b
cat < in | grep x
echo x > out
ls $DIR
set -a
unset PIP_TRUSTED_HOST
curl -k c
"""
    narrow = _read_narrow(script, narrow=True)
    assert [texts(c)[0] for c in narrow.commands] == [
        "curl",
        "curl",
        "cat",
        "grep",
        "echo",
        "ls",
        "set",
        "curl",
    ]
    assert pos(narrow.commands[0].words[1]) == (5, 7, 5, 9)
    assert pos(narrow.commands[-1].words[1]) == (12, 6, 12, 8)
    (export,) = narrow.env
    assert export.name == "PIP_TRUSTED_HOST" and export.unset_at is not None
    assert export.unset_at.start_line == 11
    full = _read_narrow(script, narrow=False)
    assert [texts(c)[0] for c in full.commands] == [
        "cd",
        "make",
        "other",
        *[texts(c)[0] for c in narrow.commands[:6]],
        "set",
        "curl",
    ]
    assert len(full.env) == 2  # X=1 for `other` too


@pytest.mark.parametrize(
    "text",
    [
        "pip install --trusted-host h -r r.txt",
        "  make  test\t",
        "env A=b c:d @e %f +g ,h ./run.sh",
        "x.y -a",
    ],
)
def test_plain_command_is_the_node_tree_sitter_makes(text: str) -> None:
    from sslint.linter.readers.scripts.shell import _plain_command, parser

    def shape(node: Any) -> tuple[object, ...]:
        return (
            node.type,
            node.start_byte,
            node.end_byte,
            tuple(node.start_point),
            tuple(node.end_point),
            tuple(shape(child) for child in node.named_children),
        )

    plain = _plain_command(text)
    assert plain is not None
    (command,) = parser().parse(text.encode()).root_node.named_children
    assert shape(plain) == shape(command)


@pytest.mark.parametrize(
    "text", ["sleep 10", "a -1", "x == y", "A=b cmd", "export A", "if x", "echo $A", "a; b", ""]
)
def test_other_scripts_are_parsed(text: str) -> None:
    from sslint.linter.readers.scripts.shell import _plain_command

    assert _plain_command(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "pip install --trusted-host h -r r.txt",
        "  sudo  env A=1 curl -k x\t",
        "sh -c ./run.sh",
        "bash -c curl",
        "set -a",
        "python -c pass",
        "make test",
    ],
)
@pytest.mark.parametrize("tokens", [None, ("curl",)])
@pytest.mark.parametrize("joined", [False, True])
def test_plain_script_reads_as_the_parsed_script(
    text: str, tokens: Optional[tuple[str, ...]], joined: bool
) -> None:
    from sslint.linter.readers.scripts.shell import ShellReader
    from sslint.linter.source import ViewBuilder

    def facts_of(reader: readers.Reader) -> tuple[list[Any], list[Any]]:
        source = Source("script.sh", f"#\n{text}\n")
        facts = FileFacts(source=source, kind=kinds.SHELL, tokens=tokens)
        whole = source.whole()
        if joined:  # a view that is not one run of the file (no first line to count from)
            view = ViewBuilder(whole).add(2, 3).add(3, 2 + len(text)).build()
        else:
            view = whole.slice(2, 2 + len(text))
        reader(view, ReadContext(facts, env={"H": Word(whole.slice(0, 1))}, script="s"))
        commands = [
            (c.script, c.seq, c.statement, [(w.text, w.known, w.span) for w in c.words])
            for c in facts.commands
        ]
        env = [(e.name, e.name_span, e.scope, e.statement, e.seq) for e in facts.env]
        return commands, env

    plain = readers.reader_for(kinds.SHELL)
    assert plain is not None
    assert facts_of(plain) == facts_of(lambda view, ctx: ShellReader(view, ctx).read())
