"""The official document layout shared by Word and PDF (GB/T 9704-2012)."""

from __future__ import annotations

from datetime import datetime

import pytest

from reader.content import document as d
from reader.render import layout


def heading(text: str, level: int = 2) -> d.Heading:
    return d.Heading(level, [d.Text(text)])


def table(columns: int) -> d.Table:
    return d.Table("表", head=[d.Row([d.Cell([d.Text("列")], header=True)
                                      for _ in range(columns)])], bodies=[])


@pytest.mark.parametrize("text,level,face", [
    ("一、总体情况", 2, "hei"), ("十二，其他", 3, "hei"), ("（一）存在问题", 2, "kai"),
    ("(三)改进", 4, "kai"), ("1．主动公开", 2, "fang"), ("（2）依申请", 3, "fang"),
    ("１、全角", 2, "fang"),
    ("没有编号", 2, "hei"), ("没有编号", 3, "kai"), ("没有编号", 4, "fang")])  # by level
def test_heading_face_follows_its_numbering_else_its_level(text: str, level: int,
                                                           face: str) -> None:
    assert layout.heading_face(heading(text, level)) == face


def test_a_table_is_wide_from_eleven_columns() -> None:
    assert not layout.is_wide(table(layout.WIDE_TABLE_COLUMNS - 1))
    assert layout.is_wide(table(layout.WIDE_TABLE_COLUMNS))


def test_headings_travel_with_the_wide_table_after_them() -> None:
    intro, first, second, wide = heading("一、甲"), heading("二、乙"), heading("（一）丙", 3), table(15)
    text = d.Paragraph([d.Text("正文")])
    narrow, last = table(3), heading("三、丁")
    grouped = layout.with_landscape([intro, text, first, second, wide, narrow, last])
    assert grouped[:2] == [intro, text]
    landscape = grouped[2]
    assert isinstance(landscape, layout.Landscape)
    assert landscape.headings == [first, second] and landscape.table is wide
    assert grouped[3:] == [narrow, last]  # a narrow table and a trailing heading stay as they are


def test_column_weights_give_data_room_and_let_headers_wrap() -> None:
    cells = [d.Cell([d.Text("很长的列标题文字")], header=True, scope="col"),
             d.Cell([d.Text("行标题" * 3)], header=True, scope="row")]
    data = [d.Cell([d.Text("1234567890")]), d.Cell([d.Text("1")])]
    weights = layout.column_weights(d.Table("表", head=[d.Row(cells)], bodies=[[d.Row(data)]]))
    # a data cell's characters + 1; a column header's / 2 + 1 (8 / 2 + 1 = 5 < 11);
    # a row header's / 3 + 1 (9 / 3 + 1 = 4)
    assert weights == [11.0, 4.0]
    spanning = d.Table("表", head=[d.Row([d.Cell([d.Text("一" * 40)], header=True, colspan=2)])],
                       bodies=[[d.Row([d.Cell([d.Text("1")]), d.Cell([d.Text("2")])])]])
    assert layout.column_weights(spanning) == [2.0, 2.0]  # a spanning cell sets no width


def test_chinese_date() -> None:
    assert layout.chinese_date(datetime(2020, 1, 15, 9, 30)) == "2020年1月15日"


def test_a_long_title_breaks_after_the_year_or_before_guanyu() -> None:
    short = "张棉驿乡2019年政府信息公开工作年度报告"
    assert layout.title_lines(short) == [short]
    long = "天水市张家川回族自治县张棉驿乡2019年度政府信息公开工作报告"
    first, second = layout.title_lines(long)
    assert first + second == long and first.endswith("年度")
    about = "某某某某某某某某某某某某某某某某某某关于某某某某某某某某某某某某某的报告"
    assert layout.title_lines(about)[1].startswith("关于")
