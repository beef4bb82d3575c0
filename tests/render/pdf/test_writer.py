"""The PDF file as a reader gets it: downloaded over HTTP in each script and
read back with pypdf and pikepdf: tags, language, title and the other
properties, the embedded font subsets in the script's regional faces, the
text, the layout; and what the server needs to make it."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reader.content.reports import load
from reader.language.convert import Converter
from reader.language.variants import BY_CODE
from reader.render.pdf import source, writer
from reader.render.pdf.writer import FONT_FILES, check_environment, find_fonts
from tests.served_files import CONTENT, VARIANT_IDS, served, squash

# the regional face of each script: Noto CJK SC/TC/HK, UKai CN/TW/HK
FACE = {"zh-Hans-CN": "sc", "zh-Hant-TW": "tc", "zh-Hant-HK": "hk"}
UKAI = {"zh-Hans-CN": "CN", "zh-Hant-TW": "TW", "zh-Hant-HK": "HK"}
MAX_SIZE = 200 * 1024  # the seed report in any script (issue 20)

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


def fonts(data: bytes) -> dict[str, bool]:
    """Every font the pages use, by /BaseFont: whether its file is embedded."""
    found = {}
    with pikepdf.open(io.BytesIO(data)) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                found[str(font.BaseFont)] = any(key in descriptor for key in (
                    "/FontFile", "/FontFile2", "/FontFile3"))
    return found


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_served_as_pdf_named_after_the_title(code: str) -> None:
    headers = served().headers(code, "pdf")
    assert headers["content-type"] == "application/pdf"
    assert served().body(code, "pdf").startswith(b"%PDF-")
    encoded = headers["content-disposition"].split("filename*=UTF-8''")[1]
    assert unquote(encoded) == served().pages[code].title + ".pdf"


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_tagged_with_language_title_and_properties_in_the_script(code: str) -> None:
    reader = pdf(code)
    root = reader.trailer["/Root"]
    page = served().pages[code]
    assert root["/Lang"] == BY_CODE[code].speech_lang  # zh-CN, zh-TW, zh-HK
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == page.title
    assert reader.metadata.author == page.meta[-1]  # the issuing body, in the script
    assert reader.metadata.subject == page.title  # the summary, else the title
    assert page.meta[-1] in reader.metadata["/Keywords"]
    assert reader.metadata.creation_date.year == 2020  # the publication date, not "now"
    assert "pdfuaid:part>1<" in reader.xmp_metadata.stream.get_data().decode()
    types = struct_types(code)
    for tag in ("/H1", "/H2", "/H3", "/P", "/Table", "/Caption", "/TR", "/TH", "/TD"):
        assert tag in types, tag
    assert types.count("/H1") == 1
    assert types.count("/Table") == 3  # one per table, however many pages it crosses
    assert types.count("/TH") > 50


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_bookmarks_follow_the_headings(code: str) -> None:
    """The title, then the sections under it, each with its sub-headings."""
    title, sections = pdf(code).outline
    page = served().pages[code]
    assert squash(title.title) == squash(page.title)
    assert [squash(s.title) for s in sections if not isinstance(s, list)] == \
        [squash(h) for h in page.texts("h2")]
    nested = [squash(s.title) for group in sections if isinstance(group, list) for s in group]
    assert nested == [squash(h) for h in page.texts("h3")]


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_free_fonts_embedded_as_subsets_in_the_regional_face(code: str) -> None:
    data = served().body(code, "pdf")
    found = fonts(data)
    for name, embedded in found.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        assert embedded, name
    faces = sorted(re.sub(r"^/[A-Z]{6}\+|-Identity-H$", "", name) for name in found)
    assert faces == sorted([f"NotoSansCJK{FACE[code]}-Regular", f"NotoSerifCJK{FACE[code]}-Bold",
                            f"NotoSerifCJK{FACE[code]}-Regular", f"UKai{UKAI[code]}"])
    assert len(data) <= MAX_SIZE, f"{len(data) / 1024:.0f} KB"


def test_a_character_no_font_has_is_reported_and_the_pdf_still_made(
        caplog: pytest.LogCaptureFixture) -> None:
    """PDF/UA forbids a missing glyph, and Typst refuses to export one: every
    PDF that claims PDF/UA (all of the seed's, above) has every glyph. A
    character none of the fonts has (𠀀, CJK extension B) is logged, and
    the file is made all the same, without the claim."""
    report = load(CONTENT).reports[0]
    text = source.build(report, BY_CODE["zh-Hans-CN"], Converter(), load(CONTENT).site)
    text["blocks"][0]["runs"] = [{"text": "罕见字𠀀在此。"}]
    import json

    with caplog.at_level(logging.WARNING, logger="reader.render.pdf.writer"):
        data = writer.compile_pdf(json.dumps(text, ensure_ascii=False))
    assert "could not be displayed" in caplog.text
    reader = PdfReader(io.BytesIO(data))
    assert "罕见字" in reader.pages[0].extract_text()
    assert "pdfuaid" not in reader.xmp_metadata.stream.get_data().decode()


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_text_is_the_page_text_in_the_same_script(code: str) -> None:
    page = served().pages[code]
    text = pdf_text(code)
    assert squash(page.title) in text
    blocks = page.texts("p", "h2", "h3", "h4", "h5", "h6", "caption", "th", "td")
    assert len(blocks) > 20
    for block in blocks:
        assert squash(block) in text, block
    # 未报告 cells (and the notes that explain them) read as on the page
    not_reported = [b for b in page.blocks if b.tag == "td" and "cell-nr" in b.attrs.get("class", "")]
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
    # 落款 never alone on the last page: the last paragraph comes with it
    last = squash(reader.pages[-1].extract_text())
    assert squash(served().pages[code].texts("p")[-1]) in last


def test_headings_take_the_face_of_their_numbering() -> None:
    content = load(CONTENT)
    data = source.build(content.reports[0], BY_CODE["zh-Hans-CN"], Converter(), content.site)

    def faces(blocks: list[dict[str, object]]) -> dict[str, str]:
        found = {}
        for block in blocks:
            if block["kind"] == "heading":
                runs = block["runs"]
                assert isinstance(runs, list)
                found["".join(run["text"] for run in runs)] = str(block["face"])
            if block["kind"] == "landscape":
                blocks_inside = block["blocks"]
                assert isinstance(blocks_inside, list)
                found.update(faces(blocks_inside))
        return found

    found = faces(data["blocks"])
    assert found["一、总体情况"] == "hei"
    assert found["1．主动公开情况"] == "fang"
    assert found["（一）存在问题"] == "kai"
    assert [b["kind"] for b in data["blocks"]].count("landscape") == 1
    assert [len(t["columns"]) for t in source.tables(data["blocks"])] == [4, 10, 15]


# --- what the server needs ------------------------------------------------------------


def test_startup_check_names_the_debian_packages(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="reader.render.pdf.writer"):
        missing = check_environment(found={}, has_typst=lambda: False)
    assert not missing.pdf
    assert "typst" in missing.problems[0]
    fonts_lines = missing.problems[1:]
    assert len(fonts_lines) == 2  # one line per Debian package, each file named once
    assert "fonts-noto-cjk" in fonts_lines[0] and "PDF downloads are off" in fonts_lines[0]
    assert "NotoSerifCJK-Regular.ttc" in fonts_lines[0] and "NotoSansCJK-Regular.ttc" in fonts_lines[0]
    assert "fonts-arphic-ukai" in fonts_lines[1] and "off" not in fonts_lines[1]
    assert caplog.text.count("fonts-") == 2

    everything = {name: Path("/fonts") / name for name in FONT_FILES}
    without_kai = check_environment(found={k: v for k, v in everything.items() if k != "ukai.ttc"},
                                    has_typst=lambda: True)
    assert without_kai.pdf  # 楷体 headings fall back to the body face
    assert len(without_kai.problems) == 1 and "fonts-arphic-ukai" in without_kai.problems[0]

    ready = check_environment(found=everything, has_typst=lambda: True)
    assert ready.pdf and ready.problems == []


def test_this_machine_can_make_pdfs() -> None:
    assert check_environment().problems == []
    assert set(find_fonts()) == set(FONT_FILES)


def test_fonts_are_found_in_a_folder_named_by_reader_fonts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "ukai.ttc").write_bytes(b"font")
    monkeypatch.setenv("READER_FONTS", str(tmp_path))
    assert find_fonts()["ukai.ttc"] == tmp_path / "deep" / "er" / "ukai.ttc"
