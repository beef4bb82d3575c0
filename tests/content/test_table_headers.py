"""Header associations (WCAG H43): ids on header cells, ``headers`` on data cells."""

from __future__ import annotations

from reader.content import document as d
from reader.content.table_headers import assign_headers


def cell(text: str, header: bool = False, colspan: int = 1, rowspan: int = 1,
         scope: str = "") -> d.Cell:
    return d.Cell([d.Text(text)], header=header, colspan=colspan, rowspan=rowspan, scope=scope)


def test_data_cells_get_the_headers_above_and_to_their_left() -> None:
    corner = cell("项目", True, rowspan=2, scope="col")
    group = cell("申请", True, colspan=2, scope="colgroup")
    new, old = cell("新收", True, scope="col"), cell("结转", True, scope="col")
    row_head = cell("自然人", True, scope="row")
    a, b = cell("1"), cell("2")
    table = d.Table("表", head=[d.Row([corner, group]), d.Row([new, old])],
                    bodies=[[d.Row([row_head, a, b])]])
    assign_headers(table, "t1")
    assert [c.id for c in (corner, group, new, old, row_head)] == \
        ["t1-h1", "t1-h2", "t1-h3", "t1-h4", "t1-h5"]
    assert a.headers == ["t1-h2", "t1-h3", "t1-h5"]
    assert b.headers == ["t1-h2", "t1-h4", "t1-h5"]
    assert corner.headers == []  # header cells get none


def test_headers_in_another_body_do_not_apply() -> None:
    first_head, second_head = cell("甲类", True, colspan=2), cell("乙类", True, colspan=2)
    x, y = cell("x"), cell("y")
    table = d.Table("表", head=[], bodies=[[d.Row([first_head]), d.Row([cell("a"), cell("b")])],
                                          [d.Row([second_head]), d.Row([x, y])]])
    assign_headers(table, "t")
    assert x.headers == [second_head.id] and y.headers == [second_head.id]


def test_a_row_spanning_data_cell_takes_the_row_headers_of_every_row() -> None:
    r1, r2 = cell("一行", True, scope="row"), cell("二行", True, scope="row")
    tall = cell("合并", rowspan=2)
    table = d.Table("表", head=[], bodies=[[d.Row([r1, tall]), d.Row([r2])]])
    assign_headers(table, "t")
    assert tall.headers == [r1.id, r2.id]


def test_headers_given_by_the_author_are_kept() -> None:
    head, data = cell("头", True), cell("数")
    data.headers = ["custom"]
    assign_headers(d.Table("表", head=[d.Row([head])], bodies=[[d.Row([data])]]), "t")
    assert data.headers == ["custom"]


def test_tables_of_one_shape_get_their_own_associations() -> None:
    def table() -> tuple[d.Table, d.Cell, d.Cell]:
        head, preset, data = cell("项目", True, scope="col"), cell("甲"), cell("乙")
        preset.headers = ["given"]  # set by whoever built the table: kept
        return d.Table("表", head=[d.Row([head, cell("数", True)])],
                       bodies=[[d.Row([preset, data])]]), preset, data
    first, first_preset, first_data = table()
    second, second_preset, second_data = table()
    assign_headers(first, "a")
    assign_headers(second, "b")
    assert first_data.headers == ["a-h2"] and second_data.headers == ["b-h2"]
    assert first_preset.headers == second_preset.headers == ["given"]
    third, _, third_data = table()
    assign_headers(third, "a")
    assert third_data.headers == first_data.headers and third_data.headers is not \
        first_data.headers
