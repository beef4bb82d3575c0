"""The rules of one report: its tables' arithmetic, the format for its year,
the rows its tables leave out, and the figures its text states."""

from __future__ import annotations

from reader.audit import text
from reader.content import arithmetic
from reader.content import standard_tables as st
from reader.content.problems import Problem
from reader.content.reports import Report

# every rule of the audit: name → what it checks (README lists them too)
RULES = {
    **arithmetic.RULES,
    "carried-over": "跨年度：上年报告的四、结转下年度继续办理，等于本年报告的二、上年结转",
    "t2-in-force": "跨年度（2021年版）：表二现行有效件数，等于上年现行有效件数加本年制发件数减本年废止件数",
    "t2-items": "跨年度（2019年版）：表二上一年项目数量加本年增/减，等于下一年报告的上一年项目数量",
    text.RULE: "正文与表格：正文明确陈述的数字，等于表格中对应的数字",
    "format-for-year": "表格格式与年度相符：2019、2020年度用2019年版，2021年度起用2021年版",
    "missing-rows": "提示：载有数据的标准表格中，未载明的官方格式行",
    "completeness": "档案中最新年度：上一年度发布了报告、本年度尚未发布报告的机关",
    "source-labels": "导入时：来源表格中与官方格式不同的标签",
}
# short names for lists and filters
TITLES = {
    "file": "文件格式", "t3-balance": "表三勾稽关系", "t3-total": "表三办理结果合计",
    "t3-row-total": "表三申请人合计", "t4-total": "表四合计", "carried-over": "跨年度结转",
    "t2-in-force": "跨年度现行有效件数", "t2-items": "跨年度项目数量", text.RULE: "正文与表格",
    "format-for-year": "表格格式与年度", "missing-rows": "未载明的行",
    "completeness": "未发布最新年度报告", "source-labels": "来源表格标签",
}
HINTS = {"warning": "请核对；如经核实无误，可在 reviewed.yaml 中记录复核意见"}
FORMAT_ORDERS = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}


def finding(report: Report, line: int, message: str, rule: str, severity: str, *,
            table: str = "", block: str = "", row: str = "", column: str = "",
            figures: tuple[tuple[str, str], ...] = (), cell: str = "", detail: str = "",
            hint: str | None = None) -> Problem:
    """A finding on ``report``."""
    return Problem(report.path, line, message, HINTS.get(severity, "") if hint is None else hint,
                   severity, rule, table, block, row, column, figures, cell, report.slug,
                   report.organisation, report.year, detail)


def audit(report: Report) -> list[Problem]:
    """The findings of the rules of one report (its body is read) beyond its
    tables' arithmetic, which parsing the file gives (content/arithmetic.py:
    the server logs them and `reader import` shows them under each file)."""
    tables = report.standard_tables
    found: list[Problem] = []
    found.extend(_format_for_year(report, tables))
    found.extend(_missing_rows(report, tables))
    found.extend(_text(report, tables))
    return found


def _format_for_year(report: Report, tables: dict[str, st.StandardTable]) -> list[Problem]:
    """The 2019 format is for the 2019 and 2020 reports, the 2021 format from
    the 2021 reports on; reports before 2019 had no standard tables."""
    stated = [t for t in tables.values() if t.figures]
    expected = "2019" if report.year <= 2020 else "2021"
    if not stated or report.year < 2019 or report.table_format == expected:
        return []
    first = min(stated, key=lambda t: t.line)
    return [finding(
        report, first.line,
        f"{report.year}年度的报告应使用{expected}年版表格格式（{FORMAT_ORDERS[expected]}），"
        f"本报告的标准表格为{report.table_format}年版格式",
        "format-for-year", "warning", table=first.kind,
        figures=(("年度", str(report.year)), ("表格格式", report.table_format)),
        hint="按年度对应的格式重新制表，或核对元数据中的年度与 table_format")]


def _official_rows(kind: str, fmt: str) -> list[tuple[str, ...]]:
    """The official rows of a table, each as the key its cells start with."""
    if kind == "二":
        return [(block.title, row) for block in st.TABLE2[fmt] for row in block.rows]
    if kind == "三":
        return [(row,) for row in st.t3_rows(fmt)]
    return [(group,) for group in st.T4_GROUPS]


def _missing_rows(report: Report, tables: dict[str, st.StandardTable]) -> list[Problem]:
    found = []
    for kind, table in sorted(tables.items()):
        if not table.figures:
            continue  # an empty table is not a finding
        stated = {key[:len(key) - 1] for key in table.figures}
        if kind == "三":  # a figure for a whole group stands for its rows
            stated |= {(sub,) for group, subs in st.T3_GROUPS[table.fmt] if (group,) in stated
                       for sub in subs}
        missing = [row for row in _official_rows(kind, table.fmt) if row not in stated]
        if not missing:
            continue
        names = "、".join(" ".join(row) for row in missing)
        shown = "、".join(" ".join(row) for row in missing[:4]) + ("等" if len(missing) > 4 else "")
        first_cell = next(key for key in st.cell_ids(kind, table.fmt) if key[:-1] == missing[0])
        found.append(finding(
            report, table.line, f"表{kind}载有数据，但有{len(missing)}行未载明：{shown}",
            "missing-rows", "info", table=kind, block=missing[0][0] if kind == "二" else "",
            row=missing[0][-1], cell=st.cell_ids(kind, table.fmt)[first_cell], detail=names,
            hint="如原报告载明了这些数字，请补上；未载明的保持空缺（显示为“未报告”）"))
    return found


def _text(report: Report, tables: dict[str, st.StandardTable]) -> list[Problem]:
    found = []
    for m in text.mismatches(report.blocks, tables, report.year, report.organisation):
        measure = m.measure
        sentence = m.statement.sentence
        quoted = sentence if len(sentence) <= 120 else sentence[:117] + "…"
        block = m.cell[0] if measure.kind == "二" else ""
        found.append(finding(
            report, m.statement.line,
            f"正文称{measure.name}为 {_shown(m.said)}，而表{measure.kind}“{measure.label}”为 "
            f"{_shown(m.table)}：“{quoted}”",
            text.RULE, "warning", table=measure.kind, block=block, row=m.cell[-2],
            column=m.cell[-1], figures=(("正文", _shown(m.said)), ("表格", _shown(m.table))),
            cell=st.cell_ids(measure.kind, tables[measure.kind].fmt)[m.cell], detail=sentence,
            hint="核对正文与表格，更正有误的一方"))
    return found


def _shown(value: object) -> str:
    return format(value, "f").rstrip("0").rstrip(".") if not isinstance(value, int) \
        and "." in format(value, "f") else str(value)


def source_labels(report: Report, labels: list[tuple[str, str, str]]) -> list[Problem]:
    """At import: each label the source's tables wrote differently from the
    official one — (table, the source's label, the official label) — as
    information: the figures are filed under the official label."""
    found = []
    for kind, written, official in labels:
        table = report.standard_tables.get(kind)
        other = next((fmt for fmt in st.FORMATS if fmt != report.table_format), "")
        foreign = official not in _format_labels(kind, report.table_format)
        found.append(finding(
            report, table.line if table is not None else 1,
            f"来源表{kind}中的标签“{written}”" + (
                f"是{other}年版格式的标签，本报告为{report.table_format}年版格式" if foreign
                else f"与官方格式的“{official}”不同，已按官方标签导入"),
            "source-labels", "info", table=kind, row=official, detail=written,
            figures=(("来源标签", written), ("官方标签", official)),
            hint="核对来源表格；标签有误的，请发布机关今后按官方格式填报"))
    return found


def _format_labels(kind: str, fmt: str) -> set[str]:
    if kind == "二":
        return {label for block in st.TABLE2[fmt]
                for label in (block.title, *block.columns, *block.rows)}
    if kind == "三":
        return {*st.t3_rows(fmt), *st.T3_COLUMNS}
    return {*st.T4_GROUPS, *st.T4_COLUMNS}
