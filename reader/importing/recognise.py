"""The standard tables found by their labels, not by their position.

Offices merge cells, break labels over lines, add spaces, type full-width
digits and leave out rows; portals paste Word tables with extra columns. So
a table is read as a grid (``grid``), each header and row label is compared
by its key (``text.label_key``) with the official labels of both formats,
and every figure goes under the row and column whose labels cover it. A
figure or label that cannot be placed becomes a warning that names the
table, the row and the cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.content import standard_tables as st
from reader.content.document import Table, plain_text
from reader.importing.text import (
    NUMBERING,
    clean_space,
    figure_text,
    label_key,
    label_variants,
    not_stated,
)


@dataclass(frozen=True)
class Slot:
    """One grid position: the text of the cell covering it, and whether the
    cell starts here (a spanned cell covers several slots, once)."""

    text: str
    cell: int  # identity of the covering cell within the table
    origin: bool
    header: bool


def rows_of(table: Table) -> list[list[Slot | None]]:
    """The table's rows on its grid (``Table.grid()``, the one placement every
    renderer uses); ``None`` where no cell covers a slot."""
    out: list[list[Slot | None]] = []
    for r, line in enumerate(table.grid()):
        out.append([None if placed is None else
                    Slot(plain_text(placed.cell.children), id(placed),
                         placed.row == r and placed.col == c, placed.cell.header)
                    for c, placed in enumerate(line)])
    return out


@dataclass
class Found:
    """A standard table read from a source table: figures keyed as in an
    ``annual-table`` block, and the format its labels belong to."""

    kind: str
    figures: dict[tuple[str, ...], str] = field(default_factory=dict)
    formats: set[str] = field(default_factory=set)  # formats whose own labels were seen
    warnings: list[str] = field(default_factory=list)
    block: str = ""  # table 二: the block the table ended in (a next table may go on in it)


class _Labels:
    """Official labels, found by any key they may be written as."""

    def __init__(self, labels: Iterable[str], exclude: Iterable[str] = ()) -> None:
        self.labels = list(dict.fromkeys(labels))
        self.index: dict[str, set[str]] = {}
        taken = {key for label in exclude for key in label_variants(label)}
        for label in self.labels:
            for key in label_variants(label):
                if key not in taken or key == label_variants(label)[0]:
                    self.index.setdefault(key, set()).add(label)

    def find(self, text: str) -> str | None:
        """The official label written as ``text``: by its key, else the one
        label within a small edit distance (see ``closest``)."""
        return self.exact(text) or self.closest(text)

    def exact(self, text: str) -> str | None:
        for key in label_variants(text):
            found = self.index.get(key)
            if found and len(found) == 1:
                return next(iter(found))
        return None

    def closest(self, text: str) -> str | None:
        """A label typed with a slip (2.其他法律行政止公开): the one official
        label whose key (numbering left out) is within an edit distance that
        grows with its length — none for 3 characters or fewer, then one more
        for every three. None when no label, or more than one, is that close."""
        key = _bare(text)
        if len(key) < 4 or len(key) > 60:
            return None
        hits = set()
        for label in self.labels:
            other = _bare(label)
            allowed = (len(other) - 2) // 3
            if allowed and abs(len(other) - len(key)) <= allowed \
                    and edit_distance(key, other, allowed) <= allowed:
                hits.add(label)
        return next(iter(hits)) if len(hits) == 1 else None


def _bare(text: str) -> str:
    key = label_key(text)
    return NUMBERING.sub("", key) or key


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed ``limit``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _only(other: str, labels: Iterable[str]) -> set[str]:
    return set(labels) - set(_all_labels(other))


def _all_labels(fmt: str) -> list[str]:
    out: list[str] = []
    for block in st.TABLE2[fmt]:
        out.extend([*block.columns, *block.rows])
    out.extend(st.t3_keys(fmt))
    return out


# labels only one format has (the row both call a regulation, 规范性文件 and
# 行政规范性文件, tells nothing: the importer files it under the format's own name)
FORMAT_LABELS = {fmt: _only(other, _all_labels(fmt)) - {"规范性文件", "行政规范性文件"}
                 for fmt, other in (("2019", "2021"), ("2021", "2019"))}

BLOCKS = _Labels(b.title for fmt in st.FORMATS for b in st.TABLE2[fmt])
T2_ROWS = {title: _Labels(r for fmt in st.FORMATS for b in st.TABLE2[fmt] if b.title == title
                          for r in b.rows) for title in BLOCKS.labels}
T2_COLUMNS = {title: _Labels(c for fmt in st.FORMATS for b in st.TABLE2[fmt] if b.title == title
                             for c in b.columns) for title in BLOCKS.labels}
# a row label shortened to 总计 or 其他 would read as a column: only whole labels count
T3_ROWS = _Labels((r for fmt in st.FORMATS for r in st.t3_rows(fmt)), exclude=st.T3_COLUMNS)
T3_COLUMNS = _Labels(st.T3_COLUMNS)
T3_GROUPS = _Labels([st.T3_RESULTS, *(g for fmt in st.FORMATS for g, subs in st.T3_GROUPS[fmt]
                                      if subs)])
T4_GROUPS = _Labels(st.T4_GROUPS)
T4_COLUMNS = _Labels(st.T4_COLUMNS)


def _formats(found: Found, labels: Iterable[str]) -> None:
    for label in labels:
        for fmt, own in FORMAT_LABELS.items():
            if label in own:
                found.formats.add(fmt)


def kind_of(table: Table) -> str:
    """二, 三 or 四 when the table carries the labels of a standard table, else ""."""
    grid = rows_of(table)
    seen = {slot.text for line in grid for slot in line if slot is not None}
    if any(BLOCKS.find(text) for text in seen):
        return "二"
    applicants = {T3_COLUMNS.find(text) for text in seen} - {None, "其他", "总计"}
    if applicants and any(T3_ROWS.find(text) for text in seen):
        return "三"
    groups = sum(1 for text in seen if T4_GROUPS.find(text))
    columns = sum(1 for text in seen if T4_COLUMNS.find(text))
    if groups and columns >= 2:
        return "四"
    return ""


def _short(text: str) -> str:
    text = clean_space(text)
    return text if len(text) <= 24 else text[:23] + "…"


def _where(kind: str, row: str, cell: str) -> str:
    return f"table {kind}, row “{_short(row)}”, cell “{_short(cell)}”"


def _figure(found: Found, key: tuple[str, ...], raw: str, row: str, column: str,
            counts: bool) -> None:
    figure = figure_text(raw)
    if not_stated(figure):
        return
    if counts and not re.fullmatch(r"\d+", figure):
        found.warnings.append(f"{_where(found.kind, row, column)}: “{_short(raw)}” is not a "
                              "whole number; left out (write the count into the content file)")
        return
    if key in found.figures and found.figures[key] != figure:
        found.warnings.append(f"{_where(found.kind, row, column)}: given twice "
                              f"({found.figures[key]} and {figure}); the first is kept")
        return
    found.figures.setdefault(key, figure)


def slip(found: Found, labels: _Labels, written: str, label: str) -> None:
    """A warning for a row label matched by its closeness only: it quotes the
    source's label, so that a person can check the reading."""
    if labels.exact(written) is None and not any(
            f"“{_short(written)}”" in w and "closest" in w for w in found.warnings):
        found.warnings.append(f"table {found.kind}, row “{_short(written)}”: read as the official "
                              f"row “{label}”, the one closest to how the source writes it "
                              "(check its figures)")


def _stray(found: Found, row: str, slot: Slot, column: int) -> None:
    if not not_stated(figure_text(slot.text)):
        found.warnings.append(f"{_where(found.kind, row, slot.text)} (column {column + 1}): "
                              "no standard label covers it; left out")


def read(table: Table, context: Found | None = None) -> Found | None:
    """The standard table in ``table``, if any. ``context``: the standard table
    just before it; a table 二 that opens with rows of the block that one ended
    in goes on in that block (a block split over two pages)."""
    kind = kind_of(table)
    if not kind:
        return None
    found = Found(kind)
    grid = rows_of(table)
    if kind == "二":
        _read2(found, grid, context.block if context is not None and context.kind == "二" else None)
    else:
        {"三": _read3, "四": _read4}[kind](found, grid)
    return found


def _distinct(line: list[Slot | None]) -> list[tuple[int, Slot]]:
    seen: set[int] = set()
    out = []
    for c, slot in enumerate(line):
        if slot is not None and slot.cell not in seen:
            seen.add(slot.cell)
            out.append((c, slot))
    return out


def _read2(found: Found, grid: list[list[Slot | None]], block: str | None = None) -> None:
    columns: dict[int, str] = {}
    for line in grid:
        cells = _distinct(line)
        titles = [BLOCKS.find(slot.text) for _, slot in cells]
        title = next((t for t in titles if t), None)
        if title is not None and title != block:
            block, columns = title, {}
        if block is None:
            continue
        rest = [(c, slot) for c, slot in cells if not BLOCKS.find(slot.text)]
        named = {c: T2_COLUMNS[block].find(slot.text) for c, slot in rest}
        if any(named.values()):
            # a header row: the column labels of this block
            columns = {}
            for c, slot in enumerate(line):
                if slot is not None and named.get(_start(line, c)):
                    columns[c] = named[_start(line, c)] or ""
            _formats(found, [n for n in named.values() if n])
            continue
        row_label: str | None = None
        row_text = ""
        for _, slot in rest:
            label = T2_ROWS[block].find(slot.text)
            if label:
                row_label, row_text = label, slot.text
        if not rest:
            continue
        if row_label is None:
            row_text = rest[0][1].text
            for c, slot in rest[1:]:
                _stray(found, row_text, slot, c)
            continue
        _formats(found, [row_label])
        slip(found, T2_ROWS[block], row_text, row_label)
        for c, slot in rest:
            if T2_ROWS[block].find(slot.text) or not slot.origin:
                continue
            column = columns.get(c)
            if column is None:
                _stray(found, row_text, slot, c)
                continue
            _figure(found, (block, row_label, column), slot.text, row_text, column, False)
    found.block = block or ""


def _start(line: list[Slot | None], c: int) -> int:
    """The first column of the cell covering slot c in this row."""
    slot = line[c]
    while c > 0 and slot is not None and (left := line[c - 1]) is not None \
            and left.cell == slot.cell:
        c -= 1
    return c


def _header_columns(grid: list[list[Slot | None]], labels: _Labels,
                    until: int) -> dict[int, str]:
    columns: dict[int, str] = {}
    for line in grid[:until]:
        for c, slot in enumerate(line):
            if slot is None:
                continue
            label = labels.find(slot.text)
            if label:
                columns[c] = label  # the lowest header row wins
    return columns


def _read3(found: Found, grid: list[list[Slot | None]]) -> None:
    first_data = next((r for r, line in enumerate(grid)
                       if any(slot is not None and T3_ROWS.find(slot.text) for slot in line)),
                      len(grid))
    columns = _header_columns(grid, T3_COLUMNS, first_data)
    for line in grid[first_data:]:
        labels = [(c, slot) for c, slot in enumerate(line)
                  if c not in columns and slot is not None]
        row_label: str | None = None
        row_text = ""
        for _, slot in reversed(labels):
            row_label = T3_ROWS.find(slot.text)
            if row_label:
                row_text = slot.text
                break
        data = [(c, slot) for c, slot in enumerate(line)
                if c in columns and slot is not None and slot.origin]
        if row_label is None:
            row_text = next((slot.text for _, slot in labels if slot.text.strip()), "")
            for c, slot in data:
                _stray(found, row_text, slot, c)
            continue
        _formats(found, [row_label])
        slip(found, T3_ROWS, row_text, row_label)
        for c, slot in data:
            _figure(found, (row_label, columns[c]), slot.text, row_text, columns[c], True)
        for c, slot in labels:
            if slot.origin and not T3_ROWS.find(slot.text) and re.fullmatch(
                    r"\d+", figure_text(slot.text)):
                _stray(found, row_text, slot, c)


def _read4(found: Found, grid: list[list[Slot | None]]) -> None:
    groups: dict[int, str] = {}
    columns: dict[int, str] = {}
    data_rows: list[list[Slot | None]] = []
    for line in grid:
        values = [slot for slot in line if slot is not None and slot.text.strip()]
        if values and all(re.fullmatch(r"\d+", figure_text(s.text)) or not_stated(figure_text(s.text))
                          for s in values) and not any(T4_COLUMNS.find(s.text) for s in values):
            data_rows.append(line)
            continue
        for c, slot in enumerate(line):
            if slot is None:
                continue
            group = T4_GROUPS.find(slot.text)
            if group:
                groups[c] = group
            column = T4_COLUMNS.find(slot.text)
            if column:
                columns[c] = column
    for number, line in enumerate(data_rows, 1):
        for c, slot in enumerate(line):
            if slot is None or not slot.origin:
                continue
            group, column = groups.get(c), columns.get(c)
            row = group or f"data row {number}"
            if group is None or column is None or number > 1:
                _stray(found, row, slot, c)
                continue
            _figure(found, (group, column), slot.text, group, column, True)
