"""The rules across a body's years, and who has not published the latest year.

A body is its 发布机构 name: a body renamed or merged into another is not
followed from one name to the next. Each rule compares a report with the
same body's report of the year before, quotes both years' figures, and is a
warning on the later report (corrections happen, and documents lapse
without being repealed). Only figures both reports state are compared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reader.content import arithmetic
from reader.content import standard_tables as st
from reader.content.problems import Problem
from reader.content.reports import Report

IN_FORCE = "第二十条第（一）项"
# 2019 format: blocks and rows whose 上一年项目数量 + 本年增/减 is next year's 上一年项目数量
ITEMS = (("第二十条第（五）项", "行政许可"), ("第二十条第（五）项", "其他对外管理服务事项"),
         ("第二十条第（六）项", "行政处罚"), ("第二十条第（六）项", "行政强制"),
         ("第二十条第（八）项", "行政事业性收费"))
PREVIOUS, CHANGE = "上一年项目数量", "本年增/减"
MADE, REPEALED, CURRENT = "本年制发件数", "本年废止件数", "现行有效件数"


@dataclass(frozen=True)
class YearFacts:
    """What the rules across years need of one report: small enough to keep
    for every report of a large archive while the bodies are not."""

    slug: str
    path: Path
    organisation: str
    year: int
    fmt: str
    table2: st.StandardTable | None  # the figures the rules read, and no others
    table3: st.StandardTable | None


def facts(report: Report) -> YearFacts:
    tables = report.standard_tables
    t2, t3 = tables.get("二"), tables.get("三")
    wanted2 = {IN_FORCE, *(block for block, _ in ITEMS)}
    return YearFacts(
        report.slug, report.path, report.organisation, report.year, report.table_format,
        None if t2 is None else st.StandardTable("二", t2.fmt, {
            k: f for k, f in t2.figures.items() if k[0] in wanted2}, t2.line),
        None if t3 is None else st.StandardTable("三", t3.fmt, {
            k: f for k, f in t3.figures.items() if k[0] in (st.T3_CARRIED_IN, st.T3_CARRIED_OUT)},
            t3.line))


def _finding(now: YearFacts, table: st.StandardTable, key: tuple[str, ...], message: str,
             rule: str, figures: tuple[tuple[str, str], ...], before: YearFacts) -> Problem:
    figure = table.figures.get(key)
    kind = table.kind
    return Problem(
        now.path, figure.line if figure is not None else table.line, message,
        f"与 {before.path.name}（{before.year}年度）核对；如经核实无误，可在 reviewed.yaml 中记录复核意见",
        "warning", rule, kind, key[0] if kind == "二" else "", key[-2], key[-1], figures,
        st.cell_ids(kind, table.fmt)[key], now.slug, now.organisation, now.year)


def carried_over(before: YearFacts, now: YearFacts) -> list[Problem]:
    """Last year's 四、结转下年度继续办理 equals this year's 二、上年结转."""
    found: list[Problem] = []
    if before.table3 is None or now.table3 is None:
        return found
    for col in st.T3_COLUMNS:
        out = arithmetic.stated(before.table3, (st.T3_CARRIED_OUT, col))
        carried = arithmetic.stated(now.table3, (st.T3_CARRIED_IN, col))
        if out is None or carried is None or out == carried:
            continue
        found.append(_finding(
            now, now.table3, (st.T3_CARRIED_IN, col),
            f"表三“{col}”列：本报告二、上年结转为 {carried}，而{before.year}年度报告的四、"
            f"结转下年度继续办理为 {out}", "carried-over",
            ((f"{before.year}年度 四、结转下年度继续办理", str(out)),
             (f"{now.year}年度 二、上年结转", str(carried))), before))
    return found


def in_force(before: YearFacts, now: YearFacts) -> list[Problem]:
    """2021 format: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数."""
    found: list[Problem] = []
    t_before, t_now = before.table2, now.table2
    if t_before is None or t_now is None or t_before.fmt != "2021" or t_now.fmt != "2021":
        return found
    for row in st.TABLE2["2021"][0].rows:
        last = arithmetic.stated(t_before, (IN_FORCE, row, CURRENT))
        made, repealed, current = (arithmetic.stated(t_now, (IN_FORCE, row, col))
                                   for col in (MADE, REPEALED, CURRENT))
        if last is None or made is None or repealed is None or current is None:
            continue
        expected = last + made - repealed
        if expected == current:
            continue
        found.append(_finding(
            now, t_now, (IN_FORCE, row, CURRENT),
            f"表二{IN_FORCE}“{row}”：现行有效件数为 {current}，而{before.year}年度的现行有效件数 "
            f"{last} 加本年制发 {made}、减本年废止 {repealed} 为 {expected}", "t2-in-force",
            ((f"{before.year}年度 现行有效件数", str(last)), (f"{now.year}年度 本年制发件数", str(made)),
             (f"{now.year}年度 本年废止件数", str(repealed)),
             (f"{now.year}年度 现行有效件数", str(current))), before))
    return found


def items(before: YearFacts, now: YearFacts) -> list[Problem]:
    """2019 format: last year's 上一年项目数量 + 本年增/减 = this year's 上一年项目数量."""
    found: list[Problem] = []
    t_before, t_now = before.table2, now.table2
    if t_before is None or t_now is None or t_before.fmt != "2019" or t_now.fmt != "2019":
        return found
    for block, row in ITEMS:
        last = arithmetic.stated(t_before, (block, row, PREVIOUS))
        change = arithmetic.stated(t_before, (block, row, CHANGE))
        current = arithmetic.stated(t_now, (block, row, PREVIOUS))
        if last is None or change is None or current is None or last + change == current:
            continue
        found.append(_finding(
            now, t_now, (block, row, PREVIOUS),
            f"表二{block}“{row}”：上一年项目数量为 {current}，而{before.year}年度报告的上一年项目数量 "
            f"{last} 加本年增/减 {change:+d} 为 {last + change}", "t2-items",
            ((f"{before.year}年度 上一年项目数量", str(last)),
             (f"{before.year}年度 本年增/减", f"{change:+d}"),
             (f"{now.year}年度 上一年项目数量", str(current))), before))
    return found


RULES = (carried_over, in_force, items)


def across_years(every: list[YearFacts]) -> list[Problem]:
    """Every cross-year finding among ``every`` report's facts."""
    by_body: dict[tuple[str, int], list[YearFacts]] = defaultdict(list)
    for one in every:
        by_body[(one.organisation, one.year)].append(one)
    found: list[Problem] = []
    for now in every:
        for before in by_body.get((now.organisation, now.year - 1), ()):
            for rule in RULES:
                found.extend(rule(before, now))
    return found


def not_published(reports: list[Report]) -> list[Problem]:
    """For the latest year in the archive, each body that published the year
    before but not that year (a finding on its last report)."""
    if not reports:
        return []
    latest = max(r.year for r in reports)
    now = {r.organisation for r in reports if r.year == latest}
    before: dict[str, Report] = {}
    for report in sorted(reports, key=lambda r: r.slug):
        if report.year == latest - 1 and report.organisation not in now:
            before.setdefault(report.organisation, report)
    return [Problem(
        report.path, 1, f"{organisation}发布了{latest - 1}年度报告，档案中没有其{latest}年度报告",
        f"档案中最新的年度是{latest}年度；如该机关已发布，请导入其报告", "warning", "completeness",
        report=report.slug, organisation=organisation, year=latest,
        figures=(("上一年度", str(latest - 1)), ("缺少的年度", str(latest))))
        for organisation, report in sorted(before.items())]
