"""Our own set of government-report sentences (tests/data/language_set.tsv):
expected Taiwan and Hong Kong forms and pinyin, grouped by error class, with
plain OpenCC's and zhconv's scores beside ours.

How the expected values were made: every sentence was converted by us, by
plain OpenCC (s2tw, s2hk) and by zhconv (zh-tw, zh-hk); each sentence where
the three disagree was decided by hand, and so were the pinyin of the
boundary and surname classes. Where our output is still wrong, the file says
what is right, so the errors that remain show in the scores below.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import opencc
import pytest

from reader.language import glossary, pinyin
from reader.language.convert import Converter
from reader.language.variants import BY_CODE
from tests.conftest import CONTENT

ROWS = list(csv.DictReader((Path(__file__).parents[1] / "data" / "language_set.tsv").open(encoding="utf-8"),
                           delimiter="\t"))
SITE = Converter(glossary.load(CONTENT / "glossary.yaml")[0])
READINGS = pinyin.Pinyin(pinyin.load_dictionary(CONTENT / "pinyin.yaml")[0])
REGIONS = {"zh-Hant-TW": ("s2tw", "zh-tw"), "zh-Hant-HK": ("s2hk", "zh-hk")}


def spoken(syllables: list[str | None] | tuple[str | None, ...]) -> str:
    return re.sub(r"\s+", " ", " ".join(s or "" for s in syllables)).strip()


def scores() -> dict[str, Counter[str]]:
    import pypinyin
    import zhconv  # type: ignore[import-untyped]

    result: dict[str, Counter[str]] = {}
    for code, (config, zh) in REGIONS.items():
        plain = opencc.OpenCC(config)
        ours, raw, other = Counter[str](), Counter[str](), Counter[str]()
        for row in ROWS:
            expected = row[code]
            ours[row["class"]] += SITE.convert_text(row["simplified"], BY_CODE[code]) == expected
            raw[row["class"]] += plain.convert(row["simplified"]) == expected
            other[row["class"]] += zhconv.convert(row["simplified"], zh) == expected
        result.update({f"ours {code}": ours, f"opencc {code}": raw, f"zhconv {code}": other})
    ours_py, plain_py = Counter[str](), Counter[str]()
    for row in ROWS:
        ours_py[row["class"]] += spoken(READINGS.readings(row["simplified"])) == row["pinyin"]
        plain = [p if re.match(r"[\u4e00-\u9fff]", ch) else None for ch, p in zip(
            row["simplified"], _plain_pinyin(pypinyin, row["simplified"]), strict=True)]
        plain_py[row["class"]] += spoken(plain) == row["pinyin"]
    result.update({"ours pinyin": ours_py, "pypinyin pinyin": plain_py})
    return result


def _plain_pinyin(pypinyin: object, text: str) -> list[str]:
    out: list[str] = []
    for run in re.split(r"([\u4e00-\u9fff]+)", text):
        if re.match(r"[\u4e00-\u9fff]", run):
            out.extend(pypinyin.lazy_pinyin(run, style=pypinyin.Style.TONE))  # type: ignore[attr-defined]
        else:
            out.extend([""] * len(run))
    return out


def test_set_is_large_and_classed() -> None:
    classes = Counter(row["class"] for row in ROWS)
    assert len(ROWS) >= 400
    assert set(classes) == {"report", "format", "boundary", "char", "policy", "surname"}


@pytest.fixture(scope="module")
def measured() -> dict[str, Counter[str]]:
    return scores()


def test_scores(measured: dict[str, Counter[str]]) -> None:
    totals = {name: sum(counter.values()) for name, counter in measured.items()}
    assert len(ROWS) == 507
    assert totals == {
        "ours zh-Hant-TW": 505, "opencc zh-Hant-TW": 416, "zhconv zh-Hant-TW": 430,
        "ours zh-Hant-HK": 505, "opencc zh-Hant-HK": 425, "zhconv zh-Hant-HK": 413,
        "ours pinyin": 502, "pypinyin pinyin": 465,
    }
    # what remains wrong, by class: 2 boundary sentences where jieba joins 头发
    # and no dictionary holds the word on the other side as a tiling
    # (源头|发力, 案头|发了); pinyin: those two, 为 before an amount, 长 after 很,
    # 1 surname (查处长)
    assert {name: len(ROWS) - total for name, total in totals.items() if name.startswith("ours")} == {
        "ours zh-Hant-TW": 2, "ours zh-Hant-HK": 2, "ours pinyin": 5}
    assert measured["ours zh-Hant-TW"]["boundary"] == 76 and measured["ours pinyin"]["surname"] == 37
