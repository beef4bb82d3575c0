from __future__ import annotations

import csv
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader import pinyin
from reader.problems import ContentError

from .conftest import CONTENT, SEED

CASES = list(csv.DictReader((Path(__file__).parent / "data" / "pinyin_cases.tsv").open(encoding="utf-8"),
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
    from reader.app import create_app
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
