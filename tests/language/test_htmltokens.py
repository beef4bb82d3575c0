from __future__ import annotations

import dataclasses
import re

import pytest
from starlette.testclient import TestClient

from reader.language.convert import Converter
from reader.language.htmltokens import Tag, parse_attributes, tokens
from reader.language.variants import VARIANTS, Variant
from reader.web.app import create_app
from tests.conftest import CONTENT, SEED

PAGES = ("/", SEED, "/category/%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80", "/sitemap",
         "/accessibility", "/help", "/no-such-page")
# every setting is on in one of these (the pages differ by classes, ruby and pressed buttons)
MODES = ("", "elder-1.pinyin-1.contrast-wb.spacing-wide.size-xl", "cursor-1.guide-1.contrast-yb.size-s")


class Identity(Converter):
    """Reads pages exactly as Converter does but changes no text."""

    def convert_joined(self, text: str, config: str | None, target: str) -> str:
        return text


def test_tokens_keep_every_character() -> None:
    page = ('<!doctype html><p title="a>b" data-x=\'c"d\' hidden>头<br/><script>if (a<b) {}</script>'
            '<!-- x --><style>p>a{}</style><textarea>头发</textarea>尾')
    found = list(tokens(page))
    assert "".join(t.text for t in found) == page
    p = found[1]
    assert isinstance(p, Tag) and p.get("title") == "a>b" and p.get("data-x") == 'c"d' and p.has("hidden")
    raw = [t.text for t in found if not isinstance(t, Tag) and t.kind == "raw"]
    assert raw == ["if (a<b) {}", "p>a{}", "头发"]


def test_attribute_values_are_not_attribute_names() -> None:
    tag = next(iter(tokens('<span class="x data-nc" title="data-nc">')))
    assert isinstance(tag, Tag) and not tag.has("data-nc") and tag.get("title") == "data-nc"
    out = Converter().convert_html('<p><span title="data-nc">头发</span></p>', BY_TW)
    assert out == '<p><span title="data-nc">頭髮</span></p>'  # the value does not protect the text


def test_meta_content_converted_only_where_it_is_text() -> None:
    page = ('<meta name="description" content="头发"><meta name="viewport" content="头发">'
            '<meta http-equiv="x" content="头发">')
    out = Converter().convert_html(page, BY_TW)
    assert out == ('<meta name="description" content="頭髮"><meta name="viewport" content="头发">'
                   '<meta http-equiv="x" content="头发">')


BY_TW = next(v for v in VARIANTS if v.code == "zh-Hant-TW")


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, str, Variant, str]]:
    found = []
    app = create_app(CONTENT)
    for mode in MODES:
        client = TestClient(app, cookies={"reader_prefs": mode} if mode else {})
        for variant in VARIANTS:
            for path in PAGES:
                found.append((mode, path, variant, client.get(variant.prefix + path).text))
    return found


def test_every_page_in_every_mode_reads_back(pages: list[tuple[str, str, Variant, str]]) -> None:
    identity = Identity()
    for mode, path, variant, page in pages:
        where = (mode, path, variant.code)
        found = list(tokens(page))
        assert "".join(t.text for t in found) == page, where
        for token in found:
            if isinstance(token, Tag) and not token.closing:
                start, end = token.attrs_span
                rest = re.sub(r"\s|/", "", _unparsed(token.text, start, end))
                assert rest == "", (where, token.text)  # every attribute was read
        assert identity.convert_html(page, TW_BOTH) == page, where
    assert len(pages) == len(MODES) * len(VARIANTS) * len(PAGES)


TW_BOTH = dataclasses.replace(BY_TW, configs={"zh-Hans": "s2tw", "zh-Hant": "t2tw"})


def _unparsed(text: str, start: int, end: int) -> str:
    """What is left of text[start:end] once every attribute is taken out."""
    spans = []
    for attribute in parse_attributes(text, start, end):
        spans.append(attribute.name)
        if attribute.value is not None:
            spans.append(attribute.value)
    rest = text[start:end]
    for piece in spans:
        rest = rest.replace(piece, "", 1)
    return rest.replace('"', "").replace("'", "").replace("=", "")
