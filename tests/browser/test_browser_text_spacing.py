"""Readers who override text spacing (WCAG 1.4.12) or double the browser's
text size (1.4.4) lose nothing: no text is clipped and, at 320 CSS px, the
page still does not scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest
from pagecheck import CLIPPED, DEFAULT_MODE, PAGES, REFLOW_WIDTH, SIDEWAYS, modes

# the overrides WCAG 1.4.12 names, as a reader's user style sheet would set them
SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
NARROW = {"width": REFLOW_WIDTH, "height": 800}
ELDER = next(m for m in modes() if m.name == "elder")


def _check(page: Any) -> list[str]:
    problems = [f"clipped: {item}" for item in page.evaluate(CLIPPED)]
    sideways = page.evaluate(SIDEWAYS)
    if sideways["scrollWidth"] > sideways["clientWidth"]:
        problems.append(f"sideways scrolling: {sideways}")
    return problems


@pytest.mark.parametrize("mode", [DEFAULT_MODE, ELDER], ids=lambda m: m.name)
@pytest.mark.parametrize("name", list(PAGES))
def test_text_spacing_override(name: str, mode: Any, new_page: Any) -> None:
    # the site's CSP forbids injected styles, as it should; a user style sheet
    # is not bound by it, so this one test bypasses the CSP
    page = new_page(NARROW, mode.cookie, bypass_csp=True)
    page.goto(PAGES[name][0])
    before = page.evaluate("getComputedStyle(document.querySelector('h1')).letterSpacing")
    page.add_style_tag(content=SPACING)
    after = page.evaluate("getComputedStyle(document.querySelector('h1')).letterSpacing")
    assert after != before, "the spacing override did not apply"
    problems = _check(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("mode", [DEFAULT_MODE, ELDER], ids=lambda m: m.name)
@pytest.mark.parametrize("name", list(PAGES))
def test_text_size_200_percent(name: str, mode: Any, new_page: Any) -> None:
    page = new_page(NARROW, mode.cookie)
    page.goto(PAGES[name][0])
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    # the browser's own text-size setting (16 px → 32 px), which rem units follow
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.reload()
    doubled = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert doubled >= 1.9 * size, f"text size went from {size} to {doubled} px"
    problems = _check(page)
    assert not problems, "\n".join(problems)
