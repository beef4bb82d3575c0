"""The rules across years, on generated pairs of years that keep and break
each rule, through `reader check --json` as a checker runs it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from reader.content import standard_tables as st
from tests.audit.making import check_json, folder, report

T1 = "第二十条第（一）项"
ITEMS = (("第二十条第（五）项", "行政许可"), ("第二十条第（五）项", "其他对外管理服务事项"),
         ("第二十条第（六）项", "行政处罚"), ("第二十条第（六）项", "行政强制"),
         ("第二十条第（八）项", "行政事业性收费"))


class Pairs:
    """Pairs of years of generated bodies, and the findings each must give."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.files: dict[str, str] = {}
        self.expected: set[tuple[str, str, str, str, str]] = set()  # (body, rule, row, column, figures)
        self.count = 0

    def pair(self, before: dict[str, Any], now: dict[str, Any], year: int = 2022,
             fmts: tuple[str | None, str | None] = (None, None)) -> str:
        self.count += 1
        body = f"生成测试{self.count:03d}乡人民政府"
        self.files[f"p{self.count:03d}-a.md"] = report(body, year - 1, before, fmt=fmts[0])
        self.files[f"p{self.count:03d}-b.md"] = report(body, year, now, fmt=fmts[1])
        return body


def findings(tmp_path: Path, pairs: Pairs, capsys: pytest.CaptureFixture[str], rule: str
             ) -> list[dict[str, Any]]:
    status, found = check_json(folder(tmp_path, pairs.files), capsys)
    assert status == 0  # warnings only
    assert all(f["severity"] == "warning" for f in found if f["rule"] == rule)
    return [f for f in found if f["rule"] == rule]


def test_carried_over_on_generated_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Last year's 四、结转下年度继续办理 = this year's 二、上年结转, column by column;
    across the change of format too (the rows are the same in both)."""
    pairs = Pairs(5)
    expected = set()
    for case in range(40):
        year = pairs.random.choice([2020, 2021, 2022, 2024])
        out = {col: pairs.random.randint(0, 9) for col in st.T3_PARTS}
        out["总计"] = sum(out.values())
        carried = dict(out)
        kind = case % 4  # 0 keeps, 1 breaks one column, 2 leaves a figure out, 3 both
        broken = pairs.random.choice(st.T3_PARTS)
        unstated = pairs.random.choice([c for c in st.T3_PARTS if c != broken])
        if kind in (1, 3):
            carried[broken] += pairs.random.randint(1, 5)
            carried["总计"] = sum(v for k, v in carried.items() if k != "总计")
        if kind in (2, 3):
            del (out if case % 8 < 4 else carried)[unstated]
        body = pairs.pair({"三": {st.T3_CARRIED_OUT: out}}, {"三": {st.T3_CARRIED_IN: carried}}, year)
        if kind in (1, 3):
            for col in (broken, "总计"):
                expected.add((body, col, f"{year - 1}年度 四、结转下年度继续办理={out[col]}",
                              f"{year}年度 二、上年结转={carried[col]}"))
    found = findings(tmp_path, pairs, capsys, "carried-over")
    got = {(f["organisation"], f["column"], *(f"{k}={v}" for k, v in f["figures"].items()))
           for f in found}
    assert got == expected and len(found) == len(expected) > 10
    one = found[0]
    assert one["row"] == st.T3_CARRIED_IN and one["table"] == "三" and one["path"].endswith("-b.md")
    assert one["cell"].startswith("t3-r2-c") and one["url"].endswith(f"#{one['cell']}")
    assert "而" in one["message"] and "年度报告的四、结转下年度继续办理为" in one["message"]


def test_documents_in_force_on_generated_pairs(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """2021 format: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数."""
    pairs = Pairs(7)
    expected = set()
    for case in range(40):
        row = pairs.random.choice(["规章", "行政规范性文件"])
        last = pairs.random.randint(0, 60)
        made, repealed = pairs.random.randint(0, 9), pairs.random.randint(0, min(last, 9))
        current = last + made - repealed
        kind = case % 5  # 0 keeps, 1 breaks, 2 leaves a figure out, 3 format change, 4 lapsed docs
        if kind in (1, 4):
            current += pairs.random.choice([-3, -2, -1, 1, 2, 3])
        now = {"本年制发件数": made, "本年废止件数": repealed, "现行有效件数": current}
        if kind == 2:
            del now[pairs.random.choice(list(now))]
        before = {T1: {row: {"现行有效件数": last}}}
        if kind == 3:  # 2020 in the 2019 format, 2021 in the 2021 format: not compared
            body = pairs.pair({"二": {T1: {"规范性文件": {"对外公开总数量": last}}}},
                              {"二": {T1: {row: now}}}, 2021)
            continue
        body = pairs.pair({"二": before}, {"二": {T1: {row: now}}}, pairs.random.choice([2022, 2025]))
        if kind in (1, 4):
            expected.add((body, row, last, made, repealed, current))
    found = findings(tmp_path, pairs, capsys, "t2-in-force")
    got = {(f["organisation"], f["row"], *f["figures"].values()) for f in found}
    assert got == expected and len(expected) > 10
    assert all(f["column"] == "现行有效件数" and f["block"] == T1 and f["cell"].startswith("t2-b1-r")
               for f in found)


def test_items_on_generated_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2019 format: this year's 上一年项目数量 + 本年增/减 = next year's 上一年项目数量."""
    pairs = Pairs(11)
    expected = set()
    for case in range(50):
        block, row = pairs.random.choice(ITEMS)
        last = pairs.random.randint(0, 80)
        change = pairs.random.randint(-min(last, 5), 5)
        following = last + change
        kind = case % 5  # 0 keeps, 1 breaks, 2 leaves out the change, 3 the next figure, 4 format
        if kind == 1:
            following += pairs.random.choice([-2, -1, 1, 2])
        before: dict[str, Any] = {"上一年项目数量": last, "本年增/减": f"{change:+d}"}
        if kind == 2:
            del before["本年增/减"]
        now: dict[str, Any] = {"上一年项目数量": following}
        if kind == 3:
            now = {"本年增/减": "+1"} if row != "行政事业性收费" else {"本年增/减": "0"}
        if kind == 4:  # 2020 → 2021: the 2021 format has no 上一年项目数量
            pairs.pair({"二": {block: {row: before}}},
                       {"二": {"第二十条第（五）项": {"行政许可": {"本年处理决定数量": 3}}}}, 2021)
            continue
        body = pairs.pair({"二": {block: {row: before}}}, {"二": {block: {row: now}}},
                          pairs.random.choice([2020, 2020, 2021]),
                          fmts=("2019", "2019"))
        if kind == 1:
            expected.add((body, block, row, str(last), f"{change:+d}", str(following)))
    found = findings(tmp_path, pairs, capsys, "t2-items")
    got = {(f["organisation"], f["block"], f["row"], *(str(v) if not isinstance(v, int) or k.endswith(
        "上一年项目数量") else f"{v:+d}" for k, v in f["figures"].items())) for f in found}
    assert got == expected and len(expected) >= 8
    assert all(f["column"] == "上一年项目数量" for f in found)


def test_different_bodies_and_gaps_are_not_compared(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "a.md": report("甲乡人民政府", 2021, {"三": {st.T3_CARRIED_OUT: {"总计": 3}}}),
        "b.md": report("甲镇人民政府", 2022, {"三": {st.T3_CARRIED_IN: {"总计": 1}}}),  # renamed
        "c.md": report("乙乡人民政府", 2019, {"三": {st.T3_CARRIED_OUT: {"总计": 3}}}),
        "d.md": report("乙乡人民政府", 2021, {"三": {st.T3_CARRIED_IN: {"总计": 1}}}),  # a gap year
    }
    _, found = check_json(folder(tmp_path, files), capsys)
    assert [f for f in found if f["rule"] == "carried-over"] == []


def test_who_has_not_published_the_latest_year(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "a1.md": report("甲乡人民政府", 2022), "a2.md": report("甲乡人民政府", 2023),
        "b1.md": report("乙乡人民政府", 2022),  # has not published 2023
        "c1.md": report("丙乡人民政府", 2021),  # stopped earlier: not this year's question
        "d1.md": report("丁乡人民政府", 2023),  # new this year
    }
    _, found = check_json(folder(tmp_path, files), capsys)
    missing = [f for f in found if f["rule"] == "completeness"]
    assert [(f["organisation"], f["year"], f["severity"]) for f in missing] \
        == [("乙乡人民政府", 2023, "warning")]
    assert missing[0]["message"] == "乙乡人民政府发布了2022年度报告，档案中没有其2023年度报告"
    assert missing[0]["url"].endswith("/bodies/%E4%B9%99%E4%B9%A1%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C")
