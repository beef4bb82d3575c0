"""The seed report's PDF drawn as a reader's PDF viewer draws it: every page
rendered to an image by Poppler's pdftoppm (Debian poppler-utils, which
``scripts/install --test`` installs), in each script: the page count, the
one landscape page (table 四) and what is on it, no blank page, and the
fonts Poppler finds embedded (pdffonts)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.served_files import VARIANT_IDS, served, squash

PAGES = 8  # the seed report on A4 in the official layout
FACE = {"zh-Hans-CN": "sc", "zh-Hant-TW": "tc", "zh-Hant-HK": "hk"}
UKAI = {"zh-Hans-CN": "CN", "zh-Hant-TW": "TW", "zh-Hant-HK": "HK"}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: scripts/install --test installs poppler-utils")
        pytest.skip(f"{name} is missing (Debian poppler-utils)")
    return found


def pgm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, grey pixels) of a binary PGM file."""
    data = path.read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return int(width), int(height), pixels[: int(width) * int(height)]


@pytest.fixture(scope="module", params=VARIANT_IDS)
def drawn(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[str, Path, list[tuple[int, int, bytes]]]:
    code = request.param
    folder = tmp_path_factory.mktemp(f"pages-{code}")
    pdf = folder / "report.pdf"
    pdf.write_bytes(served().body(code, "pdf"))
    subprocess.run([tool("pdftoppm"), "-r", "30", "-gray", str(pdf), str(folder / "page")],
                   check=True, capture_output=True, timeout=120)
    images = sorted(folder.glob("page-*.pgm"), key=lambda p: int(re.findall(r"\d+", p.name)[-1]))
    return code, pdf, [pgm(image) for image in images]


def test_every_page_is_drawn_and_none_is_blank(
        drawn: tuple[str, Path, list[tuple[int, int, bytes]]]) -> None:
    code, pdf, pages = drawn
    assert len(pages) == PAGES == len(PdfReader(pdf).pages)
    # a page with only its page number has next to no dark pixels at this resolution
    for number, (_, _, pixels) in enumerate(pages, 1):
        ink = sum(1 for value in pixels if value < 128)
        assert ink > 80, f"page {number} of the {code} file is blank ({ink} dark pixels)"


def test_the_wide_table_has_the_one_landscape_page(
        drawn: tuple[str, Path, list[tuple[int, int, bytes]]]) -> None:
    code, pdf, pages = drawn
    landscape = [n for n, (width, height, _) in enumerate(pages) if width > height]
    assert len(landscape) == 1
    number = landscape[0]
    width, height, pixels = pages[number]
    assert abs(width / height - 842 / 595) < 0.02  # A4 turned
    # the 15-column table 四 is drawn across the page: ink in most columns of pixels
    columns = {x for y in range(height) for x in range(width) if pixels[y * width + x] < 128}
    assert len(columns) > width * 0.6
    text = squash(PdfReader(io.BytesIO(served().body(code, "pdf"))).pages[number].extract_text())
    assert text.startswith("四、")  # its heading came along
    assert squash(served().pages[code].texts("caption")[-1]) in text  # table 四's caption


def test_poppler_finds_the_fonts_embedded_in_the_regional_face(
        drawn: tuple[str, Path, list[tuple[int, int, bytes]]]) -> None:
    code, pdf, _ = drawn
    listing = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                             timeout=60, check=True).stdout.splitlines()[2:]
    fonts = {}
    for line in listing:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        fonts[re.sub(r"^[A-Z]{6}\+|-Identity-H$", "", name)] = (emb, sub, uni)
    face, kai = FACE[code], UKAI[code]
    assert sorted(fonts) == sorted([f"NotoSansCJK{face}-Regular", f"NotoSerifCJK{face}-Bold",
                                    f"NotoSerifCJK{face}-Regular", f"UKai{kai}"])
    # embedded, subset, with a Unicode map (text can be copied and read aloud)
    assert set(fonts.values()) == {("yes", "yes", "yes")}
