"""A whole archive: start-up time, memory, listing page sizes, search latency
and how soon a content change is served, at 1, 1,000 and 10,000 reports.
Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_archive.py [--sizes 1,1000,10000] [--work DIR]

Each size is served twice from the same cache folder: the first start parses
every report and builds the search index (cold), the second reads both from
the cache (warm), as a restarted server does. With --work the generated
content and the cache are kept in DIR, so a later run starts warm.
Times are wall-clock, with the server's own CPU seconds beside them (this
kind of machine is shared: CPU time is the steadier number).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_content import generate  # noqa: E402
from common import ROOT, fetch, free_port, rss_mb  # noqa: E402

QUERIES = ["张棉驿", "政府信息公开", "zmy", "zhangmianyi", "龙山", "張棉驛", "衞生健康局",
           "gen/2015-0", "2019", "信息公开 2018", "教育局 2016", "恭门镇", "qingshuixian",
           "没有这个词"]
LISTINGS = ["/", "/sitemap", "/bodies", "/category/政府信息公开/部门乡镇信息公开/乡镇信息公开",
            "/category/政府信息公开/部门乡镇信息公开/部门信息公开", "/zh-hant-tw/", "/zh-hant-hk/sitemap"]
INDEXING = "搜索索引正在建立"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def get(base: str, path: str, cookie: str = "") -> bytes:
    request = urllib.request.Request(base + urllib.parse.quote(path, safe="/?=&%"),
                                     headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


class Server:
    def __init__(self, content: Path, cache: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", "--content", str(content),
             "--port", str(self.port)], cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=dict(os.environ, READER_CACHE=str(cache)))
        while True:
            try:
                fetch(self.base + "/robots.txt")
                break
            except OSError:
                if self.process.poll() is not None or time.perf_counter() - started > 900:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.02)
        self.ready = time.perf_counter() - started
        self.ready_cpu = cpu_seconds(self.process.pid)
        self.ready_rss = rss_mb(self.process.pid)[0]

    def wait_for_index(self) -> float:
        started = time.perf_counter()
        while INDEXING in get(self.base, "/search?q=zmy").decode():
            time.sleep(0.5)
        return time.perf_counter() - started

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def settled_rss(server: Server) -> float:
    """RSS once the script converter's and pinyin's dictionaries are loaded
    (the first traditional-script page with pinyin) and the search index is
    complete: what the server holds from then on, before its page cache fills."""
    get(server.base, "/zh-hant-tw/reports/2019-zhangmianyi", cookie="reader_prefs=pinyin-1")
    get(server.base, "/search?q=zmy")
    time.sleep(1)
    return rss_mb(server.process.pid)[0]


def search_p95(server: Server, rounds: int) -> tuple[float, float, float]:
    """(p50, p95, max) in ms; the first round asks every query for the first time."""
    times = []
    for round_ in range(rounds):
        for query in QUERIES:
            page = f"&page={round_ + 1}" if round_ % 2 else ""
            started = time.perf_counter()
            get(server.base, "/search?q=" + urllib.parse.quote(query) + page)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]


def change_reaches_site(server: Server, content: Path) -> tuple[float, float]:
    """Seconds until a changed title shows on the body's page (listings), then
    on the report page (which also remakes the report's Word file first)."""
    report = content / "reports" / "2019-zhangmianyi.md"
    text = report.read_text(encoding="utf-8")
    marker = f"改动{time.time_ns()}"
    body = "/bodies/张家川县张棉驿乡人民政府"
    started = time.perf_counter()
    report.write_text(text.replace("title: ", f"title: {marker}", 1), encoding="utf-8")
    found = []
    try:
        for path in (body, "/reports/2019-zhangmianyi"):
            while marker not in get(server.base, path).decode():
                if time.perf_counter() - started > 60:
                    break
                time.sleep(0.05)
            found.append(time.perf_counter() - started)
        return found[0], found[1]
    finally:
        report.write_text(text, encoding="utf-8")


def measure(size: int, work: Path) -> None:
    content, cache = work / f"content-{size}", work / f"cache-{size}"
    if not content.exists():
        if size <= 1:
            shutil.copytree(ROOT / "content", content)
        else:
            generate(content, size)
    label = f"{size:>6} reports"
    server = Server(content, cache)
    try:
        indexed = server.wait_for_index()
        print(f"{label}, start: ready in {server.ready:.2f} s ({server.ready_cpu:.2f} s CPU), "
              f"RSS {server.ready_rss:.0f} MB; every file checked and the search index "
              f"complete {indexed:.1f} s later")
    finally:
        server.stop()
    server = Server(content, cache)
    try:
        server.wait_for_index()
        print(f"{label}, restart: ready in {server.ready:.2f} s ({server.ready_cpu:.2f} s CPU), "
              f"RSS {server.ready_rss:.0f} MB when ready, {settled_rss(server):.0f} MB once "
              f"a 繁體 page with pinyin and a search are served")
        sizes = []
        for path in LISTINGS:
            try:
                sizes.append(f"{path} {len(get(server.base, path)) / 1024:.1f}")
            except OSError:
                sizes.append(f"{path} -")
        elder = len(get(server.base, "/", cookie="reader_prefs=elder-1")) / 1024
        print(f"{label}, listing pages (KB): " + "; ".join(sizes) + f"; / elder {elder:.1f}")
        cpu = cpu_seconds(server.process.pid)
        p50, p95, worst = search_p95(server, 4)
        cpu = (cpu_seconds(server.process.pid) - cpu) * 1000 / (4 * len(QUERIES))
        print(f"{label}, search ({4 * len(QUERIES)} requests): p50 {p50:.0f} ms, "
              f"p95 {p95:.0f} ms, max {worst:.0f} ms; server CPU {cpu:.0f} ms per request")
        listed, page = change_reaches_site(server, content)
        print(f"{label}, a changed title served after {listed:.2f} s on the body's page, "
              f"{page:.2f} s on the report page; RSS now {rss_mb(server.process.pid)[0]:.0f} MB")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,1000,10000")
    parser.add_argument("--work", help="keep generated content and caches here")
    args = parser.parse_args()
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            measure(size, work)


if __name__ == "__main__":
    main()
