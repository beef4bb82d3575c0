"""What the server holds: the loaded content and everything derived from it
(converter, pinyin, search index, rendered pages), and how it is reloaded.

A new archive starts quickly: a load parses at most ``PARSE_FIRST`` files the
parse cache does not know and lists any more from their metadata alone (see
parse_cache). Every listing, and every page of a report, is served at once;
the remaining files are then parsed in worker processes (background_parse)
and the site is reloaded with every file checked. Until then a report whose
body turns out to have a mistake answers 503 (see content.BodyUnavailable),
and search answers from the index it had.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path
from typing import Any

from reader.archive import background_parse, survey
from reader.archive.loading import load_all, unavailable
from reader.archive.parse_cache import ParseCache
from reader.archive.search import SearchIndex
from reader.config import PARSE_FIRST, Config
from reader.content import reports as content
from reader.content.reports import Report
from reader.language import pinyin, segment
from reader.language.convert import Converter
from reader.language.variants import DEFAULT, Variant
from reader.lru import LRU
from reader.render.downloads import Renderers
from reader.render.pdf.source import dumps as pdf_source_text
from reader.render.word import writer as word
from reader.web import compression
from reader.web.pages import Pages
from reader.web.staticfiles import StaticFiles

log = logging.getLogger("reader")

ROOT = Path(__file__).resolve().parents[2]
CACHE_SIZE = 4096
_FULL = None
__all__ = ["PARSE_FIRST", "ServerState"]


class ServerState:
    """Holds the loaded content and everything derived from it.

    ``config.parse_first``: how many files the parse cache does not know a
    load (the first, and each reload) parses before it lists the rest from
    their metadata; None parses every file before serving (`reader build`
    does, so that an exported copy is complete)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.content_dir = config.content_dir
        self.parse_first = config.parse_first
        self.static = StaticFiles(ROOT / "static", config.static_dir)
        self.pages = Pages(ROOT / "templates", self.static)
        self.converter = Converter(warm=False)
        self.cache: LRU[tuple[str, ...], compression.Encoded] = LRU(CACHE_SIZE)
        self.version = 0  # grows at every load: a page made before is out of date
        self._settings_version: tuple[int, str] = (-1, "")
        self.pinyin = pinyin.Pinyin()
        self.parse_cache = ParseCache(config.parsed_dir, read_ahead=survey.survey)
        self.search = SearchIndex(config.search_dir, self.content_dir)
        self._reload_lock = threading.Lock()
        self._stopping = threading.Event()
        self._completer: threading.Thread | None = None
        self.completed = threading.Event()  # set whenever no report is pending
        self.library = self.load(parse_first=self.parse_first)
        self._loaded()

    def warm_up(self) -> None:
        """Load the converter's dictionaries (about 0.8 s of CPU) in the
        background; the server calls this once it is listening, so that they
        do not delay its start. A page that needs them sooner loads them."""
        threading.Thread(target=segment.warm_up, name="reader-warm-up", daemon=True).start()

    def load(self, previous: content.Library | None = None,
             parse_first: int | None = _FULL) -> content.Library:
        loaded = load_all(self.content_dir, previous, self.parse_cache, parse_first)
        library = loaded.library
        # a file with a mistake leaves the last good glossary and dictionary in use
        if loaded.glossary is not None:
            self.converter = Converter(loaded.glossary, warm=False)
        if loaded.pinyin is not None:
            self.pinyin = pinyin.Pinyin(loaded.pinyin)
        for problem in library.problems:
            level = logging.ERROR if problem.is_error else logging.WARNING
            log.log(level, "%s", problem.format(self.content_dir))
        pending = len(library.pending)
        log.info("loaded %d reports from %s%s", len(library.reports), self.content_dir,
                 f" ({pending} listed from their metadata, being checked)" if pending else "")
        return library

    def readings(self, report: content.Report) -> Any:
        """Pinyin for the report's text, computed on simplified script."""
        readings = self.pinyin.readings
        if report.script == "zh-Hans":
            return readings

        def from_traditional(text: str) -> tuple[str | None, ...]:
            simplified = self.converter.convert_text(text, DEFAULT, report.script)
            if len(simplified) != len(text):
                return (None,) * len(text)
            return readings(simplified)
        return from_traditional

    def reload(self) -> None:
        """Load the content again; while the folder cannot be read, or when it
        vanished during the load, the last good site stays online."""
        self._reload(self.parse_first)

    def _reload(self, parse_first: int | None) -> None:
        with self._reload_lock:
            problem = unavailable(self.content_dir)
            if problem is None:
                library = self.load(self.library, parse_first)
                problem = unavailable(self.content_dir)
            if problem is not None:
                log.error("%s: the last good version of the site stays online", problem)
                return
            self.library = library
            self.version += 1
            self.cache.clear()
            self._loaded()

    def _loaded(self) -> None:
        """After a load (under the reload lock): index it, or when some reports
        are listed from their metadata only, check them in the background."""
        if not self.library.pending:
            self.completed.set()
            self.search.update(self.library)
            return
        self.completed.clear()
        if self._completer is None and not self._stopping.is_set():
            self._completer = threading.Thread(target=self._complete, name="reader-complete",
                                               daemon=True)
            self._completer.start()

    def _complete(self) -> None:
        """Parse the pending files in worker processes, then reload with every
        file checked; again while a reload left some pending."""
        try:
            while self._complete_once():
                pass
        except Exception:  # the next load that leaves files pending starts it again
            log.exception("checking the reports listed from their metadata failed")
        finally:
            with self._reload_lock:
                self._completer = None

    def _complete_once(self) -> bool:
        """One pass; False when nothing is pending or the server is stopping."""
        with self._reload_lock:
            pending = [report.path for report in self.library.pending]
            if not pending or self._stopping.is_set():
                return False
            site = self.library.site
        started = time.monotonic()
        if self.parse_cache.usable:
            try:
                if not background_parse.parse_into_cache(pending, site, self.parse_cache.folder,
                                                         self._stopping):
                    return False  # stopping
            except Exception:  # parsed in this process by the load below instead
                log.exception("parsing in worker processes failed")
            with self._reload_lock:  # a reload meanwhile listed more: to the workers first
                if {r.path for r in self.library.pending} - set(pending):
                    return True
        self._reload(_FULL)
        log.info("%d report files checked in %.1f s", len(pending), time.monotonic() - started)
        if self.library.pending:  # the folder could not be read: try again shortly
            self._stopping.wait(5)
        return True

    def stop(self) -> None:
        """Stop background work (the server is shutting down)."""
        self._stopping.set()
        completer = self._completer
        if completer is not None:
            completer.join(timeout=30)
        self.search.stop()
        self.static.close()

    def settings_version(self) -> str:
        """A hash of what outside a report file shapes its Word and PDF files:
        the glossary (script conversion) and the site settings."""
        if self._settings_version[0] != self.version:
            glossary = self.converter.glossary
            text = repr((sorted(glossary.corrections.items()), glossary.protected,
                         self.library.site))
            self._settings_version = (self.version,
                                      hashlib.blake2b(text.encode(), digest_size=8).hexdigest())
        return self._settings_version[1]

    def renderers(self) -> Renderers:
        """How downloads render this content: always the content loaded now."""
        def docx(report: Report, variant: Variant) -> bytes:
            return word.build(report, variant, self.converter, self.library.site.base_url)

        def pdf_source(report: Report, variant: Variant) -> str:
            return pdf_source_text(report, variant, self.converter, self.library.site)
        return Renderers(docx=docx, pdf_source=pdf_source, settings_version=self.settings_version)

    def cached_page(self, key: tuple[str, ...]) -> compression.Encoded | None:
        """A rendered page from the page cache, if it holds one."""
        return self.cache.get((self.pages.fingerprint, str(self.version), *key))

    def cached(self, key: tuple[str, ...], render: Any) -> compression.Encoded:
        hit = self.cached_page(key)
        if hit is not None:
            return hit
        key = (self.pages.fingerprint, str(self.version), *key)
        encoded = compression.Encoded(render().encode("utf-8"))
        self.cache.put(key, encoded)
        return encoded
