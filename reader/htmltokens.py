"""A small HTML tokenizer that keeps every byte of its input.

Script conversion must read the pages we render as a browser would — a tag's
attributes as names and values, quoted values that may hold ``>`` or text
that looks like another attribute, script and style bodies as raw text — and
must give the page back unchanged wherever it converts nothing. The standard
library's ``html.parser`` parses, but does not hand back each token's source
text; this tokenizer follows the HTML syntax of start tags, end tags,
comments, declarations and raw-text elements, and every token carries the
exact slice of the page it came from: ``"".join(t.text for t in tokens(page))
== page``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

RAW_TEXT = frozenset(("script", "style", "textarea"))

_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"                      # comment (an unclosed one runs to the end)
    r"|<[!?][^>]*>?"                          # doctype, declaration, processing instruction
    r"|<(/?)([A-Za-z][^\s/>]*)"               # tag name
    r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",    # attributes, quoted values may hold '>'
    re.S)
_ATTRIBUTE = re.compile(
    r"([^\s\"'>/=]+)"                         # name
    r"(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@dataclass(frozen=True)
class Attribute:
    name: str  # lower-cased
    value: str | None  # raw (entities not decoded); None for a bare attribute
    value_span: tuple[int, int] | None  # where the value sits in the tag's text


@dataclass(frozen=True)
class Text:
    kind: str  # "text", "comment", "declaration" or "raw" (script/style body)
    text: str


@dataclass(frozen=True)
class Tag:
    text: str
    name: str  # lower-cased
    closing: bool
    self_closing: bool
    attributes: tuple[Attribute, ...] = field(default=())

    def has(self, name: str) -> bool:
        return any(a.name == name for a in self.attributes)

    def get(self, name: str) -> str | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute.value
        return None


def parse_attributes(tag_text: str, start: int, end: int) -> tuple[Attribute, ...]:
    """The attributes in tag_text[start:end], with their value offsets."""
    found: list[Attribute] = []
    for match in _ATTRIBUTE.finditer(tag_text, start, end):
        for group in (2, 3, 4):
            if match.group(group) is not None:
                found.append(Attribute(match.group(1).lower(), match.group(group), match.span(group)))
                break
        else:
            found.append(Attribute(match.group(1).lower(), None, None))
    return tuple(found)


def tokens(html: str) -> Iterator[Text | Tag]:
    pos = 0
    length = len(html)
    while pos < length:
        match = _MARKUP.search(html, pos)
        if match is None:
            yield Text("text", html[pos:])
            return
        if match.start() > pos:
            yield Text("text", html[pos:match.start()])
        pos = match.end()
        source = match.group()
        if match.group(2) is None:
            yield Text("comment" if source.startswith("<!--") else "declaration", source)
            continue
        name = match.group(2).lower()
        closing = match.group(1) == "/"
        offset = match.start()
        attributes = () if closing else parse_attributes(source, match.start(3) - offset,
                                                         match.end(3) - offset)
        attrs_text = match.group(3).rstrip()
        yield Tag(source, name, closing, attrs_text.endswith("/"), attributes)
        if not closing and name in RAW_TEXT:
            end = re.compile(rf"</{name}[\s/>]", re.I).search(html, pos)
            stop = end.start() if end else length
            if stop > pos:
                yield Text("raw", html[pos:stop])
            pos = stop
