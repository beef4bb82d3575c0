"""Open data: the standard tables of a report as CSV and JSON, one CSV per
year across all publishing bodies, and a body's figures across years.

One row per figure of the official layout: table, block, row, column, the
value as written and the number where it is one. A figure the report does
not state is empty in CSV and null in JSON, never 0. Labels are converted
to the reader's script; values and numbers are never touched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from reader.content import standard_tables as st
from reader.content.reports import Report

BOM = "\ufeff"
CSV_HEADER = ("表格", "板块", "行", "列", "原文数值", "数字")
YEAR_HEADER = ("发布机构", "年度", "报告", "索引号", "网址")
Labels = Callable[[str], str]  # converts a label to the reader's script


@dataclass(frozen=True)
class Figure:
    table: str  # 二、主动公开政府信息情况 …
    block: str
    row: str
    column: str
    value: str | None  # as written; None: not reported
    number: int | None  # None: not reported, or not a whole number (13万元)

    @property
    def label(self) -> str:
        return " · ".join(part for part in (self.block, self.row, self.column) if part)


def table_name(kind: str) -> str:
    return f"表{kind} {st.CAPTIONS[kind]}"


def layout(kind: str, fmt: str, given: Mapping[tuple[str, ...], object] | None = None
           ) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """(block, row, column, figure key) for every data cell of a table; in
    table 三, a group whose own figure ``given`` holds (not broken down) is one
    cell standing for its rows in that column."""
    if kind == "二":
        for block in st.TABLE2[fmt]:
            for row in block.rows:
                for column in block.columns:
                    yield block.title, row, column, (block.title, row, column)
    elif kind == "三":
        groups = {sub: group for group, subs in st.T3_GROUPS[fmt] for sub in subs}
        for row in st.t3_keys(fmt):
            for column in st.T3_COLUMNS:
                group = groups.get(row)
                whole = given is not None and group is not None and (group, column) in given
                if row in groups and whole:
                    continue  # the group's own figure stands for this row
                if row not in groups and any(g == row for g in groups.values()) and \
                        (given is None or (row, column) not in given):
                    continue  # a group label without its own figure is not a cell
                yield "", row, column, (row, column)
    else:
        for group in st.T4_GROUPS:
            for column in st.T4_COLUMNS:
                yield group, "", column, (group, column)


def figures(report: Report) -> list[Figure]:
    """Every figure of the three standard tables, stated or not. A report
    without a standard table contributes nothing for it."""
    found: list[Figure] = []
    for kind in st.KINDS:
        table = report.standard_tables.get(kind)
        if table is None:
            continue
        for block, row, column, key in layout(kind, report.table_format, table.figures):
            figure = table.figures.get(key)
            found.append(Figure(table_name(kind), block, row, column,
                                figure.text if figure else None,
                                figure.number if figure else None))
    return found


def _cells(figure: Figure, labels: Labels) -> list[str]:
    return [labels(figure.table), labels(figure.block), labels(figure.row),
            labels(figure.column), figure.value if figure.value is not None else "",
            str(figure.number) if figure.number is not None else ""]


def _csv_text(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def report_csv(report: Report, labels: Labels) -> str:
    """UTF-8 with a byte-order mark (Excel needs it to read Chinese)."""
    rows = [[labels(h) for h in CSV_HEADER]]
    rows += [_cells(f, labels) for f in figures(report)]
    return BOM + _csv_text(rows)


def report_json(report: Report, labels: Labels, url: str) -> str:
    tables: dict[str, dict[str, object]] = {}
    for figure in figures(report):
        entry = tables.setdefault(figure.table, {"table": labels(figure.table), "figures": []})
        entry_figures = entry["figures"]
        assert isinstance(entry_figures, list)
        entry_figures.append({
            "block": labels(figure.block) or None, "row": labels(figure.row) or None,
            "column": labels(figure.column), "value": figure.value, "number": figure.number})
    data = {
        "slug": report.slug, "url": url, "title": labels(report.title),
        "organisation": labels(report.organisation), "year": report.year,
        "index_number": report.index_number or None,
        "published": report.published.isoformat(), "table_format": report.table_format,
        "tables": list(tables.values()),
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def year_csv(reports: Iterable[Report], labels: Labels, url: Callable[[Report], str]) -> Iterator[str]:
    """One CSV for every report of a year, across all bodies, produced in pieces.
    Only stated figures have a row here (a thousand reports' empty cells would
    be most of the file); a cell without a row is not reported."""
    yield BOM + _csv_text([[labels(h) for h in (*YEAR_HEADER, *CSV_HEADER)]])
    for report in reports:
        lead = [labels(report.organisation), str(report.year), labels(report.title),
                report.index_number, url(report)]
        yield _csv_text([lead + _cells(f, labels) for f in figures(report)
                         if f.value is not None])


@dataclass
class Comparison:
    """A body's stated figures across its years (rows: figures; columns: years)."""

    years: list[int]
    rows: list[tuple[Figure, list[str | None]]]  # the figure's labels, a value per year
    reports: int


def comparison(reports: Sequence[Report]) -> Comparison:
    """Only figures stated in at least one year are compared."""
    by_year = {r.year: r for r in sorted(reports, key=lambda r: r.published.timestamp())}
    years = sorted(by_year, reverse=True)
    values: dict[tuple[str, str, str, str], list[str | None]] = {}
    labels: dict[tuple[str, str, str, str], Figure] = {}
    for index, year in enumerate(years):
        for figure in figures(by_year[year]):
            key = (figure.table, figure.block, figure.row, figure.column)
            if key not in values:
                values[key] = [None] * len(years)
                labels[key] = figure
            values[key][index] = figure.value
    rows = [(labels[key], row) for key, row in values.items() if any(v is not None for v in row)]
    return Comparison(years, rows, len(reports))
