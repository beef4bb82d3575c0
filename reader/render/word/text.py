"""The text of a Word file, collected before anything is written.

The document tree is walked once: every block's inline runs are collected
(reader/render/runs.py) and all of them script-converted in one call
(``Texts.convert``). Metadata goes through the same call, so a Taiwan
reader's file is 繁體（臺灣） throughout. What the walk yields is a flat list
of items to write (``collect``), each pointing into the texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.content import document as d
from reader.language import i18n
from reader.render import layout
from reader.render.runs import Texts, runs_of


@dataclass
class Para:
    text: int  # index into Texts
    kind: str = "body"  # body, heading, list, quote, rule
    level: int = 0
    face: str = "fang"
    marker: str = ""
    depth: int = 0


@dataclass
class TableItem:
    node: d.Table
    caption: int
    note: int
    cells: dict[int, int]  # id(cell) → text index


@dataclass
class LandscapeItem:
    """Items on a landscape page of their own: a wide table and its headings."""

    items: list[Para | TableItem]


Item = Para | TableItem | LandscapeItem


def _heading(node: d.Heading, texts: Texts) -> Para:
    return Para(texts.add(runs_of(node.children)), "heading", node.level, layout.heading_face(node))


def _table(node: d.Table, texts: Texts) -> TableItem:
    # no caption: the interface's word, localised by the conversion (not converted)
    return TableItem(node, texts.add_text(node.caption or i18n.message(layout.DEFAULT_CAPTION)),
                     texts.add_text(node.note),
                     {id(cell): texts.add(runs_of(cell.children))
                      for row in node.rows for cell in row.cells})


def collect(blocks: list[d.Block], texts: Texts, depth: int = 0) -> list[Item]:
    items: list[Item] = []
    for node in layout.with_landscape(blocks):
        if isinstance(node, layout.Landscape):
            headings: list[Para | TableItem] = [_heading(h, texts) for h in node.headings]
            items.append(LandscapeItem([*headings, _table(node.table, texts)]))
        elif isinstance(node, d.Heading):
            items.append(_heading(node, texts))
        elif isinstance(node, d.Table):
            items.append(_table(node, texts))
        elif isinstance(node, d.Paragraph):
            items.append(Para(texts.add(runs_of(node.children)), depth=depth))
        elif isinstance(node, d.ListBlock):
            for number, item in enumerate(node.items, node.start):
                marker = f"{number}." if node.ordered else "•"
                for i, found in enumerate(collect(item, texts, depth + 1)):
                    if i == 0 and isinstance(found, Para) and found.kind == "body":
                        found.kind, found.marker = "list", marker
                    items.append(found)
        elif isinstance(node, d.Quote):
            for found in collect(node.children, texts, depth + 1):
                if isinstance(found, Para) and found.kind == "body":
                    found.kind = "quote"
                items.append(found)
        elif isinstance(node, d.Rule):
            items.append(Para(texts.add([]), "rule"))
    return items
