"""The rules of one report, through `reader check --json`; and a test that
every rule of the audit is exercised by a test that fails without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.audit.one_report import RULES, TITLES
from reader.content import standard_tables as st
from tests.audit.making import check_json, folder, report

T4_FULL = {group: {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 0}
           for group in st.T4_GROUPS}


def rules_of(found: list[dict[str, Any]], path_end: str) -> list[str]:
    return sorted(f["rule"] for f in found if f["path"].endswith(path_end))


def test_the_tables_arithmetic_are_errors_that_fail_the_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t4 = {**T4_FULL, "未经复议直接起诉": {"结果维持": 1, "结果纠正": 0, "其他结果": 1, "尚未审结": 0,
                                          "总计": 0}}
    status, found = check_json(folder(tmp_path, {"a.md": report("甲乡人民政府", 2021, {"四": t4})}),
                               capsys)
    assert status == 1
    [finding] = found
    assert (finding["rule"], finding["severity"], finding["table"], finding["row"],
            finding["column"], finding["cell"]) == ("t4-total", "error", "四", "未经复议直接起诉",
                                                     "总计", "t4-g2-c5")
    assert finding["figures"] == {"总计": 0, "四项结果之和": 2}
    assert finding["organisation"] == "甲乡人民政府" and finding["year"] == 2021
    assert len(finding["id"]) == 12 and finding["line"] == 27


@pytest.mark.parametrize(("year", "fmt", "tables", "expected"), [
    (2022, "2019", {"四": T4_FULL}, "2022年度的报告应使用2021年版表格格式（国办公开办函〔2021〕30号），"
                                   "本报告的标准表格为2019年版格式"),
    (2020, "2021", {"四": T4_FULL}, "2020年度的报告应使用2019年版表格格式（国办公开办函〔2019〕60号），"
                                   "本报告的标准表格为2021年版格式"),
    (2021, "2021", {"四": T4_FULL}, None),
    (2019, None, {"四": T4_FULL}, None),
    (2022, "2019", {"四": {}}, None),  # an empty table: nothing to judge the format by
    (2017, "2019", {"四": T4_FULL}, None),  # before 2019 there was no standard format
])
def test_format_for_the_year(tmp_path: Path, capsys: pytest.CaptureFixture[str], year: int,
                             fmt: str | None, tables: dict[str, Any], expected: str | None) -> None:
    _, found = check_json(folder(tmp_path, {"a.md": report("甲乡人民政府", year, tables, fmt=fmt)}),
                          capsys)
    messages = [f["message"] for f in found if f["rule"] == "format-for-year"]
    assert messages == ([expected] if expected else [])
    assert all(f["severity"] == "warning" for f in found if f["rule"] == "format-for-year")


def test_rows_left_out_of_a_table_that_states_others_are_information(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    partial = {"行政复议": T4_FULL["行政复议"]}
    files = {"a.md": report("甲乡人民政府", 2021, {"四": partial}),
             "b.md": report("乙乡人民政府", 2021, {"四": {}}),  # empty: not a finding
             "c.md": report("丙乡人民政府", 2021, {"四": T4_FULL})}
    status, found = check_json(folder(tmp_path, files), capsys)
    assert status == 0
    [finding] = [f for f in found if f["rule"] == "missing-rows"]
    assert finding["path"].endswith("a.md") and finding["severity"] == "info"
    assert finding["message"] == "表四载有数据，但有2行未载明：未经复议直接起诉、复议后起诉"
    assert finding["cell"] == "t4-g2-c1"


def _every_rule_broken(tmp_path: Path) -> Path:
    t3_before = {st.T3_CARRIED_OUT: {"总计": 2}}
    t3 = {st.T3_NEW: {"自然人": 3, "商业企业": 0, "科研机构": 0, "社会公益组织": 0, "法律服务机构": 0,
                      "其他": 0, "总计": 4},  # t3-row-total
          st.T3_CARRIED_IN: {"总计": 1},  # carried-over (last year: 2)
          **{row: {"总计": 0} for row in st.t3_result_rows("2021")},
          "（一）予以公开": {"总计": 3}, st.T3_TOTAL: {"总计": 5},  # t3-total: 3 ≠ 5
          st.T3_CARRIED_OUT: {"总计": 1}}  # t3-balance: 4 + 1 ≠ 5 + 1
    t4 = {**T4_FULL, "行政复议": {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0,
                                  "总计": 0}}
    t2 = {"第二十条第（一）项": {"规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 2}}}
    t2_2019 = {"第二十条第（五）项": {"行政许可": {"上一年项目数量": 5, "本年增/减": "+1"}}}
    files = {
        "a1.md": report("甲乡人民政府", 2021, {"二": {"第二十条第（一）项": {"规章": {"现行有效件数": 1}}},
                                                "三": t3_before}),
        "a2.md": report("甲乡人民政府", 2022, {"二": t2, "三": t3, "四": t4},
                        text="本年共收到政府信息公开申请5件。"),  # text-vs-table (table: 4)
        "b1.md": report("乙乡人民政府", 2019, {"二": t2_2019}),
        "b2.md": report("乙乡人民政府", 2020, {"二": {"第二十条第（五）项": {
            "行政许可": {"上一年项目数量": 7}}}}),  # t2-items (5 + 1 ≠ 7)
        "c1.md": report("丙乡人民政府", 2023, {"四": T4_FULL}, fmt="2019"),  # format-for-year
        "d1.md": report("丁乡人民政府", 2022),  # completeness: no 2023 report
    }
    return folder(tmp_path, files)


def test_every_rule_has_a_case_that_breaks_it(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """One archive that breaks every rule of the audit once; every rule's own
    tests (in this folder and tests/content/test_arithmetic.py) check its
    figures and messages. `source-labels` is the importer's (test_run)."""
    status, found = check_json(_every_rule_broken(tmp_path), capsys)
    assert status == 1
    fired = {f["rule"] for f in found}
    assert fired == set(RULES) - {"source-labels"}
    assert set(TITLES) == {*RULES, "file"}
    for finding in found:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding["message"])  # in Chinese


def test_a_figure_for_a_whole_group_states_its_rows(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A 2021 table 三 that gives （六）其他处理 as one row (2019 style): its three
    rows are not missing."""
    rows = {row: {"总计": 0} for row in st.t3_rows("2021")
            if row not in dict(st.T3_GROUPS["2021"])["（六）其他处理"]}
    rows["（六）其他处理"] = {"总计": 0}
    _, found = check_json(folder(tmp_path, {"a.md": report("甲乡人民政府", 2021, {"三": rows})}),
                          capsys)
    assert [f for f in found if f["rule"] == "missing-rows"] == []
