"""Document tree → HTML: escaping, protected passages, pinyin ruby, tables."""

from __future__ import annotations

from reader import document as d
from reader import html


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
    assert '<caption id="t-caption">表格</caption><colgroup><col style="width: 25.00%">' \
           '<col style="width: 75.00%"></colgroup><tbody>' in out
