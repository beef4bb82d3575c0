"""Lines of text into paragraphs and cell runs: section headings a dump ran
into its text, table rows in their written forms, cells run together."""

from __future__ import annotations

from reader.importing import text_tables
from reader.importing.source import CellRun, Para


def test_section_headings_run_into_the_text_are_cut_out() -> None:
    line = ("本报告包括总体情况、主动公开政府信息情况等六个部分。一、总体情况2021年，我区坚持以人民为中心。"
            "二、主动公开政府信息情况 第二十条第（一）项")
    assert text_tables.split_sections(line) == [
        "本报告包括总体情况、主动公开政府信息情况等六个部分。", "一、总体情况",
        "2021年，我区坚持以人民为中心。", "二、主动公开政府信息情况", "第二十条第（一）项"]


def test_row_forms() -> None:
    assert text_tables.cells_of("| 规章 | 0 | 0 | 0 |") == ["规章", "0", "0", "0"]
    assert text_tables.cells_of("行政许可 | 858 | ||") == ["行政许可", "858", "", ""]
    assert text_tables.cells_of("|---|---|") == []
    assert text_tables.cells_of("行政处罚\t4119") == ["行政处罚", "4119"]
    assert text_tables.cells_of("行政处罚    4119") == ["行政处罚", "4119"]
    assert text_tables.cells_of("见 https://a.gov.cn/x|y 的说明") is None
    assert text_tables.cells_of("聚焦新中国成立 70 周年") is None


def test_a_table_one_cell_per_line_is_one_run() -> None:
    lines = ["二、主动公开政府信息情况", "第二十条第(一)项", "信息内容", "本年新", "制作数量", "本年新",
             "公开数量", "对外公开总数量", "规章", "0", "0", "0", "三、收到和处理政府信息公开申请情况"]
    items = text_tables.items(lines)
    assert isinstance(items[0], Para) and isinstance(items[-1], Para)
    run = items[1]
    assert isinstance(run, CellRun) and not run.rows_known and len(run.rows) == 11


def test_cells_run_together_are_marked_not_read() -> None:
    glued = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665"
    items = text_tables.items(["二、主动公开政府信息情况 " + glued])
    assert isinstance(items[-1], CellRun) and items[-1].glued == ["二"]
    # a sentence that names the same labels with its figures is text
    prose = "全年行政复议 351 件，其中结果维持 72 件，行政诉讼 46 件，结果维持 25 件。"
    assert text_tables.glued_kinds(prose) == []
