"""A whole archive as a new site meets it: first answer, memory, time until
every report is served and searchable, cache size, restart, search latency,
listing page sizes and how soon a change is served, at 1,000, 10,000 and
100,000 generated reports (archive_content.py: every report written anew).
Prints numbers; asserts nothing.

    nice .venv/bin/python benchmarks/bench_archive.py [--sizes 1000,10000] [--work DIR]

Each size is served from a cold cache folder (a first start), then restarted
from it, then restarted by an upgraded copy of the code that leaves the
parsing code alone. Memory is PSS summed over the server and its worker
processes (shared pages counted once), from /proc. Times are wall-clock; the
CPU seconds of the server and its workers are printed beside them (this kind
of machine is shared: CPU time is the steadier number, and the load average
is printed with each size). With --work the generated content is kept in DIR
(the caches are always made anew).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_content import generate  # noqa: E402
from common import ROOT, free_port  # noqa: E402

QUERIES = ["信息公开", "政府信息公开", "进一步", "公开", "教育", "龙山", "人民政府", "张棉驿", "zmy",
           "zhangmianyi", "張棉驛", "衞生健康局", "gen/2019-00", "2019", "信息公开 2018", "教育局 2016",
           "饮水安全巩固提升工程", "qingshuixian", "没有这个词"]
LISTINGS = ["/", "/sitemap", "/bodies", "/bodies?page=20", "/category/政府信息公开",
            "/category/政府信息公开/县区信息公开", "/zh-hant-tw/", "/zh-hant-hk/sitemap"]
INDEXING = "搜索索引正在建立"
SAMPLE = 60  # reports whose page and search are followed


def get(base: str, path: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(base + urllib.parse.quote(path, safe="/?=&%"),
                                     headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def family(pid: int) -> list[int]:
    """The process and every descendant."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        found.append(here)
        todo.extend(children.get(here, []))
    return found


def pss_mb(pid: int) -> tuple[float, int]:
    """(PSS in MB summed over the process and its descendants, how many processes)."""
    total, count = 0, 0
    for member in family(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    count += 1
        except OSError:
            pass
    return total / 1024, count


class Cpu:
    """CPU seconds of a process and its descendants, including those that ended."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.seen: dict[int, float] = {}

    def sample(self) -> float:
        for member in family(self.pid):
            try:
                fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[member] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return sum(self.seen.values())


class Server:
    def __init__(self, content: Path, cache: Path, code: Path = ROOT) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", "serve", "--content", str(content), "--port",
             str(self.port), "--no-access-log"], cwd=code, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, READER_CACHE=str(cache), PYTHONPATH=str(code)))
        self.cpu = Cpu(self.process.pid)
        while True:
            try:
                if get(self.base, "/")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or self.elapsed() > 900:
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        self.ready = self.elapsed()
        self.ready_pss = pss_mb(self.process.pid)
        started = time.perf_counter()
        for path in LISTINGS:
            get(self.base, path)
        self.listings = time.perf_counter() - started

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def follow(server: Server, sample: list[tuple[str, str]], limit: float = 3600) -> tuple[float, float]:
    """Seconds from the start until every sampled report's page is served,
    and until every one is found by searching its 索引号 (unique)."""
    pages_left, search_left = list(sample), list(sample)
    pages_done = search_done = 0.0
    while (pages_left or search_left) and server.elapsed() < limit:
        for item in list(pages_left):  # each the moment it is first served
            if get(server.base, f"/reports/{item[0]}")[0] == 200:
                pages_left.remove(item)
                pages_done = server.elapsed()
        for item in list(search_left):
            if f'href="/reports/{item[0]}"' in get(server.base, f"/search?q={item[1]}")[1].decode():
                search_left.remove(item)
                search_done = server.elapsed()
        server.cpu.sample()
        time.sleep(1)
    return (float("nan") if pages_left else pages_done), (float("nan") if search_left else search_done)


def index_complete(server: Server, limit: float = 3600) -> float:
    while INDEXING in get(server.base, "/search?q=zmy")[1].decode() and server.elapsed() < limit:
        server.cpu.sample()
        time.sleep(1)
    return server.elapsed()


def search_times(server: Server, rounds: int) -> tuple[float, float, float]:
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
    """Seconds until a changed title shows on the body's page, then on the report page."""
    report = content / "reports" / "2019-zhangmianyi.md"
    text = report.read_text(encoding="utf-8")
    marker = f"改动{time.time_ns()}"
    started = time.perf_counter()
    report.write_text(text.replace("title: ", f"title: {marker}", 1), encoding="utf-8")
    found = []
    try:
        for path in ("/bodies/张家川县张棉驿乡人民政府", "/reports/2019-zhangmianyi"):
            while marker not in get(server.base, path)[1].decode():
                if time.perf_counter() - started > 60:
                    break
                time.sleep(0.05)
            found.append(time.perf_counter() - started)
        return found[0], found[1]
    finally:
        report.write_text(text, encoding="utf-8")


def unchecked(cache: Path) -> int:
    """Files listed and not yet checked, as the catalog says."""
    total = 0
    for path in (cache / "catalog").glob("catalog-*.sqlite"):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
            total += db.execute("SELECT count(*) FROM files WHERE state = 0").fetchone()[0]
    return total


def size_mb(folder: Path, suffix: str = "") -> float:
    return sum(p.stat().st_size for p in folder.rglob(f"*{suffix}") if p.is_file()) / 1e6


def sample_of(content: Path, count: int) -> list[tuple[str, str]]:
    names = sorted(p.stem for p in (content / "reports").glob("gen-*.md"))
    chosen = random.Random(1).sample(names, min(count, len(names)))
    return [(name, f"gen/{_index_of(content, name)}") for name in chosen]


def _index_of(content: Path, name: str) -> str:
    for line in (content / "reports" / f"{name}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("index_number: gen/"):
            return line.split("gen/", 1)[1]
    raise ValueError(name)


def upgraded_copy(target: Path) -> Path:
    """The code with a change outside the parsing code (a page template module)."""
    shutil.copytree(ROOT / "reader", target / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("templates", "static"):
        shutil.copytree(ROOT / folder, target / folder)
    pages = target / "reader" / "web" / "pages.py"
    pages.write_text(pages.read_text(encoding="utf-8") + "\n# an upgrade\n", encoding="utf-8")
    return target


def baseline(work: Path) -> None:
    """The bundled content (one report), started in the same run: what
    starting the code costs on this machine now."""
    cache = work / "cache-baseline"
    shutil.rmtree(cache, ignore_errors=True)
    server = Server(ROOT / "content", cache)
    server.stop()
    again = Server(ROOT / "content", cache)
    again.stop()
    print(f"baseline (bundled content, 1 report): first answer after {server.ready:.2f} s cold, "
          f"{again.ready:.2f} s restarted; PSS {again.ready_pss[0]:.0f} MB in "
          f"{again.ready_pss[1]} processes", flush=True)


def measure(size: int, work: Path) -> None:
    content, cache = work / f"content-{size}", work / f"cache-{size}"
    if not content.exists():
        started = time.perf_counter()
        generate(content, size)
        print(f"{size:>7} reports generated in {time.perf_counter() - started:.0f} s", flush=True)
    shutil.rmtree(cache, ignore_errors=True)
    label = f"{size:>7} reports"
    source = size_mb(content / "reports", ".md")
    print(f"{label}: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"content {source:.0f} MB", flush=True)
    server = Server(content, cache)
    try:
        print(f"{label}, cold start: first answer (home) after {server.ready:.2f} s, "
              f"PSS {server.ready_pss[0]:.0f} MB in {server.ready_pss[1]} processes; "
              f"{len(LISTINGS)} listing pages then took {server.listings:.2f} s", flush=True)
        pages, found = follow(server, sample_of(content, SAMPLE))
        complete = index_complete(server)
        cpu = server.cpu.sample()
        print(f"{label}, cold start: {SAMPLE} sampled report pages all served after {pages:.0f} s, "
              f"all found by search after {found:.0f} s, search index complete after {complete:.0f} s; "
              f"{cpu:.0f} s CPU by then (server and workers)", flush=True)
        deadline = time.perf_counter() + 3600
        while time.perf_counter() < deadline and unchecked(cache):
            server.cpu.sample()
            time.sleep(2)
        print(f"{label}, cold start: every file checked after {server.elapsed():.0f} s "
              f"({server.cpu.sample():.0f} s CPU)", flush=True)
        get(server.base, "/zh-hant-tw/reports/2019-zhangmianyi", cookie="reader_prefs=pinyin-1")
        p50, p95, worst = search_times(server, 4)
        settled = pss_mb(server.process.pid)
        print(f"{label}, settled: PSS {settled[0]:.0f} MB in {settled[1]} processes after the "
              f"check, a 繁體 page with pinyin and {4 * len(QUERIES)} searches", flush=True)
        print(f"{label}, search ({4 * len(QUERIES)} requests, cold cache of queries): "
              f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {worst:.0f} ms", flush=True)
        catalog, search = size_mb(cache / "catalog"), size_mb(cache / "search")
        print(f"{label}, cache: catalog {catalog:.0f} MB + search index {search:.0f} MB = "
              f"{(catalog + search) / source:.2f} × the content ({source:.0f} MB)", flush=True)
        sizes = []
        for path in LISTINGS:
            status, body = get(server.base, path)
            sizes.append(f"{path} {len(body) / 1024:.1f}" if status == 200 else f"{path} {status}")
        print(f"{label}, listing pages (KB): " + "; ".join(sizes), flush=True)
        listed, page = change_reaches_site(server, content)
        print(f"{label}, a changed title served after {listed:.2f} s on the body's page, "
              f"{page:.2f} s on the report page", flush=True)
    finally:
        server.stop()
    with tempfile.TemporaryDirectory() as code:
        for name, root in (("restart", ROOT), ("restart after an upgrade", upgraded_copy(Path(code)))):
            server = Server(content, cache, root)
            try:
                status = get(server.base, f"/reports/{sample_of(content, 1)[0][0]}")[0]
                print(f"{label}, {name}: first answer after {server.ready:.2f} s, PSS "
                      f"{server.ready_pss[0]:.0f} MB in {server.ready_pss[1]} processes, listings "
                      f"{server.listings:.2f} s, a report page {status}", flush=True)
            finally:
                server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", help="keep generated content here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            baseline(work)
            measure(size, work)


if __name__ == "__main__":
    main()
