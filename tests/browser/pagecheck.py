"""What the browser tests check on a page, and the matrix they check it on.

The matrix is read from the application, not written out by hand: script
variants from ``reader.variants.VARIANTS``, reading modes from
``reader.prefs`` (every value of every choice, every switch, and elder mode
with each contrast scheme). A mode added to the app is tested without a
change here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import urls
from reader.content import reports as content
from reader.language.variants import DEFAULT, VARIANTS, Variant
from reader.web.prefs import CHOICES, SWITCHES, Prefs

ROOT = Path(__file__).resolve().parent.parent.parent
CONTENT = ROOT / "content"

PHONE = {"width": 360, "height": 800}
# the phone the first-screen and table checks are made on (test_browser_phone)
PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
REFLOW_WIDTH = 320

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Elder mode numbers (MIIT 2021 适老化 rules, see DESIGN.md)
ELDER_MIN_FONT_PX = 24
ELDER_MIN_LEADING = 1.3
ELDER_MIN_TARGET_PX = 60
# Everywhere: the size we give controls "where we can" (AA's floor is 24)
MIN_TARGET_PX = 44


def _first_category_path() -> str:
    library = content.load(CONTENT)
    top = next(iter(library.categories.children.values()), None)
    assert top is not None, "the bundled content has no category to test"
    return urls.category(top.path)


REPORT_PATH = "/reports/2019-zhangmianyi"
# page type → (path without the variant prefix, expected HTTP status)
PAGES: dict[str, tuple[str, int]] = {
    "home": ("/", 200),
    "category": (_first_category_path(), 200),
    "report": (REPORT_PATH, 200),
    "sitemap": ("/sitemap", 200),
    # the archive's page kinds: search results (marks, facets) and a body's figures by year
    "search": ("/search?q=%E5%BC%A0%E6%A3%89%E9%A9%BF", 200),
    "body": (urls.body("张家川县张棉驿乡人民政府"), 200),
    "accessibility": ("/accessibility", 200),
    "help": ("/help", 200),
    "notfound": ("/no-such-page", 404),
}


@dataclass(frozen=True)
class Mode:
    name: str  # for test ids: "default", "size-l", "elder", "elder+contrast-yb"
    prefs: Prefs

    @property
    def cookie(self) -> str:
        return self.prefs.cookie()

    @property
    def elder(self) -> bool:
        return bool(getattr(self.prefs, "elder", False))

    @property
    def high_contrast(self) -> bool:
        return getattr(self.prefs, "contrast", "default") != CHOICES.get("contrast", ("default",))[0]


def _mode(name: str, *settings: tuple[str, str]) -> Mode:
    prefs = Prefs()
    for key, value in settings:
        prefs = prefs.updated(key, value)
    if prefs == Prefs():
        raise AssertionError(f"reader.web.prefs ignored the setting {settings}: the matrix would "
                             "test the default mode under another name")
    return Mode(name, prefs)


def modes() -> list[Mode]:
    """Every single mode value, then elder mode with each contrast scheme."""
    found = [_mode(f"{name}-{value}", (name, value))
             for name, values in CHOICES.items() for value in values[1:]]
    found += [_mode(name, (name, "1")) for name in SWITCHES]
    if "elder" in SWITCHES and "contrast" in CHOICES:
        found += [_mode(f"elder+contrast-{value}", ("elder", "1"), ("contrast", value))
                  for value in CHOICES["contrast"][1:]]
    return found


DEFAULT_MODE = Mode("default", Prefs())


@dataclass(frozen=True)
class Cell:
    page: str
    variant: Variant
    mode: Mode
    viewport: str

    @property
    def id(self) -> str:
        return f"{self.page}-{self.variant.code}-{self.mode.name}-{self.viewport}"

    @property
    def url_path(self) -> str:
        return self.variant.prefix + PAGES[self.page][0]


# Modes whose effect the report page shows in full: the table layout on
# phones (only the report has tables) and the aids drawn by the script on a
# gesture (the server adds only a class). They are checked on the report
# alone, which keeps the matrix, and CI, short.
REPORT_ONLY_MODES = {"tables-scroll", "strip", "crosshair"}


def matrix() -> list[Cell]:
    """Every page × variant × viewport in the default mode, and every mode ×
    page × viewport in the default variant (the report alone for the modes
    above)."""
    cells = [Cell(page, variant, DEFAULT_MODE, viewport)
             for page in PAGES for variant in VARIANTS for viewport in VIEWPORTS]
    cells += [Cell(page, DEFAULT, mode, viewport)
              for mode in modes() for page in PAGES for viewport in VIEWPORTS
              if mode.name not in REPORT_ONLY_MODES or page == "report"]
    return cells


# --- axe-core ----------------------------------------------------------------


_AXE_RUN = """async ([tags, rules]) => {
  const enable = Object.fromEntries(rules.map(r => [r, {enabled: true}]));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules: enable,
                                          resultTypes: ['violations', 'incomplete']});
  const slim = (list) => list.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                              summary: n.failureSummary || '',
                              reasons: [...n.any, ...n.all, ...n.none].map(c => c.message)}))}));
  return {violations: slim(result.violations), incomplete: slim(result.incomplete)};
}"""

# Our own contrast measure for the nodes axe leaves "incomplete" (cells
# scrolled out of sight inside a .table-wrap, one-character text): the text
# colour over the composited backgrounds of its ancestors.
_CONTRAST = """([selectors, enhanced]) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const out = [];
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el) { out.push({sel, problem: 'not found'}); continue; }
    const layers = [];
    let image = false;
    for (let n = el; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage !== 'none') image = true;
      const bg = parse(cs.backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    const cs = getComputedStyle(el);
    const fg = over(parse(cs.color), bg);
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const need = enhanced ? (large ? 4.5 : 7) : (large ? 3 : 4.5);
    const r = ratio(fg, bg);
    out.push({sel, ratio: Math.round(r * 100) / 100, need, image,
              fg: cs.color, bg: 'rgb(' + bg.slice(0, 3).map(Math.round).join(',') + ')'});
  }
  return out;
}"""

CONTRAST_RULES = ("color-contrast", "color-contrast-enhanced")


class Axe:
    """The axe-core copy bundled in axe-playwright-python, injected with
    page.evaluate (not a <script> tag: that would break the strict CSP)."""

    def __init__(self) -> None:
        import axe_playwright_python

        package = Path(axe_playwright_python.__file__).parent
        found = sorted(package.rglob("axe.min.js"))
        assert found, f"axe.min.js not found inside {package.name}"
        self.source = found[0].read_text(encoding="utf-8")
        self.version = self.source[:40].split("axe v")[-1].split()[0]

    def __repr__(self) -> str:
        return f"<axe-core {self.version}>"

    def problems(self, page: Any, enhanced: bool = False) -> list[str]:
        """Runs axe; returns readable problems (empty when the page passes).
        With enhanced, text contrast must reach 7:1 (4.5:1 for large text).

        A contrast check axe cannot finish (text scrolled out of sight in a
        table's region, one-character text) is measured by us instead; any
        other unfinished check counts as a problem: nothing goes unproved."""
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        extra = ["color-contrast-enhanced"] if enhanced else []
        result = page.evaluate(_AXE_RUN, [AXE_TAGS, extra])
        problems = [format_rule(v) for v in result["violations"]]
        unfinished: set[str] = set()
        for item in result["incomplete"]:
            if item["id"] in CONTRAST_RULES:
                unfinished.update(n["target"][-1] for n in item["nodes"])
            else:
                problems.append("[needs review] " + format_rule(item))
        for measured in page.evaluate(_CONTRAST, [sorted(unfinished), enhanced]):
            if "problem" in measured or measured["image"] or measured["ratio"] < measured["need"]:
                problems.append("text contrast (measured by the harness): "
                                + json.dumps(measured, ensure_ascii=False))
        return problems


def format_rule(violation: dict[str, Any]) -> str:
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}",
             f"  {violation['helpUrl']}"]
    for node in violation["nodes"][:8]:
        lines.append(f"  - {' '.join(node['target'])}")
        lines.append(f"    {node['html']}")
        summary = node["summary"] or "; ".join(node["reasons"])
        lines.extend("      " + line for line in summary.splitlines() if line.strip())
    if len(violation["nodes"]) > 8:
        lines.append(f"  … and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


# --- which font drew the text --------------------------------------------------


def fonts_of_h1(page: Any) -> list[dict[str, Any]]:
    """The platform fonts that drew the first text node of the page's h1."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        assert h1, "no h1"
        children = cdp.send("DOM.describeNode", {"nodeId": h1, "depth": 1})["node"].get(
            "children", [])
        text = next((c for c in children if c["nodeType"] == 3 and c["nodeValue"].strip()), None)
        assert text is not None, "no text directly in the h1"
        node = cdp.send("DOM.pushNodesByBackendIdsToFrontend",
                        {"backendNodeIds": [text["backendNodeId"]]})["nodeIds"][0]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return [dict(font, text=text["nodeValue"]) for font in fonts]
    finally:
        cdp.detach()


# --- layout measures -------------------------------------------------------------

SIDEWAYS = """() => {
  const doc = document.documentElement;
  const wide = [];
  if (doc.scrollWidth > doc.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 && !el.closest('.table-wrap')
          && getComputedStyle(el).visibility !== 'hidden')
        wide.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                  + ' right=' + Math.round(r.right));
    }
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 10)};
}"""

# Text for screen readers only (clipped to nothing on purpose, the usual
# clip-path: inset(50%) pattern) is not text a sighted reader lost.
CLIPPED = """() => {
  const out = [];
  const screenReaderOnly = (el) => {
    for (let n = el; n; n = n.parentElement)
      if (getComputedStyle(n).clipPath === 'inset(50%)') return true;
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || !el.textContent.trim() || screenReaderOnly(el)) continue;
    const clipsY = ['hidden', 'clip'].includes(cs.overflowY);
    const clipsX = ['hidden', 'clip'].includes(cs.overflowX);
    if (clipsY && el.scrollHeight > el.clientHeight + 1)
      out.push(el.tagName.toLowerCase() + '.' + el.className + ' height ' +
               el.clientHeight + ' < ' + el.scrollHeight);
    if (clipsX && el.scrollWidth > el.clientWidth + 1)
      out.push(el.tagName.toLowerCase() + '.' + el.className + ' width ' +
               el.clientWidth + ' < ' + el.scrollWidth);
    if (cs.textOverflow === 'ellipsis') out.push(el.tagName.toLowerCase() + ' ellipsis');
  }
  return out;
}"""

# Elder mode: text size, line spacing, no floating layers.
ELDER = """([minFont, minLeading]) => {
  const small = [], tight = [], floating = [];
  const visible = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
    + ' "' + el.textContent.trim().slice(0, 12) + '"';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.nodeValue.trim() || seen.has(el)) continue;
    seen.add(el);
    if (!visible(el) || el.closest('.skip-link')) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    if (size < minFont - 0.01) small.push(name(el) + ' ' + size + 'px');
    const lh = cs.lineHeight === 'normal' ? 1.2 * size : parseFloat(cs.lineHeight);
    if (lh / size < minLeading - 0.001) tight.push(name(el) + ' ' + (lh / size).toFixed(2));
  }
  for (const el of document.querySelectorAll('body *')) {
    const pos = getComputedStyle(el).position;
    if ((pos === 'fixed' || pos === 'sticky') && visible(el)) floating.push(name(el) + ' ' + pos);
  }
  return {small: small.slice(0, 15), tight: tight.slice(0, 15), floating};
}"""

# Controls smaller than a size. Exempt, as in WCAG 2.5.8: a link inside a
# sentence (in a paragraph, a table cell, a definition, or the report's own
# text, with words of its own besides the link); every other link, button and
# form control is a target, a link alone in its paragraph (the site's name) too.
TARGETS = """(minTarget) => {
  const out = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(controls)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest('.skip-link')) continue;
    const block = el.tagName === 'A' && el.parentElement.closest('p, td, th, dd, .report-body');
    if (block && block.textContent.trim() !== el.textContent.trim()) continue;
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5)
      out.push(el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 12) + '" '
               + Math.round(r.width) + '×' + Math.round(r.height));
  }
  return out;
}"""
