"""Reading modes, used the way a resident uses them: click the control, then
measure what the page became (computed sizes, colours, targets, ruby, speech
calls), with and without JavaScript."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from pagecheck import PHONE, REPORT_PATH

DESKTOP = {"width": 1280, "height": 800}
SPEECH_STUB = """
window.__utterances = [];
const fake = {
  paused: false, speaking: false, pending: false,
  speak(u) { window.__utterances.push({text: u.text, lang: u.lang, rate: u.rate,
                                      voice: u.voice && u.voice.lang});
             setTimeout(() => u.onend && u.onend(), 0); },
  cancel() { window.__cancelled = (window.__cancelled || 0) + 1; },
  pause() { this.paused = true; }, resume() { this.paused = false; },
  getVoices() { return [{lang: 'en-US'}, {lang: 'zh-CN'}, {lang: 'zh-TW'}, {lang: 'zh-HK'}]; },
};
Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
NO_SPEECH = "delete window.speechSynthesis; window.SpeechSynthesisUtterance = undefined;"


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    a, b = (luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c))) for c in (fg, bg))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def style(page: Any, selector: str) -> dict[str, Any]:
    return page.eval_on_selector(selector, """el => {
        const s = getComputedStyle(el);
        let bgEl = el, bg = 'rgba(0, 0, 0, 0)';
        while (bgEl && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
            bg = getComputedStyle(bgEl).backgroundColor; bgEl = bgEl.parentElement; }
        return {font: parseFloat(s.fontSize), leading: parseFloat(s.lineHeight),
                color: s.color, bg: bg, cursor: s.cursor};
    }""")


def open_settings(page: Any) -> None:
    if not page.eval_on_selector("details.settings", "d => d.open"):
        page.click("details.settings > summary")


def click_mode(page: Any, name: str, value: str) -> None:
    open_settings(page)
    page.click(f'#modes button[name="{name}"][value="{value}"]')


def no_sideways_scroll(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_elder_mode_numbers_and_persistence(new_page: Callable[..., Any], server: str) -> None:
    page = new_page(PHONE)
    page.goto(REPORT_PATH)
    before = style(page, ".report-body p")
    page.get_by_role("button", name="长者模式", exact=True).click()
    page.wait_for_function("() => document.documentElement.classList.contains('elder')")
    body = style(page, ".report-body p")
    assert body["font"] >= 24 > before["font"]
    assert body["leading"] / body["font"] >= 1.8
    assert contrast(body["color"], body["bg"]) >= 7
    meta = style(page, ".report-meta dd")
    assert contrast(meta["color"], meta["bg"]) >= 7
    sizes = page.eval_on_selector_all(
        ".toolbar a, .toolbar button:visible, .toolbar summary, .site-nav a",
        "els => els.filter(e => e.offsetParent).map(e => [e.textContent.trim(), "
        "e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert sizes and all(w >= 60 and h >= 60 for _, w, h in sizes), sizes
    exit_button = page.get_by_role("button", name="退出长者模式")
    assert exit_button.is_visible()
    # survives a reload and navigation, in another script too
    page.reload()
    assert "elder" in page.eval_on_selector("html", "h => h.className")
    page.goto("/zh-hant-tw/sitemap")
    assert style(page, "main li")["font"] >= 24
    assert page.get_by_role("button", name="退出長者模式").is_visible()
    page.get_by_role("button", name="退出長者模式").click()
    page.wait_for_function("() => !document.documentElement.classList.contains('elder')")
    assert page.get_by_role("button", name="長者模式", exact=True).is_visible()


def test_type_size_steps_reflow(new_page: Callable[..., Any]) -> None:
    page = new_page({"width": 320, "height": 800})
    page.goto(REPORT_PATH)
    sizes = {}
    for value in ("s", "m", "l", "xl"):
        click_mode(page, "size", value)
        assert page.get_attribute(f'#modes button[name="size"][value="{value}"]', "aria-pressed") == "true"
        sizes[value] = style(page, ".report-body p")["font"]
        assert no_sideways_scroll(page), value
    assert sizes["s"] < sizes["m"] < sizes["l"] < sizes["xl"]
    # independent of browser zoom: the setting is a class on <html>, not zoom
    assert "size-xl" in page.eval_on_selector("html", "h => h.className")


@pytest.mark.parametrize("scheme", ["yb", "by", "wb"])
def test_contrast_schemes_reach_7_to_1_with_visible_focus(new_page: Callable[..., Any], scheme: str) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    click_mode(page, "contrast", scheme)
    for selector in (".report-body p", ".report-meta dd", "h1", ".data-table td", ".crumbs a",
                     ".site-nav a", ".site-footer dd"):
        s = style(page, selector)
        assert contrast(s["color"], s["bg"]) >= 7, (selector, s)
    page.focus(".toc li:nth-child(2) a")
    page.keyboard.press("Shift+Tab")  # by keyboard, so :focus-visible applies
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.toc') !== null")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
    assert outline[0] != "none" and outline[1] >= 2
    bg = style(page, ".toc")["bg"]
    assert contrast(outline[2], bg) >= 3


def test_line_spacing_steps(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    normal = style(page, ".report-body p")
    click_mode(page, "spacing", "wide")
    wide = style(page, ".report-body p")
    assert wide["leading"] / wide["font"] > normal["leading"] / normal["font"] >= 1.5


@pytest.mark.parametrize("prefix,zhang", [("", "长"), ("/zh-hant-tw", "長"), ("/zh-hant-hk", "長")])
def test_pinyin_on_and_off_without_reload(new_page: Callable[..., Any], prefix: str, zhang: str) -> None:
    page = new_page(DESKTOP)
    page.goto(prefix + REPORT_PATH)
    page.evaluate("window.__same_document = true")
    assert page.locator(".report-body ruby").count() == 0
    click_mode(page, "pinyin", "1")
    page.wait_for_selector(".report-body ruby")
    pairs = page.eval_on_selector_all(".report-body ruby", "rs => rs.map(r => r.firstChild.textContent + "
                                      "'=' + r.querySelector('rt').textContent)")
    assert f"{zhang}=zhǎng" in pairs  # 乡长 xiāng zhǎng
    assert page.evaluate("window.__same_document") is True  # no reload
    # base characters stay visible
    assert page.locator(".report-body ruby").first.is_visible()
    click_mode(page, "pinyin", "0")
    page.wait_for_function("() => document.querySelectorAll('.report-body ruby').length === 0")


def test_read_aloud_uses_the_page_language(new_page: Callable[..., Any]) -> None:
    for prefix, lang in (("", "zh-CN"), ("/zh-hant-hk", "zh-HK")):
        page = new_page(DESKTOP)
        page.add_init_script(SPEECH_STUB)
        page.goto(prefix + REPORT_PATH)
        open_settings(page)
        page.click('[data-speak="all"]')
        page.wait_for_function("() => window.__utterances.length > 20")
        said = page.evaluate("window.__utterances")
        assert said[0]["lang"] == lang and said[0]["voice"] == lang
        assert "2019" in said[0]["text"] and all("zhǎng" not in u["text"] for u in said)
        page.click('[data-speak="stop"]')
        assert page.evaluate("window.__cancelled") >= 1


def test_point_reading_and_speed(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.add_init_script(SPEECH_STUB)
    page.goto(REPORT_PATH)
    open_settings(page)
    page.click('[data-rate="1.3"]')
    page.click('[data-speak="point"]')
    assert page.get_attribute('[data-speak="point"]', "aria-pressed") == "true"
    page.click(".report-body p >> nth=1")
    page.wait_for_function("() => window.__utterances.length === 1")
    [said] = page.evaluate("window.__utterances")
    assert said["rate"] == 1.3 and said["text"].startswith("2019年，我乡坚持")
    page.click('[data-speak="pause"]')
    assert page.evaluate("window.speechSynthesis.paused") is True


def test_no_speech_synthesis_says_so(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.add_init_script(NO_SPEECH)
    page.goto(REPORT_PATH)
    open_settings(page)
    assert "不支持" in page.inner_text("[data-speech-status]")
    assert page.locator('[data-speak="all"]').is_hidden()


def test_pointer_and_guide_line(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    click_mode(page, "cursor", "1")
    assert "url(" in style(page, ".report-body p")["cursor"]
    click_mode(page, "guide", "1")
    page.mouse.move(300, 420)
    assert page.locator(".guide-line").count() == 1
    assert page.get_attribute(".guide-line", "aria-hidden") == "true"
    click_mode(page, "guide", "0")
    assert page.locator(".guide-line").count() == 0


def test_reset_restores_defaults(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP, cookie="elder-1.size-xl.contrast-wb.pinyin-1")
    page.goto(REPORT_PATH)
    open_settings(page)
    page.get_by_role("button", name="重置为默认设置").click()
    page.wait_for_function("() => ['size-m', 'contrast-default', 'spacing-normal'].every("
                           "c => document.documentElement.classList.contains(c)) && "
                           "!document.documentElement.classList.contains('elder')")
    page.reload()
    classes = page.eval_on_selector("html", "h => h.className")
    assert classes.startswith("size-m contrast-default spacing-normal")


def test_modes_without_javascript(new_page: Callable[..., Any]) -> None:
    page = new_page(PHONE, java_script_enabled=False)
    page.goto("/zh-hant-tw" + REPORT_PATH + "#五存在的主要問題及改進情況")
    page.get_by_role("button", name="長者模式", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/zh-hant-tw" + REPORT_PATH)
    assert "elder" in page.eval_on_selector("html", "h => h.className")
    assert style(page, ".report-body p")["font"] >= 24
    page.click("details.settings > summary")
    page.click('#modes button[name="contrast"][value="yb"]')
    page.wait_for_load_state()
    s = style(page, ".report-body p")
    assert contrast(s["color"], s["bg"]) >= 7 and "contrast-yb" in page.eval_on_selector(
        "html", "h => h.className")
    page.click("details.settings > summary")
    page.click('#modes button[name="pinyin"][value="1"]')
    page.wait_for_load_state()
    assert page.locator(".report-body ruby").count() > 100
    page.goto("/sitemap")
    assert "elder" in page.eval_on_selector("html", "h => h.className")
    assert no_sideways_scroll(page)


def test_script_switch_keeps_the_section(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    page.evaluate("document.getElementById('五存在的主要问题及改进情况').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)  # the reader stops here, then goes up to the switch
    page.get_by_role("link", name="繁體（臺灣）").click()
    page.wait_for_url(re.compile(r"/zh-hant-tw/reports/2019-zhangmianyi#"))
    assert page.evaluate("decodeURIComponent(location.hash)") == "#五存在的主要问题及改进情况"
    top = page.eval_on_selector("#五存在的主要问题及改进情况", "e => e.getBoundingClientRect().top")
    assert -5 <= top <= 100
    assert page.inner_text("h1").startswith("張家川縣")
    # and back: the choice is remembered, the simplified address leads to Taiwan's page
    page.goto(REPORT_PATH)
    assert page.url.endswith("/zh-hant-tw" + REPORT_PATH)
    page.evaluate("document.getElementById('五存在的主要问题及改进情况').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.get_by_role("link", name="简体").click()
    page.wait_for_url(re.compile(r"/reports/2019-zhangmianyi#"))
    assert "/zh-hant" not in page.url and page.inner_text("h1").startswith("张家川县")


def test_caption_strip_follows_pointer_and_focus(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP, cookie="pinyin-1")
    page.goto("/zh-hant-tw" + REPORT_PATH)
    assert page.locator(".caption-strip").count() == 0  # off by default
    click_mode(page, "strip", "1")
    assert page.get_attribute('#modes button[name="strip"]', "aria-pressed") == "true"
    strip = page.locator(".caption-strip")
    assert strip.get_attribute("aria-hidden") == "true"
    # the pointer: the paragraph's own (traditional) text, with its pinyin
    paragraph = page.locator(".report-body p").nth(1)
    paragraph.hover()
    shown = strip.evaluate("""el => ({text: [...el.childNodes].map(n => n.nodeName === 'RUBY'
        ? n.firstChild.textContent : n.textContent).join(''), rt: el.querySelectorAll('rt').length,
        size: parseFloat(getComputedStyle(el).fontSize), lang: el.lang})""")
    base = paragraph.evaluate("""el => { const c = el.cloneNode(true);
        c.querySelectorAll('rt').forEach(rt => rt.remove()); return c.textContent.trim(); }""")
    assert shown["text"].strip() == base and "鄉" in base
    assert shown["rt"] > 20 and shown["size"] >= 40 and shown["lang"] == "zh-Hant-TW"
    # the keyboard: a link at the bottom of the window; the strip moves out of its way
    link = page.locator(".toc a").last
    link.evaluate("el => el.scrollIntoView({block: 'end'})")
    page.evaluate("window.scrollBy(0, 10)")
    link.focus()
    assert strip.inner_text().strip() == link.inner_text().strip()
    a, b = link.bounding_box(), strip.bounding_box()
    assert a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"], (a, b)
    click_mode(page, "strip", "0")
    assert page.locator(".caption-strip").count() == 0


def test_crosshair_follows_the_pointer(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    click_mode(page, "crosshair", "1")
    assert style(page, ".report-body p")["cursor"] == "crosshair"
    page.mouse.move(300, 420)
    lines = page.eval_on_selector_all(".crosshair-line", """els => els.map(el => {
        const r = el.getBoundingClientRect();
        return {hidden: el.getAttribute('aria-hidden'), x: r.x + r.width / 2, y: r.y + r.height / 2,
                w: r.width, h: r.height}; })""")
    assert len(lines) == 2 and all(line["hidden"] == "true" for line in lines)
    across, down = sorted(lines, key=lambda line: -line["w"])
    assert abs(across["y"] - 420) <= 2 and across["w"] >= 1200
    assert abs(down["x"] - 300) <= 2 and down["h"] >= 780
    click_mode(page, "crosshair", "0")
    assert page.locator(".crosshair-line").count() == 0


def test_text_only_without_javascript(new_page: Callable[..., Any]) -> None:
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(REPORT_PATH)
    assert style(page, ".site-header")["bg"] != "rgba(0, 0, 0, 0)"
    page.click("details.settings > summary")
    assert page.get_by_text("“显示屏”需要浏览器开启 JavaScript").is_visible()
    page.click('#modes button[name="textonly"][value="1"]')
    page.wait_for_load_state()
    assert "textonly" in page.eval_on_selector("html", "h => h.className")
    for selector in (".site-header", ".crumbs", ".report-meta", ".site-footer"):
        assert page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor") \
            == "rgba(0, 0, 0, 0)", selector
    s = style(page, ".site-header a")
    assert contrast(s["color"], s["bg"]) >= 4.5
    page.goto("/sitemap")  # remembered
    assert "textonly" in page.eval_on_selector("html", "h => h.className")
    page.click("details.settings > summary")
    assert page.get_attribute('#modes button[name="textonly"]', "aria-pressed") == "true"


def test_pinyin_refresh_keeps_focus_and_reports_failure(new_page: Callable[..., Any]) -> None:
    page = new_page(DESKTOP)
    page.goto(REPORT_PATH)
    held: list[Any] = []
    page.route("**" + REPORT_PATH, lambda route: held.append(route))
    click_mode(page, "pinyin", "1")
    page.wait_for_function("() => document.querySelector('main').getAttribute('aria-busy') === 'true'")
    deadline = time.monotonic() + 30
    while not held:  # Playwright calls the route handler while we wait
        assert time.monotonic() < deadline, "the page never asked for the report again"
        page.wait_for_timeout(20)
    # the reader moves into the text while the page is fetched
    page.locator(".toc a").nth(2).focus()
    text = page.evaluate("document.activeElement.textContent")
    held.pop().continue_()
    page.wait_for_selector(".report-body ruby")
    assert page.evaluate("document.activeElement.textContent") == text
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert page.evaluate("document.querySelector('main').hasAttribute('aria-busy')") is False
    # the network fails: the page stays as it was and says so
    page.unroute("**" + REPORT_PATH)
    page.route("**" + REPORT_PATH, lambda route: route.abort())
    click_mode(page, "pinyin", "0")
    page.wait_for_function("() => document.querySelector('[data-modes-status]').textContent.length > 0")
    assert "拼音未能更新" in page.inner_text("[data-modes-status]")
    assert page.locator(".report-body ruby").count() > 0
    assert page.evaluate("document.querySelector('main').hasAttribute('aria-busy')") is False
