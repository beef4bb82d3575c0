from __future__ import annotations

import csv
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.content.problems import ContentError
from reader.language import pinyin
from tests.conftest import CONTENT, SEED

CASES = list(csv.DictReader((Path(__file__).parents[1] / "data" / "pinyin_cases.tsv").open(encoding="utf-8"),
                            delimiter="\t"))


ENTRIES, PROBLEMS = pinyin.load_dictionary(CONTENT / "pinyin.yaml")
SITE = pinyin.Pinyin(ENTRIES)


def test_site_dictionary_loads() -> None:
    assert PROBLEMS == [] and ENTRIES


def test_case_set_is_large_enough() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_heteronyms_in_government_text(case: dict[str, str]) -> None:
    assert " ".join(r or "" for r in SITE.readings(case["text"])) == case["pinyin"]


def test_non_han_characters_get_no_reading() -> None:
    assert SITE.readings("2019年，长者") == (None, None, None, None, "nián", None, "zhǎng", "zhě")


def test_dictionary_mistakes_are_reported() -> None:
    with pytest.raises(ContentError) as info:
        pinyin.parse_dictionary("长者: zhǎng\n")
    assert info.value.line == 1 and "syllables" in info.value.message


def test_pinyin_mode_over_http_on_traditional_pages() -> None:
    from reader.web.app import create_app
    client = TestClient(create_app(CONTENT), cookies={"reader_prefs": "pinyin-1"})
    for prefix, zhang, xiang, wei in (("", "长", "乡", "为"), ("/zh-hant-tw", "長", "鄉", "為"),
                                      ("/zh-hant-hk", "長", "鄉", "為")):
        page = client.get(prefix + SEED).text
        # 乡长 read xiāng zhǎng, computed on the simplified source even on traditional pages
        assert (f"<ruby>{xiang}<rt>xiāng</rt></ruby><ruby>{zhang}<rt>zhǎng</rt></ruby>") in page
        # the site dictionary: 为 read wéi in 以…为指导
        assert f"<ruby>{wei}<rt>wéi</rt></ruby><ruby>指<rt>zhǐ</rt></ruby>" in page
    plain = TestClient(create_app(CONTENT)).get(SEED).text
    assert "<ruby>" not in plain


def test_dictionary_entry_takes_effect_and_goes_away_on_reload(content_copy: Path) -> None:
    """The dictionary belongs to the loaded content: an entry added then
    removed in pinyin.yaml on a running site stops applying at once."""
    from reader.web.app import create_app
    report = content_copy / "reports" / "2019-zhangmianyi.md"
    report.write_text(report.read_text(encoding="utf-8").replace("## ", "高度重视公开工作。\n\n## ", 1),
                      encoding="utf-8")
    dictionary = content_copy / "pinyin.yaml"
    original = dictionary.read_text(encoding="utf-8")
    app = create_app(content_copy)
    client = TestClient(app, cookies={"reader_prefs": "pinyin-1"})
    zhong = "<ruby>重<rt>zhòng</rt></ruby><ruby>视<rt>shì</rt></ruby>"
    chong = "<ruby>重<rt>chóng</rt></ruby><ruby>视<rt>shì</rt></ruby>"
    assert zhong in client.get(SEED).text
    dictionary.write_text(original + "重视: chóng shì\n", encoding="utf-8")
    app.state.server.reload()
    page = client.get(SEED).text
    assert chong in page and zhong not in page
    dictionary.write_text(original, encoding="utf-8")
    app.state.server.reload()
    page = client.get(SEED).text
    assert zhong in page and chong not in page


@pytest.mark.parametrize("text,reading", [
    ("任书记", "rén"), ("华主任", "huà"), ("朴书记", "piáo"), ("盖乡长", "gě"), ("单主任", "shàn"),
    ("曾副县长", "zēng"), ("区局长", "ōu"), ("查科长", "zhā"), ("解科长", "xiè"), ("仇组长", "qiú"),
    ("姓任", "rén"), ("姓单", "shàn"), ("由任副县长主持", "rén")])
def test_surname_readings(text: str, reading: str) -> None:
    at = text.index(next(ch for ch in text if ch in "任华朴盖单曾区查解仇"))
    assert SITE.readings(text)[at] == reading


@pytest.mark.parametrize("text,at,reading", [
    ("乡长马兴周任副组长", 5, "rèn"), ("担任县长", 1, "rèn"), ("各单位主任", 1, "dān"),
    ("曾任组长", 0, "céng"), ("中华姓氏", 1, "huá")])
def test_not_surnames(text: str, at: int, reading: str) -> None:
    assert SITE.readings(text)[at] == reading


def test_pinyin_reaches_title_headings_and_tables() -> None:
    import re

    from reader.web.app import create_app
    client = TestClient(create_app(CONTENT), cookies={"reader_prefs": "pinyin-1"})
    for prefix in ("", "/zh-hant-tw"):
        page = client.get(prefix + SEED).text
        title = re.search(r'<h1 id="report-title">(.*?)</h1>', page, re.S)
        assert title and title.group(1).startswith("<ruby>")
        assert re.search(r"<h2 id=[^>]*><ruby>", page)
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", page, re.S)
        han_cells = [c for c in cells if re.search(r"[\u4e00-\u9fff]", c)]
        assert han_cells and all("<ruby>" in c for c in han_cells)
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", page, re.S)
        assert caption and "<rt>" in caption.group(1)
    plain = TestClient(create_app(CONTENT)).get(SEED).text
    assert "<ruby>" not in plain
