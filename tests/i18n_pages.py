"""Every interface word a page asks a catalog for, gathered by rendering
every page kind in every variant (used by tests/language/test_i18n.py)."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.testclient import TestClient

from reader.language import i18n
from reader.language.variants import VARIANTS
from reader.web.app import create_app

from .conftest import CONTENT, SEED

PAGES = ("/", SEED, "/category/%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80", "/sitemap",
         "/accessibility", "/help", "/no-such-page", "/reports/no-such-report",
         "/bodies", "/bodies?page=2", "/search", "/search?q=%E5%85%AC%E5%BC%80", "/search?q=zzzz",
         "/category/%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80?page=2")


class Recorder(gettext.NullTranslations):
    def __init__(self, inner: gettext.NullTranslations, seen: set[str]) -> None:
        super().__init__()
        self.inner, self.seen = inner, seen

    def gettext(self, message: str) -> str:
        self.seen.add(message)
        return self.inner.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.seen.update((singular, plural))
        return self.inner.ngettext(singular, plural, n)


@contextmanager
def recording() -> Iterator[set[str]]:
    seen: set[str] = set()
    real = i18n.translations

    def wrapped(code: str) -> Any:
        return Recorder(real(code), seen)
    i18n.translations = wrapped  # type: ignore[assignment]
    try:
        yield seen
    finally:
        i18n.translations = real  # type: ignore[assignment]


def runtime_messages() -> set[str]:
    """Message ids requested while serving every page kind in every variant,
    with pinyin on and off."""
    with recording() as seen:
        for cookies in ({}, {"reader_prefs": "pinyin-1"}):
            client = TestClient(create_app(CONTENT), cookies=cookies)
            for variant in VARIANTS:
                for path in PAGES:
                    client.get(variant.prefix + path)
            client.get("/%2e%2e/x")  # a bad request
            client.get("/" + "a" * 5000)  # a too long address
            client.post("/")  # a method the page does not take
    return seen | python_messages()


def python_messages() -> set[str]:
    """Interface words handed over from Python that no page here shows:
    every error page's title and message, the static copy's note, the search
    problem, and what writers that do not know the script ask the converter
    for (i18n.message: a table's default caption)."""
    from reader import build as export
    from reader import copy_search
    from reader.render import layout
    from reader.web import errors
    return ({text for pair in errors.ERRORS.values() for text in pair} | {export.STATIC_NOTE}
            | {"（第%(n)s页）", "搜索结果：%(n)s篇", "搜索结果：约%(n)s篇", "搜索词太长：最多%(n)s个字。",
               layout.DEFAULT_CAPTION}
            | set(copy_search.WORDS.values()) | {copy_search.NO_SCRIPT})
