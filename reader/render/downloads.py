"""Word and PDF files of a report, in the reader's script: made once, kept on
disk, and offered as links on the report page.

Files are kept in a cache folder (see filecache.py), named by a hash of
everything that shapes them: the report's version (a hash of its file), the
script variant, the format, the content outside the report (glossary and site
settings: the renderers' ``settings_version``), and the code and templates that render
them. A changed report, glossary or renderer gives a new name, so a cached
file is never stale.

A page view makes no file: a crawler reading every report in three scripts
must not start hundreds of thousands of renders. A file is made when someone
downloads it (or by `reader build`): a .docx takes a fraction of a second in a
thread, a PDF a few tenths of a second in the Typst worker process; two readers asking
at once share one making. The report page shows a file's size once the file
exists, and its type only until then.

``Downloads`` knows nothing of the web: it is given how to render a file
(``Renderers``), where to keep it (``FileCache``) and the PDF worker. The HTTP
endpoint is download_view.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from reader import fingerprint, urls
from reader.content.reports import Report
from reader.filecache import FileCache
from reader.language.variants import Variant
from reader.render.pdf import writer as pdf
from reader.render.word import writer as word

log = logging.getLogger("reader.render.downloads")

ROOT = Path(__file__).resolve().parents[2]
# what shapes a file besides the report and the content: these modules and
# everything they import (word boundaries, editorial rules, parsers …), the PDF
# template, the catalogs (a table's default caption is localised), the libraries
# they use, and the font files the PDF embeds
RENDERERS = ("reader.render.word.writer", "reader.render.pdf.writer", "reader.render.pdf.source",
             "reader.render.pdf.tags")
RENDERER_FILES = ("templates/print.typ",
                  "reader/language/locale/zh_Hant_TW/LC_MESSAGES/messages.po",
                  "reader/language/locale/zh_Hant_HK/LC_MESSAGES/messages.po")


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
    size: str  # "35 KB"; empty until the file has been made


@dataclass(frozen=True)
class Renderers:
    """How a report becomes a file; given by the app, which knows the loaded
    content and the converter."""

    docx: Callable[[Report, Variant], bytes]  # the Word file
    pdf_source: Callable[[Report, Variant], str]  # the PDF template's data (pdf/source.py)
    settings_version: Callable[[], str]  # changes whenever content outside the report that shapes files does


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def file_name(title: str, ext: str) -> str:
    """The report title as a file name every system accepts."""
    name = _UNSAFE.sub("_", title).strip(" ._") or "report"
    return f"{name[:120]}.{ext}"


def ascii_name(report: Report, variant: Variant, ext: str) -> str:
    suffix = f"-{variant.prefix.strip('/')}" if variant.prefix else ""
    return f"{report.slug}{suffix}.{ext}"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def renderer_fingerprint(root: Path = ROOT) -> str:
    """Changes whenever the code, templates, libraries or fonts that shape a file do."""
    return fingerprint.fingerprint(RENDERERS, [root / name for name in RENDERER_FILES],
                                   extra=pdf.font_signature(), package=root / "reader")


class Unavailable(Exception):
    """This server does not offer the format (see the start-up log)."""


class Downloads:
    def __init__(self, renderers: Renderers, cache: FileCache, worker: pdf.PdfWorker,
                 readiness: pdf.Readiness | None = None, fingerprint: str | None = None) -> None:
        self.renderers = renderers
        self.cache = cache
        self.worker = worker
        self.readiness = readiness or pdf.Readiness(True, [])
        self._fingerprint = fingerprint
        self._inflight: dict[str, asyncio.Future[Path]] = {}

    @property
    def fingerprint(self) -> str:
        """renderer_fingerprint, worked out on the first download (it reads
        the installed packages' metadata: a quarter of a second at start)."""
        if self._fingerprint is None:
            self._fingerprint = renderer_fingerprint()
        return self._fingerprint

    @property
    def sizes_version(self) -> int:
        """Grows whenever a file size becomes known: a page that shows sizes is
        current as long as this has not changed."""
        return self.cache.sizes_version

    # lifecycle (create_app's lifespan) ------------------------------------------------

    def start(self) -> None:
        removed = self.cache.prune()
        if removed:
            log.info("removed %d old files from %s", removed, self.cache.root)
        if self.readiness.pdf:
            self.worker.start()

    def stop(self) -> None:
        self.worker.close()

    # making files ---------------------------------------------------------------------

    def key(self, report: Report, variant: Variant, ext: str) -> str:
        parts = (self.fingerprint, self.renderers.settings_version(), report.slug, report.version,
                 variant.code, ext)
        digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=10).hexdigest()
        return f"{report.slug}-{variant.code}-{digest}"

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

    async def file(self, report: Report, variant: Variant, ext: str) -> Path:
        """The file on disk, made now if it is not yet. Raises Unavailable for a
        format this server does not offer."""
        key = self.key(report, variant, ext)
        if ext == "docx":
            return await self._make(key, ext, lambda: asyncio.to_thread(
                self.renderers.docx, report, variant))
        if ext != "pdf" or not self.readiness.pdf:
            raise Unavailable(ext)

        async def produce() -> bytes:
            text = await asyncio.to_thread(self.renderers.pdf_source, report, variant)
            return await self.worker.render(text)
        return await self._make(key, ext, produce)

    # what the report page shows ---------------------------------------------------------

    def links(self, report: Report, variant: Variant) -> list[Link]:
        """The page's download links, each with its size if the file exists
        (nothing is made here)."""
        links = []
        for ext, fmt in FORMATS.items():
            if ext == "pdf" and not self.readiness.pdf:
                continue
            size = self.cache.size(self.key(report, variant, ext), ext)
            links.append(Link(urls.in_variant(variant.prefix, urls.report(report.slug, ext)),
                              fmt.mime, fmt.label,
                              fmt.kind, human_size(size) if size is not None else ""))
        return links
