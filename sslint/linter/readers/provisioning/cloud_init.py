"""cloud-init user data (`#cloud-config`): commands, written files and package sources.

`runcmd` and `bootcmd` items are a string (run by `sh`) or a list (an argv,
run directly). `write_files` entries whose `path` names a file kind sslint
reads (`/etc/pip.conf`, `/root/.condarc`, `/etc/apt/apt.conf.d/…`, a shell
script …) have their plain-text `content` read as that kind; encoded content
(`b64`, `gzip`) is not. `apt.conf` is apt configuration text and `yum_repos`
entries are yum repository settings.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter import kinds
from sslint.linter.readers import ReadContext
from sslint.linter.readers.ci.yaml_ci import argv_command, embed_script
from sslint.linter.readers.sources.yaml_config import setting
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View


def read(view: View, ctx: ReadContext) -> None:
    """Read cloud-init user data."""
    read_document(YamlFile(view, ctx), ctx)


def read_document(doc: YamlFile, ctx: ReadContext) -> None:
    """Read the documents of parsed cloud-init user data."""
    for root in doc.documents:
        if not isinstance(root, MappingNode):
            continue
        for field in ("bootcmd", "runcmd"):
            for index, item in enumerate(doc.sequence(doc.get(root, field))):
                script = ctx.new_script(f"{field}[{index}]")
                if isinstance(item, SequenceNode):
                    argv_command(doc, ctx, item.value, {}, script)
                elif isinstance(item, ScalarNode):
                    embed_script(doc, ctx, [item], {}, script)
        for entry in doc.sequence(doc.get(root, "write_files")):
            _write_file(doc, ctx, entry)
        conf = doc.get(root, "apt", "conf")
        if isinstance(conf, ScalarNode) and doc.once(conf):
            ctx.embed(kinds.APT_CONF, doc.scalar(conf), script=ctx.new_script("apt.conf"))
        for key, repo in doc.items(doc.get(root, "yum_repos")):
            for name, value in doc.items(repo):
                ctx.add_setting(setting(doc, name, value, kinds.YUM_REPO, (str(key.value),)))


def _write_file(doc: YamlFile, ctx: ReadContext, entry: Node) -> None:
    path = doc.text(entry, "path")
    content = doc.get(entry, "content")
    encoding = (doc.text(entry, "encoding") or "text/plain").lower()
    if path is None or not isinstance(content, ScalarNode) or encoding not in ("text/plain", ""):
        return
    kind = kinds.kind_from_path(path.lstrip("/"))
    if kind is not None and doc.once(content):
        ctx.embed(kind, doc.scalar(content), script=ctx.new_script(f"write_files:{path}"))
