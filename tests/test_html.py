"""Tables as HTML: a figure's column labels for phones (hidden from screen
readers), and table 二's group rows drawn without a fake caption."""

from __future__ import annotations

import re

from reader import document as d
from reader import html
from reader.table_headers import assign_headers, column_labels


def cell(text: str, header: bool = False, scope: str = "", colspan: int = 1,
         rowspan: int = 1) -> d.Cell:
    return d.Cell([d.Text(text)], header=header, scope=scope, colspan=colspan, rowspan=rowspan)


def grouped_table() -> d.Table:
    """Two row groups, each opened by one header across the table (as table 二)."""
    bodies = []
    for group in ("第一组", "第二组"):
        bodies.append([
            d.Row([cell(group, True, "colgroup", colspan=3)]),
            d.Row([cell("信息内容", True, "col"), cell("甲数", True, "col"), cell("乙数", True, "col")]),
            d.Row([cell("规章", True, "row"), cell("1"), cell("2")]),
        ])
    table = d.Table("表二", [], bodies, id="t")
    assign_headers(table, "t")
    return table


def test_group_rows_are_no_fake_caption() -> None:
    out = html.table(grouped_table())
    first_rows = re.findall(r"<tbody><tr>(.*?)</tr>", out)
    assert len(first_rows) == 2
    for row in first_rows:
        cells = re.findall(r"<th[^>]*>", row)
        # two header cells: the first column's header beside the group's, over the figures
        assert len(cells) == 2 and 'rowspan="2"' in cells[0] and 'colspan="2"' in cells[1]
    assert out.count("<th") == 2 * 5  # every header cell is still there


def test_a_table_with_a_head_keeps_its_rows() -> None:
    table = d.Table("表", [d.Row([cell("项目", True, "col"), cell("数量", True, "col")])],
                    [[d.Row([cell("规章", True, "row"), cell("3")])]], id="m")
    assign_headers(table, "m")
    assert '<tr><th id="m-h1" scope="col">项目</th><th id="m-h2" scope="col">数量</th></tr>' \
        in html.table(table)


def test_column_labels_leave_out_a_header_over_every_figure() -> None:
    head = [d.Row([cell("", True, "col", rowspan=2), cell("申请人情况", True, "colgroup", colspan=3)]),
            d.Row([cell("自然人", True, "col"), cell("法人", True, "col"), cell("总计", True, "col")])]
    table = d.Table("表三", head, [[d.Row([cell("新收", True, "row"), cell("1"), cell("2"),
                                          cell("3")])]], id="x")
    assign_headers(table, "x")
    labels = column_labels(table)
    figures = [c for c in table.bodies[0][0].cells if not c.header]
    assert [[d.plain_text(h.children) for h in labels[id(f)]] for f in figures] == \
        [["自然人"], ["法人"], ["总计"]]
    out = html.table(table)
    assert '<span class="cell-label" aria-hidden="true"><span>法人</span></span>2</td>' in out


def test_column_labels_keep_every_level_that_tells_figures_apart() -> None:
    head = [d.Row([cell("复议", True, "colgroup", colspan=2), cell("诉讼", True, "colgroup", colspan=2)]),
            d.Row([cell("维持", True, "col"), cell("纠正", True, "col"), cell("维持", True, "col"),
                   cell("纠正", True, "col")])]
    table = d.Table("表四", head, [[d.Row([cell("1"), cell("2"), cell("3"), cell("4")])]], id="y")
    assign_headers(table, "y")
    labels = column_labels(table)
    assert [[d.plain_text(h.children) for h in labels[id(c)]] for c in table.bodies[0][0].cells] == \
        [["复议", "维持"], ["复议", "纠正"], ["诉讼", "维持"], ["诉讼", "纠正"]]
