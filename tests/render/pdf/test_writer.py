"""The PDF file as a reader gets it: downloaded over HTTP in each script and
read back with pypdf: tags, language, title, embedded font subsets, text."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reader.render.pdf.writer import print_body
from tests.served_files import CONTENT, VARIANT_IDS, served, squash

FACE = {"zh-Hans-CN": "SC", "zh-Hant-TW": "TC", "zh-Hant-HK": "HK"}
UKAI = {"zh-Hans-CN": "CN", "zh-Hant-TW": "TW", "zh-Hant-HK": "HK"}

_readers: dict[str, PdfReader] = {}


def pdf(code: str) -> PdfReader:
    if code not in _readers:
        _readers[code] = PdfReader(io.BytesIO(served().body(code, "pdf")))
    return _readers[code]


def pdf_text(code: str) -> str:
    """The text of all pages, page numbers (— 1 —) taken out."""
    return re.sub(r"—\d+—", "", squash("".join(page.extract_text() for page in pdf(code).pages)))


def struct_types(code: str) -> list[str]:
    found: list[str] = []

    def walk(node: object, depth: int = 0) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(str(node["/S"]))
            if "/K" in node and depth < 60:
                walk(node["/K"], depth + 1)

    walk(pdf(code).trailer["/Root"]["/StructTreeRoot"])
    return found


def fonts(code: str) -> dict[str, DictionaryObject]:
    found = {}
    for page in pdf(code).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_served_as_pdf_named_after_the_title(code: str) -> None:
    headers = served().headers(code, "pdf")
    assert headers["content-type"] == "application/pdf"
    assert served().body(code, "pdf").startswith(b"%PDF-")
    encoded = headers["content-disposition"].split("filename*=UTF-8''")[1]
    assert unquote(encoded) == served().pages[code].title + ".pdf"


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_tagged_with_language_title_and_display_title(code: str) -> None:
    reader = pdf(code)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == code
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == served().pages[code].title
    assert reader.metadata.author == served().pages[code].meta[-1]
    assert reader.metadata.creation_date.year == 2020  # the publication date, not "now"
    types = struct_types(code)
    for tag in ("/H1", "/H2", "/H3", "/P", "/Table", "/TR", "/TH", "/TD"):
        assert tag in types, tag
    assert types.count("/H1") == 1
    assert types.count("/Table") >= 3  # WeasyPrint tags each page's part of a table
    assert types.count("/TH") > 50


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_free_fonts_embedded_as_subsets_in_the_regional_face(code: str) -> None:
    found = fonts(code)
    assert found
    for name, font in found.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    names = " ".join(found)
    assert f"Noto-Serif-CJK-{FACE[code]}" in names  # body (for 仿宋) and title
    assert f"Noto-Sans-CJK-{FACE[code]}" in names  # 一、 headings (黑体)
    assert f"UKai-{UKAI[code]}" in names  # （一） headings (楷体)
    assert len(served().body(code, "pdf")) < 2_000_000  # full fonts would be ~58 MB


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_text_is_the_page_text_in_the_same_script(code: str) -> None:
    page = served().pages[code]
    text = pdf_text(code)
    assert squash(page.title) in text
    blocks = page.texts("p", "h2", "h3", "h4", "h5", "h6", "caption")
    assert len(blocks) > 20
    for block in blocks:
        assert squash(block) in text, block
    # 未报告 cells (and the notes that explain them) read as on the page
    not_reported = page.blocks[0].text and [b for b in page.blocks if b.tag == "td"
                                            and "cell-nr" in b.attrs.get("class", "")]
    word = not_reported[0].text
    page_count = sum(squash(b.text).count(word) for b in page.blocks if b.tag in ("p", "td"))
    assert text.count(word) == page_count
    if code != "zh-Hans-CN":
        assert "张家川县" not in text and "張家川縣" in text


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_official_layout(code: str) -> None:
    reader = pdf(code)
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)
    assert "—1—" in squash(first.extract_text())  # page number 1
    assert "—2—" in squash(reader.pages[1].extract_text())
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape) == 1  # the 15-column table 四
    # its heading travels with it, never left at the foot of the portrait page before
    assert squash(landscape[0].extract_text()).startswith("四、")


def test_headings_take_the_face_of_their_numbering() -> None:
    from reader.content.reports import load

    report = load(CONTENT).reports[0]
    body = print_body(report.blocks)
    assert 'class="face-hei">一、总体情况' in body
    assert 'class="face-fang">1．主动公开情况' in body
    assert 'class="face-kai">（一）存在问题' in body
    assert body.count('<section class="landscape">') == 1
    assert "<colgroup>" in body
