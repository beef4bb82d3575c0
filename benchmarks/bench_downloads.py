"""Word and PDF downloads against a real `reader serve` on 127.0.0.1: the first
file of a report in a fresh process and in a warm one, repeat downloads (from
the file cache), peak memory of the server and of its PDF worker, and the
latency of HTML pages while several PDFs are made at once. Prints numbers;
asserts nothing; gives up after --deadline seconds.

    .venv/bin/python benchmarks/bench_downloads.py [--reports 4] [--burst 6]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, rss_mb, server  # noqa: E402

PREFIXES = ("", "/zh-hant-tw", "/zh-hant-hk")
TOWNS = ["龙山镇", "恭门镇", "马鹿乡", "平安乡", "川王镇", "木河乡", "刘堡乡", "连五乡", "胡川镇"]
DEADLINE = time.monotonic() + 300.0


def timed_get(url: str) -> tuple[float, int]:
    """Seconds to fetch the whole response, and its size."""
    timeout = max(1.0, min(120.0, DEADLINE - time.monotonic()))
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        size = len(response.read())
    return time.perf_counter() - started, size


def generate(target: Path, count: int) -> list[str]:
    """The bundled content plus copies of its report under other towns."""
    shutil.copytree(ROOT / "content", target)
    seed = (target / "reports" / "2019-zhangmianyi.md").read_text(encoding="utf-8")
    slugs = ["2019-zhangmianyi"]
    for n in range(count - 1):
        slug = f"2019-town-{n + 1}"
        text = seed.replace("张棉驿乡", TOWNS[n % len(TOWNS)]).replace(
            "zmyx/2023-00029", f"bench/2020-{n:05d}")
        (target / "reports" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    return slugs


def descendants(pid: int) -> list[int]:
    """Child processes (the PDF worker, multiprocessing's helpers), recursively."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory(pid: int) -> str:
    now, peak = rss_mb(pid)
    workers = []
    for child in descendants(pid):
        try:
            workers.append(rss_mb(child))
        except (OSError, KeyError):
            continue
    worker_peak = max((p for _, p in workers), default=0.0)
    return (f"server RSS {now:.0f} MB (peak {peak:.0f} MB); largest child peak "
            f"{worker_peak:.0f} MB ({len(workers)} child processes)")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def summary(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"median {ms(statistics.median(ordered))}, p95 {ms(p95)}, max {ms(ordered[-1])} "
            f"({len(ordered)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=4)
    parser.add_argument("--burst", type=int, default=6, help="PDFs asked for at once")
    parser.add_argument("--deadline", type=float, default=300.0)
    args = parser.parse_args()
    global DEADLINE
    DEADLINE = time.monotonic() + args.deadline

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        slugs = generate(content, max(2, args.reports))
        first = slugs[0]
        os.environ["READER_CACHE"] = str(Path(tmp) / "cache-pdf-first")
        with server(content) as (base, process, ready):
            took, size = timed_get(f"{base}/reports/{first}.pdf")
            print(f"server answered in {ready:.2f} s")
            print(f"first PDF, fresh process (worker starting): {ms(took)}, {size / 1024:.0f} KB")
            took, size = timed_get(f"{base}/reports/{first}.docx")
            print(f"first .docx after it: {ms(took)}, {size / 1024:.0f} KB")

        os.environ["READER_CACHE"] = str(Path(tmp) / "cache")
        with server(content) as (base, process, _):
            took, size = timed_get(f"{base}/reports/{first}.docx")
            print(f"first .docx, fresh process: {ms(took)}, {size / 1024:.0f} KB")
            time.sleep(3)  # let the worker's warm-up finish, as it would on a live server
            took, size = timed_get(f"{base}/reports/{first}.pdf")
            print(f"first PDF, fresh process after warm-up: {ms(took)}, {size / 1024:.0f} KB")

            warm_docx, warm_pdf, sizes = [], [], {}
            for slug in slugs[1:]:
                for prefix in PREFIXES:
                    took, size = timed_get(f"{base}{prefix}/reports/{slug}.docx")
                    warm_docx.append(took)
                    sizes[(prefix, "docx")] = size
            for slug in slugs[1:2]:
                for prefix in PREFIXES:
                    took, size = timed_get(f"{base}{prefix}/reports/{slug}.pdf")
                    warm_pdf.append(took)
                    sizes[(prefix, "pdf")] = size
            print(f"first .docx of a report, warm process: {summary(warm_docx)}")
            print(f"first PDF of a report, warm process: {summary(warm_pdf)}")
            print("file sizes: " + ", ".join(f"{prefix or '/'} {ext} {size / 1024:.0f} KB"
                                             for (prefix, ext), size in sorted(sizes.items())))

            for ext in ("docx", "pdf"):
                repeats = [timed_get(f"{base}/zh-hant-tw/reports/{slugs[1]}.{ext}")[0]
                           for _ in range(30)]
                print(f"repeat download of a made .{ext}: {summary(repeats)}")

            page = f"{base}/reports/{first}"
            timed_get(page)
            baseline = [timed_get(page)[0] for _ in range(30)]
            print(f"HTML report page, idle server: {summary(baseline)}")

            todo = [f"{base}{prefix}/reports/{slug}.pdf" for slug in slugs[2:]
                    for prefix in PREFIXES][:args.burst]
            if len(todo) < args.burst:
                print(f"(only {len(todo)} PDFs not yet made: use --reports to get more)")
            during: list[float] = []
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(len(todo) or 1) as pool:
                burst = [pool.submit(timed_get, url) for url in todo]
                while not all(f.done() for f in burst) and time.monotonic() < DEADLINE:
                    during.append(timed_get(page)[0])
                    time.sleep(0.02)
                pdf_times = [f.result()[0] for f in burst]
            total = time.perf_counter() - started
            print(f"{len(todo)} PDFs asked for at once: all made in {total:.1f} s "
                  f"(slowest waited {max(pdf_times, default=0):.1f} s)")
            print(f"HTML report page meanwhile: {summary(during)}")
            print(memory(process.pid))


if __name__ == "__main__":
    main()
