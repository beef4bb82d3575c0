"""Script conversion cost, and what a cached traditional page costs to serve
compared with a simplified one. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_convert.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, fetch, server  # noqa: E402

from reader.content import reports as content
from reader.language import glossary, i18n, segment
from reader.language.convert import Converter, opencc_for
from reader.language.variants import BY_CODE, DEFAULT, Variant
from reader.web.pages import PageContext, Pages
from reader.web.prefs import Prefs
from reader.web.staticfiles import StaticFiles

SEED = "/reports/2019-zhangmianyi"


def best_of(fn, repeat: int = 200) -> float:
    """(best, median) in ms of this thread's CPU time (other processes on a
    shared machine do not count); fn may time itself by returning seconds."""
    times = []
    for _ in range(repeat):
        started = time.thread_time()
        took = fn()
        times.append(took if isinstance(took, float) else time.thread_time() - started)
    return min(times) * 1000, statistics.median(times) * 1000


class Unconverted(Converter):
    """Renders a page in a script without converting it: the input a real
    conversion gets (the interface's words already localised and marked)."""

    def convert_html(self, html: str, variant: Variant, default_script: str = "zh-Hans") -> str:
        return html


def in_process() -> None:
    library = content.load(ROOT / "content")
    report = library.by_slug[SEED.rsplit("/", 1)[1]]
    static = StaticFiles(ROOT / "static")
    pages = Pages(ROOT / "templates", static)
    plain = Converter()
    converter = Converter(glossary.load(ROOT / "content" / "glossary.yaml")[0])
    longest_match = Converter(converter.glossary, words=False)
    page = PageContext(library, DEFAULT, Prefs(), SEED)
    for code in ("zh-Hant-TW", "zh-Hant-HK"):
        variant = BY_CODE[code]
        # the page as rendered for this script, before its conversion
        html = pages.report(PageContext(library, variant, Prefs(), SEED), Unconverted(), report)
        body = i18n.unmark(html[html.index("<main"):html.index("</main>")])
        opencc_for(variant.configs["zh-Hans"])  # built once per process
        text = "".join(ch for ch in html if "\u4e00" <= ch <= "\u9fff")
        raw = best_of(lambda v=variant, b=body: opencc_for(v.configs["zh-Hans"]).convert(b))
        segment.warm_up()

        home = pages.home(PageContext(library, variant, Prefs(), "/"), Unconverted())

        def cold(c: Converter = converter, v=variant, home: str = home, html: str = html) -> float:
            # a page never converted before, on a site that has served other
            # pages (their header and footer are segmented already)
            segment.words.cache_clear()
            segment.tagged.cache_clear()
            segment.run_plan.cache_clear()
            c.convert_html(home, v)
            started = time.thread_time()
            c.convert_html(html, v)
            return time.thread_time() - started
        longest = best_of(lambda v=variant, h=html: longest_match.convert_html(h, v))
        whole = best_of(cold)
        print(f"{code}: page {len(html) / 1024:.0f} KB ({len(text)} Han characters); "
              f"OpenCC alone on the report text {raw[0]:.2f} ms (best) / {raw[1]:.2f} ms (median); "
              f"whole-page conversion, OpenCC's longest match only {longest[0]:.2f} / {longest[1]:.2f} ms; "
              f"with word boundaries, cold {whole[0]:.2f} / {whole[1]:.2f} ms; "
              f"ratio {whole[1] / longest[1]:.2f}x (median; target at most 2x)")
    render = best_of(lambda: pages.report(page, plain, report), 50)
    print(f"rendering the simplified report page (templates only): {render[0]:.2f} / {render[1]:.2f} ms")
    static.close()


def over_http(requests: int = 300) -> None:
    with server(ROOT / "content") as (base, _, _):
        for label, path in (("简体", SEED), ("繁體（臺灣）", "/zh-hant-tw" + SEED),
                            ("繁體（香港）", "/zh-hant-hk" + SEED)):
            fetch(base + path)  # first request renders and caches
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                fetch(base + path)
                times.append(time.perf_counter() - started)
            times.sort()
            print(f"cached {label} page over HTTP: median {statistics.median(times) * 1000:.2f} ms, "
                  f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms ({requests} sequential requests)")


if __name__ == "__main__":
    in_process()
    over_http()
