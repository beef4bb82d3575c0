"""Report → PDF: templates/print.typ typeset by Typst, in a worker process.

The server turns a report into data (``source.py``: converted text, never
markup); a worker process gives it to Typst (PyPI ``typst``, a compiler in
a self-contained wheel: no system libraries) as ``sys.inputs``, with
PDF/UA-1 as the export standard, then names the table cells Typst cannot
name itself (``tags.py``). Typst holds the CPU for a tenth of a second or
so per report, so it never runs on the event loop; one worker (spawned,
never forked from the server) keeps the fonts loaded between files and is
replaced after a number of files, which bounds the memory its caches keep.

The fonts are the CJK faces of Debian's font packages, found by their files
(``FONT_FILES``), not by asking fontconfig: Typst reads only those folders,
so the PDF never depends on whatever else a machine has installed, and the
files' paths and sizes are part of a PDF's key (``font_signature``).
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import importlib.util
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reader import workers
from reader.render.pdf import source, tags

log = logging.getLogger("reader.render.pdf.writer")

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
TEMPLATE = TEMPLATES / "print.typ"
STANDARDS = ["ua-1"]
RENDER_TIMEOUT = 60.0  # seconds; a render that takes longer is abandoned
MAX_TASKS = 200  # files one worker makes before a fresh one takes over

# The font files the PDF embeds, each with the Debian package that has it and
# what it is for. Typst picks each script's regional face from them (SC, TC,
# HK; UKai CN, TW, HK), see source.FACES.
FONT_FILES: dict[str, tuple[str, str]] = {
    "NotoSerifCJK-Regular.ttc": ("fonts-noto-cjk", "the body (for 仿宋)"),
    "NotoSerifCJK-Bold.ttc": ("fonts-noto-cjk", "the title (for 小标宋)"),
    "NotoSansCJK-Regular.ttc": ("fonts-noto-cjk", "一、 headings (黑体)"),
    "ukai.ttc": ("fonts-arphic-ukai", "（一） headings (楷体)"),
}
REQUIRED_FONT = "NotoSerifCJK-Regular.ttc"  # without it every character would be missing
FONTS_ENV = "READER_FONTS"  # more folders to look in, separated like PATH


def font_folders() -> list[Path]:
    """Where font files are looked for: $READER_FONTS, then the system's and
    the user's font folders."""
    extra = [Path(p) for p in os.environ.get(FONTS_ENV, "").split(os.pathsep) if p]
    home = Path.home()
    return [*extra, Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local/share/fonts", home / ".fonts"]


def find_fonts(folders: Iterable[Path] | None = None) -> dict[str, Path]:
    """FONT_FILES name → the first file of that name in the font folders."""
    found: dict[str, Path] = {}
    for folder in font_folders() if folders is None else folders:
        if not folder.is_dir():
            continue
        for dirpath, _, filenames in os.walk(folder):
            for name in filenames:
                if name in FONT_FILES and name not in found:
                    found[name] = Path(dirpath) / name
    return found


def font_signature(found: dict[str, Path] | None = None) -> list[str]:
    """Each embedded font file's path, size and modification time: a PDF made
    with other fonts gets another key (reader/render/downloads.py)."""
    out = []
    for path in sorted((find_fonts() if found is None else found).values()):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return out


# --- what PDFs need on this machine (checked at start-up) ----------------------------


@dataclass
class Readiness:
    pdf: bool  # can we make PDFs at all
    problems: list[str]


def check_environment(found: dict[str, Path] | None = None,
                      has_typst: Callable[[], bool] = lambda: importlib.util.find_spec("typst")
                      is not None) -> Readiness:
    """What the PDF downloads need, each missing piece logged with what to
    install. Word files need nothing outside Python."""
    problems: list[str] = []
    pdf_ok = True
    if not has_typst():
        problems.append("PDF downloads are off: the Python package typst is not installed "
                        "(scripts/install, or pip install -e .)")
        pdf_ok = False
    found = find_fonts() if found is None else found
    missing: dict[str, list[str]] = {}  # one line per package to install
    for name, (package, role) in FONT_FILES.items():
        if name not in found:
            missing.setdefault(package, []).append(f"{name}, {role}")
    for package, names in missing.items():
        listed = "; ".join(names)
        if any(name.startswith(REQUIRED_FONT) for name in names):
            problems.append(f"PDF downloads are off: no CJK font ({listed}); install the Debian "
                            f"package {package} (or name its folder in ${FONTS_ENV})")
            pdf_ok = False
        else:
            problems.append(f"fonts missing ({listed}): PDFs use the body face instead; "
                            f"install the Debian package {package}")
    for problem in problems:
        log.log(logging.ERROR if "off" in problem else logging.WARNING, "%s", problem)
    return Readiness(pdf_ok, problems)


# --- the worker ----------------------------------------------------------------------

_compiler: Any = None  # typst.Compiler, made once per worker process


def _typst() -> Any:
    global _compiler
    if _compiler is None:
        import typst

        folders = sorted({str(path.parent) for path in find_fonts().values()})
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                            font_paths=folders)
        _compiler = typst.Compiler(root=str(TEMPLATES), font_paths=fonts,
                                   ignore_system_fonts=True)
    return _compiler


def compile_pdf(text: str) -> bytes:
    """Source JSON (source.dumps) → the PDF, tagged. Runs in the worker."""
    import typst

    data = json.loads(text)
    compiler = _typst()
    options: dict[str, Any] = {"sys_inputs": {"source": text},
                               "timestamp": datetime.fromisoformat(data["published"])}
    try:
        pdf: bytes = compiler.compile(str(TEMPLATE), pdf_standards=STANDARDS, **options)
    except typst.TypstError as error:
        if "could not be displayed" not in error.message:
            raise
        # A character no embedded font has (PDF/UA forbids a missing glyph):
        # the file is still made, tagged, but cannot claim PDF/UA.
        log.warning("%s: %s; the PDF is made without claiming PDF/UA-1", data["title"],
                    error.message)
        pdf = compiler.compile(str(TEMPLATE), **options)
    return tags.name_cells(pdf, source.tables(data["blocks"]))


WARM_UP = {"zh-Hans-CN": ("zh", "CN"), "zh-Hant-TW": ("zh", "TW"), "zh-Hant-HK": ("zh", "HK")}


def warm_up() -> bool:
    """Load Typst and every face of every script, so the first real file is fast."""
    for code, (lang, region) in WARM_UP.items():
        runs = [{"text": "预热繁體臺灣香港 2019"}]
        compile_pdf(json.dumps({
            "lang": lang, "region": region, "faces": source.FACES[code], "title": "预热",
            "title_lines": ["预热"], "author": "", "description": "", "keywords": "",
            "published": "2020-01-01T00:00:00+08:00", "organisation": "预热", "signed": "",
            "blocks": [{"kind": "heading", "level": 2, "face": face, "runs": runs}
                       for face in ("hei", "kai", "fang")] + [{"kind": "par", "runs": runs}]},
            ensure_ascii=False))
    return True


class PdfWorker:
    """One worker process, replaced after ``max_tasks`` files."""

    def __init__(self, max_tasks: int = MAX_TASKS) -> None:
        self.max_tasks = max_tasks
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

    async def render(self, text: str) -> bytes:
        """Source JSON (source.dumps) → PDF bytes, made in the worker."""
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            try:
                future = self._submit(compile_pdf, text)
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
                log.error("a PDF took more than %.0f s; stopping the worker", RENDER_TIMEOUT)
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
    build dozens), they share one Typst process and its memory."""
    global _shared
    if _shared is None:
        _shared = PdfWorker()
        # stop it while the interpreter is whole: a pool collected during its
        # teardown prints an error from concurrent.futures
        atexit.register(_shared.close)
    return _shared
