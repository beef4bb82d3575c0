from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.language import glossary
from reader.language.convert import Converter, opencc_for
from reader.language.variants import BY_CODE
from tests.conftest import CONTENT

TW, HK, CN = BY_CODE["zh-Hant-TW"], BY_CODE["zh-Hant-HK"], BY_CODE["zh-Hans-CN"]
CASES = list(csv.DictReader((Path(__file__).parents[1] / "data" / "script_cases.tsv").open(encoding="utf-8"),
                            delimiter="\t"))
SITE = Converter(glossary.load(CONTENT / "glossary.yaml")[0])
PLAIN = Converter()  # word boundaries, policies and surnames, no glossary


def opencc(text: str, config: str = "s2tw") -> str:
    return opencc_for(config).convert(text)


def test_case_set_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c["simplified"] for c in CASES])
def test_one_to_many_cases_with_site_glossary(case: dict[str, str]) -> None:
    assert SITE.convert_text(case["simplified"], TW) == case["zh-Hant-TW"]
    assert SITE.convert_text(case["simplified"], HK) == case["zh-Hant-HK"]


def test_scores_on_the_one_to_many_set() -> None:
    raw = sum(opencc(c["simplified"]) == c["zh-Hant-TW"] for c in CASES)
    plain = sum(PLAIN.convert_text(c["simplified"], TW) == c["zh-Hant-TW"] for c in CASES)
    site = sum(SITE.convert_text(c["simplified"], TW) == c["zh-Hant-TW"] for c in CASES)
    assert (raw, plain, site) == (275, 311, len(CASES))


@pytest.mark.parametrize("source,expected", [
    ("被发明", "被發明"), ("展示了如何", "展示了如何"), ("参与制造", "參與製造"), ("前头发生", "前頭發生"),
    ("龙头发挥作用", "龍頭發揮作用"), ("心头发热", "心頭發熱"), ("案头发现", "案頭發現"),
    ("山头发展", "山頭發展"), ("资金发放", "資金發放"), ("制定并发放", "制定並發放"),
    ("作出了如下规定", "作出了如下規定")])
def test_word_boundaries_fix_the_class_without_entries(source: str, expected: str) -> None:
    assert opencc(source) != expected
    assert PLAIN.convert_text(source, TW) == expected == SITE.convert_text(source, TW)


@pytest.mark.parametrize("source,expected", [
    ("头发生长", "頭髮生長"), ("了如指掌", "瞭如指掌"), ("并发症", "併發症"), ("合并发布", "合併發布"),
    ("金发碧眼", "金髮碧眼"), ("重复核对", "重複核對"), ("经反复核实", "經反覆核實")])
def test_opencc_phrases_inside_one_word_stand(source: str, expected: str) -> None:
    assert SITE.convert_text(source, TW) == expected


def test_phrase_spanning_inline_markup() -> None:
    assert SITE.convert_html("<p>头<em>发</em>很长</p>", TW) == "<p>頭<em>髮</em>很長</p>"
    assert SITE.convert_html("<p>头<em>发</em></p>", TW) == SITE.convert_html("<p>头发</p>", TW).replace(
        "<p>頭髮</p>", "<p>頭<em>髮</em></p>")


def test_phrases_never_join_across_blocks() -> None:
    # 头 | 发展: joined, 头发 would become 頭髮 and 发展 lose its 發
    assert SITE.convert_html("<p>头</p><p>发展</p>", TW) == "<p>頭</p><p>發展</p>"
    assert SITE.convert_html("<li>皇</li><li>后来</li>", TW) == "<li>皇</li><li>後來</li>"


def test_only_text_and_readable_attributes_are_converted() -> None:
    page = ('<a href="/发展/头发?q=后" class="头发" id="发" data-x="后" title="头发" '
            'aria-label="后面">发展</a><img alt="头发" src="/发.png">'
            '<script>var 头发 = "后";</script><style>.后{}</style><code>头发</code>Latin 123')
    out = SITE.convert_html(page, TW)
    assert 'href="/发展/头发?q=后" class="头发" id="发" data-x="后"' in out
    assert 'title="頭髮"' in out and 'aria-label="後面"' in out and 'alt="頭髮"' in out
    assert '<script>var 头发 = "后";</script><style>.后{}</style><code>头发</code>Latin 123' in out
    assert ">發展</a>" in out


def test_protected_passages_stay_and_break_phrases() -> None:
    out = SITE.convert_html('<p>姓<span data-nc translate="no">范</span>的人，头发</p>', TW)
    assert out == '<p>姓<span data-nc translate="no">范</span>的人，頭髮</p>'


def test_ruby_annotation_does_not_break_phrases() -> None:
    out = SITE.convert_html("<p><ruby>头<rt>tóu</rt>发<rt>fà</rt></ruby></p>", TW)
    assert out == "<p><ruby>頭<rt>tóu</rt>髮<rt>fà</rt></ruby></p>"


def test_control_characters_cannot_drop_text() -> None:
    out = SITE.convert_text("前\x00头发\x07后面", TW)
    assert len(out) == len("前\x00头发\x07后面") and out.endswith("後面") and "頭髮" in out


def test_simplified_variant_is_untouched() -> None:
    page = "<p>头发后面</p>"
    assert SITE.convert_html(page, CN) == page


def test_traditional_source_converts_the_other_way() -> None:
    page = '<div data-script="zh-Hant"><p>頭髮與發展</p></div><p>头发</p>'
    assert SITE.convert_html(page, CN) == '<div data-script="zh-Hant"><p>头发与发展</p></div><p>头发</p>'
    assert SITE.convert_html(page, TW) == '<div data-script="zh-Hant"><p>頭髮與發展</p></div><p>頭髮</p>'


def test_runs_for_other_formats() -> None:
    out = SITE.convert_runs([[("头", False), ("发", False)], [("范", True), ("发展", False)]], TW)
    assert out == [["頭", "髮"], ["范", "發展"]]
