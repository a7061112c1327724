"""sslint: find every place a repository switches off TLS or signature verification."""

__version__ = "0.1.0"
