"""Keyboard only, once per page type on a phone and a desktop: the skip link
is the first Tab stop and moves focus to the main content; Tab reaches every
control, each with a visible focus indicator that no fixed or sticky bar
covers; Shift+Tab walks back the same way; Enter and Space operate buttons,
with and without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pagecheck import DEFAULT_MODE, PAGES, VIEWPORTS, Mode, modes

from reader.web.prefs import CHOICES

CONTROLS = ("a[href], button, input:not([type=hidden]), select, textarea, summary, "
            "[tabindex]:not([tabindex='-1'])")

# Number every control a keyboard user must be able to reach.
MARK = """(selector) => {
  let n = 0;
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('[inert]') || !el.checkVisibility({visibilityProperty: true}))
      continue;
    el.dataset.kbd = String(n++);
    out.push(el.tagName.toLowerCase() + ' "' + (el.textContent || el.value || '').trim().slice(0, 20) + '"');
  }
  return out;
}"""

# Everything about the focused element a sighted keyboard user depends on.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = (c) => { const ch = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  // the background the indicator is drawn on: the nearest opaque one outside the element
  let behind = [255, 255, 255, 1];
  for (let n = el.parentElement; n; n = n.parentElement) {
    const bg = parse(getComputedStyle(n).backgroundColor);
    if (bg && bg[3] >= 1) { behind = bg; break; }
  }
  const colours = [];
  if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) colours.push(parse(cs.outlineColor));
  if (cs.boxShadow !== 'none')
    for (const m of cs.boxShadow.matchAll(/rgba?\\([^)]+\\)/g)) colours.push(parse(m[0]));
  const best = Math.max(0, ...colours.filter(Boolean).filter(c => c[3] > 0).map(c => ratio(c, behind)));
  const rects = el.getClientRects();
  const r = rects.length ? rects[0] : el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  return {kbd: el.dataset.kbd ?? null,
          name: el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 20) + '"',
          outline: cs.outlineStyle + ' ' + cs.outlineWidth, shadow: cs.boxShadow,
          indicator: colours.length > 0, contrast: Math.round(best * 100) / 100,
          inView, covered: !(hit && (hit === el || el.contains(hit))),
          coveredBy: hit && hit !== el && !el.contains(hit)
            ? hit.tagName.toLowerCase() + '.' + hit.className : ''};
}"""


# Marks the first control at or after the start of <main>, in document order.
NEXT_AFTER_MAIN = """(selector) => {
  const main = document.querySelector('main');
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.skip-link') || !el.checkVisibility({visibilityProperty: true})) continue;
    if (main.contains(el) || (main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) {
      el.dataset.next = 'yes';
      return 'yes';
    }
  }
  return null;
}"""


def _walk(page: Any, key: str, limit: int) -> list[dict[str, Any] | None]:
    """Presses key until focus leaves the page or comes round again."""
    seen: list[dict[str, Any] | None] = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = page.evaluate(FOCUSED)
        if seen and info is not None and seen[0] is not None and info["kbd"] == seen[0]["kbd"]:
            break
        seen.append(info)
        if info is None:
            break
    return seen


# Every page in the default look on both screens; and, on a phone, the home
# and report pages (between them every kind of control) in each contrast
# scheme with elder mode, where the focus indicator has other colours to stand out from.
WALKS = [(name, viewport, DEFAULT_MODE) for name in PAGES for viewport in VIEWPORTS] + [
    (name, "phone", mode) for name in ("home", "report") for mode in modes()
    if mode.elder and mode.high_contrast]


@pytest.mark.parametrize(("name", "viewport", "mode"), WALKS,
                         ids=[f"{n}-{v}-{m.name}" for n, v, m in WALKS])
def test_keyboard_walk(name: str, viewport: str, mode: Mode, new_page: Any) -> None:
    page = new_page(VIEWPORTS[viewport], mode.cookie)
    page.goto(PAGES[name][0])
    # open every disclosure (the reading settings) so its controls are walked too
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    controls = page.evaluate(MARK, CONTROLS)

    forward = _walk(page, "Tab", len(controls) + 5)
    assert len(forward) <= len(controls) + 1, "Tab never came round (a keyboard trap?)"
    stops = [info for info in forward if info is not None]
    order = [info["kbd"] for info in stops]
    missed = [controls[i] for i in range(len(controls)) if str(i) not in order]
    assert not missed, f"Tab never reaches: {missed}"

    backward = _walk(page, "Shift+Tab", len(controls) + 5)
    back_order = [info["kbd"] for info in backward if info is not None]
    names = [(info or {}).get("name") for info in backward]
    assert back_order == order[::-1], f"Shift+Tab does not walk back the way Tab came: {names}"

    # going back, the browser scrolls each control to the top: where a sticky bar would cover it
    problems: list[str] = []
    for direction, info in [("Tab", i) for i in stops] + [("Shift+Tab", i) for i in backward if i]:
        where = f"{direction} {info['name']}"
        if not info["indicator"]:
            problems.append(f"{where}: no focus indicator ({info['outline']}; {info['shadow']})")
        elif info["contrast"] < 3:
            problems.append(f"{where}: focus indicator contrast {info['contrast']} < 3")
        if not info["inView"]:
            problems.append(f"{where}: focused but scrolled out of view")
        elif info["covered"]:
            problems.append(f"{where}: focused but covered by {info['coveredBy']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_skip_link(name: str, viewport: str, new_page: Any) -> None:
    page = new_page(VIEWPORTS[viewport])
    page.goto(PAGES[name][0])
    page.keyboard.press("Tab")
    link = page.evaluate(FOCUSED)
    assert link is not None and page.evaluate(
        "document.activeElement.getAttribute('href')") == "#main-content", link
    assert link["inView"] and not link["covered"], f"the skip link is not visible: {link}"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # the next Tab goes on from the start of the main content
    expected = page.evaluate(NEXT_AFTER_MAIN, CONTROLS)
    page.keyboard.press("Tab")
    assert page.evaluate("(n) => document.activeElement.dataset.next === n", expected), \
        "after the skip link, Tab does not continue from the main content"


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


ELDER_ON = re.compile("退出长者模式|退出長者模式")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_and_space_operate_buttons(javascript: bool, new_page: Any) -> None:
    page = new_page(VIEWPORTS["phone"], java_script_enabled=javascript)
    page.goto("/help")
    assert "elder" not in page.evaluate("document.documentElement.className")

    # Enter on the elder-mode button turns elder mode on …
    _tab_to(page, "button[name=elder]")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.classList.contains('elder')")
    exit_button = page.get_by_role("button", name=ELDER_ON)
    assert exit_button.is_visible(), "elder mode is on but no visible way out"
    if not javascript:
        page.reload()  # the setting was remembered by the server
        assert "elder" in page.evaluate("document.documentElement.className")

    # … Space on its way out turns it off again
    page.evaluate("document.activeElement && document.activeElement.blur()")
    _tab_to(page, "button[name=elder]:not([value='1'])")
    page.keyboard.press("Space")
    page.wait_for_function("!document.documentElement.classList.contains('elder')")

    # a toggle button in the settings: Enter opens the panel, Space presses the button
    choice = next(iter(CHOICES))
    target = page.locator(f"button[name={choice}][aria-pressed=false]").first
    value = target.get_attribute("value")
    _tab_to(page, "summary")
    page.keyboard.press("Enter")
    _tab_to(page, f"button[name={choice}][value='{value}']")
    page.keyboard.press("Space")
    page.wait_for_function(
        f"document.documentElement.classList.contains('{choice}-{value}')")
    assert page.locator(f"button[name={choice}][value='{value}']").get_attribute(
        "aria-pressed") == "true"
