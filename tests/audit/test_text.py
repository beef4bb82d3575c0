"""Text against tables: what a sentence is taken to say, and the finding."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from reader.audit import text
from reader.content import standard_tables as st
from tests.audit.making import check_json, folder, report


def said(sentence: str, section: str = "", year: int = 2021, body: str = "测试乡人民政府"
         ) -> dict[str, int | Decimal]:
    statement = text.Statement(1, section, sentence)
    found = {}
    for measure in text.MEASURES:
        value = text.told(measure, statement, year, body)
        if value is not None:
            found[measure.name] = value
    return found


NEW, CARRIED_IN, CARRIED_OUT = ("本年新收的政府信息公开申请", "上年结转的政府信息公开申请",
                                "结转下年度继续办理的政府信息公开申请")
REVIEW, LITIGATION = "政府信息公开行政复议案件", "政府信息公开行政诉讼案件"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("2021年，本机关共收到政府信息公开申请17件。", {NEW: 17}),
    ("全年共受理依申请公开申请十七件。", {NEW: 17}),
    ("本年度新收政府信息公开申请一百零二件，上年结转2件，结转下年度继续办理1件。",
     {NEW: 102, CARRIED_IN: 2, CARRIED_OUT: 1}),
    ("2021年度，我乡未收到公民或者法人依申请公开申请。", {NEW: 0}),
    ("收到17件政府信息公开申请。", {NEW: 17}),
    ("2021年受理依申请公开0件。", {NEW: 0}),
    ("2021年我乡受理依申请公开政府信息数量共计3条。", {NEW: 3}),
    ("2021年我乡收到依申请公开件1件，均在规定时间内规范答复。", {NEW: 1}),
    ("其中予以公开10件，部分公开2件，不予公开1件，无法提供3件，不予处理1件，其他处理0件。",
     {"予以公开的申请": 10, "部分公开的申请": 2, "不予公开的申请": 1, "无法提供的申请": 3,
      "不予处理的申请": 1, "其他处理的申请": 0}),
    ("未发生政府信息公开行政复议、行政诉讼案件。", {REVIEW: 0, LITIGATION: 0}),
    ("因政府信息公开被申请行政复议1件，被提起行政诉讼0件。", {REVIEW: 1, LITIGATION: 0}),
    ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", {REVIEW: 2, LITIGATION: 7}),
    ("2021年，共制发行政规范性文件3件，废止规范性文件1件，现行有效规范性文件23件。",
     {"本年制发的行政规范性文件": 3, "本年制发的规范性文件": 3, "本年废止的行政规范性文件": 1,
      "现行有效的行政规范性文件": 23}),
    ("共进行了12次政府集中采购，采购总金额13万元。",
     {"政府集中采购的次数": 12, "政府集中采购的总金额": Decimal(13)}),
    ("本年收取行政事业性收费12.5万元。", {"本年收取的行政事业性收费": Decimal("12.5")}),
])
def test_what_a_sentence_says(sentence: str, expected: dict[str, int]) -> None:
    assert said(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "收到政府信息公开申请较上年增加5件。",  # a change, not a count
    "政府信息公开申请数量同比下降20%。",
    "2020年共收到政府信息公开申请10件。",  # another year
    "上年收到政府信息公开申请10件。",
    "全县共收到政府信息公开申请1234件。",  # a wider scope
    "各部门共受理政府信息公开申请56件。",
    "上半年收到政府信息公开申请8件。",  # part of the year
    "本年度共办理行政复议案件35件。",  # not about 公开: a 司法局's own cases
    "收到行政许可申请1750件。",  # other applications
    "通过网站收到政府信息公开申请10件。",  # a channel: part of the count
    "收到自然人政府信息公开申请15件。",  # some applicants only
    "共收到政府信息公开申请20件（含上年结转2件）。",  # counts both: only 结转 is clear
    "收到政府信息公开申请100余件。",  # not a count
    "行政复议决定维持1件。",  # a result, not the cases
    "予以公开及部分公开258件，占33.9%。",  # one count for two subjects
    "因政府信息公开引起的行政复议和行政诉讼3件。",
    "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件693665。",  # cells run together
    "清理并集中发布现行有效行政规范性文件393件。",  # what a clean-up published
])
def test_what_is_not_compared(sentence: str) -> None:
    found = said(sentence, section="四" if "维持" in sentence else "")
    assert NEW not in found and REVIEW not in found
    if "含上年结转" in sentence:
        assert found == {CARRIED_IN: 2}
    else:
        assert found == {}


def test_section_gives_the_context_a_sentence_leaves_out() -> None:
    assert said("本年度未收到行政复议申请，也未被提起行政诉讼。") == {}
    assert said("本年度未收到行政复议申请，也未被提起行政诉讼。", section="四") \
        == {REVIEW: 0, LITIGATION: 0}
    assert said("共收到申请5件。", section="三") == {NEW: 5}
    assert said("共收到申请5件。", section="二") == {}


def test_two_counts_for_one_subject_are_left_out() -> None:
    assert NEW not in said("收到政府信息公开申请17件，受理政府信息公开申请15件。")


def test_the_whole_of_the_body_is_the_body() -> None:
    """全区 in the 区人民政府's own report is the body; in a department's, more."""
    sentence = "2023年全区受理政府信息公开申请21件。"
    assert said(sentence, year=2023, body="洪泽区人民政府") == {NEW: 21}
    assert said(sentence, year=2023, body="平潭综合实验区") == {NEW: 21}
    assert said(sentence, year=2023, body="洪泽区教育局") == {}
    assert said("全区各部门共受理政府信息公开申请80件。", year=2023, body="洪泽区人民政府") == {}


def test_the_carried_over_rows_may_name_their_years() -> None:
    assert said("结转至2022年继续办理2件。", year=2021) == {CARRIED_OUT: 2}
    assert said("结转至2023年继续办理2件。", year=2021) == {}
    assert said("另有103件顺延到下年度答复。") == {CARRIED_OUT: 103}


TABLE3 = {st.T3_NEW: {"自然人": 15, "商业企业": 2, "科研机构": 0, "社会公益组织": 0,
                      "法律服务机构": 0, "其他": 0, "总计": 17},
          "（一）予以公开": {"总计": 10}}


def test_a_mismatch_is_a_warning_that_quotes_the_sentence_and_the_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "a.md": report("甲乡人民政府", 2021, {"三": TABLE3},
                       text="2021年，本机关共收到政府信息公开申请十九件，较上年增加5件。其中予以公开10件。"),
        "b.md": report("乙乡人民政府", 2021, {"三": TABLE3},
                       text="2021年，本机关共收到政府信息公开申请十七件，其中予以公开10件。"),
    }
    status, found = check_json(folder(tmp_path, files), capsys)
    assert status == 0
    [finding] = [f for f in found if f["rule"] == "text-vs-table"]
    assert finding["path"].endswith("a.md") and finding["line"] == 11  # the paragraph's line
    assert finding["severity"] == "warning" and finding["table"] == "三"
    assert (finding["row"], finding["column"], finding["cell"]) == (st.T3_NEW, "总计", "t3-r1-c7")
    assert finding["figures"] == {"正文": 19, "表格": 17}
    assert finding["message"] == (
        "正文称本年新收的政府信息公开申请为 19，而表三“一、本年新收 · 总计”为 17："
        "“2021年，本机关共收到政府信息公开申请十九件，较上年增加5件。”")


def test_a_group_of_results_is_the_sum_of_its_rows(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The official table has no subtotal for 不予公开: its eight rows are summed,
    and only when every one is stated."""
    rows = dict(st.T3_GROUPS["2021"])["（三）不予公开"]
    table = {row: {"总计": 1 if n < 2 else 0} for n, row in enumerate(rows)}
    files = {"a.md": report("甲乡人民政府", 2021, {"三": table}, text="其中不予公开3件。"),
             "b.md": report("乙乡人民政府", 2021, {"三": table}, text="其中不予公开2件。"),
             "c.md": report("丙乡人民政府", 2021, {"三": dict(list(table.items())[1:])},
                            text="其中不予公开3件。")}
    _, found = check_json(folder(tmp_path, files), capsys)
    [finding] = [f for f in found if f["rule"] == "text-vs-table"]
    assert finding["path"].endswith("a.md") and finding["figures"] == {"正文": 3, "表格": 2}
    assert finding["cell"] == "t3-r3-3-1-c7"  # the group's first row


def test_table_two_amounts_compare_as_money(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    t9 = {"第二十条第（九）项": {"政府集中采购": {"采购项目数量": 12, "采购总金额": "13万元"}}}
    files = {"a.md": report("甲乡人民政府", 2019, {"二": t9},
                            text="共进行了12次政府集中采购，采购总金额130000元。"),
             "b.md": report("乙乡人民政府", 2019, {"二": t9},
                            text="共进行了11次政府集中采购，采购总金额14万元。")}
    _, found = check_json(folder(tmp_path, files), capsys)
    got = sorted((f["path"][-4:], f["column"], f["figures"]["正文"], f["figures"]["表格"])
                 for f in found if f["rule"] == "text-vs-table")
    assert got == [("b.md", "采购总金额", 14, 13), ("b.md", "采购项目数量", 11, 12)]


def test_a_sentence_broken_over_paragraphs_is_read_whole() -> None:
    """Text whose lines were broken where the page was: the paragraph that
    stops mid-sentence goes on in the next one, unless that one is numbered."""
    from reader.content.document import Paragraph, Text

    blocks: list[Any] = [Paragraph([Text(t)], n) for n, t in enumerate([
        "不予处理80件，其他处理319件（含申请人", "主动撤回157件）。全年未发生因依申请公开被行政复议纠错或",
        "行政诉讼败诉情形。", "（一）存在问题", "一、总体情况"], 10)]
    sentences = [(s.line, s.sentence) for s in text.statements(blocks)]
    assert sentences == [
        (10, "不予处理80件，其他处理319件（含申请人主动撤回157件）。"),
        (11, "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。"),
        (13, "（一）存在问题"), (14, "一、总体情况")]
    assert text.told(text.MEASURES[[m.name for m in text.MEASURES].index(REVIEW)],
                     text.Statement(11, "四", sentences[1][1]), 2021) is None  # a result
