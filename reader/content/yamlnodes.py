"""YAML read as plain strings, with the line of every key and value.

Authors write metadata, tables and glossaries in YAML. We read every scalar as
a string (so "+1" stays "+1" and "0938" keeps its zero) and keep line numbers,
so that a mistake is reported where it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from reader.content.problems import ContentError


class _Untagged(yaml.resolver.BaseResolver):
    """Every node read as plain text: no tags to resolve (the default asks
    Python for each node, a third of the time libyaml takes)."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return ""


# libyaml's parser, about thirteen times faster than PyYAML's own (the
# difference between a quick start and a slow one on a large archive); the
# pure-Python one where PyYAML was built without it
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Loader(CParser, yaml.constructor.BaseConstructor, _Untagged):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            _Untagged.__init__(self)
    _LOADER: type = _Loader
else:
    _LOADER = yaml.BaseLoader


@dataclass
class Scalar:
    value: str
    line: int


@dataclass
class Mapping:
    items: list[tuple[Scalar, Node]]
    line: int


@dataclass
class Sequence:
    items: list[Node]
    line: int


Node = Scalar | Mapping | Sequence


def parse(text: str, first_line: int = 1) -> Node | None:
    """Parse YAML text whose first line is line ``first_line`` of its file."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        raise ContentError(line, f"YAML syntax: {exc.problem or exc}",
                           "check indentation, colons and quotes") from None
    except yaml.YAMLError as exc:
        raise ContentError(first_line, f"YAML syntax: {exc}") from None
    if root is None:
        return None
    return _convert(root, first_line)


def _convert(node: yaml.Node, first_line: int) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value).strip(), line)
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, first_line) for item in node.value], line)
    if isinstance(node, yaml.MappingNode):
        items: list[tuple[Scalar, Node]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, first_line)
            if not isinstance(key, Scalar):
                raise ContentError(key.line, "a key must be plain text")
            if key.value in seen:
                raise ContentError(key.line, f"duplicate key “{key.value}”",
                                   f"it is already given on line {seen[key.value]}")
            seen[key.value] = key.line
            items.append((key, _convert(value_node, first_line)))
        return Mapping(items, line)
    raise ContentError(line, "unsupported YAML construct")
