"""A repository with 50 CI and YAML files of mixed systems: every file read, no warning."""

from __future__ import annotations

from pathlib import Path

from test_reader_jenkinsfile import PIPELINE as JENKINSFILE
from test_reader_yaml_ci_more import AZURE, BITBUCKET, CIRCLECI, TRAVIS
from test_reader_yaml_compose import COMPOSE
from test_reader_yaml_end_to_end import GITLAB
from test_reader_yaml_generic import MANIFESTS, PLAYBOOK
from test_reader_yaml_github import WORKFLOW

from sslint.linter.config import Config
from sslint.linter.engine import scan

FILES = {
    ".github/workflows/ci{}.yml": WORKFLOW,
    ".gitlab/ci/job{}.gitlab-ci.yml": GITLAB,
    "pipelines{}/azure-pipelines.yml": AZURE,
    "svc{}/.circleci/config.yml": CIRCLECI,
    "repo{}/bitbucket-pipelines.yml": BITBUCKET,
    "app{}/.travis.yml": TRAVIS,
    "deploy{}/docker-compose.yml": COMPOSE,
    "k8s/job{}.yaml": MANIFESTS,
    "roles/r{}/tasks/main.yml": PLAYBOOK,
    "ci{}/Jenkinsfile": JENKINSFILE,
}


def test_fifty_mixed_ci_files_are_all_read_without_warnings(tmp_path: Path) -> None:
    written = 0
    for index in range(5):
        for pattern, text in FILES.items():
            path = tmp_path / pattern.format(index)
            path.parent.mkdir(parents=True, exist_ok=True)
            # vary the files a little: an extra comment line shifts every finding
            path.write_text("# variant\n" * index + text, encoding="utf-8")
            written += 1
    assert written == 50
    result = scan([tmp_path], Config(root=tmp_path))
    assert result.notices == []
    assert result.files_scanned == 50
    files_with_findings = {f.path for f in result.findings}
    assert len(files_with_findings) == 50
    # every file of one pattern gives the same findings, shifted by its variant lines
    by_file: dict[str, list[tuple[str, int]]] = {}
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append((finding.rule_id, finding.span.start_line))
    for pattern in FILES:
        base = sorted(by_file[str(tmp_path / pattern.format(0))])
        for index in range(1, 5):
            shifted = sorted(
                (r, line - index) for r, line in by_file[str(tmp_path / pattern.format(index))]
            )
            assert shifted == base, pattern
