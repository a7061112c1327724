"""The language server: diagnostics on open, change and save, cleared on close.

Only documents inside a workspace folder are checked, and only their text as
the editor holds it plus the sslint configuration between them and the
workspace root: the server reads nothing outside the workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from sslint import __version__
from sslint.lsp.diagnostics import SOURCE, check_document, inside

DocumentParams = Union[
    types.DidOpenTextDocumentParams,
    types.DidChangeTextDocumentParams,
    types.DidSaveTextDocumentParams,
]


def _folders(server: LanguageServer) -> list[Path]:
    folders = [
        Path(path)
        for folder in server.workspace.folders.values()
        if (path := to_fs_path(folder.uri)) is not None
    ]
    if not folders and server.workspace.root_path:
        folders.append(Path(server.workspace.root_path))
    return folders


def publish(server: LanguageServer, uri: str) -> None:
    """Check the open document `uri` and publish its diagnostics (exact client ranges)."""
    document = server.workspace.get_text_document(uri)
    fs_path: Optional[str] = to_fs_path(uri) if uri.startswith("file:") else None
    workspace = inside(Path(fs_path), _folders(server)) if fs_path else None
    diagnostics: list[types.Diagnostic] = []
    if fs_path is not None and workspace is not None:
        checked = check_document(Path(fs_path), document.source, workspace)
        if checked.problem:
            server.window_log_message(
                types.LogMessageParams(
                    types.MessageType.Warning, f"sslint: {fs_path}: {checked.problem}"
                )
            )
        lines = document.lines
        for item in checked.diagnostics:
            item.range = document.position_codec.range_to_client_units(lines, item.range)
            diagnostics.append(item)
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
    )


def build_server() -> LanguageServer:
    """The sslint language server with its handlers registered."""
    server = LanguageServer(
        SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
    )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    return server
