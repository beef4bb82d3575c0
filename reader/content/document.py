"""The document model: one small typed tree that every output format renders.

A report body is a list of blocks; a block holds inline runs. Script conversion
and pinyin annotation are transforms over this tree, so they reach the page,
the Word file and the PDF alike.
"""

from __future__ import annotations

from collections.abc import Iterator
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


@dataclass(frozen=True)
class Placed:
    """A cell where it sits on its table's grid. Spans are cut to the table's
    width and to the cell's row group (a span never leaves its head or body)."""

    cell: Cell
    row: int  # the grid row and column of the cell's top-left corner
    col: int
    rowspan: int
    colspan: int


@dataclass
class Table:
    caption: str
    head: list[Row]
    bodies: list[list[Row]]
    id: str = ""
    note: str = ""  # a short description, also used for Word's tblDescription
    kind: str = ""  # "standard-2", "standard-3", "standard-4" or "" for Markdown

    @property
    def groups(self) -> list[list[Row]]:
        """The row groups: the head (if any), then each body."""
        return ([self.head] if self.head else []) + self.bodies

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group]

    @property
    def width(self) -> int:
        """Columns on the grid: the widest row, counting its own spans and the
        slots that cells of rows above span into (a table made elsewhere, with
        spans that do not add up, still keeps every cell)."""
        width = 0
        for group in self.groups:
            taken: set[tuple[int, int]] = set()
            for r, row in enumerate(group):
                c = 0
                for cell in row.cells:
                    while (r, c) in taken:
                        c += 1
                    for dr in range(min(max(1, cell.rowspan), len(group) - r)):
                        for dc in range(max(1, cell.colspan)):
                            taken.add((r + dr, c + dc))
                    c += max(1, cell.colspan)
                width = max(width, c, max((col + 1 for row_, col in taken if row_ == r),
                                          default=0))
        return width

    def grid(self) -> list[list[Placed | None]]:
        """Every grid slot of every row (head first, then the bodies): the
        placed cell covering it, or None where a short row leaves a gap. A cell
        goes in the first free slot of its row, after the slots that cells of
        rows above span into."""
        width = self.width
        grid: list[list[Placed | None]] = []
        for group in self.groups:
            top = len(grid)
            grid.extend([None] * width for _ in group)
            for r, row in enumerate(group, top):
                c = 0
                for cell in row.cells:
                    while c < width and grid[r][c] is not None:
                        c += 1
                    if c >= width:
                        break
                    placed = Placed(cell, r, c, min(cell.rowspan, top + len(group) - r),
                                    min(cell.colspan, width - c))
                    for dr in range(placed.rowspan):
                        for dc in range(placed.colspan):
                            grid[r + dr][c + dc] = placed
                    c += placed.colspan
        return grid


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


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block in document order, descending into lists and quotes."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item)
        elif isinstance(block, Quote):
            yield from iter_blocks(block.children)
