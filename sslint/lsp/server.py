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
from pygls.workspace import TextDocument

from sslint import __version__
from sslint.lsp.diagnostics import SOURCE, check_document, inside
from sslint.lsp.quickfix import replacement

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

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: LanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        document = ls.workspace.get_text_document(params.text_document.uri)
        return [
            action
            for diagnostic in params.context.diagnostics
            if (action := quick_fix(document, diagnostic)) is not None
        ]

    return server


def quick_fix(document: TextDocument, diagnostic: types.Diagnostic) -> Optional[types.CodeAction]:
    """The quick fix of an sslint diagnostic whose flag can simply be dropped, if any."""
    if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
        return None
    start, end = diagnostic.range.start, diagnostic.range.end
    if start.line != end.line or start.line >= len(document.lines):
        return None
    flag = document.text_in_client_range(diagnostic.range)
    new_text = replacement(diagnostic.code, flag)
    if new_text is None:
        return None
    edit_range = diagnostic.range
    line = document.lines[start.line]
    server_start = document.position_from_client_units(start)
    if not new_text and server_start.character > 0 and line[server_start.character - 1] == " ":
        edit_range = types.Range(
            start=types.Position(line=start.line, character=start.character - 1), end=end
        )
    title = f"Remove `{flag}`" if not new_text else f"Replace `{flag}` with `{new_text}`"
    return types.CodeAction(
        title=f"{title} (after giving the tool the proxy's CA bundle)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(
            changes={document.uri: [types.TextEdit(range=edit_range, new_text=new_text)]}
        ),
    )
