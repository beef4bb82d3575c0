"""A table with row and column spans laid out on its grid, so that every
cell is found by the row and column it covers."""

from __future__ import annotations

from dataclasses import dataclass

from reader.content.document import Table, plain_text


@dataclass(frozen=True)
class Slot:
    """One grid position: the text of the cell covering it, and whether the
    cell starts here (a spanned cell covers several slots, once)."""

    text: str
    cell: int  # identity of the covering cell within the table
    origin: bool
    header: bool


def rows_of(table: Table) -> list[list[Slot | None]]:
    """The table's rows on a grid; ``None`` where no cell covers a slot."""
    rows = [*table.head, *(row for body in table.bodies for row in body)]
    grid: list[list[Slot | None]] = []
    pending: dict[tuple[int, int], Slot] = {}
    serial = 0
    for r, row in enumerate(rows):
        line: list[Slot | None] = []
        c = 0
        for cell in row.cells:
            while (r, c) in pending:
                line.append(pending.pop((r, c)))
                c += 1
            serial += 1
            text = plain_text(cell.children)
            for dc in range(max(1, cell.colspan)):
                line.append(Slot(text, serial, dc == 0, cell.header))
                for dr in range(1, max(1, cell.rowspan)):
                    pending[(r + dr, c + dc)] = Slot(text, serial, False, cell.header)
            c += max(1, cell.colspan)
        while (r, c) in pending:
            line.append(pending.pop((r, c)))
            c += 1
        grid.append(line)
    # rows spanned past the last row
    width = max((len(line) for line in grid), default=0)
    for line in grid:
        line.extend([None] * (width - len(line)))
    return grid


def texts(grid: list[list[Slot | None]]) -> list[str]:
    """Every cell's text once, in reading order."""
    seen: set[int] = set()
    out: list[str] = []
    for line in grid:
        for slot in line:
            if slot is not None and slot.cell not in seen:
                seen.add(slot.cell)
                out.append(slot.text)
    return out
