"""Parse results kept on disk, so that a large archive starts in seconds and
holds only the reports' metadata in memory.

A report file is parsed once per content: the result is stored in an SQLite
file in the cache folder, keyed by a hash of the file's bytes, its path, the
site's time zone and the parsing code. At start the server reads each file,
hashes it and takes the stored metadata; the body (blocks and standard
tables, most of a report's memory) stays on disk until a page needs it and
is then kept in a small in-memory LRU. A reload reuses every report whose file
is unchanged on disk (same size, modification time and inode) without reading
it. Several server processes may share the folder.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import threading
from collections import OrderedDict
from pathlib import Path

from . import content
from .filecache import default_cache_dir
from .problems import Problem
from .site import Site

log = logging.getLogger("reader")

BODIES_IN_MEMORY = 16  # a parsed body takes about half a megabyte
# the modules whose code decides what a parse produces
_PARSING = ("content", "markdown", "standard_tables", "document", "arithmetic", "yamlnodes",
            "problems", "site")


def default_folder() -> Path:
    """`parsed` in the cache folder the downloads use (filecache.default_cache_dir)."""
    return default_cache_dir() / "parsed"


@functools.cache
def code_version() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(sys.version.encode())
    for name in _PARSING:
        digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


Signature = tuple[int, int, int, str]
_NOWHERE = Path()
Parsed = tuple[content.Report, list[Problem]]


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()
        self.db_path = self.folder / "parsed.sqlite"
        self._local = threading.local()
        self._lock = threading.Lock()  # one load at a time
        self._bodies_lock = threading.Lock()
        self._bodies: OrderedDict[str, content.Body] = OrderedDict()
        self._seen: dict[str, tuple[Signature, Parsed]] = {}
        self._next_seen: dict[str, tuple[Signature, Parsed]] = {}
        self._pending: list[tuple[str, bytes, bytes]] = []
        self.usable = self._open() is not None

    # --- the database ---------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            return db
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.db_path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, "
                       "summary BLOB NOT NULL, body BLOB NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            log.warning("parse cache %s not usable (%s): reports are kept in memory",
                        self.db_path, exc)
            return None
        self._local.db = db
        return db

    def _get(self, key: str, column: str) -> bytes | None:
        db = self._open()
        if db is None:
            return None
        try:
            row = db.execute(f"SELECT {column} FROM parsed WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _flush(self) -> None:
        db = self._open()
        if db is None or not self._pending:
            self._pending.clear()
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", self._pending)
        except sqlite3.Error as exc:
            log.warning("parse cache not written: %s", exc)
        self._pending.clear()

    # --- loading ----------------------------------------------------------------

    def load(self, root: Path, previous: content.Library | None = None) -> content.Library:
        """content.load through the cache."""
        with self._lock:
            self._next_seen = {}
            try:
                library = content.load(root, previous, self.parse)
            finally:
                self._flush()
                self._seen, self._next_seen = self._next_seen, {}
        return library

    def parse(self, path: Path, site: Site) -> Parsed:
        name = str(path)
        stat = os.stat(name)
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino, site.timezone)
        seen = self._seen.get(name)
        if seen is not None and seen[0] == signature:
            self._next_seen[name] = seen
            return seen[1]
        with open(name, "rb") as file:
            raw = file.read()
        key = hashlib.sha256(f"{code_version()}\0{site.timezone}\0{name}\0".encode()
                             + raw).hexdigest()
        stored = self._get(key, "summary") if self.usable else None
        if stored is not None:
            report, problems = pickle.loads(stored)
            report.path = path  # not stored: unpickling a Path costs more than the rest
        else:
            report, problems = content.parse_report(path, raw, site)
            if self.usable:
                summary = dataclasses.replace(report, path=_NOWHERE, loaded=None, fetch=None)
                self._pending.append((key, pickle.dumps((summary, problems), protocol=5),
                                      pickle.dumps(report.loaded, protocol=5)))
                if len(self._pending) >= 500:
                    self._flush()
        if self.usable:
            report.loaded = None
            report.fetch = functools.partial(self.body, key, path, site)
            # identical strings across reports are stored once
            report.organisation = sys.intern(report.organisation)
            report.category = tuple(sys.intern(part) for part in report.category)
        parsed = (report, problems)
        self._next_seen[name] = (signature, parsed)
        return parsed

    def body(self, key: str, path: Path, site: Site) -> content.Body:
        """A report's body: from memory, from disk, or (cache gone) parsed again."""
        with self._bodies_lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        stored = self._get(key, "body")
        if stored is not None:
            body: content.Body = pickle.loads(stored)
        else:
            report, _ = content.parse_report(path, path.read_bytes(), site)
            assert report.loaded is not None
            body = report.loaded
        with self._bodies_lock:
            self._bodies[key] = body
            while len(self._bodies) > BODIES_IN_MEMORY:
                self._bodies.popitem(last=False)
        return body
