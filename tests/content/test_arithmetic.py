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
    messages = [v.message for v in arithmetic.check(table3(fmt, rows))]
    assert any("column 自然人: 一 + 二 = 12 but （七）总计 + 四 = 13" in m for m in messages)


@pytest.mark.parametrize("fmt", st.FORMATS)
def test_rule2_total_is_sum_of_results(fmt: str) -> None:
    rows = consistent(fmt)
    rows[st.T3_TOTAL] = [8, 0, 0, 0, 0, 0, 8]
    rows[st.T3_CARRIED_OUT] = [4, 0, 0, 0, 0, 0, 4]
    messages = [v.message for v in arithmetic.check(table3(fmt, rows))]
    assert any("（七）总计: stated 8, but the parts add up to 9" in m for m in messages)


def test_rule2_counts_2021_sub_rows_of_other_handling() -> None:
    rows = consistent("2021")
    rows[st.t3_result_rows("2021")[-2]] = [1, 0, 0, 0, 0, 0, 1]  # （六）1．
    messages = [v.message for v in arithmetic.check(table3("2021", rows))]
    assert any("（七）总计: stated 9, but the parts add up to 10" in m for m in messages)


def test_rule3_row_total() -> None:
    rows = consistent("2019")
    rows[st.T3_NEW] = [10, 1, 0, 0, 0, 0, 10]
    found = arithmetic.check(table3("2019", rows))
    assert any("row 一、本年新收政府信息公开申请数量, 总计: stated 10, but the parts add up to 11"
               in v.message for v in found)
    assert all(v.line > 0 for v in found)


def test_rule4_review_and_litigation_totals() -> None:
    text = "行政复议:\n  结果维持: 1\n  结果纠正: 1\n  其他结果: 0\n  尚未审结: 0\n  总计: 3\n"
    [violation] = arithmetic.check(st.parse("四", "2021", text, 20))
    assert "行政复议 总计: stated 3, but the parts add up to 2" in violation.message
    assert violation.line == 25


def test_unstated_figures_are_not_treated_as_zero() -> None:
    # 总计 stated, one part missing: nothing can be concluded
    text = "行政复议:\n  结果维持: 1\n  结果纠正: 1\n  其他结果: 0\n  总计: 3\n"
    assert arithmetic.check(st.parse("四", "2021", text, 1)) == []


def test_rule5_across_years_is_a_comparison() -> None:
    before = table3("2021", {st.T3_CARRIED_OUT: [3, 0, 0, 0, 0, 0, 3]})
    now = table3("2021", {st.T3_CARRIED_IN: [2, 0, 0, 0, 0, 0, 2]})
    found = arithmetic.carried_over(before, now)
    assert len(found) == 2 and "last year's report carried 3 over" in found[0].message


def test_a_group_figure_stands_for_its_rows_in_rule2() -> None:
    """A 2021 table that gives （六）其他处理 as one figure (its rows not broken
    down) adds that figure, not its unstated rows, into （七）总计."""
    rows = {row: values for row, values in consistent("2021").items()
            if row not in dict(st.T3_GROUPS["2021"])["（六）其他处理"]}
    rows["（六）其他处理"] = [2, 0, 0, 0, 0, 0, 2]
    assert arithmetic.check(table3("2021", rows)) == []
    rows["（六）其他处理"] = [4, 0, 0, 0, 0, 0, 4]
    messages = [v.message for v in arithmetic.check(table3("2021", rows))]
    assert "table 三, column 自然人, （七）总计: stated 9, but the parts add up to 11" in messages
