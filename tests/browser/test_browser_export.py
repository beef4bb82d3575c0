"""The static copy (`reader build`) in a real browser: reading modes apply
through the small script from the same cookie, without the server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from pagecheck import CONTENT, ROOT

from reader.web.prefs import COOKIE

PHONE = {"width": 390, "height": 844}
SEED = "/reports/2019-zhangmianyi"


@pytest.fixture(scope="module")
def static_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("static-copy") / "site"
    # in its own process, as a publisher runs it (Playwright's loop runs in this one)
    subprocess.run([sys.executable, "-m", "reader", "build", "--content", str(CONTENT),
                    "--out", str(out)], cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                "--directory", str(out), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "the file server stopped"
                assert time.monotonic() < deadline, "the file server did not answer"
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def _page(browser: Any, base: str, cookie: str = "") -> Any:
    context = browser.new_context(viewport=PHONE, base_url=base)
    if cookie:
        context.add_cookies([{"name": COOKIE, "value": cookie, "url": base}])
    return context.new_page()


def test_saved_preferences_apply_on_the_static_copy(browser: Any, static_copy: str) -> None:
    page = _page(browser, static_copy, "elder-1.contrast-yb")
    page.goto("/zh-hant-tw" + SEED)
    classes = page.evaluate("document.documentElement.className").split()
    assert "elder" in classes and "contrast-yb" in classes and "contrast-default" not in classes
    pressed = page.locator('button[data-pref="contrast"][value="yb"]')
    assert pressed.get_attribute("aria-pressed") == "true"
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert font >= 24  # elder mode's body text, drawn by the stylesheet
    page.context.close()


def test_choosing_a_mode_on_the_static_copy_is_kept_across_pages(browser: Any,
                                                                 static_copy: str) -> None:
    page = _page(browser, static_copy)
    page.goto(SEED)
    note = page.locator(".static-note")
    assert "JavaScript" in note.inner_text()
    page.locator(".elder-enter").click()
    page.wait_for_function("document.documentElement.classList.contains('elder')")
    page.get_by_role("link", name="繁體（臺灣）").first.click()
    page.wait_for_url(re.compile(r".*/zh-hant-tw/reports/2019-zhangmianyi/?(#.*)?$"))
    assert "elder" in page.evaluate("document.documentElement.className").split()
    page.context.close()


@pytest.mark.parametrize("path, query", [
    ("/search/", "张棉驿"),  # 简体 copy, simplified query
    ("/zh-hant-tw/search/", "張棉驛"),  # 繁體（臺灣）copy, traditional query
    ("/zh-hant-tw/search/", "张棉驿"),  # a query in the other script
    ("/search/", "平臺建設"),  # traditional forms on the simplified copy (平台建设 in its text)
    ("/zh-hant-hk/search/", "zmy"),  # initials of the body's name
])
def test_the_static_copy_searches_in_every_script(browser: Any, static_copy: str, path: str,
                                                   query: str) -> None:
    """The copy's search page (no server behind it) finds the report from its
    Pagefind index, in the layout of the site's own results."""
    page = _page(browser, static_copy)
    page.goto(f"{path}?q={query}")
    status = page.locator(".search-status")
    page.wait_for_function("() => /1/.test(document.querySelector('.search-status').textContent)",
                           timeout=30000)
    assert status.get_attribute("role") == "status"
    prefix = path.removesuffix("/search/")
    link = page.locator(".search-results .search-result-title a")
    assert link.count() == 1
    assert link.get_attribute("href") == f"{prefix}{SEED}/"
    title = "張家川縣張棉驛鄉" if prefix else "张家川县张棉驿乡"
    assert link.inner_text().startswith(title)
    meta = page.locator(".search-results .search-result-meta")
    assert "2019" in meta.inner_text() and meta.locator("a").get_attribute("href").startswith(
        f"{prefix}/bodies/")
    assert page.locator(".search-results .search-result-snippet mark").count() >= 1
    assert page.locator("main h1").inner_text().endswith("1篇")
