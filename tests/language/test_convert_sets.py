"""Our own sets of government-report sentences, scored by class with plain
OpenCC's, zhconv's and pypinyin's scores beside ours.

tests/data/language_set.tsv: 507 sentences with their Taiwan and Hong Kong
forms and pinyin. tests/data/class_cases.tsv: the classes of the third round
(编制 by sense, 为 before an amount, 长 after a degree word, 还 huán, 倒 dào,
a surname before 某 or a title), one word of each sentence checked; most
sentences are from public pages (their address is in the file) or from the
real reports of tests/data/real (every 编制 they hold: read while the rule
was written, so not held out), the others are marked as written for the set.

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

DATA = Path(__file__).parents[1] / "data"
ROWS = list(csv.DictReader((DATA / "language_set.tsv").open(encoding="utf-8"), delimiter="\t"))
CLASS_CASES = list(csv.DictReader((DATA / "class_cases.tsv").open(encoding="utf-8"), delimiter="\t"))
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
        "ours zh-Hant-TW": 505, "opencc zh-Hant-TW": 415, "zhconv zh-Hant-TW": 428,
        "ours zh-Hant-HK": 505, "opencc zh-Hant-HK": 424, "zhconv zh-Hant-HK": 412,
        "ours pinyin": 505, "pypinyin pinyin": 465,
    }
    # what remains wrong, by class: 2 boundary sentences where jieba joins 头发
    # and no dictionary holds the word on the other side as a tiling
    # (源头|发力, 案头|发了), in both scripts and in pinyin
    assert {name: len(ROWS) - total for name, total in totals.items() if name.startswith("ours")} == {
        "ours zh-Hant-TW": 2, "ours zh-Hant-HK": 2, "ours pinyin": 2}
    assert measured["ours zh-Hant-TW"]["boundary"] == 76 and measured["ours pinyin"]["surname"] == 38


def _where(row: dict[str, str]) -> tuple[int, int]:
    """The span of the row's target: "编制#2" is its second occurrence."""
    target, _, nth = row["target"].partition("#")
    at = -1
    for _ in range(int(nth or 1)):
        at = row["text"].index(target, at + 1)
    return at, at + len(target)


def class_scores() -> dict[str, Counter[str]]:
    import pypinyin

    result: dict[str, Counter[str]] = {name: Counter() for name in (
        "ours zh-Hant-TW", "opencc zh-Hant-TW", "ours zh-Hant-HK", "opencc zh-Hant-HK",
        "ours pinyin", "pypinyin pinyin")}
    for row in CLASS_CASES:
        start, end = _where(row)
        for code, (config, _) in REGIONS.items():
            if row[code]:
                ours = SITE.convert_text(row["text"], BY_CODE[code])[start:end]
                plain = opencc.OpenCC(config).convert(row["text"])[start:end]
                result[f"ours {code}"][row["class"]] += ours == row[code]
                result[f"opencc {code}"][row["class"]] += plain == row[code]
        if row["pinyin"]:
            ours_py = spoken(READINGS.readings(row["text"])[start:end])
            plain_py = spoken(_plain_pinyin(pypinyin, row["text"])[start:end])
            result["ours pinyin"][row["class"]] += ours_py == row["pinyin"]
            result["pypinyin pinyin"][row["class"]] += plain_py == row["pinyin"]
    return result


def test_class_cases_are_sourced() -> None:
    assert len(CLASS_CASES) >= 50
    for row in CLASS_CASES:
        assert row["source"] and row["text"][_where(row)[0]:_where(row)[1]] == row["target"].partition("#")[0]
        assert row["pinyin"] or (row["zh-Hant-TW"] and row["zh-Hant-HK"])
    real = [row for row in CLASS_CASES if not row["source"].startswith("written for this set")]
    assert len(real) >= 40


def test_class_scores() -> None:
    measured = class_scores()
    totals = {name: sum(counter.values()) for name, counter in measured.items()}
    conversions = sum(1 for row in CLASS_CASES if row["zh-Hant-TW"])
    readings = sum(1 for row in CLASS_CASES if row["pinyin"])
    assert (conversions, readings) == (48, 26)
    assert totals == {"ours zh-Hant-TW": 46, "opencc zh-Hant-TW": 20, "ours zh-Hant-HK": 46,
                      "opencc zh-Hant-HK": 20, "ours pinyin": 26, "pypinyin pinyin": 15}
    # what remains: 编制 whose document object is past a verb or a list
    # (分级编制、逐级汇总; 编制城市应急管理、……责任清单)
    assert measured["ours zh-Hant-TW"]["编制 compile"] == 25
