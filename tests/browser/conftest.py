"""A real browser on a real server: Debian's Chromium, driven by Playwright,
reading the app served by uvicorn on 127.0.0.1.

One server per session, one browser per test module; every test gets its
own browser context (cookies, viewport), which is cheap. Without Chromium the tests are
skipped on a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pagecheck import CONTENT, ROOT, Axe

from reader.web.prefs import COOKIE

# Debian's package (never `playwright install`); READER_CHROMIUM points elsewhere
CHROMIUM = os.environ.get("READER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}. CI must run the browser tests: install the Debian packages "
                    "`chromium` and `fonts-noto-cjk` (scripts/install --test does).", pytrace=False)
    pytest.skip(f"{what}; browser tests skipped (apt-get install chromium fonts-noto-cjk, "
                "or run scripts/install --test)")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The app under uvicorn on a free local port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, READER_CONTENT=str(CONTENT), READER_WATCH="0")
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "reader.asgi:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/robots.txt", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("uvicorn did not start:\n" + log.read().decode(errors="replace"))
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# One browser per test module, not per session: Playwright's sync API keeps an
# asyncio loop running in the main thread while it is open, and would break
# asyncio.run() in the tests that run after these. A launch costs under a second.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def new_page(browser: Any, server: str) -> Iterator[Callable[..., Any]]:
    """new_page(viewport, cookie="", **context_options) → a page in a fresh
    context, with the reading-preferences cookie set when given."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int], cookie: str = "", **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, base_url=server, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        if cookie:
            context.add_cookies([{"name": COOKIE, "value": cookie, "url": server}])
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
