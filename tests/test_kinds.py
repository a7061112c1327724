"""File kinds from names, folders and shebangs."""

from __future__ import annotations

from typing import Optional

import pytest

from sslint.linter import kinds


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Dockerfile", kinds.DOCKERFILE),
        ("docker/Dockerfile.alpine", kinds.DOCKERFILE),
        ("build/Containerfile", kinds.DOCKERFILE),
        ("images/app.dockerfile", kinds.DOCKERFILE),
        ("sslint/readers/dockerfile.py", kinds.PYTHON),
        ("docs/Dockerfile.md", None),
        (".github/workflows/ci.yml", kinds.GITHUB_WORKFLOW),
        ("action.yml", kinds.GITHUB_ACTION),
        (".gitlab/ci/conda.gitlab-ci.yml", kinds.GITLAB_CI),
        ("etc/conda/condarc.d/10-ca.yml", kinds.CONDARC),
        (".mambarc", kinds.CONDARC),
        ("requirements/dev.txt", kinds.REQUIREMENTS),
        ("constraints.txt", kinds.REQUIREMENTS),
        ("etc/apt/apt.conf.d/99corp", kinds.APT_CONF),
        ("etc/yum.repos.d/corp.repo", kinds.YUM_REPO),
        (".kube/config", kinds.KUBECONFIG),
        ("pip.ini", kinds.PIP_CONF),
        ("notes.txt", None),
    ],
)
def test_kind_from_path(path: str, kind: Optional[str]) -> None:
    assert kinds.kind_from_path(path) == kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"#!/bin/sh\n", kinds.SHELL),
        (b"#!/usr/bin/env bash\n", kinds.SHELL),
        (b"#!/usr/bin/env python3.12\n", kinds.PYTHON),
        (b"#!/usr/bin/pwsh\n", kinds.POWERSHELL),
        (b"#!/usr/bin/env -S node\n", None),
        (b"no shebang\n", None),
    ],
)
def test_kind_from_shebang_for_extensionless_scripts(head: bytes, kind: Optional[str]) -> None:
    assert kinds.detect("bin/tool", head) == kind
