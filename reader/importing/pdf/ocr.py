"""Scanned PDFs (pages that are images): a text layer added by OCRmyPDF with
Tesseract's simplified-Chinese model, both Debian packages, before the PDF
is read like any other. Without them a scan is refused with one line that
names the packages."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from reader.importing.source import Refused

PACKAGES = "ocrmypdf tesseract-ocr-chi-sim"
INSTALL = f"apt-get install {PACKAGES}"
WARNING = ("the text and figures were read by OCR from a scan: check them against it "
           "(OCR confuses digits such as 1/7 and 0/8)")
TIMEOUT = 900.0


def available() -> bool:
    """OCRmyPDF and Tesseract's simplified-Chinese model are installed."""
    if shutil.which("ocrmypdf") is None or shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "chi_sim" in (listed.stdout + listed.stderr).split()


def recognise(raw: bytes) -> bytes:
    """The PDF with a text layer read from its page images."""
    if not available():
        raise Refused("a scanned PDF (its pages are images, without text): reading it needs OCR; "
                      f"install the Debian packages {PACKAGES} ({INSTALL})")
    with tempfile.TemporaryDirectory(prefix="reader-ocr-") as tmp:
        source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        source.write_bytes(raw)
        command = ["ocrmypdf", "-l", "chi_sim", "--force-ocr", "--output-type", "pdf",
                   "--optimize", "0", "--jobs", "1", "--quiet", str(source), str(target)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise Refused(f"OCR did not finish within {TIMEOUT:.0f} s") from None
        if done.returncode != 0 or not target.is_file():
            reason = " ".join((done.stderr or "").split())[-200:]
            raise Refused(f"OCR could not read the scan ({reason or done.returncode})")
        return target.read_bytes()


RENDER_DPI = 150
LINE_RUN = 0.5  # inches: a dark run at least this long is a ruling line, not a stroke of text


def ruling(page: Any) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The ruling lines of a scanned page, found in its image: (vertical as
    (x, top, bottom), horizontal as (y, x0, x1)) in PDF points. The image is
    averaged over runs of LINE_RUN so that only long dark lines stay dark."""
    from PIL import Image

    image = page.to_image(resolution=RENDER_DPI).original.convert("L")
    width, height = image.size
    run = max(2, int(RENDER_DPI * LINE_RUN / 4))
    scale = 72 / RENDER_DPI
    # a vertical line is thin and may print grey; a row of text squeezed sideways is
    # grey too, so a horizontal line must stay near black
    vertical = _runs(image.resize((width, max(1, height // run)), Image.Resampling.BOX), run,
                     170, 6)
    flipped = image.transpose(Image.Transpose.TRANSPOSE)
    horizontal = _runs(flipped.resize((height, max(1, width // run)), Image.Resampling.BOX), run,
                       100, 4)
    return ([(x * scale, a * scale, b * scale) for x, a, b in vertical],
            [(y * scale, a * scale, b * scale) for y, a, b in horizontal])


def _runs(small: Any, run: int, threshold: int, minimum: int) -> list[tuple[float, float, float]]:
    """Columns of an image squeezed vertically by ``run`` that stay darker than
    ``threshold`` over ``minimum`` squeezed rows or more: (x, top, bottom) in
    the original's pixels."""
    width, height = small.size
    pixels = small.load()
    found: list[tuple[float, float, float]] = []
    for x in range(width):
        start = None
        for y in range(height + 1):
            dark = y < height and pixels[x, y] < threshold
            if dark and start is None:
                start = y
            elif not dark and start is not None:
                if y - start >= minimum:
                    found.append((x + 0.5, start * run, y * run))
                start = None
    merged: list[tuple[float, float, float]] = []
    for column, top, bottom in sorted(found):
        if merged and column - merged[-1][0] <= 3 and top < merged[-1][2] \
                and bottom > merged[-1][1]:
            px, pt, pb = merged[-1]
            merged[-1] = ((px + column) / 2, min(pt, top), max(pb, bottom))
        else:
            merged.append((column, top, bottom))
    return merged
