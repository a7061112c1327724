"""The `sslint` command line.

`sslint [PATHS]...` scans (the `check` command is the default);
`sslint rules` and `sslint explain ID` document the rules. Heavy modules
(the engine, its parsers, the rule catalogue) are imported only by the
commands that need them, so `sslint --version` starts instantly.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NoReturn, Optional, Sequence

import click

from sslint import __version__
from sslint.doctor.command import doctor_command
from sslint.lsp.command import server_command

if TYPE_CHECKING:
    from sslint.linter.config import Config
    from sslint.linter.findings import Finding
    from sslint.linter.results import ScanResult
    from sslint.report.model import AddedByChange, Report, SourceTexts
    from sslint.rules.base import Rule

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EMPTY_SCAN = (
    "no file scanned: nothing sslint reads is under the paths given (--allow-empty: accept)"
)
EXIT_BROKEN_PIPE = 141  # as a shell reports a process ended by SIGPIPE
_STDOUT_PIECE = 1 << 16  # characters per write of a report to standard output

FORMATS = (
    "text",
    "sarif",
    "json",
    "github",
    "gitlab",
    "markdown",
    "gitlab-sast",
    "concise",
    "junit",
)
FAIL_LEVELS = ("error", "warning", "note")
STALE_MODES = ("ignore", "warn", "error")
GITHUB_RESULT_LIMIT = 5000

_CHECK_HELP = """\
Find every place the files under PATHS (default: the current directory)
switch off TLS certificate or package signature verification.

\b
Examples:
  sslint                                  scan the current directory
  sslint Dockerfile ci/ requirements.txt  scan files and folders
  sslint --format sarif -o sslint.sarif   SARIF for code scanning
  sslint --select SSL1 --ignore SSL105    only the packaging rules but one
  sslint --write-baseline .sslint-baseline.json
  sslint --baseline .sslint-baseline.json report only new findings
  sslint --diff-base origin/main          only findings on changed lines
  sslint --format gitlab-sast -o gl-sast-report.json
  cat Dockerfile | sslint --stdin-filename Dockerfile -

\b
Other commands:
  sslint rules [--format text|json|markdown]   the rule catalogue
  sslint explain SSL101 [--format markdown]    what a rule finds and the fix
  sslint doctor [HOST[:PORT]...]               fix TLS behind a proxy instead
  sslint server                                language server for editors
A folder named like a command is scanned as ./rules or `sslint check rules`.

\b
Exit status: 0 nothing reported at or above --fail-on, 1 findings,
2 usage or configuration error, a path that is not there, or no file
scanned (unless --allow-empty), 3 scan incomplete: a file could not be
fully analysed (unreadable, too large, past file-timeout, internal
error) unless --allow-incomplete. 3 wins over 1; --exit-zero clears 1 only.
"""


def fail(message: str) -> NoReturn:
    """Print `sslint: error: message` and exit with the usage status."""
    click.echo(f"sslint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def warn(message: str) -> None:
    """Print one `sslint: warning: …` line on standard error."""
    from sslint.report.safe_text import safe

    click.echo(f"sslint: warning: {safe(message)}", err=True)


def info(message: str, quiet: bool) -> None:
    """Print one informational `sslint: …` line on standard error unless quiet."""
    if not quiet:
        click.echo(f"sslint: {message}", err=True)


class _DefaultToCheck(click.Group):
    """`sslint ARGS` means `sslint check ARGS` unless ARGS starts with a command name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a bug in sslint is exit status 2, never 1 ("findings")."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`sslint | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except Exception as exc:
            import traceback

            traceback.print_exc()
            fail(f"internal error: {type(exc).__name__}: {exc} (please report this)")


class _CheckCommand(click.Command):
    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("sslint [check]", " ".join(self.collect_usage_pieces(ctx)))


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"sslint {__version__}")
        ctx.exit(EXIT_OK)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """sslint: find switched-off TLS and signature verification."""


def _rule_list(value: Optional[str], option: str) -> Optional[tuple[str, ...]]:
    """Comma-separated rule IDs or prefixes, validated against the catalogue."""
    if value is None:
        return None
    from sslint.linter.config import ConfigError, validate_rule_prefix

    items = [item.strip() for item in value.split(",") if item.strip()]
    try:
        return tuple(validate_rule_prefix(item, option) for item in items)
    except ConfigError as exc:
        fail(str(exc))


def _color_enabled(no_color: bool, to_stdout: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR") or not to_stdout:
        return False
    return sys.stdout.isatty()


def _write(parts: Iterable[str], path: Optional[Path]) -> None:
    """Write a report's text, given in parts (never held whole)."""
    if path is None:
        # In pieces: one large write to a pipe whose reader left returns short without
        # an error; the write after it fails, and that ends the run with EXIT_BROKEN_PIPE.
        for text in map(_valid_utf8, parts):
            for start in range(0, len(text), _STDOUT_PIECE):
                click.echo(text[start : start + _STDOUT_PIECE], nl=False)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(map(_valid_utf8, parts))
    except OSError as exc:
        fail(f"{path}: cannot write: {exc.strerror or exc}")


def _valid_utf8(text: str) -> str:
    # Undecodable file-name bytes (lone surrogates) become `\udcXX`: valid UTF-8 and JSON.
    if text.isascii():  # no surrogate (a constant-time test)
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _parse_reports(values: Sequence[str]) -> list[tuple[str, Path]]:
    reports = []
    for value in values:
        fmt, sep, file = value.partition(":")
        if not sep or fmt not in FORMATS or not file:
            choices = ", ".join(FORMATS)
            fail(f"--report {value!r}: expected FORMAT:FILE with FORMAT one of {choices}")
        reports.append((fmt, Path(file)))
    return reports


def _scan_stdin(
    display: str, config: Config, force_exclude: bool, sources: SourceTexts
) -> ScanResult:
    """Scan standard input as if it were the file `display`."""
    import pathspec

    from sslint.linter.config import relative_posix
    from sslint.linter.engine import scan_bytes
    from sslint.linter.results import ScanResult

    data = sys.stdin.buffer.read()
    uri = relative_posix(Path(display), config.root)
    if force_exclude:
        spec = pathspec.GitIgnoreSpec.from_lines([*config.exclude, *config.extend_exclude])
        if spec.match_file(uri):
            return ScanResult()
    sources.add(display, data)
    file_result = scan_bytes(data, display, config, uri=uri)
    return ScanResult(
        findings=file_result.findings,
        notices=file_result.notices,
        files_scanned=int(file_result.scanned),
        suppressed=file_result.suppressed,
    )


def _target_prefixes(targets: Sequence[str], root: Path) -> list[str]:
    from sslint.linter.config import relative_posix

    prefixes = []
    for target in targets:
        rel = relative_posix(Path(target), root)
        prefixes.append("" if rel in (".", "") else rel)
    return prefixes


def _under(path: str, prefixes: Sequence[str]) -> bool:
    return any(not p or path == p or path.startswith(p + "/") for p in prefixes)


def _statistics(report: Report) -> str:
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.rule_id] = counts.get(finding.rule_id, 0) + 1
    lines = []
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = report.rule(rule_id)
        lines.append(f"{count:>5}\t{rule_id}\t[{rule.level}] {rule.name}")
    return "\n".join(lines) + ("\n" if lines else "")


def _gate_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that keep a scan from passing unnoticed when it saw less than asked."""
    options = (
        click.option(
            "--allow-incomplete",
            is_flag=True,
            help="Exit as if complete when a file could not be fully analysed (default: exit 3).",
        ),
        click.option(
            "--allow-empty",
            is_flag=True,
            help="Accept a scan that read no file at all (default: exit 2).",
        ),
        click.option(
            "--no-inline-ignores",
            is_flag=True,
            help="Report findings that `# sslint: ignore[…]` (or an honoured noqa) would hide.",
        ),
        click.option(
            "--show-suppressed",
            is_flag=True,
            help="List the findings in-file comments suppress (text, JSON) after the others.",
        ),
        click.option(
            "--isolated",
            is_flag=True,
            help="Read no configuration file found in the tree (only --config, if given).",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def _missing_paths(targets: Sequence[str]) -> None:
    """Exit 2 naming every path on the command line that cannot be found (a broken
    link is there: the scan names it as broken and goes on)."""
    missing = []
    for target in targets:
        try:
            os.stat(target)
        except FileNotFoundError as exc:
            if not os.path.islink(target):
                missing.append(f"{target}: {exc.strerror or exc}")
        except OSError as exc:
            missing.append(f"{target}: {exc.strerror or exc}")
    if missing:
        from sslint.report.safe_text import safe

        for problem in missing[:-1]:
            click.echo(f"sslint: error: {safe(problem)}", err=True)
        fail(safe(missing[-1]))


def _load_settings(config_path: Optional[Path], start: Path, isolated: bool) -> Config:
    """The configuration: `--config`, else the nearest in the tree (none when isolated)."""
    from sslint.linter.config import ConfigError, load_config

    try:
        return load_config(config_path, start, isolated=isolated)
    except ConfigError as exc:
        fail(str(exc))


def _gate_status(result: ScanResult, allow_incomplete: bool) -> Optional[int]:
    """EXIT_INCOMPLETE when files were not fully analysed and that is not accepted."""
    incomplete = {notice.path for notice in result.incomplete}
    if not incomplete:
        return None
    files = f"{len(incomplete)} file{'s' if len(incomplete) != 1 else ''}"
    if allow_incomplete:
        warn(f"scan incomplete: {files} not fully analysed (accepted: --allow-incomplete)")
        return None
    click.echo(
        f"sslint: error: scan incomplete: {files} not fully analysed (listed above); "
        "exit status 3 (--allow-incomplete accepts this)",
        err=True,
    )
    return EXIT_INCOMPLETE


def _on_changed_lines(
    findings: list[Finding], base: str, target: str, quiet: bool, result: ScanResult, config: Config
) -> tuple[list[Finding], AddedByChange]:
    """`--diff-base`: the findings on lines changed since `base`, and what the change
    adds that hides findings (each also told on standard error)."""
    from sslint.linter.gitdiff import DiffError, changed_lines, split_new
    from sslint.report.change_review import added_by_change

    try:
        changes = changed_lines(base, target)
        added = added_by_change(changes, result.suppressed, config)
    except DiffError as exc:
        fail(str(exc))
    kept, dropped, untracked = split_new(findings, changes)
    if dropped:
        info(f"{dropped} findings are on lines unchanged since {base} and not shown", quiet)
    for path in untracked:
        warn(f"{path}: not tracked by git: every finding in it is shown")
    for finding in added.suppressions:
        assert finding.suppression is not None
        warn(
            f"{finding.path}:{finding.suppression.line}: this change adds a suppression that "
            f"hides {finding.rule_id} at {finding.path}:{finding.span.start_line}:"
            f"{finding.span.start_column}"
        )
    for key, value in added.settings:
        warn(f"{added.config}: this change adds the setting {key} = {value}, which hides findings")
    return kept, added


def _fails(report: Report, fail_on: str) -> bool:
    threshold = FAIL_LEVELS.index(fail_on)
    return any(
        FAIL_LEVELS.index(report.level(f)) <= threshold
        for f in report.findings
        if report.level(f) in FAIL_LEVELS
    )


@main.command(cls=_CheckCommand, help=_CHECK_HELP, short_help="Scan files and folders.")
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option(
    "--report",
    "extra_reports",
    multiple=True,
    metavar="FORMAT:FILE",
    help="Also write the report in FORMAT to FILE (repeatable), e.g. sarif:sslint.sarif.",
)
@click.option(
    "--select",
    metavar="IDS",
    help="Only these rules: comma-separated IDs or prefixes (SSL1, SSL201).",
)
@click.option("--ignore", metavar="IDS", help="Never these rules: comma-separated IDs or prefixes.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file (default: the nearest sslint.toml, .sslint.toml or pyproject.toml).",
)
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when there are findings.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    default="note",
    show_default=True,
    help="Exit with 1 only for findings at or above this level (note: any finding).",
)
@click.option("--no-color", is_flag=True, help="No colors (also: NO_COLOR, or not a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the findings (no summary, no info).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead.")
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply excludes to files named on the command line too (for pre-commit).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Read standard input (path `-`) as if it were the file PATH.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record today's findings in this baseline file and exit.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not in this baseline (also: `baseline` in the config).",
)
@click.option(
    "--baseline-stale",
    type=click.Choice(STALE_MODES),
    default="warn",
    show_default=True,
    help="What to do with baseline entries whose finding is gone (error: exit 1).",
)
@click.option(
    "--diff-base",
    metavar="REF",
    help="Report only findings on lines added or changed since the git commit REF "
    "(e.g. origin/main); files git does not track keep all their findings.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (default 0: one per CPU; 1: no workers). Output is the same.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the results kept in .sslint_cache/ (in the project root).",
)
@_gate_options
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Print the version and exit.",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: Optional[Path],
    extra_reports: tuple[str, ...],
    select: Optional[str],
    ignore: Optional[str],
    config_path: Optional[Path],
    exit_zero: bool,
    fail_on: str,
    no_color: bool,
    quiet: bool,
    statistics: bool,
    force_exclude: bool,
    stdin_filename: Optional[str],
    write_baseline: Optional[Path],
    baseline_path: Optional[Path],
    baseline_stale: str,
    diff_base: Optional[str],
    jobs: int,
    no_cache: bool,
    allow_incomplete: bool,
    allow_empty: bool,
    no_inline_ignores: bool,
    show_suppressed: bool,
    isolated: bool,
) -> None:
    """Scan PATHS and report what switches verification off."""
    from sslint.linter.collection import paused_collection
    from sslint.linter.config import ConfigError
    from sslint.report import piece_renderer
    from sslint.report.model import Report, SourceTexts
    from sslint.rules import all_rules

    started = time.time()
    reports = _parse_reports(extra_reports)
    use_stdin = "-" in paths
    if use_stdin and len(paths) > 1:
        fail("`-` (standard input) cannot be combined with other paths")
    if stdin_filename is not None and paths and not use_stdin:
        fail("--stdin-filename reads standard input: give `-` or no paths")
    use_stdin = use_stdin or stdin_filename is not None
    if write_baseline is not None and baseline_path is not None:
        fail("--write-baseline and --baseline cannot be combined")
    display = stdin_filename or "-"
    targets = [display] if use_stdin else list(paths) or ["."]

    if not use_stdin:
        _missing_paths(targets)
    config = _load_settings(config_path, Path(targets[0]), isolated)
    config.jobs = jobs
    config.cache = not no_cache
    if no_inline_ignores:
        config.inline_ignores = False
    chosen = _rule_list(select, "--select")
    if chosen is not None:
        config.select = chosen
    ignored = _rule_list(ignore, "--ignore")
    if ignored:
        config.ignore = (*config.ignore, *ignored)
    baseline_file = baseline_path or (None if write_baseline else config.baseline)
    baseline = None
    if baseline_file is not None:
        from sslint.linter.baseline import load_baseline

        try:
            baseline = load_baseline(baseline_file)
        except ConfigError as exc:
            fail(str(exc))

    sources = SourceTexts()
    if use_stdin:
        result = _scan_stdin(display, config, force_exclude, sources)
    else:
        from sslint.linter.engine import scan

        result = scan([Path(p) for p in targets], config, force_exclude=force_exclude)
    for notice in result.notices:
        where = f"{notice.path}:{notice.line}" if notice.line else notice.path
        if notice.level == "error":  # not fully analysed: the scan is incomplete
            from sslint.report.safe_text import safe

            click.echo(f"sslint: error: {safe(where)}: {safe(notice.message)}", err=True)
        else:
            warn(f"{where}: {notice.message}")
    if result.files_scanned == 0 and not result.incomplete and not allow_empty:
        fail(EMPTY_SCAN)
    gate_status = _gate_status(result, allow_incomplete)

    if write_baseline is not None:
        from sslint.linter.baseline import write_baseline as write_file

        try:
            count = write_file(write_baseline, result.findings)
        except OSError as exc:
            fail(f"{write_baseline}: cannot write baseline: {exc.strerror or exc}")
        info(f"wrote {count} findings to baseline {write_baseline}", quiet)
        sys.exit(EXIT_OK)

    findings = result.findings
    baselined = 0
    stale_count = 0
    if baseline is not None:
        findings, baselined, stale = baseline.split(findings)
        prefixes = _target_prefixes(targets, config.root)
        stale = [key for key in stale if _under(key.path, prefixes)]
        stale_count = len(stale)
        if baselined:
            info(f"{baselined} findings are in baseline {baseline.path} and not shown", quiet)
        if stale and baseline_stale != "ignore":
            for key in stale:
                warn(
                    f"{baseline.path}: stale entry (finding gone): {key.rule} in {key.path}: "
                    f"{key.line_text!r}"
                )
            info("rewrite the baseline with --write-baseline to drop stale entries", quiet)

    added = None
    if diff_base is not None:
        findings, added = _on_changed_lines(findings, diff_base, targets[0], quiet, result, config)

    to_stdout = output is None
    report = Report(
        findings=findings,
        rules=all_rules(),
        root=config.root,
        notices=result.notices,
        files_scanned=result.files_scanned,
        sources=sources,
        color=_color_enabled(no_color, to_stdout),
        quiet=quiet,
        baselined=baselined,
        suppressed=result.suppressed,
        show_suppressed=show_suppressed,
        config=config,
        started=started,
        added=added,
    )
    if statistics:
        table = _statistics(report)
        if fmt == "text":
            _write((table,), output)
        else:
            click.echo(table, nl=False, err=True)
    with paused_collection():  # reports of many findings make many objects and no cycles
        if not (statistics and fmt == "text"):
            _write(piece_renderer(fmt)(report), output)
        plain = dataclasses.replace(report, color=False)
        for extra_fmt, extra_path in reports:
            _write(piece_renderer(extra_fmt)(plain), extra_path)
    if len(findings) > GITHUB_RESULT_LIMIT and "sarif" in (fmt, *(f for f, _ in reports)):
        warn(
            f"{len(findings)} results: GitHub code scanning accepts at most "
            f"{GITHUB_RESULT_LIMIT} results per run and keeps only those"
        )

    if gate_status is not None:
        sys.exit(gate_status)
    if exit_zero:
        sys.exit(EXIT_OK)
    stale_fails = stale_count > 0 and baseline_stale == "error"
    sys.exit(EXIT_FINDINGS if _fails(report, fail_on) or stale_fails else EXIT_OK)


def _rule_or_fail(rule_id: str) -> Rule:
    from sslint.rules import rule_by_id

    try:
        return rule_by_id(rule_id)
    except KeyError:
        fail(f"unknown rule {rule_id!r} (see `sslint rules`)")


@main.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
def rules_command(fmt: str) -> None:
    """List every rule: ID, name, level, security-severity, summary."""
    from sslint.report.catalogue import catalogue_json, catalogue_markdown, catalogue_text
    from sslint.rules import all_rules

    rules = all_rules()
    render = {"text": catalogue_text, "json": catalogue_json, "markdown": catalogue_markdown}
    click.echo(render[fmt](rules), nl=False)


@main.command("explain")
@click.argument("rule_id")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True
)
def explain_command(rule_id: str, fmt: str) -> None:
    """Explain a rule: what it finds, why it matters, an example, the fix, references."""
    from sslint.report.rule_docs import as_markdown, as_text

    rule = _rule_or_fail(rule_id)
    click.echo(as_markdown(rule) if fmt == "markdown" else as_text(rule), nl=False)


main.add_command(doctor_command)
main.add_command(server_command)
