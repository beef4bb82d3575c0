"""Import time per file for a folder of 100 reports (Word files, saved GBK
portal pages and plain-text copies, a third each), run as `reader import`
in a fresh process, against the same command on one file (process start and
library loading) started in the same run; then the time per PDF and per PDF
page: a real report (the corpus's Shanghai 2019 report) printed to PDF by
LibreOffice the way offices make it, 20 copies in one `reader import`, and
every PDF of $READER_REAL_CORPUS read in this process. Prints numbers;
asserts nothing.

    READER_REAL_CORPUS=/path/to/corpus .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import ROOT  # noqa: E402

from reader.archive.loading import load_all
from reader.language.convert import Converter
from reader.language.variants import VARIANTS
from reader.render.word import writer as word

FILES = 100
DATA = ROOT / "tests" / "data"


def make_folder(folder: Path) -> None:
    report = load_all(ROOT / "content").library.by_slug["2019-zhangmianyi"]
    docx = word.build(report, VARIANTS[0], Converter())
    page = (DATA / "cms_page.html").read_text("utf-8").replace(
        "<!--META-->", '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    ).encode("gbk")
    text = (DATA / "seed_page.txt").read_bytes()
    for i in range(FILES):
        sub = folder / f"batch{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = i % 3
        name, body = [(f"r{i:03d}.docx", docx), (f"r{i:03d}.htm", page),
                      (f"r{i:03d}.txt", text)][kind]
        (sub / name).write_bytes(body)


def content_folder(parent: Path) -> Path:
    content = parent / "content"
    (content / "reports").mkdir(parents=True)
    for name in ("site.toml", "glossary.yaml", "pinyin.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    return content


def timed_import(paths: list[Path], parent: Path, *extra: str) -> tuple[float, int]:
    content = content_folder(parent)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reader", "import", *map(str, paths),
                           "--content", str(content), *extra], cwd=ROOT, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
    return seconds, len(list((content / "reports").glob("*.md")))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        root = Path(tmp)
        inbox = root / "inbox"
        make_folder(inbox)
        one = sorted(inbox.rglob("*.docx"))[0]
        single, _ = timed_import([one], root / "one")
        best = float("inf")
        for run in range(3):
            seconds, written = timed_import([inbox], root / f"all{run}")
            best = min(best, seconds)
        per_file = (best - single) / (FILES - 1)
        print(f"one file (process start included): {single:.2f} s")
        print(f"{FILES} files in one folder: {best:.2f} s (best of 3), {written} written")
        print(f"per file: {best / FILES * 1000:.0f} ms overall, "
              f"{per_file * 1000:.0f} ms beyond the one-file run")


PDF_COPIES = 20


def pdf_pages(raw: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        return len(pdf.pages)


def pdf_timing() -> None:
    import os

    from reader.importing import libreoffice
    from reader.importing.pdf import reader as pdf_reader
    from tests.importing.pdf.test_reader import office_docx

    if libreoffice.soffice() is not None:
        pdf = libreoffice.convert(office_docx(), ".docx", "pdf")
        pages = pdf_pages(pdf)
        with tempfile.TemporaryDirectory(prefix="bench-import-pdf-") as tmp:
            root = Path(tmp)
            inbox = root / "inbox"
            inbox.mkdir()
            for i in range(PDF_COPIES):
                (inbox / f"r{i:02d}.pdf").write_bytes(pdf)
            category = ("--category", "政府信息公开/政府信息公开年报")
            single, _ = timed_import([inbox / "r00.pdf"], root / "one", *category)
            seconds, written = timed_import([inbox], root / "all", *category)
        per_pdf = (seconds - single) / (PDF_COPIES - 1)
        print(f"PDF printed by LibreOffice ({pages} pages): one file {single:.2f} s with process "
              f"start; {PDF_COPIES} files {seconds:.2f} s, {written} written; "
              f"{per_pdf * 1000:.0f} ms per PDF, {per_pdf / pages * 1000:.0f} ms per page")
    else:
        print("PDF: LibreOffice is not installed; the printed report is not timed")
    corpus = os.environ.get("READER_REAL_CORPUS")
    for path in sorted(Path(corpus).glob("*/*.pdf")) if corpus else []:
        raw = path.read_bytes()
        pages = pdf_pages(raw)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            pdf_reader.read(raw)
            best = min(best, time.perf_counter() - started)
        print(f"{path.parent.name}: {pages} pages, read in {best * 1000:.0f} ms "
              f"({best / pages * 1000:.0f} ms per page, best of 3, in this process)")


if __name__ == "__main__":
    main()
    pdf_timing()
