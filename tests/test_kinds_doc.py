"""docs/file-kinds.md lists every kind sslint reads, generated from the kind table."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from sslint.linter import kinds
from sslint.linter.readers import READERS
from sslint.report.kinds_doc import file_kinds_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "file-kinds.md"


def test_committed_file_kinds_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == file_kinds_markdown(), (
        "docs/file-kinds.md is out of date: run `python -m sslint.report.docs`"
    )


def test_every_kind_with_a_path_rule_has_a_reader_and_a_row() -> None:
    text = file_kinds_markdown()
    for kind, glob in kinds.path_rules():
        assert kind in READERS, kind
        assert f"`{glob}`" in text
    for kind in READERS:
        assert f"| `{kind}` |" in text, kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (".buildkite/pipeline.yml", kinds.BUILDKITE),
        (".azure-pipelines/templates/steps.yml", kinds.AZURE_PIPELINES),
        ("ci/.azure-pipelines/a/b/jobs.yaml", kinds.AZURE_PIPELINES),
        (".azuredevops/pipeline.yaml", kinds.AZURE_PIPELINES),
        ("x.azure-pipelines/steps.yml", kinds.YAML),
        (".buildkite/pipeline.deploy.yaml", kinds.BUILDKITE),
        (".drone.yml", kinds.DRONE),
        (".woodpecker.yml", kinds.WOODPECKER),
        (".woodpecker/test.yaml", kinds.WOODPECKER),
        ("appveyor.yml", kinds.APPVEYOR),
        (".appveyor.yml", kinds.APPVEYOR),
        ("buildspec.yml", kinds.CODEBUILD),
        ("ci/buildspec-release.yaml", kinds.CODEBUILD),
        ("cloudbuild.yaml", kinds.CLOUDBUILD),
        ("deploy/cloudbuild.prod.json", kinds.CLOUDBUILD),
        (".devcontainer/devcontainer.json", kinds.DEVCONTAINER),
        (".devcontainer/gpu/devcontainer.json", kinds.DEVCONTAINER),
        (".devcontainer.json", kinds.DEVCONTAINER),
        ("devcontainer.json", kinds.JSON_FALLBACK),  # not a dev container's place
        (".gitpod.yml", kinds.GITPOD),
        ("infra/cloud-init.yaml", kinds.CLOUD_INIT),
        ("Taskfile.yml", kinds.TASKFILE),
        ("taskfile.dist.yaml", kinds.TASKFILE),
        ("recipe/meta.yaml", kinds.CONDA_RECIPE),
        ("conda.recipe/meta.yaml", kinds.CONDA_RECIPE),
        ("recipe/recipe.yaml", kinds.CONDA_RECIPE),
        (".pre-commit-config.yaml", kinds.PRE_COMMIT),
        (".pre-commit-hooks.yaml", kinds.PRE_COMMIT),
        ("salt/web/init.sls", kinds.SALT),
        ("ci/pipeline.yml", kinds.YAML),
    ],
)
def test_pipeline_and_dev_environment_kinds_from_path(path: str, kind: Optional[str]) -> None:
    assert kinds.kind_from_path(path) == kind
