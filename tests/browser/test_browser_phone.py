"""A 390×844 phone, in every script, in the default mode and in elder mode:
every page's title is on the first screen with the header's controls still
one tap away, the breadcrumb shows the way up and opens to the whole trail,
no table cell is narrower than 2.5 characters (rows as blocks by default,
the scrolling table by choice), and pinyin in elder mode is 18 px or more."""

from __future__ import annotations

from typing import Any

import pytest
from pagecheck import ELDER_MIN_TARGET_PX, PAGES, PHONE_390, REPORT_PATH

from reader.language.variants import VARIANTS
from reader.web.prefs import Prefs

MIN_CELL_CHARS = 2.5
ELDER_MIN_PINYIN_PX = 18

FIRST_SCREEN = """() => {
  const h = window.innerHeight, w = window.innerWidth;
  const seen = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= h && r.left >= 0 && r.right <= w; };
  const h1 = document.querySelector('h1');
  const controls = [...document.querySelectorAll(
      '.script-switch a, .modes > button, details.settings > summary')]
    .filter(el => getComputedStyle(el).display !== 'none');
  return {h1: Math.round(h1.getBoundingClientRect().bottom), h1Seen: seen(h1),
          controls: controls.map(el => [el.tagName, el.textContent.trim(), seen(el)])};
}"""

# every visible cell of the report's tables: its width in characters of its own font size
NARROW_CELLS = """(minChars) => {
  const out = [];
  for (const cell of document.querySelectorAll('.data-table th, .data-table td')) {
    const r = cell.getBoundingClientRect();
    if (!r.width || getComputedStyle(cell).clipPath === 'inset(50%)'
        || cell.closest('thead') && getComputedStyle(cell.closest('thead')).clipPath === 'inset(50%)')
      continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (r.width < minChars * size)
      out.push(cell.textContent.trim().slice(0, 12) + ' ' + Math.round(r.width) + 'px at ' + size + 'px');
  }
  return {count: document.querySelectorAll('.data-table td').length, narrow: out.slice(0, 15),
          total: out.length};
}"""


def _cookie(**settings: str) -> str:
    prefs = Prefs()
    for name, value in settings.items():
        prefs = prefs.updated(name, value)
    return prefs.cookie()


MODES = {"default": "", "elder": _cookie(elder="1")}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("variant", VARIANTS, ids=[v.code for v in VARIANTS])
def test_first_screen_and_tables(variant: Any, mode: str, new_page: Any) -> None:
    page = new_page(PHONE_390, MODES[mode])
    problems: list[str] = []
    for name, (path, _) in PAGES.items():
        page.goto(variant.prefix + path)
        seen = page.evaluate(FIRST_SCREEN)
        if not seen["h1Seen"]:
            problems.append(f"{name}: the title ends at {seen['h1']} px, below the first screen")
        hidden = [c for c in seen["controls"] if not c[2]]
        if hidden or len(seen["controls"]) < len(VARIANTS) + 2:
            problems.append(f"{name}: header controls not all on the first screen: {seen['controls']}")
    # the report: the breadcrumb shows the parent, and opens to the whole trail
    page.goto(variant.prefix + REPORT_PATH)
    crumbs = page.locator(".crumbs li")
    visible = [crumbs.nth(i).inner_text() for i in range(crumbs.count()) if crumbs.nth(i).is_visible()]
    assert len(visible) == 1 and crumbs.count() > 3, visible
    page.click(".crumbs-more > summary")
    assert all(crumbs.nth(i).is_visible() for i in range(crumbs.count()))
    cells = page.evaluate(NARROW_CELLS, MIN_CELL_CHARS)
    assert cells["count"] > 100
    if cells["narrow"]:
        problems.append(f"{cells['total']} table cells under {MIN_CELL_CHARS} characters: {cells['narrow']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.code for v in VARIANTS])
def test_elder_pinyin_is_18_px(variant: Any, new_page: Any) -> None:
    page = new_page(PHONE_390, _cookie(elder="1", pinyin="1"))
    page.goto(variant.prefix + REPORT_PATH)
    sizes = page.eval_on_selector_all(
        ".report-body rt", "rts => rts.map(rt => parseFloat(getComputedStyle(rt).fontSize))")
    assert len(sizes) > 100 and min(sizes) >= ELDER_MIN_PINYIN_PX, min(sizes, default=None)
    seen = page.evaluate(FIRST_SCREEN)
    assert seen["h1Seen"], seen


@pytest.mark.parametrize("mode", list(MODES))
def test_tables_as_printed_scroll_in_a_labelled_region(mode: str, new_page: Any) -> None:
    """The other choice: the table keeps its layout at a readable size and
    scrolls inside its own region, by keyboard too."""
    cookie = ".".join(filter(None, [MODES[mode], _cookie(tables="scroll")]))
    page = new_page(PHONE_390, cookie)
    page.goto(REPORT_PATH)
    cells = page.evaluate(NARROW_CELLS, MIN_CELL_CHARS)
    assert cells["count"] > 100 and not cells["narrow"], cells
    region = page.locator(".table-wrap").nth(1)
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    name = page.evaluate("el => document.getElementById(el.getAttribute('aria-labelledby')).textContent",
                         region.element_handle())
    assert name.strip()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# every control in the header, with no exemption: a link alone in its paragraph
# (the site's name) is a target like any other
HEADER_TARGETS = """(minTarget) => {
  const out = [], all = [];
  for (const el of document.querySelectorAll(
      'header.site-header :is(a[href], button, input:not([type=hidden]), select, summary)')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    const label = (el.textContent.trim() || el.name || '').slice(0, 12);
    const name = el.tagName.toLowerCase() + ' "' + label + '" '
                 + Math.round(r.width) + '×' + Math.round(r.height);
    all.push(name);
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) out.push(name);
  }
  return {small: out, all};
}"""


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.code for v in VARIANTS])
def test_every_header_control_is_a_60_px_target_in_elder_mode(variant: Any, new_page: Any) -> None:
    page = new_page(PHONE_390, MODES["elder"])
    for name, (path, _) in PAGES.items():
        page.goto(variant.prefix + path)
        found = page.evaluate(HEADER_TARGETS, ELDER_MIN_TARGET_PX)
        # the script switch, the elder-mode exit, settings, the site's name, search, the menu
        assert len(found["all"]) >= len(VARIANTS) + 4, (name, found["all"])
        assert found["small"] == [], (name, found["small"])
        site = page.locator(".site-name a").bounding_box()
        assert site is not None and site["height"] >= ELDER_MIN_TARGET_PX - 0.5, (name, site)
