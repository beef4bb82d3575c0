"""The arithmetic rules of the standard tables.

A rule is checked only where every figure it involves is stated: a cell the
report leaves out is unknown, not zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.content.standard_tables import (
    T3_CARRIED_IN,
    T3_CARRIED_OUT,
    T3_COLUMNS,
    T3_NEW,
    T3_PARTS,
    T3_TOTAL,
    T4_COLUMNS,
    T4_GROUPS,
    StandardTable,
    t3_keys,
    t3_result_parts,
)


@dataclass(frozen=True)
class Violation:
    line: int
    message: str


def _numbers(table: StandardTable, keys: list[tuple[str, ...]]) -> list[int] | None:
    """The figures at ``keys`` as numbers, or None if any is unstated."""
    numbers = []
    for key in keys:
        figure = table.figures.get(key)
        if figure is None or figure.number is None:
            return None
        numbers.append(figure.number)
    return numbers


def _sum_rule(table: StandardTable, total_key: tuple[str, ...],
              part_keys: list[tuple[str, ...]], what: str) -> Violation | None:
    numbers = _numbers(table, [total_key, *part_keys])
    if numbers is None:
        return None
    total, *parts = numbers
    expected = sum(parts)
    if expected != total:
        return Violation(table.figures[total_key].line,
                         f"{what}: stated {total}, but the parts add up to {expected}")
    return None


def check(table: StandardTable) -> list[Violation]:
    found: list[Violation | None] = []
    if table.kind == "三":
        for col in T3_COLUMNS:
            numbers = _numbers(table, [(row, col) for row in
                                       (T3_NEW, T3_CARRIED_IN, T3_TOTAL, T3_CARRIED_OUT)])
            if numbers is not None:
                new, carried_in, total, carried_out = numbers
                if new + carried_in != total + carried_out:
                    found.append(Violation(
                        table.figures[(T3_NEW, col)].line,
                        f"table 三, column {col}: 一 + 二 = {new + carried_in} "
                        f"but （七）总计 + 四 = {total + carried_out}"))
            found.append(_sum_rule(
                table, (T3_TOTAL, col), t3_result_parts(table.figures, table.fmt, col),
                f"table 三, column {col}, （七）总计"))
        for row in t3_keys(table.fmt):
            found.append(_sum_rule(table, (row, "总计"), [(row, col) for col in T3_PARTS],
                                   f"table 三, row {row}, 总计"))
    elif table.kind == "四":
        for group in T4_GROUPS:
            found.append(_sum_rule(table, (group, "总计"),
                                   [(group, col) for col in T4_COLUMNS[:-1]],
                                   f"table 四, {group} 总计"))
    return [v for v in found if v is not None]


def carried_over(previous: StandardTable, current: StandardTable) -> list[Violation]:
    """Last year's 四、结转下年度继续办理 should equal this year's 二、上年结转."""
    found = []
    for col in T3_COLUMNS:
        before = previous.figures.get((T3_CARRIED_OUT, col))
        now = current.figures.get((T3_CARRIED_IN, col))
        if before and now and before.number is not None and now.number is not None \
                and before.number != now.number:
            found.append(Violation(
                now.line,
                f"table 三, column {col}: 二、上年结转 is {now.number}, but last year's report "
                f"carried {before.number} over (四、结转下年度继续办理)"))
    return found
