"""A PDF (.pdf) → a Source. The text layer is read with pdfplumber: words with
their positions and type sizes, tables from their ruling lines (``tables``),
the rest as lines and paragraphs (``layout``). A table that goes on over the
next page is joined into one, its repeated header rows left out; text between
tables is read for tables drawn without ruling lines (``text_tables``). The
title is the large type at the top of the first page. A PDF without a text
layer (a scan) is read by OCR first (``ocr``), with a warning."""

from __future__ import annotations

import io
import re
from typing import Any

from reader.content import document as d
from reader.importing import text_tables
from reader.importing.pdf import layout, ocr, tables
from reader.importing.pdf.layout import Line, Word
from reader.importing.source import Item, Para, Refused, Source
from reader.importing.text import clean_space

TEXT_PER_PAGE = 20  # fewer characters than this a page: the pages are images


def _open(raw: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
        _ = pdf.pages
        return pdf
    except PDFPasswordIncorrect:
        raise Refused("a password-protected PDF: save it again without a password") from None
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise Refused("a password-protected PDF: save it again without a password") from None
        raise Refused(f"a damaged PDF ({' '.join(str(cause).split())[:80]}); open it and save it "
                      "again") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise Refused(f"a damaged PDF ({type(exc).__name__}); open it and save it again") from None


def _words(page: Any) -> list[Word]:
    out = []
    for w in page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                                extra_attrs=["size"]):
        text = w["text"].strip()
        if text:
            out.append(Word(text, w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"])))
    return out


def _is_scan(page: Any) -> bool:
    """A page that is one picture of a printed page (with text OCR put over
    it): its table lines are in the picture, not drawn."""
    return not page.lines and any(
        image["width"] >= 0.8 * float(page.width) and image["height"] >= 0.8 * float(page.height)
        for image in page.images)


def read(raw: bytes, scanned_ok: bool = True) -> Source:
    pdf = _open(raw)
    with pdf:
        characters = sum(len(page.chars) for page in pdf.pages)
        if characters < TEXT_PER_PAGE * max(1, len(pdf.pages)):
            if not scanned_ok:
                raise Refused("OCR found no text in this scan")
            source = read(ocr.recognise(raw), scanned_ok=False)
            source.ocr = True
            source.warnings.insert(0, ocr.WARNING)
            return source
        meta_title = clean_space(str((pdf.metadata or {}).get("Title", "") or ""))
        pages: list[list[Line]] = []
        heights: list[float] = []
        found: list[list[tables.PageTable]] = []
        for number, page in enumerate(pdf.pages):
            if _is_scan(page):
                # a table in a picture: its cells read from the characters between the
                # ruling lines found in the picture, as spaced rows (``text_tables``)
                vertical, _ = ocr.ruling(page)
                lines = [tables._line(x, x, top, bottom) for x, top, bottom in vertical]
                pages.append(layout.lines_of(tables.scanned_words(page, lines), number, vertical))
                page_tables: list[tables.PageTable] = []
            else:
                words = _words(page)
                page_tables = tables.find(page, words)
                loose = [w for w in words if not any(
                    t.top - 1 <= w.centre_y <= t.bottom + 1 and t.columns[0] - 1 <= w.centre_x
                    <= t.columns[-1] + 1 for t in page_tables)]
                pages.append(layout.lines_of(loose, number))
            heights.append(float(page.height))
            found.append(page_tables)
    pages = layout.drop_running(pages, heights)
    frame = layout.frame_of(pages)
    source = Source()
    title = _title(pages, frame)
    if title:
        source.meta["title"] = title
    elif meta_title:
        source.meta["title"] = meta_title
    source.items = _items(pages, found, frame)
    return source


def _title(pages: list[list[Line]], frame: layout.Frame) -> str:
    """The lines in large type that open the first page, taken out of it."""
    if not pages or not pages[0]:
        return ""
    first = pages[0]
    taken = 0
    while taken < min(4, len(first)) and first[taken].size >= frame.size * 1.15 \
            and not re.match(r"^[一二三四五六七八九十]+、", first[taken].text.strip()):
        taken += 1
    if not taken:
        return ""
    title = "".join(line.text.strip() for line in first[:taken])
    del first[:taken]
    return re.sub(r"\s+", "", title) if re.search(r"[\u4e00-\u9fff]", title) else title


def _items(pages: list[list[Line]], found: list[list[tables.PageTable]],
           frame: layout.Frame) -> list[Item]:
    """Text and tables in reading order, tables joined across pages."""
    blocks: list[Line | tables.PageTable] = []
    for lines, page_tables in zip(pages, found, strict=True):
        page_blocks: list[Line | tables.PageTable] = [*lines, *page_tables]
        page_blocks.sort(key=lambda b: b.top)
        for block in page_blocks:
            previous = blocks[-1] if blocks else None
            if isinstance(block, tables.PageTable) and isinstance(previous, tables.PageTable) \
                    and block is page_blocks[0] and tables.continues(previous, block):
                tables.join(previous, block)
                continue
            blocks.append(block)
    items: list[Item] = []
    text: list[Line] = []
    ending: list[Line | tables.PageTable | None] = [*blocks, None]
    for part in ending:
        if isinstance(part, Line):
            text.append(part)
            continue
        if text:
            items.extend(text_tables.items([p for p, _ in layout.paragraphs(text, frame)]))
            _mark_centred(items, text, frame)
            text = []
        if isinstance(part, tables.PageTable):
            items.append(d.Table("", [], [[d.Row(row) for row in part.rows]]))
    return items


def _mark_centred(items: list[Item], lines: list[Line], frame: layout.Frame) -> None:
    centred = {line.text.strip() for line in lines
               if abs((line.x0 + line.x1) / 2 - (frame.left + frame.right) / 2) < frame.size
               and line.x0 > frame.left + 2 * frame.size}
    for item in items:
        if isinstance(item, Para) and item.text in centred:
            item.centred = True
