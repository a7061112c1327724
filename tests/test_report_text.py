"""The text report: headline, code frame, help line, summary, terminal safety."""

from __future__ import annotations

from _report_support import finding_at, make_report, make_rule

from sslint.linter.source import Source
from sslint.report.safe_text import render_line, safe
from sslint.report.text import render

DOCKERFILE = "FROM python:3.12\nRUN pip install \\\n    --danger x\n"


def test_headline_frame_help_and_summary() -> None:
    source = Source("Dockerfile", DOCKERFILE)
    report = make_report({"Dockerfile": DOCKERFILE}, [finding_at(source, "--danger")])
    assert render(report) == (
        "Dockerfile:3:5: SSL991 [error] `--danger` switches checks off\n"
        "  |\n"
        "3 |     --danger x\n"
        "  |     ^^^^^^^^\n"
        "  = help: Remove the switch. Not sure which CA the proxy uses? `sslint doctor` finds it, "
        "checks it against every trust store the tools use, and `sslint doctor --write-bundle "
        "PATH` writes the bundle.\n"
        "\n"
        "Found 1 finding (1 error, 0 warnings, 0 notes) in 1 file.\n"
    )


def test_no_findings_summary() -> None:
    report = make_report({"a.sh": "echo\n", "b.sh": "echo\n"}, [])
    assert render(report) == "No findings in 2 files.\n"


def test_quiet_prints_only_findings() -> None:
    source = Source("a.sh", "tool --danger\n")
    report = make_report({"a.sh": source.text}, [finding_at(source, "--danger")], quiet=True)
    out = render(report)
    assert out.startswith("a.sh:1:6: SSL991 [error]")
    assert "Found" not in out


def test_counts_by_level() -> None:
    text = "a --danger\nb --danger\nc --danger\n"
    source = Source("x.sh", text)
    rules = [
        make_rule("SSL991", "error"),
        make_rule("SSL992", "warning"),
        make_rule("SSL993", "note"),
    ]
    findings = [
        finding_at(source, "--danger", "SSL991", 0),
        finding_at(source, "--danger", "SSL992", 1),
        finding_at(source, "--danger", "SSL993", 2),
    ]
    out = render(make_report({"x.sh": text}, findings, rules))
    assert out.endswith("Found 3 findings (1 error, 1 warning, 1 note) in 1 file.\n")
    assert "x.sh:2:3: SSL992 [warning]" in out
    assert "x.sh:3:3: SSL993 [note]" in out


def test_multiline_span_underlines_each_line() -> None:
    text = "key: |\n  first --danger\n  second line\nend\n"
    source = Source("c.yml", text)
    start = text.index("--danger")
    end = text.index("second line") + len("second")
    finding = finding_at(source, "--danger")
    span = source.span(start, end)
    finding = finding.__class__(
        finding.rule_id,
        span,
        finding.message,
        finding.statement,
        path=finding.path,
        uri=finding.uri,
        line_text=finding.line_text,
    )
    out = render(make_report({"c.yml": text}, [finding]))
    assert "2 |   first --danger\n  |         ^^^^^^^^\n" in out
    assert "3 |   second line\n  | ^^^^^^^^\n" in out


def test_tabs_and_wide_characters_keep_the_caret_aligned() -> None:
    text = "\t名前 --danger\n"
    source = Source("t.sh", text)
    out = render(make_report({"t.sh": text}, [finding_at(source, "--danger")]))
    # tab → 4 columns, each wide character → 2 columns, then a space
    assert "1 |     名前 --danger\n  |          ^^^^^^^^\n" in out


def test_control_characters_from_files_are_escaped() -> None:
    name = "evil\x1b]8;;http://x.example\x07name\u202e.sh"
    text = "echo \x1b[31mred\x1b[0m --danger \x9b2J\n"
    source = Source(name, text)
    finding = finding_at(source, "--danger", message="msg \x1b[2J\u2066 end")
    out = render(make_report({name: text}, [finding]))
    for bad in ("\x1b", "\x07", "\u202e", "\u2066", "\x9b"):
        assert bad not in out
    assert "evil\\x1b]8;;http://x.example\\x07name\\u202e.sh:1:" in out
    assert "msg \\x1b[2J\\u2066 end" in out
    # the caret sits under the flag in the escaped line
    lines = out.splitlines()
    line = next(x for x in lines if x.startswith("1 |"))
    caret = next(x for x in lines if x.strip().startswith("| ") and "^" in x)
    assert line.index("--danger") == caret.index("^")


def test_color_only_when_enabled() -> None:
    source = Source("a.sh", "tool --danger\n")
    plain = render(make_report({"a.sh": source.text}, [finding_at(source, "--danger")]))
    colored = render(
        make_report({"a.sh": source.text}, [finding_at(source, "--danger")], color=True)
    )
    assert "\x1b[" not in plain
    assert "\x1b[31m" in colored


def test_safe_and_render_line() -> None:
    assert safe("plain") == "plain"
    assert safe("a\x00b\x7fc\u200fd") == "a\\x00b\\x7fc\\u200fd"
    shown, starts = render_line("a\tb")
    assert shown == "a   b"
    assert starts == [0, 1, 4, 5]
