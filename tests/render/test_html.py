"""Document tree → HTML: escaping, protected passages, pinyin ruby, tables (with
a figure's column labels for phones, hidden from screen readers, and table
二's group rows drawn without a fake caption)."""

from __future__ import annotations

import re

from reader.content import document as d
from reader.content.table_headers import assign_headers, column_labels
from reader.language import i18n
from reader.render import html


def test_everything_is_escaped() -> None:
    out = html.blocks([d.Paragraph([d.Text("<b>&"), d.Link('"><script>', [d.Text("链")])]),
                       d.Heading(2, [d.Text("<i>")], anchor='x"y')])
    assert "<b>" not in out and "&lt;b&gt;&amp;" in out
    assert 'href="&#34;&gt;&lt;script&gt;"' in out
    assert '<h2 id="x&#34;y">&lt;i&gt;</h2>' in out


def test_protected_passages_are_marked_for_the_converter_and_the_browser() -> None:
    out = html.inlines([d.Text("发"), d.Protected("头发")])
    assert out == '发<span data-nc translate="no">头发</span>'


def test_readings_become_ruby_and_code_takes_none() -> None:
    def readings(text: str) -> tuple[str | None, ...]:
        assert text == "长者x行\n银"  # the block's plain text, line breaks included
        return ("zhǎng", "zhě", None, "háng", None, "yín")

    out = html.blocks([d.Paragraph([d.Text("长者"), d.Code("x"), d.Strong([d.Text("行")]),
                                    d.LineBreak(), d.Text("银")])], readings)
    assert out == ("<p><ruby>长<rt>zhǎng</rt></ruby><ruby>者<rt>zhě</rt></ruby><code>x</code>"
                   "<strong><ruby>行<rt>háng</rt></ruby></strong><br>"
                   "<ruby>银<rt>yín</rt></ruby></p>")


def test_lists_quotes_and_rules() -> None:
    out = html.blocks([d.ListBlock(True, [[d.Paragraph([d.Text("甲")])]], start=3),
                       d.ListBlock(False, [[d.Paragraph([d.Text("乙")])]]),
                       d.Quote([d.Paragraph([d.Text("丙")])]), d.Rule()])
    assert out.split("\n") == ['<ol start="3"><li><p>甲</p></li></ol>', "<ul><li><p>乙</p></li></ul>",
                               "<blockquote><p>丙</p></blockquote>", "<hr>"]


def test_a_table_in_a_labelled_region_with_spans_headers_and_not_reported_cells() -> None:
    head = d.Cell([d.Text("数量")], header=True, colspan=2, scope="colgroup", id="t-h1")
    missing = d.Cell([d.Text("未报告")], not_reported=True, numeric=True, headers=["t-h1"])
    table = d.Table("表一", head=[d.Row([head])],
                    bodies=[[d.Row([d.Cell([d.Text("5")], numeric=True, rowspan=2), missing])]],
                    id="t", note="说明", kind="standard-2")
    out = html.table(table)
    assert out.startswith('<div class="table-wrap" role="region" aria-labelledby="t-caption" '
                          'tabindex="0"><table id="t" class="data-table standard-2">'
                          '<caption id="t-caption">表一</caption><thead>')
    assert '<th id="t-h1" scope="colgroup" colspan="2">数量</th>' in out
    assert '<td rowspan="2" class="num">5</td>' in out
    assert f'<td headers="t-h1" class="{html.NOT_REPORTED_CLASS} num">未报告</td>' in out
    assert out.endswith('</table></div><p class="table-note">说明</p>')
    assert "<colgroup>" not in out


def test_column_widths_for_paper_make_a_colgroup() -> None:
    table = d.Table("", head=[], bodies=[[d.Row([d.Cell([d.Text("1")]), d.Cell([d.Text("2")])])]],
                    id="t")
    out = html.table(table, [25, 75])
    # no caption of its own: the interface's word, for the conversion to localise
    assert f'<caption id="t-caption">{i18n.message("表格")}</caption><colgroup><col style="width: 25.00%">' \
           '<col style="width: 75.00%"></colgroup><tbody>' in out


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
