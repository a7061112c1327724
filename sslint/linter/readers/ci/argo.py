"""Argo Workflows (`apiVersion: argoproj.io/…`): templates' containers and scripts.

A template's `container` (and each of `containerSet.containers`, `sidecars`,
`initContainers`) runs `command` with `args`; a `script` template runs its
`source` with the interpreter its `command` names. `{{…}}` references are
unknown text Argo replaces before the container starts. A git artifact's
`insecureSkipTLS` is a Setting (`kinds.CI_CLONE`, section ("argo",)).
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node

from sslint.linter import kinds
from sslint.linter.facts import Scope
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.tekton import container
from sslint.linter.readers.ci.yaml_ci import Templates, name_value_env
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile

_REFERENCE_RE = re.compile(r"\{\{[^{}]*\}\}")
_SINGLE = ("container", "script")
_LISTS = ("sidecars", "initContainers")


def is_argo(doc: YamlFile, root: Node) -> bool:
    """Whether a YAML document is an Argo resource."""
    return (doc.text(root, "apiVersion") or "").startswith("argoproj.io/")


def read_argo(doc: YamlFile, ctx: ReadContext, root: Node) -> None:
    """Every container and script of an Argo resource's templates."""
    for node in doc.walk(root):
        if not isinstance(node, MappingNode):
            continue
        pair = doc.pair(doc.get(node, "git"), "insecureSkipTLS")
        if pair is not None and doc.once(pair[0]):
            ctx.add_setting(setting(doc, pair[0], pair[1], kinds.CI_CLONE, ("argo",)))
        found = [doc.get(node, field) for field in _SINGLE]
        for field in _LISTS:
            found.extend(doc.sequence(doc.get(node, field)))
        found.extend(doc.sequence(doc.get(node, "containerSet", "containers")))
        for spec in found:
            if isinstance(spec, MappingNode) and doc.once(spec):
                env = name_value_env(doc, ctx, doc.get(spec, "env"), Scope.SERVICE)
                container(doc, ctx, spec, env, [Templates(_REFERENCE_RE)])
