from __future__ import annotations

import pytest

from reader.content import document as d
from reader.content import markdown
from reader.content.problems import ContentError
from reader.render import html


def no_tables(kind: str, source: str, line: int) -> d.Table:
    raise AssertionError("no standard table expected")


def parse(text: str) -> list[d.Block]:
    return markdown.parse(text, 1, no_tables)


def test_blocks_and_inlines() -> None:
    blocks = parse("## 标题\n\n头*发*和**粗体**，[链接](https://example.org)。\n\n- 一\n- 二\n\n1. 甲\n")
    assert isinstance(blocks[0], d.Heading) and blocks[0].anchor == "标题"
    para = blocks[1]
    assert isinstance(para, d.Paragraph)
    assert d.plain_text(para.children) == "头发和粗体，链接。"
    assert isinstance(blocks[2], d.ListBlock) and not blocks[2].ordered
    assert isinstance(blocks[3], d.ListBlock) and blocks[3].ordered


def test_protected_passage_syntax() -> None:
    [para] = parse("姓-{范}-的人和-{头发}-。")
    assert isinstance(para, d.Paragraph)
    assert [type(n).__name__ for n in para.children] == ["Text", "Protected", "Text", "Protected", "Text"]
    assert html.render([para]).count('<span data-nc translate="no">') == 2


def test_javascript_link_is_never_a_link() -> None:
    out = html.render(parse("[点我](javascript:alert(1))"))
    assert "<a " not in out and "javascript:alert(1)" in out


def test_text_is_escaped() -> None:
    out = html.render(parse("5 &lt; 6 & 7 > 3 \"引号\""))
    assert "<p>5 &lt; 6 &amp; 7 &gt; 3 &#34;引号&#34;</p>" == out


def test_markdown_table_has_caption_region_and_headers() -> None:
    blocks = parse("| 项目 | 数量 |\n|---|---|\n| 规章 | 3 |\n")
    out = html.render(blocks)
    assert 'role="region"' in out and 'tabindex="0"' in out and "<caption" in out
    assert '<th id="table-1-h1" scope="col">项目</th>' in out
    assert ('<td headers="table-1-h2"><span class="cell-label" aria-hidden="true"><span>数量</span></span>'
            '3</td>') in out


def test_duplicate_headings_get_distinct_anchors() -> None:
    blocks = parse("## 总结\n\n## 总结\n")
    assert [b.anchor for b in blocks if isinstance(b, d.Heading)] == ["总结", "总结-2"]


@pytest.mark.parametrize("source", ["<div>x</div>\n", "文字<b>粗</b>\n", "![图](a.png)\n"])
def test_untrusted_markup_is_rejected(source: str) -> None:
    with pytest.raises(ContentError):
        parse(source)
