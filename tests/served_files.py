"""The Word and PDF files of the bundled report in all three scripts, fetched
over HTTP once per test session (PDFs take a second or more each), with the
report page in each script to compare them with."""

from __future__ import annotations

import functools
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from starlette.testclient import TestClient  # noqa: E402

from reader.language.variants import VARIANTS  # noqa: E402
from reader.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Every temporary folder of the test run, the app's included, goes in here:
# tests/conftest.py checks that the run leaves nothing behind, then removes it.
TEST_TMP = Path(tempfile.mkdtemp(prefix="reader-tests-"))
CONTENT = ROOT / "content"
SLUG = "2019-zhangmianyi"
VARIANT_IDS = [v.code for v in VARIANTS]


@contextmanager
def cache_env(path: Path | str) -> Iterator[None]:
    """Point the download cache (READER_CACHE) at a folder for one app."""
    old = os.environ.get("READER_CACHE")
    os.environ["READER_CACHE"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("READER_CACHE", None)
        else:
            os.environ["READER_CACHE"] = old


def squash(text: str) -> str:
    """Text compared without white space (PDF lines break anywhere)."""
    return re.sub(r"\s+", "", text)


@dataclass
class Block:
    tag: str
    text: str
    attrs: dict[str, str]


class PageText(HTMLParser):
    """The text of a report page as a reader meets it: its title, and the
    blocks (headings, paragraphs, captions, cells) of the report body. Text
    hidden from screen readers (a cell's column labels, shown only when a
    phone lays a table out row by row) is not part of a block."""

    BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "th", "td"}

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.blocks: list[Block] = []
        self.downloads: list[dict[str, str]] = []
        self.meta: list[str] = []  # the report's metadata values (dd), in page order
        self._in_dd = False
        self._in_meta = False
        self._depth = 0  # inside div.report-body
        self._open: list[Block] = []
        self._in_title = False
        self._link: dict[str, str] | None = None
        self._in_downloads = False
        self._spans: list[bool] = []  # open <span>s: aria-hidden or not

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "span":
            self._spans.append(attrs.get("aria-hidden") == "true")
        if tag == "h1" and attrs.get("id") == "report-title":
            self._in_title = True
        if tag == "section" and "downloads" in attrs.get("class", "").split():
            self._in_downloads = True
        if self._in_downloads and tag == "a":
            self._link = dict(attrs, text="")
        if tag == "dl":
            self._in_meta = "report-meta" in attrs.get("class", "").split()
        if tag == "dd" and self._in_meta:
            self._in_dd = True
            self.meta.append("")
        if tag == "div" and "report-body" in attrs.get("class", "").split():
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        if self._depth and tag in self.BLOCKS:
            self._open.append(Block(tag, "", attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._spans:
            self._spans.pop()
        if tag == "h1":
            self._in_title = False
        if tag == "dd":
            self._in_dd = False
        if tag == "dl":
            self._in_meta = False
        if tag == "section":
            self._in_downloads = False
        if tag == "a" and self._link is not None:
            self.downloads.append(self._link)
            self._link = None
        if self._depth and tag == "div":
            self._depth -= 1
        if self._open and self._open[-1].tag == tag:
            block = self._open.pop()
            block.text = block.text.strip()
            self.blocks.append(block)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_dd:
            self.meta[-1] += data
        if self._link is not None:
            self._link["text"] += data
        if self._open and not any(self._spans):
            self._open[-1].text += data

    def texts(self, *tags: str) -> list[str]:
        return [b.text for b in self.blocks if b.tag in tags and b.text]


def read_page(html: str) -> PageText:
    parser = PageText()
    parser.feed(html)
    return parser


@dataclass
class Served:
    cache_dir: Path
    pages: dict[str, PageText] = field(default_factory=dict)  # variant code → page
    pages_html: dict[str, str] = field(default_factory=dict)  # variant code → the page's HTML
    files: dict[tuple[str, str], tuple[dict[str, str], bytes]] = field(default_factory=dict)

    def body(self, code: str, ext: str) -> bytes:
        return self.files[(code, ext)][1]

    def headers(self, code: str, ext: str) -> dict[str, str]:
        return self.files[(code, ext)][0]


@functools.cache
def served() -> Served:
    cache = Path(tempfile.mkdtemp(prefix="downloads-", dir=TEST_TMP))
    result = Served(cache)
    with cache_env(cache):
        app = create_app(CONTENT)
    with TestClient(app) as client:
        for variant in VARIANTS:
            for ext in ("docx", "pdf"):
                response = client.get(f"{variant.prefix}/reports/{SLUG}.{ext}")
                assert response.status_code == 200, response.text[:500]
                result.files[(variant.code, ext)] = (dict(response.headers), response.content)
            page = client.get(f"{variant.prefix}/reports/{SLUG}")
            assert page.status_code == 200
            result.pages[variant.code] = read_page(page.text)
            result.pages_html[variant.code] = page.text
    return result
