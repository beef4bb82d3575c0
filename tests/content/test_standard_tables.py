from __future__ import annotations

import pytest

from reader.content import standard_tables as st
from reader.content.document import Table
from reader.content.problems import ContentError
from reader.content.table_headers import assign_headers


def build(kind: str, fmt: str, yaml_text: str = "") -> Table:
    table = st.build(st.parse(kind, fmt, yaml_text, 2))
    table.id = "t"
    assign_headers(table, "t")
    return table


def rows(table: Table) -> list:
    return table.head + [row for body in table.bodies for row in body]


def cells_by_text(table: Table) -> dict:
    return {c.children[0].text: c for row in rows(table) for c in row.cells if c.header}


def test_table2_both_formats_are_four_columns_wide() -> None:
    for fmt, blocks in (("2019", 5), ("2021", 4)):
        table = build("二", fmt)
        assert table.width == 4
        assert len(table.bodies) == blocks
        for row in rows(table):
            assert sum(c.colspan for c in row.cells) == 4


def test_table2_2021_single_value_column_spans_three() -> None:
    table = build("二", "2021", "第二十条第（五）项:\n  行政许可:\n    本年处理决定数量: 5\n")
    body = table.bodies[1]
    [data] = [c for c in body[2].cells if not c.header]
    assert data.colspan == 3 and data.children[0].text == "5"


@pytest.mark.parametrize("fmt,result_rows", [("2019", 20), ("2021", 22)])
def test_table3_layout(fmt: str, result_rows: int) -> None:
    table = build("三", fmt)
    assert table.width == 10
    note = table.head[0].cells[0]
    assert (note.rowspan, note.colspan) == (3, 3) and note.children[0].text == st.T3_NOTE
    results = cells_by_text(table)["三、本年度办理结果"]
    assert results.rowspan == result_rows
    body = table.bodies[0]
    assert len(body) == 2 + result_rows + 1
    for label, span in (("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5)):
        assert cells_by_text(table)[label].rowspan == span
    assert ("1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in cells_by_text(table)) \
        == (fmt == "2021")


def test_table4_layout() -> None:
    table = build("四", "2021")
    assert table.width == 15
    assert [c.colspan for c in table.head[0].cells] == [5, 10]
    assert len(table.bodies[0][0].cells) == 15


def test_unstated_cells_are_not_reported_never_zero() -> None:
    table = build("三", "2019", "一、本年新收政府信息公开申请数量:\n  自然人: 0\n")
    data = [c for row in table.bodies[0] for c in row.cells if not c.header]
    stated = [c for c in data if not c.not_reported]
    assert len(stated) == 1 and stated[0].children[0].text == "0"
    assert all(c.children[0].text == "未报告" for c in data if c.not_reported)
    assert len(data) == 7 * 23


def test_every_data_cell_has_row_and_column_headers() -> None:
    for kind in st.KINDS:
        for fmt in st.FORMATS:
            table = build(kind, fmt)
            headers = {c.id: c for row in rows(table) for c in row.cells if c.header}
            for row in table.bodies:
                for r in row:
                    for cell in r.cells:
                        if cell.header:
                            continue
                        assert cell.headers and all(h in headers for h in cell.headers)
                        scopes = {headers[h].scope for h in cell.headers}
                        assert scopes & {"col", "colgroup"}
                        if kind != "四":
                            assert "row" in scopes


def test_header_association_for_a_nested_cell() -> None:
    table = build("三", "2019")
    by_text = cells_by_text(table)
    target_row = next(r for r in table.bodies[0] if any(
        c.header and c.children[0].text == "2．重复申请" for c in r.cells))
    first_data = next(c for c in target_row.cells if not c.header)  # 自然人 column
    names = [next(t for t, c in by_text.items() if c.id == h) for h in first_data.headers]
    assert names == ["申请人情况", "自然人", "三、本年度办理结果", "（五）不予处理", "2．重复申请"]
    business = [c for c in target_row.cells if not c.header][1]
    names = [next(t for t, c in by_text.items() if c.id == h) for h in business.headers]
    assert names[:3] == ["申请人情况", "法人或其他组织", "商业企业"]


@pytest.mark.parametrize("kind,fmt,text,expected", [
    ("三", "2019", "一、本年新收政府信息公开申请数量:\n  自燃人: 1\n", "did you mean “自然人”"),
    ("三", "2019", "3．其他:\n  自然人: 1\n", "table 三 (2019 format) has no row"),
    ("二", "2021", "第二十条第（九）项:\n  政府集中采购: {}\n", "table 二 (2021 format) has no block"),
    ("二", "2019", "第二十条第（一）项:\n  规章:\n    本年制发件数: 1\n", "did you mean “本年新制作数量”"),
    ("四", "2019", "行政诉讼:\n  总计: 1\n", "did you mean"),
])
def test_unknown_labels_suggest_the_nearest(kind: str, fmt: str, text: str, expected: str) -> None:
    with pytest.raises(ContentError) as info:
        st.parse(kind, fmt, text, 10)
    assert expected in f"{info.value.message} ({info.value.hint})"
    assert info.value.line >= 10


def test_2021_rows_accepted_in_2021_only() -> None:
    text = "3．其他:\n  自然人: 2\n"
    assert st.parse("三", "2021", text, 1).figures[("3．其他", "自然人")].text == "2"


def test_group_figure_is_shown_across_the_group_rows() -> None:
    table = st.parse("三", "2021", "（六）其他处理:\n  自然人: 2\n  总计: 2\n", 1)
    built = st.build(table)
    grid = built.grid()
    subs = dict(st.T3_GROUPS["2021"])["（六）其他处理"]
    rows = [r for r, line in enumerate(grid) if any(
        p is not None and p.cell.header and p.cell.children[0].text == sub  # type: ignore[union-attr]
        for p in line for sub in subs)]
    first = grid[rows[0]]
    figure = next(p for p in first if p is not None and p.cell.numeric)
    assert figure.cell.children[0].text == "2" and figure.rowspan == len(subs)  # type: ignore[union-attr]
    assert all(grid[r][figure.col] is figure for r in rows)  # one cell across the three rows
    with pytest.raises(ContentError, match="both given"):
        st.parse("三", "2021", "（六）其他处理:\n  自然人: 2\n3．其他:\n  自然人: 2\n", 1)
