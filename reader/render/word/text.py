"""The text of a Word file, collected before anything is written.

The document tree is walked once: every block's inline runs are collected
(protected passages and code marked) and all of them script-converted in one
call (``Texts.convert``). Metadata goes through the same call, so a Taiwan
reader's file is 繁體（臺灣） throughout. What the walk yields is a flat list
of items to write (``collect``), each pointing into the texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reader.content import document as d
from reader.language import i18n
from reader.language.convert import Converter
from reader.language.variants import Variant
from reader.render import layout


@dataclass
class Run:
    text: str
    protected: bool = False  # -{…}- or code: never converted
    bold: bool = False
    kai: bool = False  # emphasis: 楷体, as Chinese print sets it (never italic)
    code: bool = False
    href: str = ""
    line_break: bool = False


def runs_of(nodes: list[d.Inline], base: Run | None = None) -> list[Run]:
    base = base or Run("")
    out: list[Run] = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(replace(base, text=node.text))
        elif isinstance(node, d.Protected):
            out.append(replace(base, text=node.text, protected=True))
        elif isinstance(node, d.Code):
            out.append(replace(base, text=node.text, protected=True, code=True))
        elif isinstance(node, d.Strong):
            out.extend(runs_of(node.children, replace(base, bold=True)))
        elif isinstance(node, d.Emphasis):
            out.extend(runs_of(node.children, replace(base, kai=True)))
        elif isinstance(node, d.Link):
            out.extend(runs_of(node.children, replace(base, href=node.href)))
        elif isinstance(node, d.LineBreak):
            out.append(replace(base, text="\n", line_break=True))
    return [run for run in out if run.text]


@dataclass
class Texts:
    """Every piece of text in the file, converted together in one call."""

    blocks: list[list[Run]] = field(default_factory=list)

    def add(self, runs: list[Run]) -> int:
        self.blocks.append(runs)
        return len(self.blocks) - 1

    def add_text(self, text: str) -> int:
        return self.add([Run(text)] if text else [])

    def convert(self, converter: Converter, variant: Variant, script: str) -> None:
        converted = converter.convert_runs(
            [[(run.text, run.protected) for run in runs] for runs in self.blocks], variant, script)
        self.blocks = [[replace(run, text=text) for run, text in zip(runs, texts, strict=True)]
                       for runs, texts in zip(self.blocks, converted, strict=True)]

    def text(self, index: int) -> str:
        return "".join(run.text for run in self.blocks[index])


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
