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
from dataclasses import dataclass

_ATTRS = r"(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+"  # quoted values may hold '>'; never backtracks
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"                                      # comment (unclosed: to the end)
    r"|<[!?][^>]*>?"                                          # doctype, declaration
    rf"|<(?P<raw>script|style|textarea)(?=[\s/>])(?P<rawattrs>{_ATTRS})>"
    r"(?P<body>.*?)(?P<rawend></(?P=raw)[^>]*>|\Z)"            # raw text up to its end tag
    rf"|<(?P<closing>/?)(?P<name>[a-z][^\s/>]*)(?P<attrs>{_ATTRS})>",
    re.S | re.I)
_ATTRIBUTE = re.compile(
    r"([^\s\"'>/=]+)"                         # name
    r"(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str  # lower-cased
    value: str | None  # raw (entities not decoded); None for a bare attribute
    value_span: tuple[int, int] | None  # where the value sits in the tag's text


@dataclass(frozen=True, slots=True)
class Text:
    kind: str  # "text", "comment", "declaration" or "raw" (script/style body)
    text: str


@dataclass(slots=True)
class Tag:
    text: str
    name: str  # lower-cased
    closing: bool
    self_closing: bool
    attrs_span: tuple[int, int]  # where the attributes sit in text
    _attributes: tuple[Attribute, ...] | None = None

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        """Parsed on first use: most tags are never asked."""
        if self._attributes is None:
            start, end = self.attrs_span
            self._attributes = () if self.closing or start == end else \
                parse_attributes(self.text, start, end)
        return self._attributes

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
    for match in _MARKUP.finditer(html):
        start = match.start()
        if start > pos:
            yield Text("text", html[pos:start])
        pos = match.end()
        name = match["name"]
        if name is not None:
            source = match[0]
            yield Tag(source, name.lower(), source[1] == "/", source.endswith("/>"),
                      (match.start("attrs") - start, match.end("attrs") - start))
            continue
        raw = match.group("raw")
        if raw is None:
            source = match.group()
            yield Text("comment" if source.startswith("<!--") else "declaration", source)
            continue
        # a raw-text element: its start tag, its body as it stands, its end tag
        body_start, body_end = match.span("body")
        yield Tag(html[start:body_start], raw.lower(), False, False,
                  (match.start("rawattrs") - start, match.end("rawattrs") - start))
        if body_end > body_start:
            yield Text("raw", html[body_start:body_end])
        if pos > body_end:
            end_tag = match.group("rawend")
            yield Tag(end_tag, raw.lower(), True, False, (len(end_tag), len(end_tag)))
    if pos < len(html):
        yield Text("text", html[pos:])
