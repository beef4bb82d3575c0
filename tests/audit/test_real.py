"""The audit on real reports (tests/data/real, the import work's corpus).

The tables are the figures each expected file lists, read by hand from the
published document, so what the audit finds is the document's own error;
the text-against-tables test imports a real page as a publisher would."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from reader.archive.loading import load_all
from reader.audit import text
from reader.audit.run import Auditor
from reader.content import standard_tables as st
from reader.content.problems import ContentError
from reader.importing.run import Options, import_paths
from tests.audit.making import check_json, folder

CORPUS = Path(__file__).resolve().parent.parent / "data" / "real"
# the corpus's documents whose expected files state table figures (at the
# time of writing: documents added later are audited by benchmarks/audit_corpus.py)
WITH_TABLES = ("baokang-nyncj-2021", "hetang-guihua-2019", "hongze-2023-pdf", "hongze-2024-pdf",
               "huaian-2024-pdf", "huichang-zhongcun-2020", "laifeng-zwfw-2021",
               "rongcheng-xinxing-2019", "shanghai-bgt-2019", "shidz-shfzj-2022",
               "yangling-sjj-2022", "zhashui-fenghuang-2021", "zhongjiang-2022")
ARITHMETIC = ("t3-balance", "t3-total", "t3-row-total", "t4-total")


def _yaml(figures: dict[str, Any]) -> str:
    nested: dict[str, Any] = {}
    for key, value in figures.items():
        *path, last = [part.strip() for part in str(key).split("|")]
        node = nested
        for part in path:
            node = node.setdefault(part, {})
        node[last] = str(value)

    def lines(node: dict[str, Any], indent: int) -> str:
        return "".join(" " * indent + f"{label}:\n" + lines(value, indent + 2)
                       if isinstance(value, dict) else " " * indent + f"{label}: {value}\n"
                       for label, value in node.items())
    return lines(nested, 0)


def _report(name: str, dropped: list[tuple[str, str]]) -> str:
    expected = yaml.safe_load((CORPUS / name / "expected.yaml").read_text(encoding="utf-8"))
    year = int(expected["year"])
    fmt = str(expected.get("table_format") or ("2019" if year <= 2020 else "2021"))
    organisation = expected.get("organisation") or expected.get("publisher") or name
    body = ""
    for kind, figures in (expected.get("figures") or {}).items():
        if not figures:
            continue
        source = _yaml(figures)
        try:
            st.parse(kind, fmt, source, 2)
        except ContentError:
            dropped.append((name, kind))
            continue
        body += f"\n```annual-table {kind}\n{source}```\n"
    return (f"---\ntitle: {expected['title']}\npublished: {year + 1}-01-20 09:00:00 +08:00\n"
            f"organisation: {organisation}\ncategory: [政府信息公开, 政府信息公开年报]\n"
            f"year: {year}\ntable_format: {fmt}\n---\n\n## 一、总体情况\n{body}")


def test_the_hand_read_tables_of_real_reports(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """洪泽区's 2023 table 四 gives 总计 0 beside parts that are not: the real
    error the checkers found. No other real table breaks a rule."""
    dropped: list[tuple[str, str]] = []
    files = {f"{name}.md": _report(name, dropped) for name in WITH_TABLES}
    # the 2019-style single （六）其他处理 row inside a 2021 table 三 needs the
    # content format's figure for a whole group (the import work)
    assert dropped == [("hongze-2023-pdf", "三"), ("hongze-2024-pdf", "三")]
    status, found = check_json(folder(tmp_path, files), capsys)
    assert status == 1
    assert [f for f in found if f["rule"] == "file"] == []
    errors = sorted((f["report"], f["rule"], f["row"], f["column"], tuple(f["figures"].items()))
                    for f in found if f["rule"] in ARITHMETIC)
    assert errors == [
        ("hongze-2023-pdf", "t4-total", "复议后起诉", "总计", (("总计", 0), ("四项结果之和", 5))),
        ("hongze-2023-pdf", "t4-total", "行政复议", "总计", (("总计", 0), ("四项结果之和", 11))),
    ]
    assert [f for f in found if f["rule"] == "format-for-year"] == []


def test_a_real_page_whose_text_agrees_with_its_tables(tmp_path: Path) -> None:
    """上海市人民政府办公厅's 2019 report, imported from its page: the four
    figures its text states that its tables hold are read right, and agree."""
    root = folder(tmp_path, {})
    out = io.StringIO()
    import_paths([CORPUS / "shanghai-bgt-2019" / "report.html"],
                 Options(root, ["政府信息公开", "政府信息公开年报"], slug="shanghai-bgt-2019",
                         organisation="上海市人民政府办公厅", published="2020-01-31"), out)
    assert "imported:" in out.getvalue(), out.getvalue()
    auditor = Auditor()
    library = load_all(root, parser=auditor.parse, prepare=auditor.prepare).library
    [report] = library.reports
    compared = [(c.measure.name, c.said, c.table)
                for c in text.comparisons(report.blocks, report.standard_tables, report.year,
                                                    report.organisation)]
    assert compared == [("本年新收的政府信息公开申请", 859, 859),
                        ("上年结转的政府信息公开申请", 18, 18),
                        ("结转下年度继续办理的政府信息公开申请", 72, 72),
                        ("政府信息公开行政复议案件", 7, 7)]
    assert not [p for p in library.problems if p.rule == text.RULE]
