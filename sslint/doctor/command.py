"""`sslint doctor`: the only sslint command that opens network connections."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional, Sequence

import click

DOCTOR_HELP = """\
Make certificate verification work behind a TLS-intercepting proxy, so
nothing needs switching off.

Connects to each HOST[:PORT] (default: pypi.org, files.pythonhosted.org,
conda.anaconda.org, repo.anaconda.com, github.com, registry.npmjs.org)
directly or through the proxy the tools use (HTTPS_PROXY with NO_PROXY,
pip's `proxy`, conda's `proxy_servers`), shows the certificate chain it is
given, judges it with every trust source the tools use (certifi, the OS
store, each CA bundle configured on this machine) and says what is wrong.

\b
Examples:
  sslint doctor                          the default package hosts
  sslint doctor pypi.org internal.example:8443
  sslint doctor --write-bundle ~/.config/ca/corp-bundle.pem
  sslint doctor --format json

\b
Exit status: 0 every host verifies with every trust source, 1 otherwise,
2 usage error. sslint doctor changes no configuration; --write-bundle
writes only the file it is given.
"""


@click.command("doctor", help=DOCTOR_HELP, short_help="Diagnose TLS behind a proxy.")
@click.argument("hosts", nargs=-1, metavar="[HOST[:PORT]]...")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option(
    "--write-bundle",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write certifi's bundle plus the intercepting CA here (PEM) and print the settings.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 120),
    default=5.0,
    show_default=True,
    help="Seconds for each connection.",
)
@click.option(
    "--public-roots",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The bundle of public CAs to judge with (default: certifi's).",
)
def doctor_command(
    hosts: tuple[str, ...],
    fmt: str,
    write_bundle: Optional[Path],
    timeout: float,
    public_roots: Optional[Path],
) -> None:
    from sslint.doctor.advice import bundle_text, settings_text
    from sslint.doctor.render import as_json, as_text
    from sslint.doctor.run import DEFAULT_HOSTS, HostError, parse_host, run_doctor

    try:
        targets = [parse_host(host) for host in (hosts or DEFAULT_HOSTS)]
    except HostError as exc:
        raise click.UsageError(str(exc)) from exc
    run = run_doctor(targets, dict(os.environ), timeout, public_roots)
    click.echo(as_json(run) if fmt == "json" else as_text(run), nl=False)
    if write_bundle is not None:
        cas = run.intercepting_cas()
        message = _bundle_message(run.public.cafile, cas, write_bundle)
        if message is None and run.public.cafile is not None:
            try:
                write_bundle.write_text(bundle_text(run.public.cafile, cas), encoding="ascii")
            except OSError as exc:
                message = f"{write_bundle}: cannot write: {exc.strerror or exc}"
                raise click.UsageError(message) from exc
            os_trusts = any(r.os_trusts_ca for r in run.results if r.intercepting_ca)
            click.echo(
                f"Wrote {write_bundle}: the public roots and {len(cas)} intercepting CA(s).",
                err=True,
            )
            click.echo(settings_text(write_bundle, os_trusts), err=True, nl=False)
        elif message is not None:
            click.echo(f"sslint: {message}", err=True)
    elif run.intercepting_cas() and fmt == "text":
        click.echo(
            "Run again with --write-bundle PATH to write a bundle that includes this CA.", err=True
        )
    sys.exit(0 if run.healthy else 1)


def _bundle_message(public: Optional[Path], cas: Sequence[object], path: Path) -> Optional[str]:
    if public is None:
        return f"no bundle written to {path}: certifi is not installed (pip install certifi)"
    if not cas:
        return f"no bundle written to {path}: no intercepting CA was found"
    return None
