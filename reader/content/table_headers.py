"""Header associations for tables with row and column spans.

Screen readers announce a data cell with its headers. For tables with spans
and several header levels, ``scope`` alone is not enough (WCAG technique H43):
every data cell gets an explicit ``headers`` list. On the table's grid (see
``Table.grid``), each data cell takes the header cells above it in its columns
(within the table head and its own row group) and to its left in its rows.
"""

from __future__ import annotations

import functools

from reader.content.document import Cell, Placed, Row, Table


def assign_headers(table: Table, prefix: str) -> None:
    """Give every header cell an id and every data cell its ``headers``."""
    rows = table.rows
    for r, c, value in _plan(prefix, _shape(table)):
        cell = rows[r].cells[c]
        if cell.header:
            cell.id = value
        else:
            cell.headers = value.split()


# Every report's standard tables have the same few shapes: the associations
# are worked out once per shape (and id prefix) and then copied.
Shape = tuple[int, tuple[int, ...], tuple[tuple[tuple[bool, int, int, bool], ...], ...]]


def _shape(table: Table) -> Shape:
    return (len(table.head), tuple(len(body) for body in table.bodies),
            tuple(tuple((cell.header, cell.colspan, cell.rowspan, bool(cell.headers))
                        for cell in row.cells) for row in table.rows))


@functools.lru_cache(maxsize=256)
def _plan(prefix: str, shape: Shape) -> tuple[tuple[int, int, str], ...]:
    """(row, cell, header id or space-separated headers) for the table shape."""
    head, bodies, rows = shape

    def skeleton(index: int, first: int) -> list[Row]:
        return [Row([Cell([], header, colspan, rowspan, headers=["set"] if preset else [])
                     for header, colspan, rowspan, preset in rows[r]])
                for r in range(first, first + index)]
    table = Table("", skeleton(head, 0), [])
    top = head
    for size in bodies:
        table.bodies.append(skeleton(size, top))
        top += size
    _assign(table, prefix)
    return tuple((r, c, cell.id if cell.header else " ".join(cell.headers))
                 for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells)
                 if (cell.id if cell.header else cell.headers and cell.headers != ["set"]))


def _assign(table: Table, prefix: str) -> None:
    counter = 0
    for row in table.rows:
        for cell in row.cells:
            if cell.header:
                counter += 1
                cell.id = f"{prefix}-h{counter}"

    grid = table.grid()
    head = len(table.head)
    top = head
    for body in table.bodies:
        for r in range(top, top + len(body)):
            for placed in grid[r]:
                if placed is None or placed.row != r or placed.cell.header or placed.cell.headers:
                    continue
                if placed.col and grid[r][placed.col - 1] is placed:
                    continue  # not the cell's first slot
                placed.cell.headers = _headers(grid, placed, head, top)
        top += len(body)


def _headers(grid: list[list[Placed | None]], placed: Placed, head: int, group_top: int
             ) -> list[str]:
    found: list[str] = []
    columns = range(placed.col, placed.col + placed.colspan)
    for c in columns:
        for r in [*range(head), *range(group_top, placed.row)]:
            _add(found, grid[r][c])
    for r in range(placed.row, placed.row + placed.rowspan):
        for c in range(placed.col):
            _add(found, grid[r][c])
    return found


def _add(found: list[str], placed: Placed | None) -> None:
    cell: Cell | None = placed.cell if placed else None
    if cell is not None and cell.header and cell.id and cell.id not in found:
        found.append(cell.id)


def column_labels(table: Table) -> dict[int, list[Cell]]:
    """For each data cell (keyed by ``id(cell)``), the column headers that
    tell its figure apart from the others in its row: the headers above it,
    less any that spans every figure column of its row group (申请人情况 over
    all seven says nothing about one of them). Shown beside each figure when
    a narrow screen lays the table out row by row."""
    grid = table.grid()
    head = len(table.head)
    labels: dict[int, list[Cell]] = {}
    top = head
    for body in table.bodies:
        rows = range(top, top + len(body))
        figures = {c for r in rows for c, placed in enumerate(grid[r])
                   if placed is not None and not placed.cell.header}
        for r in rows:
            for placed in grid[r]:
                if (placed is None or placed.row != r or placed.cell.header
                        or id(placed.cell) in labels):
                    continue
                found: list[Cell] = []
                for above in [*range(head), *range(top, r)]:
                    header = grid[above][placed.col]
                    if (header is not None and header.cell.header
                            and header.cell.scope in ("col", "colgroup")
                            and all(header.cell is not f for f in found)
                            and not figures <= set(range(header.col, header.col + header.colspan))):
                        found.append(header.cell)
                labels[id(placed.cell)] = found
        top += len(body)
    return labels
