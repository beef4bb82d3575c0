"""Round trip: a report's own Word download, imported back, gives a report
whose page has the same headings, paragraphs and every table cell — for the
bundled report and for generated reports in both table formats, with tables
full, partly filled and all zeros."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import docx
import pytest

from reader.content import standard_tables as st
from reader.content.reports import report_files
from tests.import_support import CONTENT, empty_content, load_report, page_blocks, run_import, word_download


def _consistent(kind: str, fmt: str, fill: str, rng: random.Random) -> dict[tuple[str, ...], str]:
    """Every cell of one standard table, adding up as the format requires."""
    def count() -> int:
        return 0 if fill == "zeros" else rng.choice([0, rng.randint(1, 9), rng.randint(10, 300)])

    cells: dict[tuple[str, ...], str] = {}
    if kind == "二":
        for block in st.TABLE2[fmt]:
            for row in block.rows:
                for col in block.columns:
                    value = str(count())
                    if col == "本年增/减" and fill != "zeros":
                        value = rng.choice(["+1", "-2", "0"])
                    elif col == "采购总金额" and fill != "zeros":
                        value = f"{rng.randint(1, 99)}万元"
                    cells[(block.title, row, col)] = value
    elif kind == "三":
        results = st.t3_result_rows(fmt)
        totals = {row: 0 for row in st.t3_rows(fmt)}
        for col in st.T3_PARTS:
            figures = {row: count() for row in results}
            figures[st.T3_TOTAL] = sum(figures.values())
            figures[st.T3_CARRIED_OUT] = count()
            carried_in = min(count(), figures[st.T3_TOTAL] + figures[st.T3_CARRIED_OUT])
            figures[st.T3_CARRIED_IN] = carried_in
            figures[st.T3_NEW] = figures[st.T3_TOTAL] + figures[st.T3_CARRIED_OUT] - carried_in
            for row, value in figures.items():
                cells[(row, col)] = str(value)
                totals[row] += value
        for row, value in totals.items():
            cells[(row, "总计")] = str(value)
    else:
        for group in st.T4_GROUPS:
            parts = [count() for _ in st.T4_COLUMNS[:-1]]
            for col, value in zip(st.T4_COLUMNS, [*parts, sum(parts)], strict=True):
                cells[(group, col)] = str(value)
    return cells


def _figures(kind: str, fmt: str, fill: str, rng: random.Random) -> list[str]:
    """YAML lines of one standard table: every cell, about half of them, or zeros."""
    cells = _consistent(kind, fmt, fill, rng)
    if fill == "partial":
        cells = {key: value for key, value in cells.items() if rng.random() < 0.5}
    tree: dict[str, Any] = {}
    for key, value in cells.items():
        node = tree
        for part in key[:-1]:
            node = node.setdefault(part, {})
        node[key[-1]] = value
    lines: list[str] = []

    def emit(node: dict[str, Any], depth: int) -> None:
        for label, value in node.items():
            if isinstance(value, dict):
                lines.append("  " * depth + f"{label}:")
                emit(value, depth + 1)
            else:
                lines.append("  " * depth + f"{label}: {value}")

    emit(tree, 0)
    return lines


def generated(fmt: str, fill: str) -> str:
    rng = random.Random(f"{fmt}-{fill}")
    year = 2019 if fmt == "2019" else 2022
    tables = {kind: "\n".join(["```annual-table " + kind, *_figures(kind, fmt, fill, rng), "```"])
              for kind in st.KINDS}
    return f"""---
title: 测试县样本镇{year}年度政府信息公开工作报告
index_number: ybz/{year + 1}-00007
published: {year + 1}-01-25 09:30:00 +08:00
organisation: 测试县样本镇人民政府
category: [政府信息公开, 政府信息公开年报]
year: {year}
table_format: {fmt}
---

本报告依据《条例》编制，统计期限为{year}年1月1日至12月31日（含）。

## 一、总体情况

全年公开信息*共计*120条；比例为3:4，文件编号〔{year}〕1号、[{year}]2号。

详情见**政府网站**（[门户网站](https://www.example.gov.cn/zwgk/)），*重点领域*全部公开。

### （一）主动公开

1．本镇通过网站公开信息。

### （二）依申请公开

#### 1．收到申请情况

全年收到申请5件。

#### 2．办理情况

均按期答复，做到：

1. 依法答复；
2. 按时答复。

- 网站公开
- 政务大厅公开

## 二、主动公开政府信息情况

{tables["二"]}

## 三、收到和处理政府信息公开申请情况

{tables["三"]}

| 项目 | 数量 | 备注 |
|---|---|---|
| 网站栏目 | 12 | 新增 |
| 公开指南 | 1 |  |

## 四、政府信息公开行政复议、行政诉讼情况

{tables["四"]}

## 五、存在的主要问题及改进情况

一是公开深度不够；二是形式单一。

## 六、其他需要报告的事项

无。
"""


CASES = [(fmt, fill) for fmt in st.FORMATS for fill in ("full", "partial", "zeros")]


def _round_trip(original: Path, slug: str, tmp_path: Path) -> str:
    report = load_report(original, slug)
    docx_file = tmp_path / f"{slug}.docx"
    docx_file.write_bytes(word_download(report))
    imported = empty_content(tmp_path / "imported")
    assert run_import(docx_file, "--content", imported, "--slug", slug) == 0
    back = load_report(imported, slug)
    assert (back.title, back.organisation, back.year, back.table_format, back.index_number) == \
        (report.title, report.organisation, report.year, report.table_format, report.index_number)
    assert back.category == report.category and back.published == report.published
    for kind, table in report.standard_tables.items():
        assert {k: f.text for k, f in back.standard_tables[kind].figures.items()} == \
            {k: f.text for k, f in table.figures.items()}
    assert page_blocks(imported, slug) == page_blocks(original, slug)
    return (imported / "reports" / f"{slug}.md").read_text("utf-8")


@pytest.mark.parametrize("path", report_files(CONTENT), ids=lambda p: p.stem)
def test_each_bundled_report_survives_its_own_word_download(path: Path, tmp_path: Path) -> None:
    _round_trip(CONTENT, path.stem, tmp_path)


@pytest.mark.parametrize(("fmt", "fill"), CASES, ids=[f"{f}-{x}" for f, x in CASES])
def test_generated_reports_survive_their_word_download(fmt: str, fill: str, tmp_path: Path) -> None:
    original = empty_content(tmp_path / "original")
    (original / "reports" / "sample.md").write_text(generated(fmt, fill), "utf-8")
    text = _round_trip(original, "sample", tmp_path)
    # bold, emphasis (楷体 in the Word file) and links come back as Markdown
    assert "详情见**政府网站**（[门户网站](https://www.example.gov.cn/zwgk/)），*重点领域*全部公开。" \
        in text and "全年公开信息*共计*120条" in text


@pytest.mark.parametrize("fill", ["full", "partial"])
def test_traditional_word_download_imports_as_traditional(fill: str, tmp_path: Path) -> None:
    """A 繁體（臺灣） download: kept in traditional characters (script zh-Hant),
    its standard tables recognised by their traditional labels, every figure kept."""
    original = empty_content(tmp_path / "original")
    (original / "reports" / "sample.md").write_text(generated("2021", fill), "utf-8")
    report = load_report(original, "sample")
    source = tmp_path / "sample-tw.docx"
    data = word_download(report, "zh-Hant-TW")
    source.write_bytes(data)
    title = docx.Document(io.BytesIO(data)).core_properties.title
    imported = empty_content(tmp_path / "imported")
    assert run_import(source, "--content", imported, "--slug", "sample") == 0
    back = load_report(imported, "sample")
    assert back.script == "zh-Hant" and back.title == title and "測試縣樣本鎮" in title
    for kind, table in report.standard_tables.items():
        assert {k: f.text for k, f in back.standard_tables[kind].figures.items()} == \
            {k: f.text for k, f in table.figures.items()}
    kinds = [[type(b).__name__ for b in r.blocks] for r in (report, back)]
    assert kinds[0] == kinds[1]
