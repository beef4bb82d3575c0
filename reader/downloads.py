"""Word and PDF downloads of a report, in the reader's script.

    /reports/{slug}.docx, /reports/{slug}.pdf   (also under /zh-hant-tw, /zh-hant-hk)

Files are made once and kept in a cache folder on disk, named by a hash of
everything that shapes them: the report's version (a hash of its file), the
script variant, the format, the glossary and site settings, and the code and
templates that render them. A changed report, glossary or renderer gives a new
name, so a cached file is never stale; responses carry an ETag (a hash of the
bytes) and Last-Modified, and a revalidation gets 304.

A .docx takes a fraction of a second: it is made (in a thread) when the report
page first needs its size. A PDF takes a second or more in the WeasyPrint worker
process: the page never waits for it. The first view of a report page in a
script starts its PDF in the background (at most a few at a time, so a crawler
cannot queue them all) and shows the link with its type only; once the file
exists (a second or two later) the page shows its size too. Downloading a PDF
that is not made yet waits for it.

The file name is the report's title in the reader's script; the header carries
an ASCII fallback as well (RFC 6266, RFC 8187).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes.util
import email.utils
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from . import pdf, word
from .content import Report
from .pages import PageContext
from .prefs import Prefs
from .variants import DEFAULT, Variant

if TYPE_CHECKING:
    from .app import Reader

log = logging.getLogger("reader.downloads")

ROOT = Path(__file__).resolve().parent.parent
MAX_BACKGROUND = 4  # PDFs made ahead of a download at one time; more page views wait their turn
RETRY_AFTER = 600.0  # seconds before a page view tries again a PDF that failed


@dataclass(frozen=True)
class Format:
    ext: str
    mime: str
    label: str  # the link text
    kind: str  # the file type as readers know it


FORMATS = {
    "docx": Format("docx", word.MIME, "下载Word", "Word文档"),
    "pdf": Format("pdf", "application/pdf", "下载PDF", "PDF文档"),
}


@dataclass(frozen=True)
class Link:
    """One download link as templates/_downloads.html shows it."""

    url: str
    mime: str
    label: str
    kind: str
    size: str  # "35 KB"; empty while the file is still being made


# --- names and headers ------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def file_name(title: str, ext: str) -> str:
    """The report title as a file name every system accepts."""
    name = _UNSAFE.sub("_", title).strip(" ._") or "report"
    return f"{name[:120]}.{ext}"


def ascii_name(report: Report, variant: Variant, ext: str) -> str:
    suffix = f"-{variant.prefix.strip('/')}" if variant.prefix else ""
    return f"{report.slug}{suffix}.{ext}"


def content_disposition(name: str, fallback: str) -> str:
    """Both forms: old clients read filename=, current ones filename*= (RFC 6266/8187)."""
    fallback = re.sub(r'[^A-Za-z0-9._-]', "_", fallback)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def default_cache_dir() -> Path:
    """$READER_CACHE, else $XDG_CACHE_HOME/public-reader, else ~/.cache/public-reader."""
    if os.environ.get("READER_CACHE"):
        return Path(os.environ["READER_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "public-reader"


# --- the start-up check --------------------------------------------------------------------

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
        for family, package in FONTS.items():
            if family in families:
                continue
            if family == REQUIRED_FONT:
                problems.append(f"PDF downloads are off: no CJK font ({family}); without it every "
                                f"character prints as a box; install the Debian package {package}")
                pdf_ok = False
            else:
                problems.append(f"the font {family} is missing, PDFs fall back to another face; "
                                f"install the Debian package {package}")
    for problem in problems:
        log.log(logging.ERROR if "off" in problem else logging.WARNING, "%s", problem)
    return Readiness(pdf_ok, problems)


# --- the file cache -----------------------------------------------------------------------


class FileCache:
    """Finished files in one folder, written atomically (several server
    processes may share it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._etags: dict[tuple[str, int, int], str] = {}

    def path(self, key: str, ext: str) -> Path:
        return self.root / f"{key}.{ext}"

    def prune(self, keep_days: float = 180.0, keep_files: int = 5000) -> int:
        """Remove files no key names any more: they are not used for
        ``keep_days``, or beyond the newest ``keep_files``. Returns how many."""
        try:
            found = sorted(((p.stat().st_atime, p) for p in self.root.iterdir() if p.is_file()),
                           reverse=True)
        except OSError:
            return 0
        cutoff = time.time() - keep_days * 86400
        removed = 0
        for index, (used, path) in enumerate(found):
            if index >= keep_files or used < cutoff:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def get(self, key: str, ext: str) -> Path | None:
        path = self.path(key, ext)
        return path if path.is_file() else None

    def put(self, key: str, ext: str, data: bytes) -> Path:
        path = self.path(key, ext)
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=f".{key}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return path

    def etag(self, path: Path, stat: os.stat_result) -> str:
        memo = (str(path), stat.st_mtime_ns, stat.st_size)
        found = self._etags.get(memo)
        if found is None:
            found = '"' + hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest() + '"'
            if len(self._etags) > 4096:
                self._etags.clear()
            self._etags[memo] = found
        return found


# --- downloads -----------------------------------------------------------------------------


def _renderer_fingerprint() -> str:
    """Changes whenever the code, templates or libraries that shape a file do."""
    digest = hashlib.blake2b(digest_size=16)
    for relative in ("reader/word.py", "reader/pdf.py", "reader/layout.py", "reader/html.py",
                     "reader/convert.py", "reader/document.py", "templates/print.html",
                     "templates/print.css"):
        path = ROOT / relative
        digest.update(relative.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    for package in ("weasyprint", "python-docx", "opencc"):
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()


class Downloads:
    def __init__(self, cache_dir: Path | None = None, worker: pdf.PdfWorker | None = None,
                 readiness: Readiness | None = None) -> None:
        self.cache = FileCache(cache_dir or default_cache_dir())
        self.worker = worker or pdf.shared_worker()
        self.readiness = readiness or Readiness(True, [])
        self.fingerprint = _renderer_fingerprint()
        self._inflight: dict[str, asyncio.Future[Path]] = {}
        self._background: set[asyncio.Task[Path]] = set()
        self._failed: dict[str, float] = {}  # key → when making it in the background failed
        self._content_digest: tuple[int, int, str] | None = None

    # lifecycle (create_app's lifespan)
    def start(self) -> None:
        removed = self.cache.prune()
        if removed:
            log.info("removed %d old files from %s", removed, self.cache.root)
        if self.readiness.pdf:
            self.worker.start()

    def stop(self) -> None:
        for task in self._background:
            task.cancel()
        self.worker.close()

    # keys ---------------------------------------------------------------------------

    def _content(self, reader: Reader) -> str:
        """A hash of what outside the report file shapes its files: the
        glossary (script conversion) and the site settings."""
        memo = self._content_digest
        if memo is None or memo[:2] != (id(reader), reader.generation):
            glossary = reader.converter.glossary
            text = repr((sorted(glossary.corrections.items()), glossary.protected,
                         reader.library.site))
            memo = (id(reader), reader.generation, hashlib.blake2b(text.encode(),
                                                                   digest_size=8).hexdigest())
            self._content_digest = memo
        return memo[2]

    def key(self, reader: Reader, report: Report, variant: Variant, ext: str) -> str:
        parts = (self.fingerprint, self._content(reader), report.slug, report.version,
                 variant.code, ext)
        digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=10).hexdigest()
        return f"{report.slug}-{variant.code}-{digest}"

    # making files ---------------------------------------------------------------------

    async def _make(self, key: str, ext: str, produce: Callable[[], Awaitable[bytes]]) -> Path:
        """The cached file, or make it once however many ask at the same time."""
        found = self.cache.get(key, ext)
        if found is not None:
            return found
        waiting = self._inflight.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future: asyncio.Future[Path] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            data = await produce()
            path = await asyncio.to_thread(self.cache.put, key, ext, data)
            future.set_result(path)
            return path
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: nobody else may be waiting
            raise
        finally:
            del self._inflight[key]

    def docx_bytes(self, reader: Reader, report: Report, variant: Variant) -> bytes:
        return word.build(report, variant, reader.converter, reader.library.site.base_url)

    def print_page(self, reader: Reader, report: Report, variant: Variant) -> str:
        """templates/print.html for this report, script-converted like the web page."""
        page = PageContext(reader.library, variant, Prefs(), f"/reports/{report.slug}")
        return reader.pages.render("print.html", page, reader.converter, title=report.title,
                                   report=report, **pdf.print_context(report))

    async def file(self, reader: Reader, report: Report, variant: Variant, ext: str) -> Path:
        key = self.key(reader, report, variant, ext)
        if ext == "docx":
            return await self._make(key, ext, lambda: asyncio.to_thread(
                self.docx_bytes, reader, report, variant))
        if not self.readiness.pdf:
            raise HTTPException(404)  # not offered on this server (see the start-up log)

        async def produce() -> bytes:
            return await self.worker.render(self.print_page(reader, report, variant))
        return await self._make(key, ext, produce)

    def start_pdf(self, reader: Reader, report: Report, variant: Variant) -> None:
        """Make the PDF in the background, if it is not made or being made."""
        key = self.key(reader, report, variant, "pdf")
        if not self.readiness.pdf or key in self._inflight or self.cache.get(key, "pdf"):
            return
        if len(self._background) >= MAX_BACKGROUND:
            return  # a crawler walking every page must not queue every PDF at once
        if time.monotonic() - self._failed.get(key, -RETRY_AFTER) < RETRY_AFTER:
            return  # it failed a moment ago: a download will say why
        task = asyncio.create_task(self.file(reader, report, variant, "pdf"))
        self._background.add(task)

        def done(finished: asyncio.Task[Path]) -> None:
            self._background.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                self._failed[key] = time.monotonic()
                log.error("making %s failed", key, exc_info=finished.exception())
        task.add_done_callback(done)

    # what the report page shows ---------------------------------------------------------

    async def links(self, reader: Reader, report: Report, variant: Variant) -> list[Link]:
        links = []
        for ext, fmt in FORMATS.items():
            url = f"{variant.prefix}/reports/{report.slug}.{ext}"
            if ext == "docx":
                try:
                    path: Path | None = await self.file(reader, report, variant, ext)
                except Exception:  # the page still shows; the download will try again
                    log.exception("making the Word file of %s failed", report.slug)
                    path = None
            elif not self.readiness.pdf:
                continue
            else:
                path = self.cache.get(self.key(reader, report, variant, ext), ext)
                if path is None:
                    self.start_pdf(reader, report, variant)
            size = human_size(path.stat().st_size) if path is not None else ""
            links.append(Link(url, fmt.mime, fmt.label, fmt.kind, size))
        return links

    # serving ----------------------------------------------------------------------------

    async def respond(self, request: Request, ext: str) -> Response:
        reader: Reader = request.app.state.reader
        variant: Variant = request.scope.get("reader.variant", DEFAULT)
        report = reader.library.by_slug.get(request.path_params["slug"])
        if report is None:
            raise HTTPException(404)
        path = await self.file(reader, report, variant, ext)
        stat = path.stat()
        etag = self.cache.etag(path, stat)
        title = reader.converter.convert_text(report.title, variant, report.script)
        headers = {
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            "Cache-Control": "no-cache",
            "Vary": "Cookie, Accept-Language",
            "Content-Disposition": content_disposition(file_name(title, ext),
                                                       ascii_name(report, variant, ext)),
        }
        if _not_modified(request, etag, stat.st_mtime):
            del headers["Content-Disposition"]
            return Response(status_code=304, headers=headers)
        return FileResponse(path, media_type=FORMATS[ext].mime, headers=headers,
                            stat_result=stat)


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return etag in tags or "*" in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            parsed = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return int(mtime) <= parsed.timestamp()
    return False
