"""Serving speed of a cached page against a bare ASGI app that returns the
same bytes on the same uvicorn stack, started in the same run, measured by
wrk. Also prints the wire sizes of pages and static files and the start-up
time. Prints numbers; asserts nothing. Needs wrk (Debian package ``wrk``).

    .venv/bin/python benchmarks/bench_serving.py [--seconds 8] [--connections 32]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, free_port, server  # noqa: E402

PAGE = "/zh-hant-tw/reports/2019-zhangmianyi"
COOKIE = "reader_prefs=elder-1"
BROWSER = "gzip, deflate, br"
SKIP_HEADERS = {"date", "content-length", "server", "connection", "transfer-encoding"}


def get(url: str, encoding: str = BROWSER, cookie: str = COOKIE) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding, "Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def settle(url: str) -> tuple[bytes, dict[str, str]]:
    """The page once it stops changing (the PDF size appears when the
    background render finishes), so both servers send the same bytes."""
    previous = get(url)
    for _ in range(120):
        time.sleep(0.5)
        now = get(url)
        if now[0] == previous[0]:
            return now
        previous = now
    return previous


@contextlib.contextmanager
def bare_server(body: bytes, headers: dict[str, str], access_log: bool) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "body").write_bytes(body)
        (Path(tmp) / "headers").write_text(
            "".join(f"{k}: {v}\n" for k, v in headers.items() if k not in SKIP_HEADERS), "latin-1")
        port = free_port()
        # the same uvicorn settings as `reader serve` (reader/cli.py)
        process = subprocess.Popen(
            [sys.executable, "-c", "import uvicorn; uvicorn.run('bare_asgi:app', "
             f"host='127.0.0.1', port={port}, log_level='info', proxy_headers=False, "
             f"server_header=False, access_log={access_log}, app_dir='benchmarks')"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, BENCH_BODY=str(Path(tmp) / "body"),
                     BENCH_HEADERS=str(Path(tmp) / "headers")))
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    get(base + "/")
                    break
                except OSError:
                    time.sleep(0.05)
            yield base
        finally:
            process.terminate()
            process.wait(30)


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """(requests/s, p99 latency in ms, non-2xx responses)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", f"Cookie: {COOKIE}", "-H", f"Accept-Encoding: {BROWSER}", url],
        capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99, int(errors.group(1)) if errors else 0


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    try:
        import httptools  # noqa: F401
        import uvloop  # noqa: F401
        stack = "uvicorn with uvloop and httptools"
    except ImportError:
        stack = "uvicorn, pure-Python loop and parser (install uvicorn[standard] for more)"
    with server(ROOT / "content") as (base, _, ready):
        print(f"start-up: `reader serve` answered after {ready:.2f} s")
        print("wire sizes (brotli / gzip / identity):")
        settle(base + PAGE)
        for label, path, cookie in (("seed report, 简体", "/reports/2019-zhangmianyi", ""),
                                    ("seed report, 繁體 elder mode", PAGE, COOKIE),
                                    ("home", "/", "")):
            sizes = [len(get(base + path, enc, cookie)[0]) for enc in ("br", "gzip", "identity")]
            print(f"  {label}: " + " / ".join(kb(s) for s in sizes))
        home = get(base + "/", "identity")[0].decode()
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', home)
        sizes = [len(get(base + asset, BROWSER)[0]) for asset in assets]
        print(f"  CSS + JS ({len(assets)} files): {kb(sum(sizes))} brotli")
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package wrk): no serving numbers")
        return 0
    print(f"serving {PAGE} with {COOKIE} and Accept-Encoding: {BROWSER}; {stack}; "
          f"wrk -t2 -c{args.connections} -d{args.seconds}s, 2 rounds each, best kept")
    for access_log in (False, True):
        with server(ROOT / "content", *([] if access_log else ["--no-access-log"])) as (base, _, _):
            body, headers = settle(base + PAGE)
            reader_runs, bare_runs = [], []
            with bare_server(body, headers, access_log) as bare:
                assert get(bare + PAGE)[0] == body
                for _ in range(2):
                    bare_runs.append(wrk(bare + PAGE, args.seconds, args.connections))
                    reader_runs.append(wrk(base + PAGE, args.seconds, args.connections))
        bare_rate, bare_p99, _ = max(bare_runs)
        rate, p99, errors = max(reader_runs)
        print(f" access log {'on (the default)' if access_log else 'off (--no-access-log)'}; "
              f"{headers.get('content-encoding', 'identity')}, {kb(len(body))} on the wire:")
        print(f"  bare ASGI app: {bare_rate:8.0f} req/s, p99 {bare_p99:6.1f} ms")
        print(f"  reader:        {rate:8.0f} req/s, p99 {p99:6.1f} ms, non-2xx {errors}")
        print(f"  ratio: {rate / bare_rate:.0%} of the bare app's req/s (target >= 50%), "
              f"p99 {p99 / bare_p99:.1f}x the bare app's (target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
