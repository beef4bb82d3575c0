"""How long `reader serve` takes to answer, and its memory, with the bundled
content and with 1,000 generated reports. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_startup.py [--reports 1000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, fetch, rss_mb, server  # noqa: E402

TOWNS = ["张棉驿乡", "龙山镇", "恭门镇", "马鹿乡", "平安乡", "川王镇", "木河乡", "刘堡乡", "连五乡", "胡川镇"]


def generate(target: Path, count: int) -> None:
    """Copies of the seed report under other bodies, years and figures."""
    shutil.copytree(ROOT / "content", target)
    seed = (ROOT / "content" / "reports" / "2019-zhangmianyi.md").read_text(encoding="utf-8")
    for n in range(count):
        town = TOWNS[n % len(TOWNS)] + (f"{n // 100}" if n >= 100 else "")
        year = 2010 + n % 10
        text = (seed.replace("张棉驿乡", town).replace("2019", str(year))
                .replace("zmyx/2023-00029", f"gen/{year}-{n:05d}")
                .replace("table_format: 2019\n", "")
                .replace("处理决定数量: 1750", f"处理决定数量: {1000 + n}"))
        (target / "reports" / f"gen-{n:05d}.md").write_text(text, encoding="utf-8")


def measure(content: Path, label: str, requests: int) -> None:
    with server(content) as (base, process, ready):
        idle, _ = rss_mb(process.pid)
        reports = re.findall(r'href="(/reports/[^"]+)"', fetch(base + "/sitemap").decode())
        started = time.perf_counter()
        for path in reports[:requests]:
            for prefix in ("", "/zh-hant-tw"):
                fetch(base + prefix + path)
        elapsed = time.perf_counter() - started
        now, peak = rss_mb(process.pid)
        print(f"{label}: ready in {ready:.2f} s, RSS {idle:.0f} MB when ready; "
              f"{2 * min(requests, len(reports))} report pages rendered in {elapsed:.2f} s, "
              f"RSS {now:.0f} MB (peak {peak:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    measure(ROOT / "content", "bundled content (1 report)", 1)
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "content", args.reports)
        measure(Path(tmp) / "content", f"{args.reports + 1} reports", 200)


if __name__ == "__main__":
    main()
