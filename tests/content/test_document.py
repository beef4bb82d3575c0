"""The document model: plain text, and the grid of a table with spans."""

from __future__ import annotations

from reader.content import document as d


def cell(text: str, header: bool = False, colspan: int = 1, rowspan: int = 1) -> d.Cell:
    return d.Cell([d.Text(text)], header=header, colspan=colspan, rowspan=rowspan)


def test_plain_text_drops_markup_and_keeps_line_breaks() -> None:
    inlines: list[d.Inline] = [d.Text("一"), d.Strong([d.Emphasis([d.Text("二")])]), d.LineBreak(),
                               d.Link("/x", [d.Code("三")]), d.Protected("四")]
    assert d.plain_text(inlines) == "一二\n三四"


def test_grid_places_spanned_cells_and_leaves_gaps_of_short_rows() -> None:
    corner, wide, tall = cell("项目", True, rowspan=2), cell("数量", True, colspan=2), \
        cell("甲", rowspan=2)
    table = d.Table("表", head=[d.Row([corner, wide]), d.Row([cell("上", True), cell("下", True)])],
                    bodies=[[d.Row([tall, cell("1"), cell("2")]), d.Row([cell("3")])]])
    grid = table.grid()
    assert table.width == 3 and len(grid) == 4
    names = [[d.plain_text(p.cell.children) if p else None for p in row] for row in grid]
    assert names == [["项目", "数量", "数量"], ["项目", "上", "下"],
                     ["甲", "1", "2"], ["甲", "3", None]]  # the short last row leaves a gap
    placed = grid[0][1]
    assert placed is not None and (placed.row, placed.col, placed.rowspan, placed.colspan) == \
        (0, 1, 1, 2)
    assert grid[1][0] is grid[0][0]  # one placed cell covers every slot it spans


def test_spans_stop_at_their_row_group_and_the_table_edge() -> None:
    table = d.Table("表", head=[d.Row([cell("头", True, rowspan=5, colspan=9)])],
                    bodies=[[d.Row([cell("a"), cell("b")])]])
    grid = table.grid()
    assert table.width == 9
    head = grid[0][0]
    assert head is not None and (head.rowspan, head.colspan) == (1, 9)  # not into the body
    assert [p.cell.children for p in grid[1][:2] if p] == [[d.Text("a")], [d.Text("b")]]
    assert grid[1][2:] == [None] * 7


def test_an_empty_table_has_an_empty_grid() -> None:
    table = d.Table("空", head=[], bodies=[])
    assert table.width == 0 and table.grid() == [] and table.groups == []
