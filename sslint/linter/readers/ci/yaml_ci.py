"""What every CI reader does with YAML: environment blocks, script lists, shells."""

from __future__ import annotations

import re
from typing import Callable, Mapping, Optional, Sequence, Union

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sslint.linter import kinds
from sslint.linter.facts import Command, EnvAssign, Scope, Word
from sslint.linter.readers import ReadContext
from sslint.linter.readers.sources.yaml_source import YamlFile
from sslint.linter.source import View, ViewBuilder, join_views

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_EXPRESSION_RE = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)

Env = dict[str, Word]


def empty_word(doc: YamlFile, at: Node) -> Word:
    """An empty value, anchored where the (missing) value would be."""
    builder = ViewBuilder(doc.view)
    builder.synth("", doc.offset(at.start_mark))
    return Word(builder.build())


def env_block(
    doc: YamlFile,
    ctx: ReadContext,
    node: Optional[Node],
    scope: Scope,
    *,
    script: str = "",
    value_key: Optional[str] = None,
    rename: Callable[[str], str] = str,
) -> Env:
    """Read a `NAME: value` mapping: one EnvAssign per entry (once per written entry).

    `value_key` names the value inside a mapping entry (GitLab's `{value: …,
    description: …}`); `rename` gives the name the process sees. Returns the
    variables the block makes visible.
    """
    visible: Env = {}
    for key, value in doc.items(node):
        if not _NAME_RE.match(str(key.value)):
            continue
        name = rename(str(key.value))
        if isinstance(value, MappingNode) and value_key is not None:
            inner = doc.get(value, value_key)
            value = inner if inner is not None else value
        if isinstance(value, ScalarNode):
            word = (
                doc.word(value)
                if value.tag != "tag:yaml.org,2002:null" or value.value
                else empty_word(doc, value)
            )
        else:
            continue
        visible[name] = word
        add_env(doc, ctx, key, value, name, word, scope, script)
    return visible


def add_env(
    doc: YamlFile,
    ctx: ReadContext,
    key: Node,
    value: Node,
    name: str,
    word: Optional[Word],
    scope: Scope,
    script: str = "",
) -> None:
    """Record one assignment written at `key` (a second use of the same text is not recorded)."""
    if not doc.once(key):
        return
    ctx.add_env(
        EnvAssign(
            name=name,
            name_span=doc.key_span(key),
            value=word,
            scope=scope,
            statement=doc.lines(key, value),
            script=script,
        )
    )


def merged(*blocks: Mapping[str, Word]) -> Env:
    """Environment blocks layered in order, later ones winning."""
    out: Env = {}
    for block in blocks:
        out.update(block)
    return out


def script_view(doc: YamlFile, nodes: Sequence[Node]) -> Optional[View]:
    """The items of one script list as one view (joined by newlines), items read once."""
    views = [
        doc.scalar(node)
        for node in nodes
        if isinstance(node, ScalarNode) and doc.once(node) and str(node.value).strip()
    ]
    if not views:
        return None
    if len(views) == 1:
        return views[0]
    return join_views([(view, 0, len(view.text)) for view in views], "\n")


def embed_script(
    doc: YamlFile,
    ctx: ReadContext,
    nodes: Sequence[Node],
    env: Mapping[str, Word],
    script: str,
    kind: str = kinds.SHELL,
    templates: Union[Templates, Sequence[Templates], None] = None,
) -> bool:
    """Embed one script (a `run:` block, a job's script list) as `script`; False if empty.

    In shell, `${{ … }}` template expressions (and whatever `templates` matches)
    become variables or pasted text: the CI system substitutes them before the
    shell runs. A sequence of `templates` reads the script once with each.
    """
    view = script_view(doc, nodes)
    if view is None:
        return False
    if kind != kinds.SHELL or (templates is None and "${{" not in view.text):
        # Not shell, or shell without a template expression to replace (see `substitute`).
        ctx.embed(kind, view, env=env, script=script)
        return True
    if templates is None or isinstance(templates, Templates):
        templates = [templates or _EXPRESSIONS]
    read: set[str] = set()
    for each in templates:
        text, values = substitute(view, each)
        if text.text in read:
            continue  # the same script again: nothing new to find
        read.add(text.text)
        ctx.embed(kind, text, env=merged(env, values) if values else env, script=script)
    return True


class Templates:
    """Text a CI system replaces before the shell runs, and the values it knows.

    `pattern` matches a template (its first group that matched, if any, names a variable);
    a named variable found in `values` expands to the value where it is
    written, anything else to its own text, unknown. With `paste`, a known
    value is pasted as text before the shell parses the script (GitHub's
    `${{ env.X }}`: `X: $(curl -k …)` runs curl), not expanded as a variable.
    """

    def __init__(
        self,
        pattern: re.Pattern[str] = _EXPRESSION_RE,
        values: Optional[Mapping[str, Word]] = None,
        normalise: Callable[[str], str] = str,
        paste: bool = False,
    ) -> None:
        self.pattern = pattern
        self.values: Mapping[str, Word] = values or {}
        self.normalise = normalise
        self.paste = paste


# Only `${{ … }}` expressions, no known values.
_EXPRESSIONS = Templates()


def substitute(view: View, templates: Templates) -> tuple[View, Env]:
    """Replace each template by `${__ci_expr_N}`, returning the variables to expand them."""
    if templates.pattern is _EXPRESSION_RE and "${{" not in view.text:
        return view, {}
    patterns = (
        [templates.pattern]
        if templates.pattern is _EXPRESSION_RE
        else [
            _EXPRESSION_RE,
            templates.pattern,
        ]
    )
    matches = sorted(
        (m for pattern in patterns for m in pattern.finditer(view.text)),
        key=lambda m: (m.start(), 0 if m.re.groups else 1),  # a named template wins
    )
    if not matches:
        return view, {}
    builder = ViewBuilder(view)
    env: Env = {}
    last = 0
    for match in matches:
        if match.start() < last:
            continue
        builder.add(last, match.start())
        named = next((g for g in match.groups() if g is not None), None)
        known = templates.values.get(templates.normalise(named)) if named else None
        last = match.end()
        if templates.paste and known is not None and known.known and _balanced(known.text):
            builder.add_view(known.view, 0, len(known.text))
            continue
        name = f"__ci_expr_{len(env) + 1}"
        builder.synth("${" + name + "}", match.start())
        env[name] = known or Word(view.slice(match.start(), match.end()), known=False)
    builder.add(last, len(view.text))
    return builder.build(), env


def _balanced(text: str) -> bool:
    """Whether pasted text leaves the script's quoting as it was (even `'` and `"` counts).

    An unbalanced value breaks the script for the CI system too; it is then read as a
    variable, so that the rest of the script is still read as written.
    """
    return text.count("'") % 2 == 0 and text.replace('\\"', "").count('"') % 2 == 0


def shell_kind(spec: Optional[str], default: str = kinds.SHELL) -> Optional[str]:
    """The kind of code a `shell:` setting runs (`bash -e {0}`, `python`, `pwsh`), or None."""
    if spec is None or not spec.strip():
        return default
    program = spec.split()[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    program = re.sub(r"\.exe$", "", program)
    if program == "env" and len(spec.split()) > 1:
        program = spec.split()[1].lower()
    name = re.sub(r"[\d.]+$", "", program)
    if name in ("bash", "sh", "dash", "zsh", "ksh", "ash"):
        return kinds.SHELL
    if name in ("python", "pypy"):
        return kinds.PYTHON
    if name in ("pwsh", "powershell"):
        return kinds.POWERSHELL
    if name == "cmd":
        return kinds.BATCH
    return None


def list_env(
    doc: YamlFile,
    ctx: ReadContext,
    node: Optional[Node],
    scope: Scope,
    *,
    script: str = "",
) -> Env:
    """`environment:` as a map or as a list of `NAME=value` strings (compose, buildargs)."""
    if not isinstance(node, SequenceNode):
        return env_block(doc, ctx, node, scope, script=script)
    visible: Env = {}
    for item in node.value:
        if not isinstance(item, ScalarNode) or not doc.once(item):
            continue
        view = doc.scalar(item)
        name, sep, _ = view.text.partition("=")
        if not _NAME_RE.match(name):
            continue
        word = Word(view.slice(len(name) + 1, len(view.text))) if sep else None
        if word is not None:
            visible[name] = word
        ctx.add_env(
            EnvAssign(
                name=name,
                name_span=view.span(0, len(name)),
                value=word,
                scope=scope,
                statement=doc.lines(item),
                script=script,
            )
        )
    return visible


def argv_command(
    doc: YamlFile,
    ctx: ReadContext,
    nodes: Sequence[Node],
    env: Mapping[str, Word],
    script: str,
    program: Optional[Word] = None,
    paste: Sequence[Templates] = (),
) -> None:
    """An exec-form command (`["sh", "-c", "…"]`): argv words as written, `-c` code read.

    `program`, when given, runs before the written words (an image's entrypoint).
    Each of `paste` pastes the values it knows into the words (one argument each):
    the command is read once more for each set of values that changes a word.
    """
    from sslint.linter.commands import invocation
    from sslint.linter.readers.scripts.shell import embed_inline

    scalars = [n for n in nodes if isinstance(n, ScalarNode)]
    fresh = [doc.once(n) for n in scalars]
    if not any(fresh):
        return  # the same (aliased) command was read where it is written
    variants = [[doc.word(n) for n in scalars]]
    for templates in paste:
        variants.append([_pasted_word(doc, n, templates) for n in scalars])
    seen: set[tuple[str, ...]] = set()
    for words in variants:
        texts = tuple(word.text for word in words)
        if texts in seen:
            continue
        seen.add(texts)
        if program is not None:
            words.insert(0, program)
        command = Command(words=words, statement=doc.lines(scalars[0], scalars[-1]), script=script)
        ctx.add_command(command)
        found = invocation(command)
        if found is not None:
            embed_inline(ctx.child(env=env, script=script), command, found, lambda: env)


def _pasted_word(doc: YamlFile, node: ScalarNode, templates: Templates) -> Word:
    """One argv word with the values `templates` knows pasted (as written when one is unknown)."""
    view = doc.scalar(node)
    text, unknown = substitute(view, templates)
    return Word(text) if text is not view and not unknown else doc.word(node)


def name_value_env(
    doc: YamlFile, ctx: ReadContext, node: Optional[Node], scope: Scope = Scope.SERVICE
) -> Env:
    """Kubernetes-style `env: [{name: X, value: "1"}]` (`valueFrom` entries: no known value)."""
    visible: Env = {}
    for entry in doc.sequence(node):
        pair = doc.pair(entry, "name")
        value = doc.get(entry, "value")
        if pair is None or not isinstance(pair[1], ScalarNode):
            continue
        name_node = pair[1]
        name = str(name_node.value)
        word = doc.word(value) if isinstance(value, ScalarNode) else None
        if word is not None:
            visible[name] = word
        add_env(doc, ctx, name_node, entry, name, word, scope)
    return visible
