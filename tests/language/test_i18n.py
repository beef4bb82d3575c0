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


@pytest.mark.parametrize("template", sorted(p.name for p in (ROOT / "templates").glob("*.html")))
def test_templates_have_no_words_outside_the_catalog(template: str) -> None:
    source = (ROOT / "templates" / template).read_text(encoding="utf-8")
    rest = JINJA.sub(lambda m: "" if m.group().startswith("{#") or "_(" in m.group() else m.group(),
                     TRANS.sub("", source))
    assert [line.strip() for line in rest.splitlines() if HAN.search(line)] == []


@pytest.mark.parametrize("code", list(i18n.LOCALES))
def test_catalog_text_passes_page_conversion_unchanged(code: str) -> None:
    """A page is converted after it is rendered: a catalog's words must
    come through that conversion exactly as the catalog writes them."""
    converter = Converter()
    entries = [entry for entry in i18n.read_catalog(i18n.LOCALES[code]) if entry.id]
    assert len(entries) > 100, "the catalog is (nearly) empty: nothing was checked"
    for entry in entries:
        assert entry.string, f"{entry.id} has no translation"
        assert converter.convert_text(entry.string, BY_CODE[code], "zh-Hans") == entry.string, entry.id


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
    assert i18n.translations("zh-Hant-TW").gettext("阅读设置") == "閱讀設定"
    assert i18n.translations("zh-Hans-CN").gettext("阅读设置") == "阅读设置"


def test_catalog_paths_are_inside_the_package() -> None:
    assert Path(i18n.LOCALE_DIR).is_relative_to(ROOT / "reader")
