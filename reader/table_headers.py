"""Header associations for tables with row and column spans.

Screen readers announce a data cell with its headers. For tables with spans
and several header levels, ``scope`` alone is not enough (WCAG technique H43):
every data cell gets an explicit ``headers`` list. We lay the cells on a grid
and, for each data cell, take the header cells above it in its columns (within
the table head and its own row group) and to its left in its rows.
"""

from __future__ import annotations

from .document import Cell, Row, Table


def _grid(rows: list[Row], width: int) -> list[list[Cell | None]]:
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row.cells:
            while c < width and grid[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr < len(rows) and c + dc < width:
                        grid[r + dr][c + dc] = cell
            c += cell.colspan
    return grid


def table_width(table: Table) -> int:
    rows = table.head + [row for body in table.bodies for row in body]
    return max((sum(cell.colspan for cell in row.cells) for row in rows), default=0)


def assign_headers(table: Table, prefix: str) -> None:
    """Give every header cell an id and every data cell its ``headers``."""
    width = table_width(table)
    counter = 0
    for row in table.head + [row for body in table.bodies for row in body]:
        for cell in row.cells:
            if cell.header:
                counter += 1
                cell.id = f"{prefix}-h{counter}"

    head_grid = _grid(table.head, width)
    for body in table.bodies:
        grid = _grid(body, width)
        for r in range(len(body)):
            # locate each cell of this row on the grid
            for c in range(width):
                cell = grid[r][c]
                if cell is None or cell.header or cell.headers:
                    continue
                if not _starts_at(grid, r, c, cell):
                    continue
                found: list[str] = []
                for cc in range(c, min(c + cell.colspan, width)):
                    for hr in range(len(head_grid)):
                        _add(found, head_grid[hr][cc])
                    for br in range(r):
                        _add(found, grid[br][cc])
                for rr in range(r, min(r + cell.rowspan, len(body))):
                    for cc in range(c):
                        _add(found, grid[rr][cc])
                cell.headers = found


def _starts_at(grid: list[list[Cell | None]], r: int, c: int, cell: Cell) -> bool:
    if c > 0 and grid[r][c - 1] is cell:
        return False
    if r > 0 and grid[r - 1][c] is cell:
        return False
    return True


def _add(found: list[str], cell: Cell | None) -> None:
    if cell is not None and cell.header and cell.id and cell.id not in found:
        found.append(cell.id)


def column_labels(table: Table) -> dict[int, list[Cell]]:
    """For each data cell (keyed by ``id(cell)``), the column headers that
    tell its figure apart from the others in its row: the headers above it,
    less any that spans every figure column of its row group (申请人情况 over
    all seven says nothing about one of them). Shown beside each figure when
    a narrow screen lays the table out row by row."""
    width = table_width(table)
    head_grid = _grid(table.head, width)
    labels: dict[int, list[Cell]] = {}
    for body in table.bodies:
        grid = _grid(body, width)
        figure_columns = {c for row in grid for c, cell in enumerate(row)
                          if cell is not None and not cell.header}
        cover: dict[int, set[int]] = {}
        for row in head_grid + grid:
            for c, cell in enumerate(row):
                if cell is not None and cell.header:
                    cover.setdefault(id(cell), set()).add(c)
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is None or cell.header or id(cell) in labels or not _starts_at(grid, r, c, cell):
                    continue
                found: list[Cell] = []
                for above in [hr[c] for hr in head_grid] + [grid[br][c] for br in range(r)]:
                    if (above is not None and above.header and above.scope in ("col", "colgroup")
                            and all(above is not f for f in found)
                            and not figure_columns <= cover[id(above)]):
                        found.append(above)
                labels[id(cell)] = found
    return labels
