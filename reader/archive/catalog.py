"""The catalog: every report file of a content folder as the server knows it,
on disk, so that the server's memory does not grow with the archive.

One SQLite file per content folder and parsing code (the modules that shape
a parse, worked out by fingerprint.py, and the stored form, codec.py: an
upgrade that changes neither keeps the catalog). A row per file holds its
stat and hash as last read, its state (listed from its metadata, checked,
broken with its last good version kept, or failed), its metadata, its
problems, and the file itself (compressed once checked): a page's body is
parsed from it on demand, so a file that turns bad on disk keeps its last
good version online. Listings are queries over indexed columns.

Writes come from one thread of one server process at a time (the state
module's keeper); readers are the pages, through a few pooled connections.
Every write that changes what is shown increments ``generation``, which
servers sharing the catalog compare to know when to drop cached pages.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import queue
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import fingerprint
from reader.archive import codec, reading
from reader.archive.reading import FAILED, GOOD, LISTED, UNCHANGED, UNREADABLE, Found
from reader.config import default_cache_dir
from reader.content.problems import Problem
from reader.content.site import Site

log = logging.getLogger("reader")

SCHEMA = 1  # the tables below
BROKEN = 2  # the file has a mistake now; its last good version is shown
SHOWN = (LISTED, GOOD, BROKEN)
SHAPERS = ("reader.content.reports", "reader.archive.reading", "reader.archive.codec")
CONNECTIONS = 4  # pooled for readers; each keeps a small page cache
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, signature TEXT NOT NULL, digest TEXT NOT NULL,
    state INTEGER NOT NULL, error TEXT, listed INTEGER NOT NULL DEFAULT 0,
    slug TEXT, title TEXT, published REAL, published_text TEXT, organisation TEXT,
    category TEXT, year INTEGER, index_number TEXT, source TEXT, author TEXT, script TEXT,
    table_format TEXT, summary TEXT, version TEXT, carried TEXT, problems TEXT,
    packed BLOB, compressed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS by_slug ON files (slug);
CREATE INDEX IF NOT EXISTS by_published ON files (listed, published DESC, slug DESC);
CREATE INDEX IF NOT EXISTS by_body ON files (listed, organisation, year DESC, published DESC);
CREATE INDEX IF NOT EXISTS by_category ON files (listed, category, published DESC, slug DESC);
CREATE INDEX IF NOT EXISTS by_year ON files (listed, year, organisation, slug);
CREATE INDEX IF NOT EXISTS by_state ON files (state);
"""
REPORT_COLUMNS = ("name", "state", *reading.COLUMNS)


@functools.cache
def code_version() -> str:
    """What shapes a parse and the stored form (nothing of the web layer or
    the renderers: a change there keeps the catalog)."""
    return fingerprint.fingerprint(SHAPERS)[:16]


def default_folder() -> Path:
    return default_cache_dir() / "catalog"


@dataclass
class Scan:
    """What a scan found: files to read (name, stat signature, digest known),
    names gone from the folder, and how many files there are."""

    changed: list[tuple[str, str, str]]
    gone: list[str]
    total: int


class Catalog:
    def __init__(self, content_dir: Path, folder: Path | None = None,
                 version: str | None = None) -> None:
        self.content_dir = content_dir
        self.reports_dir = content_dir / "reports"
        self.folder = folder or default_folder()
        name = hashlib.sha256(str(content_dir.absolute()).encode()).hexdigest()[:16]
        self.path = self.folder / f"catalog-{SCHEMA}-{version or code_version()}-{name}.sqlite"
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._made = 0
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.connection() as db:
            db.executescript(_TABLES)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', 0)")
        self._remove_old(name)

    def _remove_old(self, name: str) -> None:
        """Catalogs of this folder made by other parsing code are of no use."""
        for old in self.folder.glob(f"catalog-*-{name}.sqlite*"):
            if not old.name.startswith(self.path.name):
                with contextlib.suppress(OSError):
                    old.unlink()

    # --- connections ----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # (a new file) pages freed can be given back
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA journal_size_limit=8388608")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-2000")  # 2 MB a connection
        return db

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection for this thread's use until the block ends."""
        try:
            db = self._pool.get_nowait()
        except queue.Empty:
            db = self._connect()
            self._made += 1
        try:
            yield db
        finally:
            if self._pool.qsize() < CONNECTIONS:
                self._pool.put(db)
            else:
                db.close()

    def query(self, sql: str, params: Iterable[object] = ()) -> list[Any]:
        with self.connection() as db:
            return db.execute(sql, tuple(params)).fetchall()

    def generation(self) -> int:
        found = self.query("SELECT value FROM meta WHERE key = 'generation'")
        return int(found[0][0]) if found else 0

    def stamp(self) -> int:
        found = self.query("SELECT value FROM meta WHERE key = 'stamp'")
        return int(found[0][0]) if found else 0

    def set_stamp(self, stamp: int) -> None:
        """Record the settings files' stamp; a new one is a new generation."""
        with self.connection() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
            db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            db.execute("COMMIT")

    def listing(self) -> bool:
        """A first listing of many files is under way (pages say so)."""
        return bool(self.query("SELECT 1 FROM meta WHERE key = 'listing' AND value = 1"))

    def set_listing(self, on: bool) -> None:
        with self.connection() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (int(on),))
            db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            db.execute("COMMIT")

    # --- what is on disk ------------------------------------------------------------------

    def scan(self, site: Site) -> Scan | None:
        """Every report file's stat against what the catalog knows; None when
        the reports folder cannot be read (nothing is taken offline then)."""
        found: dict[str, str] = {}
        try:
            self._walk(self.reports_dir, "", site, found)
        except OSError as exc:
            log.error("content folder %s cannot be read: %s", self.content_dir, exc.strerror or exc)
            return None
        known = {name: (signature, digest) for name, signature, digest in
                 self.query("SELECT name, signature, digest FROM files")}
        changed = [(name, signature, known.get(name, ("", ""))[1])
                   for name, signature in sorted(found.items())
                   if known.get(name, ("", ""))[0] != signature]
        gone = sorted(set(known) - set(found))
        return Scan(changed, gone, len(found))

    def _walk(self, folder: Path, prefix: str, site: Site, found: dict[str, str]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    with contextlib.suppress(OSError):  # a sub-folder that vanished meanwhile
                        self._walk(Path(entry.path), f"{prefix}{entry.name}/", site, found)
                elif entry.name.endswith(".md"):
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    found[prefix + entry.name] = reading.signature(
                        (stat.st_mtime_ns, stat.st_size, stat.st_ino), site)

    # --- writing ----------------------------------------------------------------------

    def apply(self, results: Iterable[Found], gone: Iterable[str] = ()) -> list[Problem]:
        """Write what reading found (and forget files that are gone) in one
        transaction; returns the problems to log."""
        problems: list[Problem] = []
        touched: set[str | None] = set()
        changed = False
        with self.connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                for name in gone:
                    old = db.execute("SELECT slug FROM files WHERE name = ?", (name,)).fetchone()
                    if old is not None:
                        touched.add(old[0])
                        db.execute("DELETE FROM files WHERE name = ?", (name,))
                        changed = True
                for found in results:
                    changed |= self._write(db, found, problems, touched)
                slugs = {slug for slug in touched if slug is not None}
                if slugs:
                    changed = True
                    problems.extend(self._relist(db, slugs))
                if changed:
                    db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return problems

    def _write(self, db: sqlite3.Connection, found: Found, problems: list[Problem],
               touched: set[str | None]) -> bool:
        path = self.reports_dir / found.name
        old = db.execute("SELECT state, slug, signature FROM files WHERE name = ?",
                         (found.name,)).fetchone()
        if found.state == UNCHANGED:
            if found.signature:
                db.execute("UPDATE files SET signature = ? WHERE name = ?",
                           (found.signature, found.name))
            return False
        if found.state == UNREADABLE:  # read again next time; a shown version stays
            assert found.error is not None
            line, message, hint = found.error
            problems.append(Problem(path, line, message + (" (its last good version stays online)"
                                                           if old and old[0] in SHOWN else ""), hint))
            return False
        if found.state in (LISTED, GOOD):
            assert found.row is not None
            touched.add(str(found.row[0]))
            if old is not None:
                touched.add(old[1])
            columns = ("name", "signature", "digest", "state", "error", *reading.COLUMNS,
                       "problems", "packed", "compressed")
            signature = found.signature or (old[2] if old is not None else "")
            db.execute(f"INSERT OR REPLACE INTO files ({', '.join(columns)}) "
                       f"VALUES ({', '.join('?' * len(columns))})",
                       (found.name, signature, found.digest, found.state, None, *found.row,
                        json.dumps(found.problems, ensure_ascii=False) if found.problems else None,
                        found.packed, int(found.compressed)))
            problems.extend(Problem(path, *problem) for problem in found.problems)
            return True
        assert found.state == FAILED and found.error is not None
        line, message, hint = found.error
        error = json.dumps(found.error, ensure_ascii=False)
        if old is not None and old[0] in (GOOD, BROKEN):  # the last good version stays online
            db.execute("UPDATE files SET state = ?, error = ?, digest = ?, signature = "
                       "COALESCE(NULLIF(?, ''), signature) WHERE name = ?",
                       (BROKEN, error, found.digest, found.signature, found.name))
            problems.append(Problem(path, line, message + " (its last good version stays online)",
                                    hint))
            return bool(old[0] != BROKEN)
        if old is not None:
            touched.add(old[1])
        signature = found.signature or (old[2] if old is not None else "")
        db.execute("INSERT OR REPLACE INTO files (name, signature, digest, state, error) "
                   "VALUES (?, ?, ?, ?, ?)", (found.name, signature, found.digest, FAILED, error))
        problems.append(Problem(path, line, message, hint))
        return old is not None

    def _relist(self, db: sqlite3.Connection, slugs: set[str]) -> list[Problem]:
        """Which file shows each of these addresses: the first by name that
        has a version to show; the others are reported."""
        problems = []
        for slug in slugs:
            rows = db.execute("SELECT name, state FROM files WHERE slug = ? ORDER BY name",
                              (slug,)).fetchall()
            shown = [name for name, state in rows if state in SHOWN]
            db.execute("UPDATE files SET listed = (name = ?) WHERE slug = ?",
                       (shown[0] if shown else "", slug))
            for name in shown[1:]:
                problems.append(duplicate(self.reports_dir / name, slug, shown[0]))
        return problems

    # --- reading ----------------------------------------------------------------------

    def unchecked(self) -> list[tuple[str, str]]:
        """(name, digest) of every file listed from its metadata alone."""
        return [(str(name), str(digest)) for name, digest in
                self.query("SELECT name, digest FROM files WHERE state = ? ORDER BY name", (LISTED,))]

    def packed(self, name: str, version: str) -> bytes | None:
        """The file's bytes at this version: as kept once checked, else read
        from the folder if it still holds this version; None otherwise."""
        found = self.query("SELECT packed, digest FROM files WHERE name = ? AND version = ?",
                           (name, version))
        if not found:
            return None
        packed, digest = found[0]
        if packed is not None:
            return codec.decompress(packed)
        try:
            raw = (self.reports_dir / name).read_bytes()
        except OSError:
            return None
        return raw if hashlib.sha256(raw).hexdigest() == digest else None

    def tidy(self) -> None:
        """After much writing: give freed pages back and empty the write-ahead log."""
        with self.connection() as db:
            db.execute("PRAGMA incremental_vacuum")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def problems(self) -> list[Problem]:
        """Every file's current problems: mistakes, warnings, addresses used twice."""
        found: list[Problem] = []
        for name, state, error, problems, slug, listed in self.query(
                "SELECT name, state, error, problems, slug, listed FROM files "
                "WHERE error IS NOT NULL OR problems IS NOT NULL OR (listed = 0 AND state IN "
                "(0, 1, 2)) ORDER BY name"):
            path = self.reports_dir / str(name)
            if error is not None:
                line, message, hint = json.loads(str(error))
                found.append(Problem(path, line, message + (
                    " (its last good version stays online)" if state == BROKEN else ""), hint))
            if problems is not None and state != FAILED:
                found.extend(Problem(path, *problem) for problem in json.loads(str(problems)))
            if state in SHOWN and not listed:
                first = self.query("SELECT name FROM files WHERE slug = ? AND listed = 1", (slug,))
                if first:
                    found.append(duplicate(path, str(slug), str(first[0][0])))
        return found


def duplicate(path: Path, slug: str, first: str) -> Problem:
    return Problem(path, 1, f"the address “{slug}” is already used by {Path(first).name}",
                   "rename one of the files or give it a different slug")
