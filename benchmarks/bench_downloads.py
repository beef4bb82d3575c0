"""Word and PDF downloads against a real `reader serve` on 127.0.0.1. Prints
numbers; asserts nothing; gives up after --deadline seconds.

1. The PDF engine against WeasyPrint, in one run (issue 20): the median time
   of a running server's uncached PDFs (every file a new report or script,
   after the server's first), against WeasyPrint turning the same report's
   web page into a PDF, warm, in one process, each of its renders right after
   one of the server's PDFs (the machine is shared: both see the same load);
   and the seed report's PDF size in each script. WeasyPrint is the baseline only: this script installs it
   (PyPI weasyprint; as root also the Debian libraries it needs, Pango and
   HarfBuzz's subsetter, without which it takes ~17 s a file) when missing.
2. The rest of downloads: the first file in a fresh process, the first .docx
   of a report, repeat downloads (from the file cache), HTML pages while
   several PDFs are made at once, and the memory of the server and its PDF
   worker.
3. With --export N: `reader build` of N generated reports (every page and
   every Word and PDF file in three scripts), timed.

    nice .venv/bin/python benchmarks/bench_downloads.py [--reports 8] [--burst 6] [--export 1000]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import ctypes.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, fetch, rss_mb, server  # noqa: E402

PREFIXES = ("", "/zh-hant-tw", "/zh-hant-hk")
TOWNS = ["龙山镇", "恭门镇", "马鹿乡", "平安乡", "川王镇", "木河乡", "刘堡乡", "连五乡", "胡川镇"]
DEADLINE = time.monotonic() + 600.0
SEED = "2019-zhangmianyi"
TARGET_RATIO = 0.25  # at most a quarter of WeasyPrint's time
TARGET_SIZE = 200 * 1024  # the seed report's PDF in any script
WEASYPRINT = "weasyprint>=63,<71"
# Debian package → the library WeasyPrint loads from it
WEASYPRINT_DEBIAN = {"libpango-1.0-0": "pango-1.0", "libpangoft2-1.0-0": "pangoft2-1.0",
                     "libharfbuzz-subset0": "harfbuzz-subset"}


def timed_get(url: str) -> tuple[float, int]:
    """Seconds to fetch the whole response, and its size."""
    timeout = max(1.0, min(120.0, DEADLINE - time.monotonic()))
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        size = len(response.read())
    return time.perf_counter() - started, size


def generate(target: Path, count: int) -> list[str]:
    """The bundled content plus copies of its report under other towns. Every
    paragraph of a copy starts with its own number and its figures differ, so
    no copy's lines break where another's do: Typst keeps the layout of what
    it typeset before, and identical copies would be made from that memory."""
    shutil.copytree(ROOT / "content", target)
    seed = (target / "reports" / f"{SEED}.md").read_text(encoding="utf-8")
    slugs = [SEED]
    for n in range(count - 1):
        slug = f"2019-town-{n + 1}"
        head, body = seed.split("\n---\n", 1)
        lines = [f"第{n + 1}号：{line}" if line and line[0] not in "#`- " and ":" not in line
                 else line for line in body.splitlines()]
        text = (head + "\n---\n" + "\n".join(lines)).replace("张棉驿乡", TOWNS[n % len(TOWNS)])
        text = text.replace("zmyx/2023-00029", f"bench/2020-{n:05d}").replace(
            "处理决定数量: 1750", f"处理决定数量: {1000 + 37 * n}").replace(
            "采购项目数量: 12", f"采购项目数量: {n + 3}")
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


# --- the baseline: WeasyPrint on the report's web page ----------------------------------


def weasyprint_ready() -> str | None:
    """Install WeasyPrint for the baseline if it is missing; None when it is
    ready, else why not."""
    missing = [package for package, library in WEASYPRINT_DEBIAN.items()
               if ctypes.util.find_library(library) is None]
    if missing:
        if os.geteuid() != 0:
            return f"WeasyPrint needs the Debian packages {' '.join(missing)} (install as root)"
        print(f"(installing {' '.join(missing)} for the WeasyPrint baseline)", flush=True)
        subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
                       check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    probe = [sys.executable, "-c", "import weasyprint"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        print(f"(installing {WEASYPRINT} for the baseline)", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        WEASYPRINT], check=True)
        if subprocess.run(probe, capture_output=True).returncode != 0:
            return "WeasyPrint does not import here"
    return None


def weasyprint_baseline() -> None:
    """The baseline's own process: reads a page file name per line, renders it
    with WeasyPrint and answers with the seconds it took. The first render of
    each page loads fonts and stylesheets and is answered like the others."""
    import weasyprint

    for line in sys.stdin:
        started = time.perf_counter()
        weasyprint.HTML(filename=line.strip()).write_pdf()
        print(time.perf_counter() - started, flush=True)


def save_pages(base: str, folder: Path) -> list[Path]:
    """The seed report's web page in every script, with its stylesheets, as
    files WeasyPrint can read without the server."""
    pages = []
    for n, prefix in enumerate(PREFIXES):
        html = fetch(f"{base}{prefix}/reports/{SEED}").decode()
        for href in {part.split('"')[0] for part in html.split('href="/static/')[1:]
                     if part.split('"')[0].endswith(".css")}:
            target = folder / "static" / href
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(fetch(f"{base}/static/{href}"))
        html = html.replace('href="/static/', f'href="{(folder / "static").as_uri()}/')
        page = folder / f"page-{n}.html"
        page.write_text(html, encoding="utf-8")
        pages.append(page)
    return pages


def engine_against_weasyprint(base: str, slugs: list[str], folder: Path) -> None:
    """Each uncached PDF of the server is followed by a warm WeasyPrint render
    of the same report's page in the same script, so both are measured under
    the same load (the machine is shared)."""
    why_not = weasyprint_ready()
    baseline = None
    if why_not:
        print(f"baseline skipped: {why_not}")
    else:
        pages = dict(zip(PREFIXES, save_pages(base, folder), strict=True))
        baseline = subprocess.Popen([sys.executable, __file__, "--weasyprint-baseline"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert baseline.stdin is not None and baseline.stdout is not None
        for page in pages.values():  # warm: fonts and stylesheets loaded
            baseline.stdin.write(f"{page}\n")
            baseline.stdin.flush()
            baseline.stdout.readline()
    uncached: list[float] = []
    theirs: list[float] = []
    seed_sizes: dict[str, int] = {}
    try:
        for slug in slugs:
            for prefix in PREFIXES:
                took, size = timed_get(f"{base}{prefix}/reports/{slug}.pdf")
                uncached.append(took)
                if slug == SEED:
                    seed_sizes[prefix or "/"] = size
                if baseline is not None and baseline.stdin and baseline.stdout:
                    baseline.stdin.write(f"{pages[prefix]}\n")
                    baseline.stdin.flush()
                    theirs.append(float(baseline.stdout.readline()))
    finally:
        if baseline is not None:
            baseline.terminate()
            baseline.wait()
    first, rest = uncached[0], uncached[1:]
    print(f"uncached PDFs of a running server: first {ms(first)}, then {summary(rest)}")
    print("seed report's PDF: " + ", ".join(
        f"{prefix} {size / 1024:.0f} KB" for prefix, size in seed_sizes.items())
        + f" (target at most {TARGET_SIZE // 1024} KB: "
        + ("met" if max(seed_sizes.values()) <= TARGET_SIZE else "NOT met") + ")")
    if theirs:
        ratio = statistics.median(rest) / statistics.median(theirs)
        print(f"WeasyPrint, the same report's web page, warm, one process: {summary(theirs)}")
        print(f"ratio of the medians: {ratio:.2f} of WeasyPrint's time (target at most "
              f"{TARGET_RATIO:.2f}: " + ("met" if ratio <= TARGET_RATIO else "NOT met") + ")")


# --- a static export ---------------------------------------------------------------------


def export(count: int, folder: Path) -> None:
    from archive_content import generate as generate_archive

    content = folder / "export-content"
    generate_archive(content, count)
    out = folder / "export-out"
    env = dict(os.environ, READER_CACHE=str(folder / "export-cache"))
    log = folder / "export.log"
    started = time.perf_counter()
    with log.open("w") as errors:
        done = subprocess.run([sys.executable, "-m", "reader", "build", "--content", str(content),
                               "--out", str(out)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=errors)
    took = time.perf_counter() - started
    if done.returncode != 0:
        print(f"static export failed after {took / 60:.1f} min:")
        print("\n".join(log.read_text().splitlines()[-20:]))
        return
    pdfs = list(out.rglob("*.pdf"))
    print(f"static export of {count} reports: {took / 60:.1f} min, {len(pdfs)} PDFs "
          f"({sum(p.stat().st_size for p in pdfs) / len(pdfs) / 1024:.0f} KB on average), "
          f"{sum(1 for _ in out.rglob('*.html'))} pages")


def main() -> None:
    if sys.argv[1:] == ["--weasyprint-baseline"]:
        weasyprint_baseline()
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=8)
    parser.add_argument("--burst", type=int, default=6, help="PDFs asked for at once")
    parser.add_argument("--export", type=int, default=0, help="reports in a timed static export")
    parser.add_argument("--deadline", type=float, default=600.0)
    args = parser.parse_args()
    global DEADLINE
    DEADLINE = time.monotonic() + args.deadline

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        slugs = generate(content, max(3, args.reports))
        os.environ["READER_CACHE"] = str(Path(tmp) / "cache-engine")
        print("== the PDF engine against WeasyPrint (one run)")
        with server(content) as (base, process, _):
            engine_against_weasyprint(base, slugs[: max(2, args.reports // 2)], Path(tmp))
            print(memory(process.pid))

        print("== downloads")
        os.environ["READER_CACHE"] = str(Path(tmp) / "cache-pdf-first")
        with server(content) as (base, process, ready):
            took, size = timed_get(f"{base}/reports/{slugs[0]}.pdf")
            print(f"server answered in {ready:.2f} s")
            print(f"first PDF, fresh process (worker starting): {ms(took)}, {size / 1024:.0f} KB")

        os.environ["READER_CACHE"] = str(Path(tmp) / "cache")
        with server(content) as (base, process, _):
            took, size = timed_get(f"{base}/reports/{slugs[0]}.docx")
            print(f"first .docx, fresh process: {ms(took)}, {size / 1024:.0f} KB")
            warm_docx = [timed_get(f"{base}{prefix}/reports/{slug}.docx")[0]
                         for slug in slugs[1:] for prefix in PREFIXES]
            print(f"first .docx of a report, warm process: {summary(warm_docx)}")
            timed_get(f"{base}/zh-hant-tw/reports/{slugs[1]}.pdf")
            for ext in ("docx", "pdf"):
                repeats = [timed_get(f"{base}/zh-hant-tw/reports/{slugs[1]}.{ext}")[0]
                           for _ in range(30)]
                print(f"repeat download of a made .{ext}: {summary(repeats)}")

            page = f"{base}/reports/{slugs[0]}"
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

        if args.export:
            print("== static export")
            export(args.export, Path(tmp))


if __name__ == "__main__":
    main()
