from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.language import i18n
from reader.language.convert import Converter
from reader.language.variants import BY_CODE
from reader.web.app import create_app
from tests.conftest import CONTENT, ROOT, SEED
from tests.i18n_pages import runtime_messages

HAN = re.compile(r"[\u3400-\u9fff]")
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
TRANS = re.compile(r"\{% trans[^%]*%\}.*?\{% endtrans %\}", re.S)


@pytest.fixture(scope="module")
def messages() -> set[str]:
    found = {m for m, _, _ in i18n.template_messages(ROOT / "templates")}
    return found | runtime_messages()


def test_every_interface_string_is_in_every_catalog(messages: set[str]) -> None:
    assert len(messages) > 100
    assert i18n.missing(messages) == {}


# pages of the site, shown in every script; audit.html is the audit's report for
# the offices' staff (`reader check --html`), written in simplified Chinese only
SITE_TEMPLATES = sorted(p.name for p in (ROOT / "templates").glob("*.html") if p.name != "audit.html")


@pytest.mark.parametrize("template", SITE_TEMPLATES)
def test_templates_have_no_words_outside_the_catalog(template: str) -> None:
    source = (ROOT / "templates" / template).read_text(encoding="utf-8")
    rest = JINJA.sub(lambda m: "" if m.group().startswith("{#") or "_(" in m.group() else m.group(),
                     TRANS.sub("", source))
    assert [line.strip() for line in rest.splitlines() if HAN.search(line)] == []


@pytest.mark.parametrize("code", list(i18n.LOCALES))
def test_catalog_text_passes_page_conversion_unchanged(code: str) -> None:
    """A page is converted after it is rendered: its localised words come
    through exactly as the catalog writes them, also where OpenCC alone
    would change them (十字游標: OpenCC writes 遊標)."""
    converter = Converter()
    words = i18n.translations(code)
    changed_by_opencc = []
    entries = [entry for entry in i18n.read_catalog(i18n.LOCALES[code]) if entry.id]
    assert len(entries) > 100, "the catalog is (nearly) empty: nothing was checked"
    for entry in entries:
        assert entry.string and isinstance(entry.id, str), f"{entry.id} has no translation"
        marked = words.gettext(entry.id)
        assert i18n.unmark(marked) == entry.string
        assert converter.convert_text(marked, BY_CODE[code], "zh-Hans") == entry.string, entry.id
        if converter.convert_text(entry.string, BY_CODE[code], "zh-Hans") != entry.string:
            changed_by_opencc.append(entry.id)
    assert "十字光标" in changed_by_opencc


def test_marks_are_noncharacters_opencc_passes_and_that_break_phrases() -> None:
    from reader.language.convert import opencc_for

    for mark in (i18n.KEEP_OPEN, i18n.KEEP_CLOSE, i18n.MESSAGE_OPEN, i18n.MESSAGE_CLOSE):
        assert 0xFDD0 <= ord(mark) <= 0xFDEF  # noncharacters: for a program's own use
        out = opencc_for("s2tw").convert(f"前{mark}头发后")
        assert out == f"前{mark}頭髮後" and len(out) == 5
    assert opencc_for("s2tw").convert(f"头{i18n.KEEP_OPEN}发") == f"頭{i18n.KEEP_OPEN}發"


def test_placeholders_stay_outside_the_marks() -> None:
    """A body's name in “%(org)s各年度对比” is content: converted, not kept."""
    words = i18n.translations("zh-Hant-TW")
    line = words.gettext("%(org)s各年度对比") % {"org": "张家川县"}
    assert Converter().convert_text(line, BY_CODE["zh-Hant-TW"]) == "張家川縣各年度對比"


def test_messages_from_writers_that_do_not_know_the_script() -> None:
    """What the Word writer and the PDF's print page go through: runs and
    HTML with message(id) get the region's words, kept from conversion."""
    converter = Converter()
    tw, hk, cn = BY_CODE["zh-Hant-TW"], BY_CODE["zh-Hant-HK"], BY_CODE["zh-Hans-CN"]
    runs = [[(i18n.message("十字光标"), False), ("头发", False)]]
    assert converter.convert_runs(runs, tw) == [["十字游標", "頭髮"]]
    assert converter.convert_runs(runs, cn) == [["十字光标", "头发"]]
    page = f'<p title="{i18n.message("十字光标")}">{i18n.message("十字光标")}头发</p>'
    assert converter.convert_html(page, hk) == '<p title="十字游標">十字游標頭髮</p>'
    assert converter.convert_html(page, cn) == '<p title="十字光标">十字光标头发</p>'


def test_pages_carry_no_marks_and_keep_localised_words(client: TestClient) -> None:
    from tests.i18n_pages import PAGES

    for prefix in ("", "/zh-hant-tw", "/zh-hant-hk"):
        for path in PAGES:
            page = client.get(prefix + path).text
            assert i18n.MARKS.search(page) is None, prefix + path
    help_page = client.get("/zh-hant-tw/help").text
    assert "十字游標" in help_page and "遊標" not in help_page


@pytest.mark.parametrize("prefix,expected", [
    ("", "搜索词太长：最多100个字。"), ("/zh-hant-tw", "搜尋詞太長：最多100個字。"),
    ("/zh-hant-hk", "搜尋詞太長：最多100個字。")])
def test_search_problem_is_localised(client: TestClient, prefix: str, expected: str) -> None:
    page = client.get(prefix + "/search", params={"q": "公开" * 60}).text
    assert expected in page and i18n.MARKS.search(page) is None


CAPTIONLESS = "\n\n| 项目 | 数量 |\n| --- | --- |\n| 头发 | 1 |\n"


def test_default_caption_in_page_word_and_pdf(content_copy: Path) -> None:
    """A table without a caption is named in the interface's words in every
    form a reader gets it, with no mark left in any of them."""
    import io

    import docx
    from pypdf import PdfReader

    from tests.conftest import report_text

    (content_copy / "reports" / "2021-table.md").write_text(report_text() + CAPTIONLESS, encoding="utf-8")
    client = TestClient(create_app(content_copy))
    for prefix in ("", "/zh-hant-tw", "/zh-hant-hk"):
        page = client.get(prefix + "/reports/2021-table").text
        assert re.search(r"<caption[^>]*>表格</caption>", page) and i18n.MARKS.search(page) is None
        word = client.get(prefix + "/reports/2021-table.docx")
        assert word.status_code == 200
        xml = docx.Document(io.BytesIO(word.content)).element.xml
        assert 'w:tblCaption w:val="表格"' in xml and i18n.MARKS.search(xml) is None
    pdf = client.get("/zh-hant-tw/reports/2021-table.pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "表格" in text and "頭髮" in text and i18n.MARKS.search(text) is None


@pytest.mark.parametrize("prefix,local,mainland", [
    ("/zh-hant-tw", ["閱讀設定", "重設為預設設定", "大滑鼠", "Word文件", "「連讀全文」"],
     ["設置", "默認", "鼠標", "文檔"]),
    ("/zh-hant-hk", ["閲讀設定", "重設為預設設定", "大滑鼠", "Word文件"], ["設置", "默認", "鼠標", "文檔"]),
])
def test_pages_speak_the_region(prefix: str, local: list[str], mainland: list[str]) -> None:
    client = TestClient(create_app(CONTENT))
    page = client.get(prefix + SEED).text + client.get(prefix + "/help").text
    for word in local:
        assert word in page
    for word in mainland:
        assert word not in page
    # content is converted, never re-worded: 信息 stays 信息 in the site's name
    assert "政府信息公開" in client.get(prefix + "/").text


def test_simplified_pages_are_the_message_ids() -> None:
    page = TestClient(create_app(CONTENT)).get(SEED).text
    assert "阅读设置" in page and "重置为默认设置" in page


def test_catalogs_compile_from_po_files_alone() -> None:
    for locale in i18n.LOCALES.values():
        path = i18n.po_path(locale)
        assert path.exists() and not path.with_suffix(".mo").exists()
    i18n._loaded.clear()
    i18n._plain.clear()
    assert i18n.unmark(i18n.translations("zh-Hant-TW").gettext("阅读设置")) == "閱讀設定"
    assert i18n.plain_translations("zh-Hant-TW").gettext("阅读设置") == "閱讀設定"
    assert i18n.translations("zh-Hans-CN").gettext("阅读设置") == "阅读设置"


def test_catalog_paths_are_inside_the_package() -> None:
    assert Path(i18n.LOCALE_DIR).is_relative_to(ROOT / "reader")
