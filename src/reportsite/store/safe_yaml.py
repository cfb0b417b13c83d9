"""The one YAML loader for every file the tool reads: safe, and stricter than yaml.SafeLoader.

Refused, each with the line: aliases (``*name``), which let a few lines expand to gigabytes ("billion
laughs") and make a hand-edited value silently follow another; a key given twice in one mapping, where
YAML would keep the last without a word; a tag no safe constructor knows (``!!python/object``), which
would otherwise stop a compose-based reader later with a traceback. The errors are yaml.MarkedYAMLError,
so every reader's existing "not valid YAML, line N" handling names the place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

# The C parser is several times faster on large extracts; the checks walk the composed nodes, so they
# apply to it and to the pure-Python parser alike.
_FAST_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE = "tag:yaml.org,2002:merge"


class YamlRefused(ComposerError):
    """A YAML construct the tool refuses in its inputs (alias, duplicate key, unknown tag)."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(None, None, problem, mark)

    def __str__(self) -> str:
        return str(self.problem)


def check_nodes(root: yaml.Node, known_tags: set[str | None]) -> None:
    """Raise YamlRefused on the first alias, duplicate key or unknown tag under root."""
    seen: set[int] = set()
    # (node, the mark to blame if this node turns out to be an alias of one already seen)
    stack: list[tuple[yaml.Node, yaml.Mark | None]] = [(root, root.start_mark)]
    while stack:
        node, blame = stack.pop()
        if id(node) in seen:
            # A composed alias is the very node object its anchor made: met twice means an alias.
            raise YamlRefused("aliases (*name) are not allowed; write the value out", blame)
        seen.add(id(node))
        if node.tag not in known_tags and node.tag != _MERGE:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlRefused(f"unknown tag {shown!r}", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            keys: dict[tuple[str, str], int] = {}
            children: list[tuple[yaml.Node, yaml.Mark | None]] = []
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    ident = (key.tag, key.value)
                    if ident in keys:
                        raise YamlRefused(
                            f"duplicate key {key.value!r} (first at line {keys[ident]})", key.start_mark
                        )
                    keys[ident] = key.start_mark.line + 1
                children += [(key, key.start_mark), (value, key.start_mark)]
            # Reversed onto the stack, so nodes are met in document order and the later use is blamed.
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, node.start_mark) for item in reversed(node.value))


class StrictLoader(yaml.SafeLoader):
    """SafeLoader refusing aliases (at the exact place of the ``*``), duplicate keys and unknown tags."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlRefused("aliases (*name) are not allowed; write the value out", event.start_mark)
        return super().compose_node(parent, index)

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if node is not None:
            check_nodes(node, set(self.yaml_constructors))
        return node


class FastStrictLoader(_FAST_BASE):
    """The same checks on the C parser, for large generated files (extracts)."""

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if node is not None:
            check_nodes(node, set(self.yaml_constructors))
        return node


def compose(text: str, fast: bool = False) -> yaml.Node | None:
    """The node tree of text, for readers that keep each value's line."""
    return yaml.compose(text, Loader=FastStrictLoader if fast else StrictLoader)


def load(text: str, fast: bool = False) -> Any:
    """The Python data of text."""
    return yaml.load(text, Loader=FastStrictLoader if fast else StrictLoader)


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, if it has one."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def error_problem(exc: yaml.YAMLError) -> str:
    return str(getattr(exc, "problem", None) or exc)


def read_compose(
    path: Path, shown: str, error: Callable[..., Exception], fast: bool = False
) -> tuple[str, yaml.Node | None]:
    """A settings file's text and node tree; a file that is not UTF-8 or not YAML raises `error`
    (a ReportsiteError: message, file, line) naming its line.

    fast: composed by the C parser, for a file that grows with the shelf (the catalogue); a file it
    refuses is read again by the pure-Python one, whose message names the exact place."""
    try:
        text = path.read_text(encoding="utf-8")
        if fast:
            try:
                return text, compose(text, fast=True)
            except yaml.YAMLError:
                pass
        return text, compose(text)
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason})", shown) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {error_problem(exc)}", shown, line=error_line(exc)) from None
