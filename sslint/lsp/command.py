"""`sslint server`: start the language server on standard input and output."""

from __future__ import annotations

import sys

import click


@click.command("server")
def server_command() -> None:
    """Run the Language Server (stdio) for editors: findings as you type."""
    try:
        from sslint.lsp.server import build_server
    except ImportError as exc:
        click.echo(
            f"sslint: error: `sslint server` needs pygls ({exc.name or exc}): "
            "pip install 'sslint[lsp]' (Python 3.10 or later)",
            err=True,
        )
        sys.exit(2)
    build_server().start_io()
