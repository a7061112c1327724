"""`sslint server` driven over stdio by a real LSP client (pytest-lsp), as an editor does."""

from __future__ import annotations

import sys

import pytest

if sys.version_info < (3, 10):  # pygls 2 and pytest-lsp need Python 3.10
    pytest.skip("the language server needs Python 3.10 or later", allow_module_level=True)

from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

_DOCS = "https://github.com/sslint/sslint/blob/main/docs/rules.md"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "sslint", "server"]),
)
async def client(lsp_client: LanguageClient, tmp_path: Path) -> Any:
    workspace = tmp_path / "repo"
    workspace.mkdir()
    (workspace / "sslint.toml").write_text('per-file-ignores = {"legacy/*" = ["SSL201"]}\n')
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="repo")],
        root_uri=workspace.as_uri(),
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def _open(
    client: LanguageClient, path: Path, text: str, language: str
) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _spans(diagnostics: list[types.Diagnostic]) -> list[tuple[Any, int, int, int, int]]:
    return [
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    ]


@pytest.mark.asyncio
async def test_open_publishes_exact_ranges_codes_links_and_fixes(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    docker = "FROM python:3.12\nRUN pip install --trusted-host pypi.org requests\n"
    (diagnostic,) = await _open(client, repo / "Dockerfile", docker, "dockerfile")
    assert _spans([diagnostic]) == [("SSL101", 1, 16, 1, 30)]
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "sslint"
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href == f"{_DOCS}#ssl101-pip-trusted-host"
    assert diagnostic.message.startswith("pip trusts pypi.org (--trusted-host)")
    assert (
        "\nFix: Give pip the proxy's CA bundle instead: `pip install --cert" in diagnostic.message
    )

    condarc = "channels:\n  - defaults\nssl_verify: false\n"
    assert _spans(await _open(client, repo / ".condarc", condarc, "yaml")) == [
        ("SSL103", 2, 0, 2, 10)
    ]
    workflow = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          wget --no-check-certificate https://example.org/x\n"
    )
    ci = repo / ".github" / "workflows" / "ci.yml"
    assert _spans(await _open(client, ci, workflow, "yaml")) == [("SSL202", 6, 15, 6, 37)]


@pytest.mark.asyncio
async def test_ranges_count_utf16_units_as_the_client_does(
    client: LanguageClient, tmp_path: Path
) -> None:
    script = 'echo "\U0001f600 ok"; curl -k https://example.org\n'
    # `-k` is code points 18..20; the emoji takes two UTF-16 units.
    assert _spans(await _open(client, tmp_path / "repo" / "get.sh", script, "shellscript")) == [
        ("SSL201", 0, 19, 0, 21)
    ]


@pytest.mark.asyncio
async def test_change_and_save_republish(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "repo" / "install.sh"
    uri = path.as_uri()
    assert await _open(client, path, "pip install requests\n", "shellscript") == []
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=0, character=11),
                        end=types.Position(line=0, character=11),
                    ),
                    text=" --trusted-host mirror.local",
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert _spans(list(client.diagnostics[uri])) == [("SSL101", 0, 12, 0, 26)]

    path.write_text("pip install requests\n")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    # The editor's text is what counts, not the file on disk.
    assert _spans(list(client.diagnostics[uri])) == [("SSL101", 0, 12, 0, 26)]


@pytest.mark.asyncio
async def test_suppressions_configuration_and_workspace_bounds(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    suppressed = "curl -k https://example.org  # sslint: ignore[SSL201] internal mirror\n"
    assert await _open(client, repo / "a.sh", suppressed, "shellscript") == []
    # per-file-ignores from the workspace's sslint.toml
    ignored = "curl -k https://example.org\n"
    assert await _open(client, repo / "legacy" / "b.sh", ignored, "shellscript") == []
    # the same text in a near miss folder is reported
    assert _spans(await _open(client, repo / "current" / "b.sh", ignored, "shellscript")) == [
        ("SSL201", 0, 5, 0, 7)
    ]
    # outside the workspace: nothing is read or reported
    assert await _open(client, tmp_path / "elsewhere.sh", ignored, "shellscript") == []


@pytest.mark.asyncio
async def test_quick_fix_drops_a_plain_flag_only(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "repo" / "get.sh"
    script = (
        'echo "\U0001f600"; curl -fsSLk https://example.org/a\n'
        "wget --no-check-certificate https://example.org/b\n"
        "pip install --trusted-host pypi.org requests\n"
    )
    diagnostics = await _open(client, path, script, "shellscript")
    assert [d.code for d in diagnostics] == ["SSL201", "SSL202", "SSL101"]
    edits = []
    for diagnostic in diagnostics:
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
        edits.append(
            [
                (a.title, e.range.start.character, e.range.end.character, e.new_text)
                for a in actions or []
                if isinstance(a, types.CodeAction) and a.edit and a.edit.changes
                for e in a.edit.changes[path.as_uri()]
            ]
        )
    suffix = " (after giving the tool the proxy's CA bundle)"
    assert edits == [
        [("Replace `-fsSLk` with `-fsSL`" + suffix, 16, 22, "-fsSL")],  # UTF-16 units
        [("Remove `--no-check-certificate`" + suffix, 4, 27, "")],
        [],  # pip needs its CA bundle configured: no edit can say which
    ]
