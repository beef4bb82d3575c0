from __future__ import annotations

import pytest

from reader.content import arithmetic
from reader.content import standard_tables as st


def table3(fmt: str, rows: dict[str, list[int]]) -> st.StandardTable:
    text = ""
    for row, values in rows.items():
        text += f"{row}:\n" + "".join(f"  {col}: {v}\n" for col, v in zip(st.T3_COLUMNS, values, strict=True))
    return st.parse("三", fmt, text, 1)


def consistent(fmt: str) -> dict[str, list[int]]:
    # 10 new + 2 carried = 9 handled + 3 carried over, natural persons only
    rows = {st.T3_NEW: [10, 0, 0, 0, 0, 0, 10], st.T3_CARRIED_IN: [2, 0, 0, 0, 0, 0, 2]}
    results = st.t3_result_rows(fmt)
    for row in results:
        rows[row] = [0] * 7
    rows[results[0]] = [7, 0, 0, 0, 0, 0, 7]
    rows[results[-1]] = [2, 0, 0, 0, 0, 0, 2]
    rows[st.T3_TOTAL] = [9, 0, 0, 0, 0, 0, 9]
    rows[st.T3_CARRIED_OUT] = [3, 0, 0, 0, 0, 0, 3]
    return rows


@pytest.mark.parametrize("fmt", st.FORMATS)
def test_consistent_table_passes(fmt: str) -> None:
    assert arithmetic.check(table3(fmt, consistent(fmt))) == []


@pytest.mark.parametrize("fmt", st.FORMATS)
def test_rule1_new_plus_carried_equals_total_plus_carried_over(fmt: str) -> None:
    rows = consistent(fmt)
    rows[st.T3_CARRIED_OUT] = [4, 0, 0, 0, 0, 0, 4]
    found, in_total = arithmetic.check(table3(fmt, rows))  # 自然人, then 总计
    assert in_total.column == "总计" and in_total.cell == "t3-r1-c7"
    assert found.rule == "t3-balance" and found.column == "自然人" and found.cell == "t3-r1-c1"
    assert "一、本年新收（10）加二、上年结转（2）为 12" in found.message
    assert "（七）总计（9）加四、结转下年度继续办理（4）为 13" in found.message
    assert dict(found.figures) == {"一、本年新收": "10", "二、上年结转": "2", "（七）总计": "9",
                                   "四、结转下年度继续办理": "4"}


@pytest.mark.parametrize("fmt", st.FORMATS)
def test_rule2_total_is_sum_of_results(fmt: str) -> None:
    rows = consistent(fmt)
    rows[st.T3_TOTAL] = [8, 0, 0, 0, 0, 0, 8]
    rows[st.T3_CARRIED_OUT] = [4, 0, 0, 0, 0, 0, 4]
    found = arithmetic.check(table3(fmt, rows))
    assert [(v.rule, v.row, v.column, v.cell) for v in found] \
        == [("t3-total", st.T3_TOTAL, "自然人", "t3-r3-7-c1"),
            ("t3-total", st.T3_TOTAL, "总计", "t3-r3-7-c7")]
    assert "（七）总计填报为 8，而（一）至（六）各项办理结果之和为 9" in found[0].message


def test_rule2_counts_2021_sub_rows_of_other_handling() -> None:
    rows = consistent("2021")
    rows[st.t3_result_rows("2021")[-2]] = [1, 0, 0, 0, 0, 0, 1]  # （六）1．
    messages = [v.message for v in arithmetic.check(table3("2021", rows))]
    assert any("（七）总计填报为 9，而（一）至（六）各项办理结果之和为 10" in m for m in messages)


def test_rule3_row_total() -> None:
    rows = consistent("2019")
    rows[st.T3_NEW] = [10, 1, 0, 0, 0, 0, 10]
    found = arithmetic.check(table3("2019", rows))
    row_totals = [v for v in found if v.rule == "t3-row-total"]
    assert [(v.row, v.column, v.cell, v.figures) for v in row_totals] == [
        (st.T3_NEW, "总计", "t3-r1-c7", (("总计", "10"), ("各类申请人之和", "11")))]
    assert "表三“一、本年新收政府信息公开申请数量”行：总计填报为 10" in row_totals[0].message
    assert all(v.line > 0 for v in found)


def test_rule4_review_and_litigation_totals() -> None:
    text = "行政复议:\n  结果维持: 1\n  结果纠正: 1\n  其他结果: 0\n  尚未审结: 0\n  总计: 3\n"
    [violation] = arithmetic.check(st.parse("四", "2021", text, 20))
    assert violation.message == ("表四“行政复议”：总计填报为 3，而结果维持、结果纠正、其他结果、"
                                 "尚未审结之和为 2")
    assert (violation.rule, violation.line, violation.cell) == ("t4-total", 25, "t4-g1-c5")


def test_rule4_a_zero_total_over_stated_parts() -> None:
    """The real error: a published table 四 whose 总计 is 0 while its parts are not."""
    text = ("未经复议直接起诉:\n  结果维持: 1\n  结果纠正: 0\n  其他结果: 1\n  尚未审结: 0\n"
            "  总计: 0\n")
    [violation] = arithmetic.check(st.parse("四", "2021", text, 1))
    assert violation.row == "未经复议直接起诉" and dict(violation.figures)["四项结果之和"] == "2"


def test_unstated_figures_are_not_treated_as_zero() -> None:
    # 总计 stated, one part missing: nothing can be concluded
    text = "行政复议:\n  结果维持: 1\n  结果纠正: 1\n  其他结果: 0\n  总计: 3\n"
    assert arithmetic.check(st.parse("四", "2021", text, 1)) == []



def test_a_group_figure_stands_for_its_rows_in_rule2() -> None:
    """A 2021 table that gives （六）其他处理 as one figure (its rows not broken
    down) adds that figure, not its unstated rows, into （七）总计."""
    rows = {row: values for row, values in consistent("2021").items()
            if row not in dict(st.T3_GROUPS["2021"])["（六）其他处理"]}
    rows["（六）其他处理"] = [2, 0, 0, 0, 0, 0, 2]
    assert arithmetic.check(table3("2021", rows)) == []
    rows["（六）其他处理"] = [4, 0, 0, 0, 0, 0, 4]
    found = arithmetic.check(table3("2021", rows))
    assert "表三“自然人”列：（七）总计填报为 9，而（一）至（六）各项办理结果之和为 11" in [
        v.message for v in found]
    # the group's own figure is a row of its own for the row totals, and has its own cell
    rows["（六）其他处理"] = [4, 0, 0, 0, 0, 0, 5]
    assert ("t3-row-total", "t3-r3-6-c7") in [(v.rule, v.cell) for v in arithmetic.check(
        table3("2021", rows))]
