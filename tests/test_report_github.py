"""GitHub workflow commands and the Markdown job summary."""

from __future__ import annotations

from _report_support import finding_at, make_report, make_rule

from sslint.linter.findings import Finding
from sslint.linter.source import Source
from sslint.report.github import escape_data, escape_property, render
from sslint.report.markdown import ANNOTATION_LIMIT_NOTE, cell
from sslint.report.markdown import render as render_markdown

RULES = [make_rule(f"SSL99{n}", level) for n, level in ((1, "error"), (2, "warning"), (3, "note"))]


def test_one_command_per_finding_with_levels() -> None:
    text = "a --danger\nb --danger\nc --danger\n"
    source = Source("ci/x.sh", text)
    findings = [finding_at(source, "--danger", f"SSL99{n}", n - 1) for n in (1, 2, 3)]
    out = render(make_report({"ci/x.sh": text}, findings, RULES))
    assert out.splitlines() == [
        "::error file=ci/x.sh,line=1,endLine=1,col=3,endColumn=11,title=SSL991 danger"
        "::`--danger` switches checks off",
        "::warning file=ci/x.sh,line=2,endLine=2,col=3,endColumn=11,title=SSL992 danger"
        "::`--danger` switches checks off",
        "::notice file=ci/x.sh,line=3,endLine=3,col=3,endColumn=11,title=SSL993 danger"
        "::`--danger` switches checks off",
    ]


def test_escaping_matches_the_toolkit() -> None:
    assert escape_data("100%\r\nnext::x") == "100%25%0D%0Anext::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_nothing_from_a_file_can_inject_a_command() -> None:
    name = "x,line=1::evil\n::error file=y::owned.sh"
    text = "tool --danger\n"
    source = Source(name, text)
    finding = finding_at(source, "--danger", message="m\n::add-mask::secret\r\n::stop-commands::t")
    out = render(make_report({name: text}, [finding]))
    assert out.count("\n") == 1
    assert out.startswith("::error file=x%2Cline=1%3A%3Aevil%0A%3A%3Aerror file=y%3A%3Aowned.sh,")
    assert out.endswith("::m%0A::add-mask::secret%0D%0A::stop-commands::t\n")


def test_multiline_spans_drop_columns() -> None:
    text = "a\n--danger\nb\n"
    source = Source("m.sh", text)
    base = finding_at(source, "--danger")
    span = source.span(0, text.index("b"))
    finding = Finding(base.rule_id, span, base.message, base.statement, path="m.sh", uri="m.sh")
    out = render(make_report({"m.sh": text}, [finding]))
    assert out.startswith("::error file=m.sh,line=1,endLine=3,title=SSL991 danger::")


def test_markdown_summary_lists_every_finding_inertly() -> None:
    text = "tool --danger\n"
    source = Source("a|b.sh", text)
    finding = finding_at(source, "--danger", message="see [x](http://evil.example) <img> `c`")
    out = render_markdown(make_report({"a|b.sh": text}, [finding]))
    assert out.splitlines() == [
        "## sslint",
        "",
        "Found 1 finding (1 error, 0 warnings, 0 notes) in 1 file.",
        "",
        ANNOTATION_LIMIT_NOTE,
        "",
        "| Rule | Level | Location | Message |",
        "|---|---|---|---|",
        "| SSL991 danger | 🔴 error | a\\|b.sh:1:6 "
        "| see \\[x\\](http://evil.example) \\<img\\> \\`c\\` |",
    ]
    assert cell("a\nb & c") == "a b &amp; c"


def test_markdown_summary_without_findings() -> None:
    out = render_markdown(make_report({"a.sh": "echo\n"}, []))
    assert out == "## sslint\n\nNo findings in 1 file.\n"


def test_control_characters_from_scanned_text_never_reach_the_log_raw() -> None:
    from sslint.report.github import escape_data, escape_property

    assert escape_data("a\x1b[31mb\x07%\n") == "a%1B[31mb%07%25%0A"
    assert escape_property("dir\x1b]0;x\x07/f:1,2") == "dir%1B]0;x%07/f%3A1%2C2"
