"""PDFs as offices make them: a real report (the corpus's 2019 report of
上海市人民政府办公厅, tests/data/real/shanghai-bgt-2019) written to a Word file
— tables with ruling lines and merged cells, a running header, page numbers
“- 1 -”, a table that runs over a page with its header rows repeated, the
signature at the end — and printed to PDF by LibreOffice; then imported and
compared with the hand reading of the source. A scan of its first page goes
through OCR. Without LibreOffice or OCRmyPDF these tests are skipped, except
in CI, where `scripts/install --test` installs them."""

from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reader.content import document as d
from reader.importing import html_reader, libreoffice
from reader.importing.pdf import ocr
from reader.importing.pdf import reader as pdf_reader
from reader.importing.source import Para, Refused
from tests.importing import real_corpus

SOURCE = real_corpus.REAL / "shanghai-bgt-2019"
HEADER = "上海市人民政府办公厅政府信息公开工作年度报告"


def _need(found: bool, what: str) -> None:
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing (scripts/install --test installs it)")
        pytest.skip(f"{what} is not installed")


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE) inside a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == code else "w:t")
            element.text = text
        run._r.append(element)


def _table(document: Any, table: d.Table, header_rows: int) -> None:
    grid = table.grid()
    out = document.add_table(rows=len(grid), cols=table.width)
    out.style = "Table Grid"
    done: set[int] = set()
    for line in grid:
        for placed in line:
            if placed is None or id(placed) in done:
                continue
            done.add(id(placed))
            cell = out.cell(placed.row, placed.col)
            if placed.rowspan > 1 or placed.colspan > 1:
                cell = cell.merge(out.cell(placed.row + placed.rowspan - 1,
                                           placed.col + placed.colspan - 1))
            cell.text = d.plain_text(placed.cell.children).replace("\xa0", " ").strip()
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)
    for row in out.rows[:header_rows]:  # repeated at the top of every page the table runs over
        flag = OxmlElement("w:tblHeader")
        row._tr.get_or_add_trPr().append(flag)


def office_docx() -> bytes:
    source = html_reader.read((SOURCE / "report.html").read_bytes())
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.left_margin, section.right_margin = Mm(37), Mm(28), Mm(26)
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    _field(footer, "PAGE")
    footer.add_run(" -")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(source.meta["title"]).font.size = Pt(22)
    tables = 0
    for item in source.items:
        if isinstance(item, Para):
            if item.text.startswith("发布日期"):
                continue
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            paragraph.add_run(item.text).font.size = Pt(16)
        elif isinstance(item, d.Table):
            tables += 1
            _table(document, item, 3 if tables == 2 else 0)
    for line, align in (("上海市人民政府办公厅", WD_ALIGN_PARAGRAPH.RIGHT),
                        ("2020年1月31日", WD_ALIGN_PARAGRAPH.RIGHT)):
        paragraph = document.add_paragraph()
        paragraph.alignment = align
        paragraph.add_run(line).font.size = Pt(16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def office_pdf() -> bytes:
    _need(libreoffice.soffice() is not None, "LibreOffice")
    return libreoffice.convert(office_docx(), ".docx", "pdf")


def _expected() -> dict[str, Any]:
    expected = yaml.safe_load((SOURCE / "expected.yaml").read_text("utf-8"))
    return {**expected, "kind": "pdf", "document": "report.pdf"}


def _score(pdf: bytes, expected: dict[str, Any]) -> real_corpus.Score:
    with tempfile.TemporaryDirectory(prefix="reader-pdf-") as tmp:
        (Path(tmp) / "shanghai-bgt-2019").mkdir()
        (Path(tmp) / "shanghai-bgt-2019" / expected["document"]).write_bytes(pdf)
        previous = os.environ.get("READER_REAL_CORPUS")
        os.environ["READER_REAL_CORPUS"] = tmp
        try:
            return real_corpus.score("shanghai-bgt-2019", expected)
        finally:
            if previous is None:
                del os.environ["READER_REAL_CORPUS"]
            else:
                os.environ["READER_REAL_CORPUS"] = previous


def test_the_printed_report_has_what_offices_print(office_pdf: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(office_pdf)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert all(HEADER in text for text in texts)  # a running header on every page
    assert any("- 2 -" in text for text in texts)
    spread = [i for i, text in enumerate(texts) if "予以公开" in text or "结转下年度" in text]
    assert spread[-1] > spread[0], "table 三 should run over a page"
    assert sum("申请人情况" in text for text in texts) >= 2, "its header rows repeat"


def test_printed_pdf_imports_as_the_source_reads(office_pdf: bytes) -> None:
    result = _score(office_pdf, _expected())
    assert not result.refused, result.refused
    assert result.invented == []
    assert result.missed == [], f"{result.found}/{result.expected}"


def test_printed_pdf_body_leaves_out_headers_and_page_numbers(office_pdf: bytes) -> None:
    source = pdf_reader.read(office_pdf)
    text = "\n".join(item.text for item in source.items if isinstance(item, Para))
    assert HEADER not in text and "- 1 -" not in text and "- 2 -" not in text
    assert source.meta["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    # wrapped lines joined back into their paragraphs
    assert any(item.text.startswith("2019年，上海市人民政府办公厅坚持") and item.text.endswith("满意度。")
               for item in source.items if isinstance(item, Para))


def _scan_of_first_page(pdf: bytes) -> bytes:
    _need(subprocess.run(["which", "pdftoppm"], capture_output=True).returncode == 0,
          "pdftoppm (poppler-utils)")
    return real_corpus.scanned(pdf, pages=1, dpi=300)


def test_scanned_page_is_read_by_ocr(office_pdf: bytes) -> None:
    _need(ocr.available(), f"OCR ({ocr.PACKAGES})")
    source = pdf_reader.read(_scan_of_first_page(office_pdf))
    assert source.ocr and ocr.WARNING in source.warnings
    paragraphs = [item.text for item in source.items if isinstance(item, Para)]
    printed = next(p for p in paragraphs if p.startswith("本年度报告根据"))
    wanted = next(item.text for item in html_reader.read((SOURCE / "report.html").read_bytes()).items
                  if isinstance(item, Para) and item.text.startswith("本年度报告根据"))
    # wrapped lines joined again, read as printed but for a few characters OCR confuses
    printed, wanted = (unicodedata.normalize("NFKC", t) for t in (printed, wanted))
    assert len(printed) > 0.6 * len(wanted)
    assert difflib.SequenceMatcher(None, printed, wanted[:len(printed)]).ratio() > 0.9, printed
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", "".join(paragraphs)), \
        "the spaces Tesseract puts between characters are removed"


def test_scan_without_ocr_is_refused_naming_the_packages(
        office_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(Refused, match="ocrmypdf tesseract-ocr-chi-sim"):
        pdf_reader.read(_scan_of_first_page(office_pdf))
