"""`reader check --html` in a real browser: the findings pages pass axe at
phone and desktop width and reflow at 320 px; a finding's link opens the
report with its cell in view and marked, in both phone table layouts."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pagecheck import CONTENT, DESKTOP, PHONE, PHONE_390, REFLOW_WIDTH, ROOT, Axe

from reader.web.prefs import COOKIE, Prefs

# a cell of the seed's table 三 that the audit names (rows it leaves out)
CELL = "t3-r2-c1"


@pytest.fixture(scope="module")
def audit_pages(tmp_path_factory: pytest.TempPathFactory, server: str) -> Iterator[str]:
    """The bundled content's findings pages with base_url at the test server,
    written by `reader check --html` in its own process, served over HTTP."""
    content = tmp_path_factory.mktemp("audit-content") / "content"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True)
    site = content / "site.toml"
    site.write_text(re.sub(r"(?m)^base_url = .*$", "", site.read_text(encoding="utf-8"))
                    + f'\nbase_url = "{server}"\n', encoding="utf-8")
    out = tmp_path_factory.mktemp("audit-pages")
    subprocess.run([sys.executable, "-m", "reader", "check", "--content", str(content),
                    "--html", str(out)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                "--directory", str(out), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/index.html", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("name", ["index.html", "rule-missing-rows.html", "severity-info.html"])
def test_findings_pages_pass_axe(browser: Any, axe: Axe, audit_pages: str, viewport: str,
                                 name: str) -> None:
    context = browser.new_context(viewport=PHONE if viewport == "phone" else DESKTOP)
    page = context.new_page()
    page.goto(f"{audit_pages}/{name}")
    assert page.locator("h1").count() == 1
    assert axe.problems(page) == []
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def _cookie(**settings: str) -> str:
    prefs = Prefs()
    for name, value in settings.items():
        prefs = prefs.updated(name, value)
    return prefs.cookie()


@pytest.mark.parametrize("tables", ["stack", "scroll"])
def test_a_finding_opens_its_cell_in_view(browser: Any, audit_pages: str, server: str,
                                          tables: str) -> None:
    context = browser.new_context(viewport=PHONE_390)
    if tables == "scroll":
        context.add_cookies([{"name": COOKIE, "value": _cookie(tables="scroll"), "url": server}])
    page = context.new_page()
    page.goto(f"{audit_pages}/index.html")
    link = page.locator(f'a[href$="#{CELL}"]').first
    assert link.get_attribute("href") == f"{server}/reports/2019-zhangmianyi#{CELL}"
    link.click()
    page.wait_for_url(f"**#{CELL}")
    cell = page.locator(f"#{CELL}")
    assert cell.evaluate("el => el.matches(':target') && getComputedStyle(el).outlineStyle") == "solid"
    # the browser brought it into view, inside the table's own scrolling region too
    seen = cell.evaluate("""el => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight, scrollY,
                document.readyState]; }""")
    assert seen[0] >= 0 and seen[1] >= 20 and seen[2] <= seen[4] and seen[3] <= seen[5], seen
    assert page.evaluate("document.documentElement.classList.contains('tables-stack')") \
        == (tables == "stack")
    assert "未报告" in cell.inner_text()
    context.close()


def test_the_pages_need_no_script() -> None:
    assert "<script" not in (ROOT / "templates" / "audit.html").read_text(encoding="utf-8")
    assert Path(ROOT / "static" / "css" / "audit.css").is_file()
