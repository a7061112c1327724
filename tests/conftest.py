"""Test session set-up: sslint's cache key goes to a private folder, not the user's."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="sslint-test-cache-")
    os.environ["XDG_CACHE_HOME"] = folder
    os.environ["LOCALAPPDATA"] = folder
