"""Word-level reader for PowerShell and cmd scripts."""

from __future__ import annotations

from pipeline_support import findings

from sslint.linter import kinds, readers
from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes
from sslint.linter.facts import Command, FileFacts, Word
from sslint.linter.readers import ReadContext
from sslint.linter.source import Source


def read(text: str, kind: str) -> FileFacts:
    source = Source("script", text)
    facts = FileFacts(source=source, kind=kind)
    reader = readers.reader_for(kind)
    assert reader is not None
    reader(source.whole(), ReadContext(facts))
    return facts


def pos(word: Word) -> tuple[int, int]:
    return (word.span.start_line, word.span.start_column)


def texts(command: Command) -> list[str]:
    return [w.text for w in command.words]


def test_powershell_words_env_and_comments() -> None:
    facts = read(
        "# pip install --trusted-host nope\n"
        '$env:PIP_TRUSTED_HOST = "pypi.corp.example"\n'
        '& "C:\\Python312\\python.exe" -m pip install `\n'
        "   --trusted-host h.corp.example x; curl.exe -k https://x\n"
        "<# block\n pip --trusted-host #>\n"
        '$env:SSL_NO_VERIFY="1"\n'
        "Remove-Item Env:SSL_NO_VERIFY\n"
        'git config --global http.sslVerify "false" | Out-Null\n',
        kinds.POWERSHELL,
    )
    programs = [c.words[0].text for c in facts.commands]
    assert programs == ["C:\\Python312\\python.exe", "curl.exe", "Remove-Item", "git", "Out-Null"]
    pip = facts.commands[0]
    assert texts(pip)[1:5] == ["-m", "pip", "install", "--trusted-host"]
    assert pos(pip.words[4]) == (4, 4)
    assert tuple(pip.statement) == (3, 4)
    assert pos(facts.commands[3].words[4]) == (9, 37)
    host, ssl = facts.env
    assert host.name == "PIP_TRUSTED_HOST" and host.value is not None
    assert host.value.text == "pypi.corp.example" and pos(host.value) == (2, 26)
    assert (host.name_span.start_line, host.name_span.start_column) == (2, 6)
    assert ssl.unset_at is not None and ssl.unset_at.start_line == 8


def test_batch_words_env_and_comments() -> None:
    facts = read(
        "@echo off\n"
        "REM pip install --trusted-host nope\n"
        ":: also a comment\n"
        "set PIP_OPTS=--trusted-host h.corp.example\n"
        'set "SSL_NO_VERIFY=1"\n'
        "python -m pip install ^\n"
        '  --trusted-host a.corp.example x && curl -k "https://x y"\n'
        "set SSL_NO_VERIFY=\n",
        kinds.BATCH,
    )
    assert [c.words[0].text for c in facts.commands] == ["echo", "python", "curl"]
    pip = facts.commands[1]
    assert pos(pip.words[4]) == (7, 3)
    assert texts(facts.commands[2]) == ["curl", "-k", "https://x y"]
    opts, ssl = facts.env
    assert opts.value is not None and opts.value.text == "--trusted-host h.corp.example"
    assert pos(opts.value) == (4, 14)
    assert ssl.name == "SSL_NO_VERIFY" and ssl.unset_at is not None
    assert ssl.unset_at.start_line == 8


def test_batch_variable_expansions_are_not_known() -> None:
    facts = read('"%PYTHON%" -m pip install .\necho 100%% %~dp0x %1 %%i\n', kinds.BATCH)
    python, echo = facts.commands
    assert [w.known for w in python.words] == [False, True, True, True, True]
    assert [w.known for w in echo.words] == [True, True, False, False, True]


def test_conda_build_bld_bat_interpreter_variables() -> None:
    text = (
        "%PYTHON% -m pip install --trusted-host pypi.org .\n"
        '"%PYTHON%" -m pip install --trusted-host pypi.org . -vv\n'
        "%PREFIX%\\python.exe -m pip install --trusted-host=pypi.org .\n"
        "if errorlevel 1 exit 1\n"
        "%PYTHON% -m pip install . --no-deps -vv\n"
        "%PYTHON% setup.py --trusted-host pypi.org\n"
        "%SRC_DIR%\\tool.exe install --trusted-host pypi.org\n"
    )
    assert findings(text, "recipe/bld.bat") == [
        ("SSL101", 1, 25),
        ("SSL101", 2, 27),
        ("SSL101", 3, 36),
    ]


NARROWING_CASES = {
    kinds.POWERSHELL: (
        "Write-Host 'start'\n"
        "c`url.exe -k https://a.corp.example\n"  # an escape splits the token
        '"cu"rl.exe --insecure https://b.corp.example\n'
        "Get-Item x; pip install `\n  --trusted-host c.corp.example y\n"
        "Invoke-Thing 'multi\nline curl -k' ; wget --no-check-certificate https://d\n"
        "<# pip --trusted-host hidden #> Write-Output done\n"
        "cu<#x#>rl.exe -k https://h.corp.example\n"  # a block comment splits the token
        "$flags = '--trusted-host'\n"
        "pip install $flags e.corp.example z\n"
        "$env:PIP_TRUSTED_HOST = 'f.corp.example'\n"
        "pip install w\n"
        "& python -m pip install --index-url http://g.corp.example/simple v\n"
        "Remove-Item Env:PIP_TRUSTED_HOST && Write-Output end\n"
    ),
    kinds.BATCH: (
        "@echo off\n"
        "rem curl -k not a command\n"
        "c^url -k https://a.corp.example\n"
        "pip install ^\n  --trusted-host b.corp.example x\n"
        "set PIP_TRUSTED_HOST=c.corp.example\n"
        "pip install y\n"
        "(echo a) & curl --insecure https://d && echo b\n"
        '"%PYTHON%" -m pip install --trusted-host e.corp.example z\n'
        "setx SSL_NO_VERIFY 1\n"
    ),
}


def _all_findings(text: str, name: str, prefilter: bool) -> list[tuple[object, ...]]:
    result = scan_bytes(text.encode(), name, Config(), prefilter=prefilter)
    assert not result.notices, result.notices
    return [(f.rule_id, f.span, f.message) for f in result.findings]


def test_narrow_reading_finds_what_a_full_reading_finds() -> None:
    """Statements without a token are left out unread; what the rules see is unchanged."""
    for name, text in (
        ("setup.ps1", NARROWING_CASES[kinds.POWERSHELL]),
        ("build.bat", NARROWING_CASES[kinds.BATCH]),
    ):
        narrow = _all_findings(text, name, prefilter=True)
        assert narrow == _all_findings(text, name, prefilter=False)
        assert len(narrow) >= 6, narrow
