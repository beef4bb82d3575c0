"""Importing Word files made the way offices make them: no heading styles
but bold, 黑体 and 楷体 type; tables with merged cells (gridSpan, vMerge),
odd column widths, labels broken over lines, stray spaces, full-width
digits, dashes and blanks; a signature (落款) with the date in Chinese
numerals; and the same file saved by LibreOffice as Word 97–2003 (.doc)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reader.content.reports import Report
from reader.importing import libreoffice
from tests.import_support import empty_content, load_report, run_import, text_blocks

TITLE = "测试县样本镇2021年度政府信息公开工作报告"


def _run(paragraph, text: str, face: str = "仿宋_GB2312", bold: bool = False,  # noqa: ANN001
         size: float = 16):
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    return run


def _para(doc, text: str, face: str = "仿宋_GB2312", bold: bool = False,  # noqa: ANN001
          align: WD_ALIGN_PARAGRAPH | None = None) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    _run(paragraph, text, face, bold)


def _table(doc, rows: list[list[str]], merges: list[tuple[int, int, int, int]],  # noqa: ANN001
           widths: list[float]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            lines = value.split("|")
            cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line)  # a label broken over lines
    for top, left, bottom, right in merges:
        merged = table.cell(top, left).merge(table.cell(bottom, right))
        # Word keeps the text of every merged cell; an office clears the copies
        texts = [p.text for p in merged.paragraphs if p.text]
        for extra in merged.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        merged.paragraphs[0].runs[0].text = "".join(dict.fromkeys(texts)) if texts else ""


def office_docx() -> bytes:
    doc = docx.Document()
    for line in ("测试县样本镇2021年度", "政府信息公开工作报告"):  # a title in two lines
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(title, line, "方正小标宋简体", size=22)
    _para(doc, "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,现公布本报告。")
    _para(doc, "一、总体情况", "黑体")
    _para(doc, "（一）主动公开", "楷体_GB2312")
    lead = doc.add_paragraph()
    _run(lead, "1.网站公开。", bold=True)
    _run(lead, "本年通过网站公开信息１２０条,较上年增加10条。")
    _para(doc, "二、收到和处理政府信息公开申请情况", "黑体", bold=True)
    blank = ""
    t3 = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", blank, blank,
         "申请人情况", blank, blank, blank, blank, blank, blank, "备注"],
        [blank, blank, blank, "自 然 人", "法人或其他组织", blank, blank, blank, blank, "总计", blank],
        [blank, blank, blank, blank, "商业|企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
         blank, blank],
        ["一、本年新收政府信息|公开申请数量", blank, blank, "１２", "3", "0", "—", "无", blank, "15",
         "9"],
        ["二、上年结转政府信息公开申请数量", blank, blank, "0", blank, blank, blank, blank, blank,
         "0", blank],
        ["三、本年度办理结果", "（一）予以公开", blank, "10", "3", blank, blank, blank, blank, "13",
         blank],
        [blank, "（三）不予公开", "1．属于国家秘密", "0", blank, blank, blank, blank, blank, "0", blank],
        [blank, blank, "2．其他法律行政法规禁止公开", "2", blank, blank, blank, blank, blank, "2",
         blank],
        [blank, "（七）总计", blank, "12", "3", blank, blank, blank, blank, "15", blank],
        ["四、结转下年度继续办理", blank, blank, "0", "0", blank, blank, blank, blank, "0", blank],
    ]
    merges = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9), (0, 10, 2, 10),
              (3, 0, 3, 2), (4, 0, 4, 2), (5, 0, 8, 0), (5, 1, 5, 2), (6, 1, 7, 1), (8, 1, 8, 2),
              (9, 0, 9, 2)]
    _table(doc, t3, merges, [1.1, 1.9, 3.7, 1.3, 1.2, 1.2, 1.6, 1.4, 0.9, 1.0, 1.5])
    _para(doc, "三、政府信息公开行政复议、行政诉讼情况", "黑体", bold=True)
    t4 = [["行政复议", blank, blank, blank, blank],
          ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
          ["1", "0", "／", "0", "1"]]
    _table(doc, t4, [(0, 0, 0, 4)], [2.0, 2.0, 2.0, 2.0, 2.0])
    _para(doc, "四、存在的主要问题及改进情况", "黑体", bold=True)
    _para(doc, "公开形式较为单一。")
    _para(doc, "测试县样本镇人民政府", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "二〇二二年一月二十日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


EXPECTED_BLOCKS = [
    ("p", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，现公布本报告。"),
    ("h2", "一、总体情况"), ("h3", "（一）主动公开"), ("h4", "1．网站公开"),
    ("p", "本年通过网站公开信息120条，较上年增加10条。"),
    ("h2", "二、收到和处理政府信息公开申请情况"), ("h2", "三、政府信息公开行政复议、行政诉讼情况"),
    ("h2", "四、存在的主要问题及改进情况"), ("p", "公开形式较为单一。")]
NEW = "一、本年新收政府信息公开申请数量"
EXPECTED_T3 = {
    (NEW, "自然人"): "12", (NEW, "商业企业"): "3", (NEW, "科研机构"): "0", (NEW, "总计"): "15",
    ("二、上年结转政府信息公开申请数量", "自然人"): "0", ("二、上年结转政府信息公开申请数量", "总计"): "0",
    ("（一）予以公开", "自然人"): "10", ("（一）予以公开", "商业企业"): "3",
    ("（一）予以公开", "总计"): "13",
    ("1．属于国家秘密", "自然人"): "0", ("1．属于国家秘密", "总计"): "0",
    ("2．其他法律行政法规禁止公开", "自然人"): "2", ("2．其他法律行政法规禁止公开", "总计"): "2",
    ("（七）总计", "自然人"): "12", ("（七）总计", "商业企业"): "3", ("（七）总计", "总计"): "15",
    ("四、结转下年度继续办理", "自然人"): "0", ("四、结转下年度继续办理", "商业企业"): "0",
    ("四、结转下年度继续办理", "总计"): "0"}
EXPECTED_T4 = {("行政复议", "结果维持"): "1", ("行政复议", "结果纠正"): "0",
               ("行政复议", "尚未审结"): "0", ("行政复议", "总计"): "1"}


def _check(report: Report, out: str) -> None:
    assert report.title == TITLE and report.year == 2021 and report.table_format == "2021"
    assert report.organisation == "测试县样本镇人民政府"
    assert report.published.isoformat() == "2022-01-20T00:00:00+08:00"
    assert report.category == ("政府信息公开", "政府信息公开年报")
    assert text_blocks(report) == EXPECTED_BLOCKS
    figures = {kind: {k: f.text for k, f in t.figures.items()}
               for kind, t in report.standard_tables.items()}
    assert figures == {"三": EXPECTED_T3, "四": EXPECTED_T4}
    # the figure under 备注 has no standard column: named with its row and cell
    assert "warning: table 三, row “一、本年新收政府信息公开申请数量”, cell “9” (column 11)" in out
    assert "索引号 (index_number) not found" in out


def test_office_word_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "样本镇2021年报.docx"
    source.write_bytes(office_docx())
    content = empty_content(tmp_path / "content")
    assert run_import(source, "--content", content, "--category", "政府信息公开/政府信息公开年报") == 0
    out = capsys.readouterr().out
    assert "2021-yangben.md" in out  # the address made from the signature's name
    _check(load_report(content, "2021-yangben"), out)


def test_word_97_file_through_libreoffice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if libreoffice.soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: scripts/install --test installs it")
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "样本镇2021年报.doc"
    source.write_bytes(libreoffice.convert(office_docx(), ".docx", "doc"))  # as an office saves it
    assert source.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    content = empty_content(tmp_path / "content")
    assert run_import(source, "--content", content, "--category", "政府信息公开/政府信息公开年报") == 0
    _check(load_report(content, "2021-yangben"), capsys.readouterr().out)


def test_tracked_changes_and_content_controls(tmp_path: Path) -> None:
    """What Word shows is imported: insertions kept, deletions left out, and
    paragraphs inside content controls (w:sdt) read like any other."""
    from docx.oxml import parse_xml

    from reader.importing import docx_reader

    doc = docx.Document()
    _para(doc, TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    stamp = 'w:author="办公室" w:date="2022-01-18T09:00:00Z"'
    changed = parse_xml(
        f'<w:p {w}><w:r><w:t>本年公开信息</w:t></w:r><w:del w:id="1" {stamp}><w:r>'
        f'<w:delText>100</w:delText></w:r></w:del><w:ins w:id="2" {stamp}><w:r><w:t>120</w:t>'
        '</w:r></w:ins><w:r><w:t>条。</w:t></w:r></w:p>')
    control = parse_xml(f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>控件中的段落。</w:t></w:r></w:p>'
                        '</w:sdtContent></w:sdt>')
    body = doc.element.body
    body.insert(len(body) - 1, changed)
    body.insert(len(body) - 1, control)
    out = io.BytesIO()
    doc.save(out)
    source = docx_reader.read(out.getvalue())
    assert source.meta["title"] == TITLE
    assert [item.text for item in source.items] == ["本年公开信息120条。", "控件中的段落。"]


def test_table_of_contents_is_left_out(tmp_path: Path) -> None:
    from reader.importing import docx_reader

    doc = docx.Document()
    _para(doc, TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    toc = doc.styles.add_style("TOC 1", 1)  # Word's style for table-of-contents entries
    for line in ("一、总体情况\t1", "二、主动公开政府信息情况\t2"):
        doc.add_paragraph(line, style=toc)
    _para(doc, "一、总体情况", "黑体")
    out = io.BytesIO()
    doc.save(out)
    assert [item.text for item in docx_reader.read(out.getvalue()).items] == ["一、总体情况"]


def test_word_automatic_numbering(tmp_path: Path) -> None:
    """Headings numbered by Word's list numbering (一、 （一）) and a bulleted
    list: the numbers appear as Word shows them, the bullets as a list."""
    from docx.oxml import parse_xml

    from reader.importing import docx_reader

    doc = docx.Document()
    _para(doc, TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = doc.part.numbering_part.element
    for abstract, levels in (("907", [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                                    ("decimal", "%3.")]),
                             ("908", [("bullet", "•")])):
        lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
        numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="{abstract}">{lvls}'
                                      "</w:abstractNum>"))
        numbering.append(parse_xml(f'<w:num {w} w:numId="{abstract}"><w:abstractNumId '
                                   f'w:val="{abstract}"/></w:num>'))

    def numbered(text: str, num: str, level: int) -> None:
        paragraph = doc.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))

    numbered("总体情况", "907", 0)
    numbered("主动公开", "907", 1)
    _para(doc, "本年公开信息120条。")
    numbered("依申请公开", "907", 1)
    numbered("网站", "908", 0)
    numbered("政务大厅", "908", 0)
    numbered("其他需要报告的事项", "907", 0)
    numbered("网站公开情况", "907", 2)
    out = io.BytesIO()
    doc.save(out)
    source = docx_reader.read(out.getvalue())
    assert [(item.text, item.list_item) for item in source.items] == [
        ("一、总体情况", ""), ("（一）主动公开", ""), ("本年公开信息120条。", ""),
        ("（二）依申请公开", ""), ("网站", "bullet"), ("政务大厅", "bullet"),
        ("二、其他需要报告的事项", ""), ("1.网站公开情况", "")]
