"""The document model: one small typed tree that every output format renders.

A report body is a list of blocks; a block holds inline runs. Script conversion
and pinyin annotation are transforms over this tree, so they reach the page,
the Word file and the PDF alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- inline runs -----------------------------------------------------------


@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class Code:
    text: str


@dataclass
class Link:
    href: str
    children: list[Inline]


@dataclass
class LineBreak:
    pass


@dataclass
class Protected:
    """A passage the author marked with -{…}-: never script-converted."""

    text: str


Inline = Text | Emphasis | Strong | Code | Link | LineBreak | Protected

# --- blocks ----------------------------------------------------------------


@dataclass
class Heading:
    level: int
    children: list[Inline]
    anchor: str = ""
    line: int = 0


@dataclass
class Paragraph:
    children: list[Inline]


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Block]]
    start: int = 1


@dataclass
class Quote:
    children: list[Block]


@dataclass
class Rule:
    pass


@dataclass
class Cell:
    """One table cell. A data cell the report does not state has
    ``not_reported`` set and no children: it renders as 未报告, never 0."""

    children: list[Inline]
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    scope: str = ""  # "col", "row", "colgroup", "rowgroup" for header cells
    not_reported: bool = False
    numeric: bool = False
    id: str = ""
    headers: list[str] = field(default_factory=list)


@dataclass
class Row:
    cells: list[Cell]


@dataclass
class Table:
    caption: str
    head: list[Row]
    bodies: list[list[Row]]
    id: str = ""
    note: str = ""  # a short description, also used for Word's tblDescription
    kind: str = ""  # "standard-2", "standard-3", "standard-4" or "" for Markdown


Block = Heading | Paragraph | ListBlock | Quote | Rule | Table


def plain_text(inlines: list[Inline]) -> str:
    """The text a reader sees, markup dropped."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code, Protected)):
            out.append(node.text)
        elif isinstance(node, (Emphasis, Strong, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


def iter_blocks(blocks: list[Block]):
    """Every block in document order, descending into lists and quotes."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item)
        elif isinstance(block, Quote):
            yield from iter_blocks(block.children)
