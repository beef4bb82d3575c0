"""Import time per file for a folder of 100 reports (Word files, saved GBK
portal pages and plain-text copies, a third each), run as `reader import`
in a fresh process, against the same command on one file (process start and
library loading) started in the same run. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
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


def timed_import(paths: list[Path], parent: Path) -> tuple[float, int]:
    content = content_folder(parent)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reader", "import", *map(str, paths),
                           "--content", str(content)], cwd=ROOT, capture_output=True, text=True)
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


if __name__ == "__main__":
    main()
