"""The arithmetic rules inside one standard table.

A rule is checked only where every figure it involves is stated: a cell the
report leaves out is unknown, not zero. Every rule, here and in the audit
(reader/audit/), takes its figures through ``stated`` and ``group_value``,
so that what counts as a stated figure is decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.content.standard_tables import (
    T3_CARRIED_IN,
    T3_CARRIED_OUT,
    T3_COLUMNS,
    T3_GROUPS,
    T3_NEW,
    T3_PARTS,
    T3_TOTAL,
    T4_COLUMNS,
    T4_GROUPS,
    StandardTable,
    cell_ids,
    t3_keys,
)

# the rules of this module, as `reader check` names them
RULES = {
    "t3-balance": "表三各列：一、本年新收加二、上年结转，等于（七）总计加四、结转下年度继续办理",
    "t3-total": "表三各列：（七）总计等于各项办理结果之和",
    "t3-row-total": "表三各行：总计等于六类申请人之和",
    "t4-total": "表四各组：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
}


HINT = ("请核对表中数字，更正后重新发布；如原报告确实如此，可在 reviewed.yaml 中记录复核意见"
        "（见 reader check 输出方括号内的编号）")


@dataclass(frozen=True)
class Violation:
    line: int
    message: str
    rule: str = ""
    table: str = ""
    row: str = ""
    column: str = ""
    figures: tuple[tuple[str, str], ...] = ()
    cell: str = ""
    block: str = ""


def stated(table: StandardTable | None, key: tuple[str, ...]) -> int | None:
    """The whole number the report states at ``key``, or None where it
    states none (or something other than a count, such as 13万元)."""
    if table is None:
        return None
    figure = table.figures.get(key)
    return None if figure is None else figure.number


def group_value(table: StandardTable, group: str, column: str) -> int | None:
    """A group of 三、本年度办理结果 in one column: the row itself where the
    group is one row, else the sum of its sub-rows (None if one is unstated).
    The official table has no subtotal row for a group."""
    subs = dict(T3_GROUPS[table.fmt])[group]
    if not subs or (group, column) in table.figures:  # a figure for the whole group
        return stated(table, (group, column))
    return _sum([stated(table, (sub, column)) for sub in subs])


def _sum(numbers: list[int | None]) -> int | None:
    if any(n is None for n in numbers):
        return None
    return sum(n for n in numbers if n is not None)


def _line(table: StandardTable, key: tuple[str, ...]) -> int:
    figure = table.figures.get(key)
    return figure.line if figure is not None else table.line


def check(table: StandardTable) -> list[Violation]:
    """Every arithmetic rule of one table that its stated figures break."""
    if table.kind == "三":
        return [*_balance(table), *_results(table), *_row_totals(table)]
    if table.kind == "四":
        return _t4_totals(table)
    return []


def _balance(table: StandardTable) -> list[Violation]:
    found = []
    ids = cell_ids("三", table.fmt)
    for col in T3_COLUMNS:
        new, carried_in, total, carried_out = (stated(table, (row, col)) for row in (
            T3_NEW, T3_CARRIED_IN, T3_TOTAL, T3_CARRIED_OUT))
        if new is None or carried_in is None or total is None or carried_out is None:
            continue
        if new + carried_in != total + carried_out:
            found.append(Violation(
                _line(table, (T3_NEW, col)),
                f"表三“{col}”列：一、本年新收（{new}）加二、上年结转（{carried_in}）为 "
                f"{new + carried_in}，而（七）总计（{total}）加四、结转下年度继续办理"
                f"（{carried_out}）为 {total + carried_out}，两者应相等",
                "t3-balance", "三", T3_NEW, col,
                (("一、本年新收", str(new)), ("二、上年结转", str(carried_in)),
                 ("（七）总计", str(total)), ("四、结转下年度继续办理", str(carried_out))),
                ids[(T3_NEW, col)]))
    return found


def _results(table: StandardTable) -> list[Violation]:
    found = []
    ids = cell_ids("三", table.fmt)
    for col in T3_COLUMNS:
        total = stated(table, (T3_TOTAL, col))
        parts = _sum([group_value(table, group, col) for group, _ in T3_GROUPS[table.fmt]])
        if total is None or parts is None or total == parts:
            continue
        found.append(Violation(
            _line(table, (T3_TOTAL, col)),
            f"表三“{col}”列：（七）总计填报为 {total}，而（一）至（六）各项办理结果之和为 {parts}",
            "t3-total", "三", T3_TOTAL, col,
            (("（七）总计", str(total)), ("各项办理结果之和", str(parts))), ids[(T3_TOTAL, col)]))
    return found


def _row_totals(table: StandardTable) -> list[Violation]:
    found = []
    ids = cell_ids("三", table.fmt)
    for row in t3_keys(table.fmt):
        total = stated(table, (row, "总计"))
        parts = _sum([stated(table, (row, col)) for col in T3_PARTS])
        if total is None or parts is None or total == parts:
            continue
        found.append(Violation(
            _line(table, (row, "总计")),
            f"表三“{row}”行：总计填报为 {total}，而自然人与五类法人或其他组织之和为 {parts}",
            "t3-row-total", "三", row, "总计",
            (("总计", str(total)), ("各类申请人之和", str(parts))), ids[(row, "总计")]))
    return found


def _t4_totals(table: StandardTable) -> list[Violation]:
    found = []
    ids = cell_ids("四", table.fmt)
    for group in T4_GROUPS:
        total = stated(table, (group, "总计"))
        parts = _sum([stated(table, (group, col)) for col in T4_COLUMNS[:-1]])
        if total is None or parts is None or total == parts:
            continue
        found.append(Violation(
            _line(table, (group, "总计")),
            f"表四“{group}”：总计填报为 {total}，而结果维持、结果纠正、其他结果、尚未审结之和为 "
            f"{parts}",
            "t4-total", "四", group, "总计",
            (("总计", str(total)), ("四项结果之和", str(parts))), ids[(group, "总计")]))
    return found
