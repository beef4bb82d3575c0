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
    # content format's figure for a whole group (the import work brings it)
    group_figure = hasattr(st, "t3_keys")
    assert dropped == ([] if group_figure else [("hongze-2023-pdf", "三"), ("hongze-2024-pdf", "三")])
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


# every figure the text rule reads from the corpus's page texts, each checked
# by hand against its sentence: (document, line, what, figure)
READ_BY_HAND = [
    ("baokang-nyncj-2021", 8, "本年新收的政府信息公开申请", 0),  # 未收到申请公开事项
    ("hetang-guihua-2019", 2, "本年新收的政府信息公开申请", 1),  # 收到1份政府信息公开申请
    ("pingtan-2021-crawl", 10, "结转下年度继续办理的政府信息公开申请", 1),
    ("weishan-gaolou-2023", 8, "本年新收的政府信息公开申请", 1),  # 收到依申请公开件1件
    ("weishan-gaolou-2023", 8, "政府信息公开行政复议案件", 0),  # 未出现被行政诉讼、行政复议情况
    ("weishan-gaolou-2023", 8, "政府信息公开行政诉讼案件", 0),
    ("xiliu-2023", 4, "本年新收的政府信息公开申请", 0),  # 受理依申请公开0件
    ("yangling-sjj-2022", 6, "本年新收的政府信息公开申请", 0),  # 未收到依申请公开事项
    ("zhongjiang-2022", 4, "本年新收的政府信息公开申请", 0),
    ("zhongjiang-2022", 4, "不予公开的申请", 0),
    ("zhongjiang-2022", 4, "政府信息公开行政复议案件", 0),
    ("zhongjiang-2022", 4, "政府信息公开行政诉讼案件", 0),
    ("zjwy-xiang-2023", 4, "政府信息公开行政复议案件", 0),  # 无政府信息公开申请行政复议、行政诉讼
    ("zjwy-xiang-2023", 4, "政府信息公开行政诉讼案件", 0),
    ("zjwy-xiang-2023", 5, "本年新收的政府信息公开申请", 0),  # 受理依申请公开政府信息数量共计0条
]


def test_every_figure_read_from_real_texts_is_what_the_sentence_says() -> None:
    """Each line of the corpus's page texts as a paragraph (crawler dumps with
    their table cells run together included: 规章000行政规范性文件693665 is no
    count of anything)."""
    from reader.content.document import Paragraph, Text

    read = []
    for page in sorted(CORPUS.glob("*/page.txt")):
        expected = yaml.safe_load((page.parent / "expected.yaml").read_text(encoding="utf-8"))
        year = int(expected["year"])
        fmt = str(expected.get("table_format") or ("2019" if year <= 2020 else "2021"))
        body = expected.get("organisation") or expected.get("publisher") or ""
        blocks: list[Any] = [Paragraph([Text(line)], n) for n, line in enumerate(
            page.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
        read += [(page.parent.name, statement.line, measure.name, said)
                 for measure, statement, said in text.readings(blocks, fmt, year, body)]
    assert [r for r in read if r[0] in {name for name, *_ in READ_BY_HAND} | {
        "pingtan-2019-crawl"}] == READ_BY_HAND
