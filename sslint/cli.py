"""The `sslint` command line (provisional: scan, json and sarif)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from sslint import __version__
from sslint.linter.config import ConfigError, load_config


@click.command()
@click.version_option(__version__, prog_name="sslint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "sarif"]), default="json")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None)
def main(paths: tuple[Path, ...], fmt: str, config_path: Optional[Path]) -> None:
    """Find TLS and signature verification switched off."""
    from sslint.linter.engine import scan

    targets = list(paths) or [Path(".")]
    try:
        config = load_config(config_path, targets[0])
    except ConfigError as exc:
        click.echo(f"sslint: error: {exc}", err=True)
        sys.exit(2)
    result = scan(targets, config)
    for notice in result.notices:
        line = f"sslint: warning: {_one_line(notice.path)}: {_one_line(notice.message)}"
        click.echo(line, err=True)
    if fmt == "sarif":
        from sslint.report.sarif_min import render as render_sarif

        click.echo(render_sarif(result, config.root), nl=False)
    else:
        from sslint.report.json_report import render

        click.echo(render(result), nl=False)
    sys.exit(1 if result.findings else 0)


def _one_line(text: str) -> str:
    """`text` with control, format and undecodable characters escaped, never interpreted."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in text
    )
