"""Every page type in every script variant and every reading mode, on a
phone and a desktop: axe-core (WCAG 2.2 AA and best practice) finds nothing,
the page reflows at 320 CSS px, the Chinese text is drawn by a CJK font, and
elder mode keeps its numbers."""

from __future__ import annotations

from typing import Any

import pytest
from pagecheck import (
    ELDER,
    ELDER_MIN_FONT_PX,
    ELDER_MIN_LEADING,
    ELDER_MIN_TARGET_PX,
    MIN_TARGET_PX,
    PAGES,
    REFLOW_WIDTH,
    SIDEWAYS,
    TARGETS,
    VIEWPORTS,
    Axe,
    Cell,
    fonts_of_h1,
    matrix,
)

CELLS = matrix()
# the regional face of Noto Sans CJK each variant should be drawn in
REGIONAL_FACE = {"zh-Hans-CN": "SC", "zh-Hant-TW": "TC", "zh-Hant-HK": "HK"}


def test_matrix_is_read_from_the_app() -> None:
    from reader.language.variants import VARIANTS
    from reader.web.prefs import CHOICES, SWITCHES

    names = {cell.mode.name for cell in CELLS}
    for name, values in CHOICES.items():
        assert {f"{name}-{v}" for v in values[1:]} <= names
    assert set(SWITCHES) <= names
    assert {cell.variant.code for cell in CELLS} == {v.code for v in VARIANTS}
    assert {cell.page for cell in CELLS} == set(PAGES)


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_cell(cell: Cell, new_page: Any, axe: Axe) -> None:
    page = new_page(VIEWPORTS[cell.viewport], cell.mode.cookie)
    response = page.goto(cell.url_path)
    assert response is not None and response.status == PAGES[cell.page][1]

    # the page really is in this variant and this mode
    assert page.evaluate("document.documentElement.lang") == cell.variant.code
    classes = set(page.evaluate("[...document.documentElement.classList]"))
    assert set(cell.mode.prefs.html_classes().split()) <= classes

    problems: list[str] = []
    # elder mode and the contrast schemes promise 7:1
    problems += axe.problems(page, enhanced=cell.mode.elder or cell.mode.high_contrast)

    fonts = fonts_of_h1(page)
    main_font = max(fonts, key=lambda f: f["glyphCount"])
    face = REGIONAL_FACE.get(cell.variant.code, "")
    if "CJK" not in main_font["familyName"] or not main_font["familyName"].endswith(face):
        problems.append(f"h1 {main_font['text']!r} drawn in {fonts}, expected Noto Sans CJK {face}")

    target = ELDER_MIN_TARGET_PX if cell.mode.elder else MIN_TARGET_PX
    small = page.evaluate(TARGETS, target)
    if small:
        problems.append(f"controls under {target}×{target} px: {small}")
    if cell.mode.elder:
        elder = page.evaluate(ELDER, [ELDER_MIN_FONT_PX, ELDER_MIN_LEADING])
        if elder["small"]:
            problems.append(f"elder mode: text under {ELDER_MIN_FONT_PX} px: {elder['small']}")
        if elder["tight"]:
            problems.append(f"elder mode: line spacing under {ELDER_MIN_LEADING}: {elder['tight']}")
        if elder["floating"]:
            problems.append(f"elder mode: floating layers: {elder['floating']}")

    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    sideways = page.evaluate(SIDEWAYS)
    if sideways["scrollWidth"] > sideways["clientWidth"]:
        problems.append(f"sideways scrolling at {REFLOW_WIDTH}px: {sideways}")

    if problems:
        pytest.fail(f"{cell.id}:\n" + "\n\n".join(problems), pytrace=False)
