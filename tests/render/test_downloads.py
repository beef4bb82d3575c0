"""Downloads over HTTP: the links on the report page, file names, caching and
revalidation, a changed report, the worker keeping the server responsive,
and the start-up check."""

from __future__ import annotations

import asyncio
import builtins
import io
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from starlette.testclient import TestClient

from reader.filecache import FileCache
from reader.language.variants import VARIANTS
from reader.render.downloads import Renderers, ascii_name, file_name, human_size
from reader.render.pdf.writer import Readiness
from reader.web.app import create_app
from reader.web.download_view import content_disposition
from tests.served_files import CONTENT, SLUG, VARIANT_IDS, cache_env, read_page, served

DISPOSITION = re.compile(r'^attachment; filename="([\x20-\x21\x23-\x7e]+)"; '
                         r"filename\*=UTF-8''([A-Za-z0-9%._~-]+)$")


@pytest.fixture(scope="module")
def client() -> TestClient:
    """An app sharing the session's download cache: its files are made already."""
    with cache_env(served().cache_dir):
        app = create_app(CONTENT)
    return TestClient(app)


# --- names and headers ---------------------------------------------------------------


@pytest.mark.parametrize("code", VARIANT_IDS)
@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_content_disposition_has_both_forms(code: str, ext: str) -> None:
    header = served().headers(code, ext)["content-disposition"]
    match = DISPOSITION.match(header)
    assert match, header
    variant = next(v for v in VARIANTS if v.code == code)
    assert match.group(1) == f"{SLUG}{'-' + variant.prefix.strip('/') if variant.prefix else ''}.{ext}"
    assert unquote(match.group(2)) == served().pages[code].title + f".{ext}"


def test_file_names_are_safe_everywhere() -> None:
    assert file_name('关于"a/b"的报告: 第1号?', "pdf") == "关于_a_b_的报告_ 第1号.pdf"
    assert file_name("...", "docx") == "report.docx"
    assert len(file_name("长" * 500, "pdf")) == 124
    header = content_disposition("报告 (2019).pdf", 'bad "name".pdf')
    assert header == ("attachment; filename=\"bad__name_.pdf\"; "
                      "filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%282019%29.pdf")
    header.encode("latin-1")  # a header must be Latin-1: the Chinese name is only percent-encoded


def test_human_sizes() -> None:
    assert human_size(512) == "512 B"
    assert human_size(35 * 1024 + 100) == "35 KB"
    assert human_size(1536 * 1024) == "1.5 MB"


# --- the report page -------------------------------------------------------------------


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_report_page_links_show_type_and_real_size_in_the_page_script(code: str) -> None:
    page = served().pages[code]
    variant = next(v for v in VARIANTS if v.code == code)
    word, pdf = page.downloads
    assert word["href"] == f"{variant.prefix}/reports/{SLUG}.docx"
    assert pdf["href"] == f"{variant.prefix}/reports/{SLUG}.pdf"
    assert word["type"].endswith("wordprocessingml.document") and pdf["type"] == "application/pdf"
    for link, ext in ((word, "docx"), (pdf, "pdf")):
        size = human_size(len(served().body(code, ext)))
        assert link["text"].endswith(f"，{size}）"), link["text"]
    if code == "zh-Hans-CN":
        assert word["text"].startswith("下载Word（Word文档，")
        assert pdf["text"].startswith("下载PDF（PDF文档，")
    else:  # the interface in Taiwan and Hong Kong usage (reader/locale): 文件, not 文檔
        assert word["text"].startswith("下載Word（Word文件，")
        assert pdf["text"].startswith("下載PDF（PDF文件，")


def test_a_page_view_makes_no_file_and_a_download_shows_its_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with cache_env(tmp_path):
        app = create_app(CONTENT)
    downloads = app.state.downloads
    made: list[str] = []

    async def fake_render(page: str) -> bytes:
        made.append(page)
        return b"%PDF-1.7 fake" + b"x" * 3000

    monkeypatch.setattr(downloads.worker, "render", fake_render)  # the worker is shared
    with TestClient(app) as client:
        for prefix in ("", "/zh-hant-tw", "/zh-hant-hk"):
            page = read_page(client.get(f"{prefix}/reports/{SLUG}").text)
            assert [link["text"].split("（")[1] for link in page.downloads] == \
                ["Word文档）" if not prefix else "Word文件）", "PDF文档）" if not prefix else "PDF文件）"]
        assert made == [] and not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.docx"))
        # a download makes the file; the page then shows its size
        assert client.get(f"/reports/{SLUG}.pdf").content.startswith(b"%PDF-1.7 fake")
        again = read_page(client.get(f"/reports/{SLUG}").text)
        assert again.downloads[1]["text"] == "下载PDF（PDF文档，3 KB）"
        assert again.downloads[0]["text"] == "下载Word（Word文档）"  # not downloaded: not made
    assert len(made) == 1
    data = json.loads(made[0])  # the report as data, in the page's script
    assert data["lang"] == "zh" and data["region"] == "CN" and data["title"] == again.title


# --- caching and revalidation ------------------------------------------------------------


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_etag_and_last_modified_revalidate_with_304(client: TestClient, ext: str) -> None:
    url = f"/zh-hant-tw/reports/{SLUG}.{ext}"
    first = client.get(url)
    assert first.status_code == 200
    assert first.content == served().body("zh-Hant-TW", ext)  # served from the shared cache
    assert first.headers["cache-control"] == "no-cache"
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(first.content)


def test_unknown_report_is_404(client: TestClient) -> None:
    assert client.get("/reports/no-such-report.pdf").status_code == 404
    assert client.get("/zh-hant-hk/reports/no-such-report.docx").status_code == 404


def test_a_script_cookie_sends_an_unprefixed_download_to_that_script(client: TestClient) -> None:
    hong_kong = TestClient(client.app, cookies={"reader_script": "zh-Hant-HK"})
    response = hong_kong.get(f"/reports/{SLUG}.docx", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"/zh-hant-hk/reports/{SLUG}.docx"


def test_a_changed_report_gets_a_new_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with cache_env(tmp_path / "cache"):
        app = create_app(content)
    reader, downloads = app.state.server, app.state.downloads
    client = TestClient(app)
    url = f"/zh-hant-tw/reports/{SLUG}.docx"
    before = client.get(url)
    old_report = reader.library.by_slug[SLUG]
    old_pdf_key = downloads.key(old_report, VARIANTS[1], "pdf")

    path = content / "reports" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n无。\n", "\n本年度无其他需要报告的事项。\n"),
                    encoding="utf-8")
    reader.reload()
    after = client.get(url)
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert "本年度無其他需要報告的事項。".encode() not in before.content
    import io

    import docx
    texts = [p.text for p in docx.Document(io.BytesIO(after.content)).paragraphs]
    assert "本年度無其他需要報告的事項。" in texts
    assert downloads.key(reader.library.by_slug[SLUG], VARIANTS[1], "pdf") != old_pdf_key
    assert len(list((tmp_path / "cache").glob("*.docx"))) == 2


def test_pdf_render_does_not_block_html_pages(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """While the worker makes a PDF, HTML pages are served: had the render
    held the event loop, the PDF would be finished before any page came back."""
    with cache_env(tmp_path):
        app = create_app(CONTENT)
    downloads = app.state.downloads
    real_render = downloads.worker.render
    rendering = asyncio.Event()

    async def observed_render(page: str) -> bytes:
        rendering.set()
        return await real_render(page)

    monkeypatch.setattr(downloads.worker, "render", observed_render)

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://reader") as http:
            # the Word file first: the report page then has nothing to make itself
            assert (await http.get(f"/zh-hant-hk/reports/{SLUG}.docx")).status_code == 200
            making = asyncio.create_task(http.get(f"/zh-hant-hk/reports/{SLUG}.pdf"))
            await rendering.wait()
            for path in ("/", f"/zh-hant-hk/reports/{SLUG}", "/zh-hant-hk/help"):
                response = await http.get(path)
                assert response.status_code == 200
                assert not making.done(), f"the PDF was finished before {path} came back"
            pdf = await making
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    try:
        asyncio.run(scenario())
    finally:
        downloads.stop()


# --- without PDFs --------------------------------------------------------------------


def test_without_pdf_support_only_word_is_offered(tmp_path: Path) -> None:
    with cache_env(tmp_path):
        app = create_app(CONTENT)
    app.state.downloads.readiness = Readiness(False, ["no CJK font"])
    client = TestClient(app)
    page = read_page(client.get(f"/reports/{SLUG}").text)
    assert [link["href"] for link in page.downloads] == [f"/reports/{SLUG}.docx"]
    assert client.get(f"/reports/{SLUG}.pdf").status_code == 404
    assert ascii_name(app.state.server.library.by_slug[SLUG], VARIANTS[2], "pdf") == \
        f"{SLUG}-zh-hant-hk.pdf"


def test_cache_forgets_files_unused_for_long(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    old = cache.put("old", "pdf", b"%PDF old")
    new = cache.put("new", "pdf", b"%PDF new")
    os.utime(old, (time.time() - 400 * 86400, time.time() - 400 * 86400))
    assert cache.prune() == 1
    assert not old.exists() and new.exists()
    assert new.stat().st_mode & 0o777 == 0o644


def test_a_failing_renderer_never_breaks_the_page(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with cache_env(tmp_path):
        app = create_app(CONTENT)
    downloads = app.state.downloads
    calls: list[str] = []

    async def broken_render(page: str) -> bytes:
        calls.append(page)
        raise RuntimeError("renderer broke")

    def broken_docx(*args: object) -> bytes:
        raise RuntimeError("docx broke")

    monkeypatch.setattr(downloads.worker, "render", broken_render)
    downloads.renderers = Renderers(broken_docx, downloads.renderers.pdf_source,
                                    downloads.renderers.settings_version)
    with TestClient(app, raise_server_exceptions=False) as client:
        for _ in range(3):
            page = client.get(f"/zh-hant-tw/reports/{SLUG}")
            assert page.status_code == 200
            assert [link["text"] for link in read_page(page.text).downloads] == \
                ["下載Word（Word文件）", "下載PDF（PDF文件）"]
        assert calls == []  # a page view tries nothing
        assert client.get(f"/zh-hant-tw/reports/{SLUG}.pdf").status_code == 500
        assert client.get(f"/zh-hant-tw/reports/{SLUG}").status_code == 200


# --- the cached page path -------------------------------------------------------------


def test_a_cached_report_page_makes_no_file_system_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a report page is in the page cache, serving it again asks nothing
    of the disk: no stat of the download files, no open, no listing."""
    with cache_env(served().cache_dir):
        app = create_app(CONTENT)
    calls: list[str] = []
    watching = False

    def counting(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            if watching:
                calls.append(f"{name}{args[:1]}")
            return real(*args, **kwargs)
        return call

    for module, name in ((os, "stat"), (os, "lstat"), (os, "open"), (os, "scandir"),
                         (os, "listdir"), (os, "access"), (builtins, "open"), (io, "open")):
        monkeypatch.setattr(module, name, counting(name, getattr(module, name)))

    async def scenario() -> None:
        nonlocal watching
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://reader") as http:
            for prefix in ("", "/zh-hant-tw"):
                first = await http.get(f"{prefix}/reports/{SLUG}")
                assert first.status_code == 200 and "KB）" in first.text  # sizes known
                watching = True
                again = await http.get(f"{prefix}/reports/{SLUG}")
                watching = False
                assert again.status_code == 200 and again.content == first.content

    asyncio.run(scenario())
    assert calls == []
