"""Scanned PDFs (pages that are images): a text layer added by OCRmyPDF with
Tesseract's simplified-Chinese model, both Debian packages, before the PDF
is read like any other. Without them a scan is refused with one line that
names the packages."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

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
