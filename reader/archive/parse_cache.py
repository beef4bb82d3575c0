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

A load may be told how many files the cache does not know it should parse
(``parse_first``); any more are listed from their metadata alone
(content.parse_metadata), so a new archive of thousands of reports is served
within seconds. Such a report's
body is parsed when a page asks for it; `parse_files` (run in worker
processes, see background_parse) fills the cache, and the next load finds
every file in it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader import fingerprint
from reader.content import reports as content
from reader.content.problems import ContentError, Problem
from reader.content.site import Site
from reader.lru import LRU

log = logging.getLogger("reader")

BODIES_IN_MEMORY = 16  # a parsed body takes about half a megabyte
PARSER = "reader.content.reports"  # parse_report: everything it imports shapes a parse result


@functools.cache
def code_fingerprint() -> str:
    """The parsing code's fingerprint: the modules ``PARSER`` imports, directly
    or not, and the versions of the libraries they use (nothing of the web
    layer or the renderers: a change there does not parse an archive again)."""
    return fingerprint.fingerprint([PARSER])[:16]


Signature = tuple[int, int, int, str]  # modified, size, inode, time zone
Parsed = tuple[content.Report, list[Problem]]


def _stored_signature(stat: tuple[int, int, int], site: Site) -> str:
    """A file's stat and the time zone as the files table keeps them."""
    return f"{stat[0]}:{stat[1]}:{stat[2]}:{site.timezone}"


@dataclass
class Examined:
    """What reading one file found: made in this process or in a worker
    (see survey.py), then taken by ``ParseCache.parse``."""

    stat: tuple[int, int, int] = (0, 0, 0)  # modified, size, inode
    unchanged: bool = False  # as the last load saw it: not read
    digest: str = ""  # SHA-256 of the bytes
    key: str = ""  # in the cache
    stored: bytes | None = None  # the cache's summary
    listed: content.Row | None = None  # its metadata alone (content.report_row)
    raw: bytes | None = None  # the bytes, when neither of the above
    error: tuple[str, int, str, str] | None = None  # ("content", line, message, hint) or
    # ("os", errno, strerror, file name)


ReadAhead = Callable[["ParseCache", list[str], Site], dict[str, Examined]]


class ParseCache:
    def __init__(self, folder: Path, read_ahead: ReadAhead | None = None) -> None:
        self.folder = folder  # `parsed` in the cache folder (config.Config.parsed_dir)
        self.read_ahead = read_ahead
        self.db_path = self.folder / "parsed.sqlite"
        self._local = threading.local()
        self._lock = threading.Lock()  # one load at a time
        self._bodies: LRU[str, content.Body] = LRU(BODIES_IN_MEMORY)
        self._seen: dict[str, tuple[Signature, Parsed]] = {}
        self._next_seen: dict[str, tuple[Signature, Parsed]] = {}
        self._pending: list[tuple[str, bytes, bytes]] = []
        self._parse_left: int | None = None  # files still to parse in full in this load
        self._surveyed: dict[str, Examined] = {}  # read ahead by survey.py
        self.usable = self._open() is not None
        self.empty = False  # see look
        self._known: dict[str, tuple[str, str]] = {}  # name → (signature, key)
        self._files: list[tuple[str, str, str]] = []  # to write: (name, signature, key)

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
            # the key each file had when last read, with its stat: a file whose
            # stat is unchanged is not read again at start (see look)
            db.execute("CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, "
                       "signature TEXT NOT NULL, key TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            log.warning("parse cache %s not usable (%s): reports are kept in memory",
                        self.db_path, exc)
            return None
        self._local.db = db
        return db

    def look(self) -> None:
        """Read what the cache knows of files before a load: whether it is
        empty (a first start: looking each file up is skipped), and each
        file's stat and key when last read."""
        db = self._open()
        self.empty, self._known = False, {}
        if db is None:
            return
        try:
            self.empty = db.execute("SELECT 1 FROM parsed LIMIT 1").fetchone() is None
            self._known = {name: (signature, key) for name, signature, key
                           in db.execute("SELECT name, signature, key FROM files")}
        except sqlite3.Error:
            pass

    def _get(self, key: str, column: str) -> bytes | None:
        db = self._open()
        if db is None:
            return None
        try:
            row = db.execute(f"SELECT {column} FROM parsed WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def flush(self) -> None:
        """Write the results parsed since the last flush."""
        db = self._open()
        if db is None or not (self._pending or self._files):
            self._pending.clear()
            self._files.clear()
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", self._pending)
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", self._files)
        except sqlite3.Error as exc:
            log.warning("parse cache not written: %s", exc)
        self._pending.clear()
        self._files.clear()

    # --- loading ----------------------------------------------------------------

    def load(self, root: Path, previous: content.Library | None = None,
             parse_first: int | None = None) -> content.Library:
        """content.load through the cache. With ``parse_first``, only that many
        files the cache does not know are parsed; the rest are listed from
        their metadata (``library.pending``)."""
        with self._lock:
            self._next_seen = {}
            self._parse_left = parse_first
            self.look()
            try:
                library = content.load(root, previous, self.parse,
                                       None if parse_first is None else self._read_ahead)
            finally:
                self._surveyed = {}
                self.flush()
                self._seen, self._next_seen = self._next_seen, {}
        return library

    def _read_ahead(self, files: list[Path], site: Site) -> None:
        """Files not seen by the last load, read at once (by survey.survey,
        which the server passes in)."""
        if self.read_ahead is not None:
            self._surveyed = self.read_ahead(self, [name for name in map(str, files)
                                                    if name not in self._seen], site)

    def examine(self, name: str, site: Site, quick: bool = False) -> Examined:
        """Stat, read and hash one file and look it up in the cache; with
        ``quick``, a file the cache does not know is read for its metadata.
        A file whose stat is what the cache last saw is not read."""
        try:
            result = os.stat(name)
            stat = (result.st_mtime_ns, result.st_size, result.st_ino)
            seen = self._seen.get(name)
            if seen is not None and seen[0] == (*stat, site.timezone):
                return Examined(stat, unchanged=True)
            signature = _stored_signature(stat, site)
            known = self._known.get(name)
            if known is not None and known[0] == signature and self.usable:
                stored = self._get(known[1], "summary")
                if stored is not None:
                    return Examined(stat, key=known[1], stored=stored)
            with open(name, "rb") as file:
                raw = file.read()
        except OSError as exc:
            return Examined(error=("os", exc.errno or 0, exc.strerror or str(exc), name))
        digest = hashlib.sha256(raw).hexdigest()  # the report's version, and in the key
        key = hashlib.sha256(f"{code_fingerprint()}\0{site.timezone}\0{name}\0{digest}".encode()
                             ).hexdigest()
        found = Examined(stat, digest=digest, key=key)
        found.stored = self._get(key, "summary") if self.usable and not self.empty else None
        if found.stored is not None:
            self._files.append((name, signature, key))
            return found
        if not quick:
            found.raw = raw
            return found
        try:
            found.listed = content.report_row(
                content.parse_metadata(Path(name), raw, site, digest))
        except ContentError as exc:
            found.error = ("content", exc.line, exc.message, exc.hint)
        return found

    def parse(self, path: Path, site: Site) -> Parsed:
        name = str(path)
        found = self._surveyed.pop(name, None) or self.examine(name, site)
        if found.error is not None:
            kind, number, message, hint = found.error
            if kind == "os":
                raise OSError(number, message, hint)
            raise ContentError(number, message, hint)
        signature = (*found.stat, site.timezone)
        if found.unchanged:
            seen = self._seen[name]
            self._next_seen[name] = seen
            return seen[1]
        remember = True
        if found.stored is not None:
            row, problems = pickle.loads(found.stored)
            report = content.report_from_row(row, path)
        elif found.listed is not None:
            report, problems = content.report_from_row(found.listed, path), []
            remember = False
        elif self._parse_left is not None and self._parse_left <= 0:
            assert found.raw is not None
            report, problems = content.parse_metadata(path, found.raw, site, found.digest), []
            remember = False  # the next load looks in the cache again
        else:
            assert found.raw is not None
            if self._parse_left is not None:
                self._parse_left -= 1
            report, problems = content.parse_report(path, found.raw, site, found.digest)
            if self.usable:
                summary = content.report_row(report)
                self._pending.append((found.key, pickle.dumps((summary, problems), protocol=5),
                                      pickle.dumps(report.loaded, protocol=5)))
                self._files.append((name, _stored_signature(found.stat, site), found.key))
                if len(self._pending) >= 500:
                    self.flush()
        if self.usable or report.pending:
            report.loaded = None
            report.fetch = functools.partial(self.body, found.key, path, site)
            # identical strings across reports are stored once
            report.organisation = sys.intern(report.organisation)
            report.category = tuple(sys.intern(part) for part in report.category)
        parsed = (report, problems)
        if remember:
            self._next_seen[name] = (signature, parsed)
        return parsed

    def body(self, key: str, path: Path, site: Site) -> content.Body:
        """A report's body: from memory, from disk, or (cache gone) parsed again."""
        found = self._bodies.get(key)
        if found is not None:
            return found
        stored = self._get(key, "body")
        if stored is not None:
            body: content.Body = pickle.loads(stored)
        else:
            try:
                report, _ = content.parse_report(path, path.read_bytes(), site)
            except (ContentError, OSError) as exc:
                raise content.BodyUnavailable(f"{path}: {exc}") from exc
            assert report.loaded is not None
            body = report.loaded
        self._bodies.put(key, body)
        return body

    def parse_files(self, paths: list[Path], site: Site) -> int:
        """Parse files into the cache (a worker's job); a file with a mistake
        is left for the next load to report. Returns how many were stored."""
        stored = 0
        for path in paths:
            try:
                self.parse(path, site)
            except (ContentError, OSError):
                continue
            stored += 1
        self.flush()
        return stored

