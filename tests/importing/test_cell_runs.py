"""Standard tables read from text whose grid is lost: figures placed only
where that needs no guess."""

from __future__ import annotations

from reader.importing import cell_runs
from reader.importing.source import CellRun

BLOCK = "第二十条第（五）项"


def _figures(run: CellRun) -> dict[tuple[str, ...], str]:
    (found,) = cell_runs.read(run)
    return found.figures


def test_header_positions_place_a_spanned_figure() -> None:
    run = CellRun([["第二十条第(五)项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                   ["行政许可", "858", "", ""]])
    assert _figures(run) == {(BLOCK, "行政许可", "本年处理决定数量"): "858"}


def test_one_cell_per_line_with_labels_broken_over_lines() -> None:
    cells = ["第二十条第(一)项", "信息内容", "本年新", "制作数量", "本年新", "公开数量", "对外公开总数量",
             "规范性文件", "5", "5", "5"]
    run = CellRun([[c] for c in cells], rows_known=False)
    assert _figures(run) == {("第二十条第（一）项", "规范性文件", col): "5"
                             for col in ("本年新制作数量", "本年新公开数量", "对外公开总数量")}


def test_a_row_whose_cells_cannot_be_told_apart_is_left_out_with_a_warning() -> None:
    row = ["一、本年新收政府信息公开申请数量", "0", "", "", "", "", "", "", "", ""]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    (found,) = cell_runs.read(CellRun([[note], row], where="lines 3–4"))
    assert found.figures == {}
    (warning,) = found.warnings
    assert warning.startswith("table 三 (lines 3–4), row “一、本年新收政府信息公开申请数量”: 9 cells")
    assert "without guessing" in warning


def test_table_four_in_its_official_order() -> None:
    values = [str(n) for n in range(15)]
    (found,) = cell_runs.read(CellRun([["行政复议", "行政诉讼"], values]))
    assert found.figures[("行政复议", "结果维持")] == "0"
    assert found.figures[("复议后起诉", "总计")] == "14"
