"""What the server holds: the catalog of the content (on disk), the converter,
pinyin, the search index and the page cache, and the background work that
keeps them current.

Start-up does not grow with the archive. The server answers as soon as its
code is loaded: from the catalog as it was (a restart, also after an upgrade
that left the parsing code alone), or, for a new archive, from what has been
listed so far: a first start reads every file's metadata in worker
processes, a chunk at a time, and listings grow as it goes (pages say so,
and a report not listed yet answers 503 with Retry-After). A small folder
(at most ``PARSE_FIRST`` new files) is read in full before serving.

Then one thread (the keeper) checks each file listed from its metadata in
worker processes at a low priority, and indexes the catalog for search
between chunks. Several server processes may share the catalog: one of them
(holding a lock on it) does this work, the others follow its generation.
Until a file is checked, a body with a mistake answers 503 (see
content.BodyUnavailable); once checked, such a file leaves the site with its
error logged, unless its last good version is kept.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
import weakref
from pathlib import Path
from typing import Any

from reader.archive import background
from reader.archive.catalog import Catalog
from reader.archive.loading import unavailable
from reader.archive.reading import Found
from reader.archive.search import SearchIndex
from reader.archive.shelf import Bodies, Shelf
from reader.config import PARSE_FIRST, Config
from reader.content import reports as content
from reader.content.problems import Problem
from reader.content.reports import Report
from reader.content.site import load_site
from reader.language import glossary, pinyin, segment
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
LIST_HERE = 2000  # new files listed before serving; more are listed in the background
SCAN_HERE = 5000  # a catalog of fewer files has its folder scanned before serving
RETRY_FAILED = 60.0  # seconds before background work that failed is tried again
__all__ = ["PARSE_FIRST", "ServerState"]


class ServerState:
    """Holds the content and everything derived from it.

    ``config.parse_first``: how many new or changed files a load reads in
    full before it lists the rest from their metadata; None reads every file
    in full first (`reader build` does, so that an exported copy is complete),
    with ``config.processes`` worker processes (default: one a core)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.content_dir = content_dir = config.content_dir
        self.parse_first = parse_first = config.parse_first
        self.processes = config.processes
        self.static = StaticFiles(ROOT / "static", config.static_dir)
        self.pages = Pages(ROOT / "templates", self.static, config.cache_dir / "templates")
        self.converter = Converter(warm=False)
        self.pinyin = pinyin.Pinyin()
        self.cache: LRU[tuple[str, ...], compression.Encoded] = LRU(CACHE_SIZE)
        self.version = 0  # grows with every edition of the catalog: a page made before is out of date
        self._settings_version: tuple[int, str] = (-1, "")
        self.catalog = Catalog(content_dir, config.catalog_dir)
        self.bodies = Bodies(self.catalog)
        self.search = SearchIndex(self.catalog, config.search_dir)
        self._reload_lock = threading.RLock()  # one write to what is shown at a time
        self._pass_lock = threading.Lock()  # one reading of the folder at a time
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self.completed = threading.Event()  # set whenever no report is waiting for its check
        self.site, _ = load_site(content_dir / "site.toml")
        self.library = Shelf(self.catalog, self.site, self.bodies, self.catalog.generation())
        self.settings_problems: list[Problem] = []
        self._deferred = False  # a first listing left to the keeper
        self._lock_file = open(self.catalog.path.with_suffix(".lock"), "a")  # noqa: SIM115
        self.leading = self._lead()
        if parse_first is None:
            self._pass(None, here=True)
            self._check(processes=self.processes)
        elif self.leading and self._rows() < SCAN_HERE:
            self._pass(parse_first, here=True)
        else:
            self._deferred = self.leading
            self._extras()
        # the thread holds the reader weakly: a reader nobody uses is collected, and its thread ends
        self._keeper = threading.Thread(target=_keep, args=(weakref.ref(self), self._stopping,
                                                            self._wake),
                                        name="reader-keeper", daemon=True)
        self._keeper.start()

    # --- leading -----------------------------------------------------------------------

    def _lead(self) -> bool:
        """Whether this process does the shared work (it holds the catalog's lock)."""
        try:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _rows(self) -> int:
        return int(self.catalog.query("SELECT count(*) FROM files")[0][0])

    @property
    def loading(self) -> bool:
        """A first listing of the folder is still under way (the edition says)."""
        return self.library.loading

    # --- reading the folder ---------------------------------------------------------------

    def warm_up(self) -> None:
        """Load the converter's dictionaries (about 0.8 s of CPU) in the
        background; the server calls this once it is listening, so that they
        do not delay its start. A page that needs them sooner loads them."""
        def warm_up() -> None:
            for name in self.pages.env.list_templates(extensions=["html"]):
                self.pages.env.get_template(name)  # compiled (or read compiled) before a page needs it
            segment.warm_up()
        threading.Thread(target=warm_up, name="reader-warm-up", daemon=True).start()

    def reload(self) -> None:
        """Read what changed in the folder (the watcher calls this); while the
        folder cannot be read, the last good site stays online."""
        if self.leading or self._lead():
            self.leading = True
            self._pass(self.parse_first, here=True)
        self.refresh()
        self._wake.set()

    def _extras(self) -> list[Problem]:
        """The site settings, glossary and pinyin dictionary: a file with a
        mistake leaves the last good one in use."""
        site, problems = load_site(self.content_dir / "site.toml")
        self.site = site
        found, more = glossary.load(self.content_dir / "glossary.yaml")
        problems += more
        if found is not None:
            self.converter = Converter(found, warm=False)
        entries, more = pinyin.load_dictionary(self.content_dir / "pinyin.yaml")
        problems += more
        if not more:
            self.pinyin = pinyin.Pinyin(entries)
        return problems

    def _stamp(self) -> int:
        """The settings files' stats, as a number that changes with any of them."""
        parts = []
        for name in ("site.toml", "glossary.yaml", "pinyin.yaml"):
            try:
                stat = os.stat(self.content_dir / name)
                parts.append(f"{stat.st_mtime_ns}:{stat.st_size}:{stat.st_ino}")
            except OSError:
                parts.append("-")
        return int.from_bytes(hashlib.blake2b("/".join(parts).encode(), digest_size=7).digest(),
                              "big")

    def _pass(self, parse_first: int | None, here: bool) -> None:
        """Scan the folder and read what changed: in full when there is at
        most ``parse_first`` of it, else listed from metadata (``here``: up to
        LIST_HERE files before returning; more are left to the keeper)."""
        with self._pass_lock:
            problem = unavailable(self.content_dir)
            if problem is not None:
                log.error("%s: the last good version of the site stays online", problem)
                return
            with self._reload_lock:
                problems = self._extras()
                self.settings_problems = problems
                self.library.settings_problems = problems
                stamp = self._stamp()
                if stamp != self.catalog.stamp():  # other servers follow the new settings too
                    self.catalog.set_stamp(stamp)
                    self.refresh()
            self._log(problems)
            site = self.site
            scan = self.catalog.scan(site)
            if scan is None:
                return
            full = parse_first is None or len(scan.changed) <= parse_first
            if not full and here and len(scan.changed) > LIST_HERE:
                self._deferred = True  # the keeper lists them while the server answers
                self._set_listing(True)
                self._wake.set()
                return
            if not full:
                self._set_listing(True)
            try:
                chunks = background.read(self.catalog.reports_dir, scan.changed, site, full,
                                         self._stopping, self.processes,
                                         niceness=0 if parse_first is None else background.NICENESS,
                                         in_process=(parse_first or 0) if full
                                         else LIST_HERE if here else 0)
                gone = scan.gone
                for chunk in chunks:
                    self._apply(chunk, gone)
                    gone = []
                if gone:
                    self._apply([], gone)
            finally:
                if not full:
                    self._set_listing(False)
            listed = len(self.library.pending) if not full else 0
            log.info("%d reports in %s%s", len(self.library.reports), self.content_dir,
                     f" ({listed} listed from their metadata, being checked)" if listed else "")

    def _set_listing(self, on: bool) -> None:
        self.catalog.set_listing(on)
        self.refresh()

    def _apply(self, found: list[Found], gone: list[str] | None = None) -> None:
        with self._reload_lock:
            problems = self.catalog.apply(found, gone or [])
            self.refresh()
        self._log(problems)

    def _log(self, problems: list[Problem]) -> None:
        for problem in problems:
            level = logging.ERROR if problem.is_error else logging.WARNING
            log.log(level, "%s", problem.format(self.content_dir))

    def refresh(self) -> None:
        """Follow the catalog: a new edition when it changed (pages cached
        from the old one are dropped)."""
        with self._reload_lock:
            generation = self.catalog.generation()
            if generation != self.library.generation or self.site != self.library.site:
                self.library = Shelf(self.catalog, self.site, self.bodies, generation)
                self.library.settings_problems = self.settings_problems
                self.version += 1
                self.cache.clear()
            if not self.library.pending:
                self.completed.set()
            else:
                self.completed.clear()

    # --- background work ------------------------------------------------------------------

    def keep(self) -> float:
        """One round of background work: check what is listed, index for
        search, or follow the process that does. Returns how long to wait
        before the next round (unless woken)."""
        try:
            if not self.leading:
                self.leading = self._lead()
            if self.leading:
                if self._deferred:
                    self._deferred = False
                    self._pass(self.parse_first, here=False)
                self._check()
                return 0.0 if self.search.work(1.0) else 1.0
            if self.catalog.generation() != self.library.generation:
                self._extras()
                self.refresh()
        except Exception:  # tried again on the next change, or after a while
            log.exception("background work on %s failed", self.content_dir)
            return RETRY_FAILED
        return 1.0

    def _check(self, processes: int | None = None) -> None:
        """Check every file listed from its metadata alone, indexing between chunks."""
        unchecked = self.catalog.unchecked()
        if not unchecked:
            self.refresh()
            return
        self.completed.clear()
        building = processes is None and self.parse_first is not None
        for chunk in background.check(self.catalog.reports_dir, unchecked, self.site,
                                      self._stopping, processes,
                                      niceness=background.NICENESS if building else 0,
                                      idle=(lambda: self.search.work(0.5)) if building else None):
            self._apply(chunk)
        self.catalog.tidy()
        log.info("%d report files checked", len(unchecked))

    def stop(self) -> None:
        """Stop background work (the server is shutting down)."""
        self._stopping.set()
        self._wake.set()
        self._keeper.join(timeout=30)
        self._lock_file.close()
        self.static.close()

    # --- what pages use ------------------------------------------------------------------

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


def _keep(reader: weakref.ref[ServerState], stopping: threading.Event, wake: threading.Event) -> None:
    while not stopping.is_set():
        found = reader()
        if found is None:
            return
        wait = found.keep()
        del found
        if wait:
            wake.wait(wait)
        wake.clear()
