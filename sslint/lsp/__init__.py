"""`sslint server`: a Language Server that shows findings in the editor as you type.

Needs pygls (the `lsp` extra, Python 3.10 and up); nothing here is imported by
a scan.
"""
