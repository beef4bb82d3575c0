"""Report → PDF: a print page (templates/print.html) rendered by WeasyPrint.

The print page is rendered and script-converted exactly like the web page, so
the PDF says what the page says. WeasyPrint runs in a worker process: a render
takes about half a second of CPU, holds the GIL, and leaves memory behind, so
it must not run on the event loop. One worker (spawned, never forked from the
server) renders one file at a time and is replaced after a number of files,
which bounds its memory; ``gc.collect()`` after each render keeps it flat
meanwhile.

PDF/UA-1 gives a tagged file: H1…H6, P, Table/TH/TD, /Lang from <html lang>,
/Title from <title>. Fonts are embedded as subsets; never ``full_fonts``.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import ctypes.util
import gc
import importlib.util
import logging
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from reader import workers
from reader.content import document as d
from reader.content.reports import Report
from reader.render import html
from reader.render.layout import (
    Landscape,
    chinese_date,
    column_weights,
    heading_face,
    title_lines,
    with_landscape,
)
from reader.render.properties import metadata

log = logging.getLogger("reader.render.pdf.writer")

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
STYLESHEET = TEMPLATES / "print.css"
PDF_VARIANT = "pdf/ua-1"
RENDER_TIMEOUT = 120.0  # seconds; a render that takes longer is abandoned


# --- the print page ----------------------------------------------------------------


def _heading(node: d.Heading) -> str:
    return (f'<h{node.level} id="{escape(node.anchor)}" class="face-{heading_face(node)}">'
            f"{html.inlines(node.children)}</h{node.level}>")


def _table(node: d.Table) -> str:
    """The page's table, with column widths for paper."""
    weights = column_weights(node)
    total = sum(weights) or 1.0
    return html.table(node, [100 * w / total for w in weights])


def print_body(blocks: Sequence[d.Block]) -> Markup:
    """The report body as the print page shows it: headings carry their face
    (一、 黑体, （一） 楷体, 1. 仿宋); a wide table and the headings right before it
    go on a landscape page."""
    out: list[str] = []
    for node in with_landscape(blocks):
        if isinstance(node, Landscape):
            out.append('<section class="landscape">'
                       + "\n".join(_heading(h) for h in node.headings) + _table(node.table)
                       + "</section>")
        elif isinstance(node, d.Heading):
            out.append(_heading(node))
        elif isinstance(node, d.Table):
            out.append(_table(node))
        else:
            out.append(html.blocks([node]))
    return Markup("\n".join(out))


def print_context(report: Report) -> dict[str, object]:
    """Template values for templates/print.html besides the report itself."""
    return {"body": print_body(report.blocks), "meta": metadata(report),
            "date": chinese_date(report.published), "title_lines": title_lines(report.title)}


# --- what PDFs need on this machine (checked at start-up) ----------------------------

# font family → the Debian package that has it
FONTS = {
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Serif CJK TC": "fonts-noto-cjk",
    "Noto Serif CJK HK": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "AR PL UKai CN": "fonts-arphic-ukai",
}
REQUIRED_FONT = "Noto Serif CJK SC"


@dataclass
class Readiness:
    pdf: bool  # can we make PDFs at all
    problems: list[str]


def font_families(run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
                  ) -> set[str] | None:
    """Font families fontconfig knows; None if fc-list is missing."""
    if shutil.which("fc-list") is None:
        return None
    try:
        found = run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20,
                    check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in found.stdout.splitlines() for name in line.split(",")}


def check_environment(families: set[str] | None | bool = True,
                      find_library: Callable[[str], str | None] = ctypes.util.find_library
                      ) -> Readiness:
    """What the PDF downloads need, each missing piece logged with the Debian
    package that provides it. Word files need nothing outside Python."""
    problems: list[str] = []
    pdf_ok = True
    if importlib.util.find_spec("weasyprint") is None:
        problems.append("PDF downloads are off: the Python package weasyprint is not installed "
                        "(pip install -e .)")
        pdf_ok = False
    for library, package in (("pango-1.0", "libpango-1.0-0"), ("pangoft2-1.0", "libpangoft2-1.0-0")):
        if find_library(library) is None:
            problems.append(f"PDF downloads are off: the library {library} is missing; "
                            f"install the Debian package {package}")
            pdf_ok = False
    if find_library("harfbuzz-subset") is None:
        problems.append("PDFs will take ~17 s each instead of ~1 s: libharfbuzz-subset is "
                        "missing; install the Debian package libharfbuzz-subset0")
    if families is True:
        families = font_families()
    if families is None or families is False:
        problems.append("PDF downloads are off: fontconfig (fc-list) is missing; install the "
                        "Debian packages fontconfig and fonts-noto-cjk")
        pdf_ok = False
    else:
        missing: dict[str, list[str]] = {}  # one line per package to install
        for family, package in FONTS.items():
            if family not in families:
                missing.setdefault(package, []).append(family)
        for package, names in missing.items():
            if REQUIRED_FONT in names:
                problems.append(f"PDF downloads are off: no CJK font ({', '.join(names)}); "
                                f"without it every character prints as a box; install the "
                                f"Debian package {package}")
                pdf_ok = False
            else:
                problems.append(f"the fonts {', '.join(names)} are missing, PDFs fall back to "
                                f"another face; install the Debian package {package}")
    for problem in problems:
        log.log(logging.ERROR if "off" in problem else logging.WARNING, "%s", problem)
    return Readiness(pdf_ok, problems)


# --- the worker ----------------------------------------------------------------------


def render(page: str, base_url: str, stylesheet: str) -> bytes:
    """Print HTML → PDF bytes. Runs in the worker process."""
    import weasyprint

    from reader.render.pdf import tags as pdf_tags

    try:
        data: bytes = weasyprint.HTML(string=page, base_url=base_url).write_pdf(
            stylesheets=[weasyprint.CSS(filename=stylesheet)], pdf_variant=PDF_VARIANT,
            uncompressed_pdf=False, full_fonts=False)
        return pdf_tags.tie_tables(data, page)
    finally:
        gc.collect()


def warm_up() -> bool:
    """Import WeasyPrint and load the fonts, so the first real render is fast."""
    render('<html lang="zh-Hans-CN"><title>预热</title><p>预热 繁體</p></html>',
           str(TEMPLATES), str(STYLESHEET))
    return True


class PdfWorker:
    """One worker process, replaced after ``max_tasks`` renders."""

    def __init__(self, max_tasks: int = 40, stylesheet: Path = STYLESHEET) -> None:
        self.max_tasks = max_tasks
        self.stylesheet = stylesheet
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._submitted = 0

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = workers.pool(1, max_tasks_per_child=self.max_tasks)
            self._submitted = 0
        return self._pool

    def _submit(self, fn: Callable[..., object], *args: object
                ) -> concurrent.futures.Future[object]:
        future = self._executor().submit(fn, *args)
        self._submitted += 1
        return future

    def start(self) -> None:
        """Start the process and warm it up in the background."""
        self._submit(warm_up)

    async def render(self, page: str) -> bytes:
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            try:
                future = self._submit(render, page, str(TEMPLATES), str(self.stylesheet))
                if self._submitted % self.max_tasks == 0:
                    # the next task lands on a fresh process: warm it now, not on a reader's time
                    self._submit(warm_up)
                result = await asyncio.wait_for(asyncio.wrap_future(future, loop=loop),
                                                RENDER_TIMEOUT)
            except concurrent.futures.process.BrokenProcessPool:
                log.warning("the PDF worker died; starting a new one (attempt %d)", attempt)
                self._discard()
                if attempt == 2:
                    raise
                continue
            except TimeoutError:
                log.error("a PDF render took more than %.0f s; stopping the worker", RENDER_TIMEOUT)
                self._discard(kill=True)
                raise
            assert isinstance(result, bytes)
            return result
        raise AssertionError("unreachable")

    def _discard(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        """Process ids of the live worker(s), for measuring memory."""
        if self._pool is None:
            return []
        return [p.pid for p in getattr(self._pool, "_processes", {}).values() if p.pid]


_shared: PdfWorker | None = None


def shared_worker() -> PdfWorker:
    """The process's one PDF worker: however many apps a process builds (tests
    build dozens), they share one WeasyPrint process and its memory."""
    global _shared
    if _shared is None:
        _shared = PdfWorker()
        # stop it while the interpreter is whole: a pool collected during its
        # teardown prints an error from concurrent.futures
        atexit.register(_shared.close)
    return _shared
