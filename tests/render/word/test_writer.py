"""The Word file as a reader gets it: downloaded over HTTP in each script and
read back with python-docx."""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import unquote

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from reader.language.variants import BY_CODE
from reader.render import layout
from tests.served_files import SLUG, VARIANT_IDS, served, squash

W_T = qn("w:t")


def document(code: str) -> docx.document.Document:
    return docx.Document(io.BytesIO(served().body(code, "docx")))


def text_of(element) -> str:  # noqa: ANN001 - an lxml element
    return "".join(t.text or "" for t in element.iter(W_T))


def body_paragraphs(doc: docx.document.Document) -> list:
    return list(doc.element.body.iterchildren(qn("w:p")))


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_served_as_word_file_named_after_the_title(code: str) -> None:
    headers = served().headers(code, "docx")
    assert headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    page = served().pages[code]
    encoded = headers["content-disposition"].split("filename*=UTF-8''")[1]
    assert unquote(encoded) == page.title + ".docx"
    assert served().body(code, "docx")[:2] == b"PK"


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_title_headings_and_paragraphs_are_the_page_text(code: str) -> None:
    doc = document(code)
    page = served().pages[code]
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    style, title = paragraphs[0]
    assert style == "Heading 1" and title.replace("\n", "") == page.title
    assert title.count("\n") == 1 and "年度\n" in title  # broken after the year (梯形)

    page_headings = [(f"Heading {b.tag[1]}", b.text) for b in page.blocks
                     if b.tag in ("h2", "h3", "h4", "h5", "h6")]
    doc_headings = [(style, text) for style, text in paragraphs[1:] if style.startswith("Heading")]
    assert doc_headings == page_headings
    assert len(doc_headings) >= 6

    doc_texts = [squash(text) for _, text in paragraphs]
    position = 0
    for text in page.texts("p"):  # every page paragraph, in the page's order
        position = doc_texts.index(squash(text), position) + 1


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_tables_are_real_tables_with_header_rows_caption_and_not_reported_cells(code: str) -> None:
    doc = document(code)
    page = served().pages[code]
    tables = list(doc.element.body.iter(qn("w:tbl")))
    captions = page.texts("caption")
    assert len(tables) == len(captions) == 3
    for tbl, caption in zip(tables, captions, strict=True):
        props = tbl.find(qn("w:tblPr"))
        assert props.find(qn("w:tblCaption")).get(qn("w:val")) == caption
        assert props.find(qn("w:tblDescription")).get(qn("w:val"))
    # tables 三 and 四 have a three-row head, repeated on every page
    for tbl in tables[1:]:
        rows = tbl.findall(qn("w:tr"))
        marked = [row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for row in rows]
        assert marked[:3] == [True, True, True] and not any(marked[3:])
    assert tables[1].findall(qn("w:tr"))[0].findall(qn("w:tc"))[0].find(qn("w:tcPr")).find(
        qn("w:gridSpan")).get(qn("w:val")) == "3"
    # every cell the page shows as 未报告 (in this script) reads the same in Word
    not_reported = [b.text for b in page.blocks if b.tag == "td"
                    and "cell-nr" in b.attrs.get("class", "")]
    word_cells = [text_of(tc) for tbl in tables for tc in tbl.iter(qn("w:tc")) if text_of(tc)]
    assert len(not_reported) > 50
    assert sum(1 for text in word_cells if text == not_reported[0]) == len(not_reported)
    page_cells = sorted(squash(t) for t in page.texts("th", "td"))
    assert sorted(squash(t) for t in word_cells) == page_cells


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_fonts_are_named_with_east_asian_names_and_no_theme_fonts(code: str) -> None:
    doc = document(code)
    fonts = layout.WORD_FONTS[code]
    styles = doc.styles.element
    for element in [styles, doc.element]:
        for rfonts in element.iter(qn("w:rFonts")):
            assert not any(key.endswith("Theme") or key.endswith("theme") for key in
                           (k.split("}")[-1] for k in rfonts.attrib)), rfonts.attrib
    used = {r.get(qn("w:eastAsia")) for r in doc.element.iter(qn("w:rFonts"))}
    assert None not in used
    assert {fonts["fang"], fonts["hei"], fonts["kai"]} <= used <= set(fonts.values())
    faces = {}
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading") and p.runs:
            faces[p.text] = p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))
    by_prefix = {text[:2]: face for text, face in faces.items()}
    assert by_prefix["一、"] == fonts["hei"]
    assert by_prefix["（一"] == fonts["kai"]
    assert by_prefix["1．"] == fonts["fang"]
    if code == "zh-Hans-CN":
        assert {"仿宋", "黑体", "楷体"} <= used
    else:
        assert "標楷體" in used and "新細明體" in used


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_language_everywhere(code: str) -> None:
    doc = document(code)
    lang = BY_CODE[code].speech_lang
    default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr")).find(qn("w:lang"))
    assert default.get(qn("w:eastAsia")) == lang
    assert default.get(qn("w:val")) == lang
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:eastAsia")) == lang
    assert doc.core_properties.language == lang
    assert "ja-JP" not in doc.styles.element.xml


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_core_properties_in_the_script_and_dated_by_publication(code: str) -> None:
    doc = document(code)
    page = served().pages[code]
    props = doc.core_properties
    assert props.title == page.title
    assert props.author == page.meta[-1]  # 发布机构, as the page shows it in this script
    published = datetime(2020, 1, 15, 10, 16, 9)
    assert props.created.replace(tzinfo=None) == published
    assert props.modified.replace(tzinfo=None) == published
    assert props.identifier == "zmyx/2023-00029"
    if code != "zh-Hans-CN":
        for value in (props.title, props.author, props.keywords, props.category):
            assert "张" not in value and "县" not in value and "驿" not in value, value
        assert "張" in props.author


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_official_layout(code: str) -> None:
    doc = document(code)
    first = doc.sections[0]
    assert abs(first.page_width - Mm(210)) < Mm(0.1) and abs(first.page_height - Mm(297)) < Mm(0.1)
    assert abs(first.top_margin - Mm(37)) < Mm(0.1) and abs(first.left_margin - Mm(28)) < Mm(0.1)
    text_width = first.page_width - first.left_margin - first.right_margin
    text_height = first.page_height - first.top_margin - first.bottom_margin
    assert abs(text_width - Mm(156)) < Mm(0.2) and abs(text_height - Mm(225)) < Mm(0.2)
    # the 15-column table 四 gets a landscape page, then portrait again
    orientations = [s.page_width > s.page_height for s in doc.sections]
    assert orientations == [False, True, False]
    title = doc.styles["Heading 1"]
    assert title.font.size.pt == 22 and title.paragraph_format.alignment == 1  # centred
    assert doc.styles["Normal"].font.size.pt == 16
    for level in range(1, 5):
        ppr = doc.styles[f"Heading {level}"].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
    footer = first.footer.paragraphs[0]
    instr = "".join(t.text for t in footer._p.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE" and footer.text.startswith("— ") and footer.text.endswith(" —")
    assert footer.runs[0].font.size.pt == 14
    assert doc.settings.odd_and_even_pages_header_footer


def test_every_script_gives_different_text_but_the_same_structure() -> None:
    texts = {code: [p.text for p in document(code).paragraphs] for code in VARIANT_IDS}
    assert len({len(t) for t in texts.values()}) == 1
    assert texts["zh-Hans-CN"][0] != texts["zh-Hant-TW"][0]
    assert BY_CODE["zh-Hant-TW"].prefix in served().pages["zh-Hant-TW"].downloads[0]["href"]
    assert SLUG in served().pages["zh-Hant-TW"].downloads[0]["href"]
