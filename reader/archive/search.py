"""Full-text search over the reports: SQLite FTS5 (Python's own sqlite3).

The index is one file per content folder and per the code that shapes it
(this module and everything it imports, by fingerprint.py: a change to how
text is read or indexed builds a new index; a change to pages keeps it). It
is built from the catalog by the server's background work (``work``) while
requests go on, newest reports first; requests never wait for it, and until
it has caught up the search page says so.

Each report is indexed by title, publishing body, 索引号, year, the body's
name in pinyin (full syllables and initials) and its text, all as pairs of
characters (searchtext.py), in a contentless FTS5 table: the index holds no
second copy of the text. Each report's row id grows with its publication
time, so "newest first" is the index's own order: a query reads its first
matches and stops. Results come in two tiers, matches in the title or body's
name first; each tier is read up to ``CAP`` matches, so a phrase every report
contains costs no more than a rare one, and its count is then estimated from
how far back in time those matches reach ("约").
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sqlite3
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import fingerprint
from reader.archive import searchtext
from reader.archive.catalog import Catalog
from reader.archive.searchtext import names_of as names_of
from reader.archive.searchtext import normalise, pairs, phrase, terms_of
from reader.archive.searchtext import pinyin_form as pinyin_form
from reader.archive.searchtext import without_controls as without_controls
from reader.language.convert import opencc_for

log = logging.getLogger("reader")

MAX_QUERY = 100  # characters
CAP = 1000  # matches read per tier; more are counted approximately
RECENT = 64  # queries whose matches are kept in memory
SCHEMA = 3
SLOTS = 4096  # row ids per second of publication time
BATCH = 100
TIDY_AFTER = 500  # reports added before the index is merged
_COLUMNS = ("title", "org", "idx", "year", "names", "body")
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, version TEXT NOT NULL, title TEXT,
    org TEXT, idx TEXT, year INTEGER, text BLOB);
CREATE INDEX IF NOT EXISTS docs_org ON docs (org, year);
CREATE INDEX IF NOT EXISTS docs_year ON docs (year);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, org, idx, year, names, body, content='', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS heads USING fts5(
    title, org, year, content='', tokenize='unicode61');
"""


SHAPERS = ("reader.archive.search",)  # and everything it imports


@functools.cache
def code_version() -> str:
    """What shapes the index: how text is read, paired and stored."""
    return fingerprint.fingerprint(SHAPERS)[:16]


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the reader."""


@dataclass
class Hit:
    slug: str
    title: str
    organisation: str
    year: int
    index_number: str
    text: str  # the indexed body text (for the snippet)


@dataclass
class Results:
    total: int
    hits: list[Hit]
    years: list[tuple[int, int]]  # facet: (year, matches), newest first (0 matches: not counted)
    bodies: list[tuple[str, int]]  # facet: (body, matches), most first
    terms: list[str]  # what to mark in titles and snippets
    approximate: bool = False  # ``total`` is an estimate; only the first CAP can be shown
    shown: int = 0  # how many of them can be paged through


@dataclass
class _Plan:
    stale: list[int] = field(default_factory=list)  # row ids
    fresh: list[str] = field(default_factory=list)  # catalog names, newest first
    generation: int = -1  # of the catalog when planned
    added: int = 0  # reports added since the index was last merged


class SearchIndex:
    def __init__(self, catalog: Catalog, folder: Path | None = None) -> None:
        self.catalog = catalog
        self.folder = folder or catalog.folder.parent / "search"
        name = hashlib.sha256(str(catalog.content_dir.absolute()).encode()).hexdigest()[:16]
        self.path = self.folder / f"search-{SCHEMA}-{code_version()}-{name}.sqlite"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._recent: OrderedDict[tuple[object, ...], tuple[list[int], list[int]]] = OrderedDict()
        self._plan: _Plan | None = None
        self.ready = threading.Event()  # set once the index has caught up with the catalog
        self.version = 0  # counts the times it caught up
        self.folder.mkdir(parents=True, exist_ok=True)
        self._db().executescript(_TABLES)
        for old in self.folder.glob(f"search-*-{name}.sqlite*"):  # made by other code
            if not old.name.startswith(self.path.name):
                old.unlink(missing_ok=True)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # (a new file) pages freed can be given back
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA journal_size_limit=8388608")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA cache_size=-4000")
            self._local.db = db
        return db

    def behind(self) -> int:
        """Reports still to index as last counted (-1: never counted yet)."""
        found = self._db().execute("SELECT value FROM meta WHERE key = 'behind'").fetchone()
        return -1 if found is None else int(found[0])

    def _set_behind(self, count: int) -> None:
        self._db().execute("INSERT OR REPLACE INTO meta VALUES ('behind', ?)", (count,))

    # --- keeping the index current (one process's background work) --------------------

    def work(self, seconds: float = 2.0) -> bool:
        """Index for about ``seconds``; True while there is more to do."""
        deadline = time.monotonic() + seconds
        generation = self.catalog.generation()
        if self._plan is None or (not self._plan.stale and not self._plan.fresh
                                  and self._plan.generation != generation):
            self._plan = self._make_plan(generation)
        plan = self._plan
        db = self._db()
        while plan.stale and time.monotonic() < deadline:
            gone, plan.stale = plan.stale[:BATCH], plan.stale[BATCH:]
            with db:
                db.execute("BEGIN IMMEDIATE")
                for row_id in gone:
                    self._delete(db, row_id)
        while plan.fresh and time.monotonic() < deadline:
            batch, plan.fresh = plan.fresh[:BATCH], plan.fresh[BATCH:]
            self._add(db, batch)
            plan.added += len(batch)
        left = len(plan.stale) + len(plan.fresh)
        self._set_behind(left)
        if not left and plan.added >= TIDY_AFTER:
            self._tidy(db, plan)
        if not left and plan.generation == generation:
            if not self.ready.is_set() or self._recent:
                with self._lock:
                    self._recent.clear()
            self.version += 1
            self.ready.set()
            return False
        return True

    @staticmethod
    def _tidy(db: sqlite3.Connection, plan: _Plan) -> None:
        """After many reports were added: merge the index into one segment
        (smaller and faster to read) and give the freed pages back."""
        started = time.monotonic()
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.execute("INSERT INTO heads (heads) VALUES ('optimize')")
        db.execute("PRAGMA incremental_vacuum")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info("search index merged after %d reports were added (%.1f s)", plan.added,
                 time.monotonic() - started)
        plan.added = 0

    def _make_plan(self, generation: int) -> _Plan:
        db = self._db()
        indexed = {str(slug): (int(row_id), str(version)) for row_id, slug, version
                   in db.execute("SELECT id, slug, version FROM docs")}
        wanted = {str(slug): (str(name), str(version)) for slug, name, version in self.catalog.query(
            "SELECT slug, name, version FROM files WHERE listed = 1 ORDER BY published DESC")}
        plan = _Plan(generation=generation, added=self._plan.added if self._plan else 0)
        plan.stale = [row_id for slug, (row_id, version) in indexed.items()
                      if wanted.get(slug, ("", ""))[1] != version]
        plan.fresh = [name for slug, (name, version) in wanted.items()
                      if indexed.get(slug, (0, ""))[1] != version]
        if plan.stale or plan.fresh:
            log.info("search index: %d reports to add or change, %d to remove",
                     len(plan.fresh), len(plan.stale))
        return plan

    @staticmethod
    def _values(title: str, org: str, idx: str, year: int, text: str) -> tuple[str, ...]:
        return (pairs(title), pairs(org), pairs(idx), pairs(str(year)), pairs(names_of(org)),
                pairs(text))

    def _delete(self, db: sqlite3.Connection, row_id: int) -> None:
        found = db.execute("SELECT title, org, idx, year, text FROM docs WHERE id = ?",
                           (row_id,)).fetchone()
        if found is None:
            return
        title, org, idx, year, text = found
        values = self._values(title, org, idx, year, zlib.decompress(text).decode())
        db.execute(f"INSERT INTO fts (fts, rowid, {', '.join(_COLUMNS)}) VALUES "
                   "('delete', ?, ?, ?, ?, ?, ?, ?)", (row_id, *values))
        db.execute("INSERT INTO heads (heads, rowid, title, org, year) VALUES ('delete', ?, ?, ?, ?)",
                   (row_id, *values[:2], values[3]))
        db.execute("DELETE FROM docs WHERE id = ?", (row_id,))

    def _add(self, db: sqlite3.Connection, names: list[str]) -> None:
        rows = self.catalog.query(
            "SELECT name, slug, version, title, organisation, index_number, year, published, script "
            f"FROM files WHERE listed = 1 AND name IN ({','.join('?' * len(names))})", names)
        with db:
            db.execute("BEGIN IMMEDIATE")
            for name, slug, version, title, org, idx, year, published, script in rows:
                raw = self.catalog.packed(name, version)
                if raw is None:  # changed since: indexed when the catalog has the new version
                    continue
                text = searchtext.text_of(raw)
                title, org = str(title), str(org)
                if script == "zh-Hant":  # the index holds simplified script
                    text, title, org = (opencc_for("t2s").convert(part) for part in (text, title, org))
                old = db.execute("SELECT id FROM docs WHERE slug = ?", (slug,)).fetchone()
                if old is not None:
                    self._delete(db, old[0])
                row_id = self._free_id(db, float(published))
                db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (row_id, slug, version, title, org, idx, year,
                            zlib.compress(text.encode(), 6)))
                values = self._values(title, org, str(idx), int(year), text)
                db.execute(f"INSERT INTO fts (rowid, {', '.join(_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (row_id, *values))
                db.execute("INSERT INTO heads (rowid, title, org, year) VALUES (?, ?, ?, ?)",
                           (row_id, *values[:2], values[3]))

    @staticmethod
    def _free_id(db: sqlite3.Connection, published: float) -> int:
        """A row id in the report's second of publication: ids grow with time."""
        base = (int(published) + 2**33) * SLOTS  # before 1970 too
        while True:
            top = db.execute("SELECT max(id) FROM docs WHERE id BETWEEN ? AND ?",
                             (base, base + SLOTS - 1)).fetchone()[0]
            if top is None:
                return base
            if top < base + SLOTS - 1:
                return int(top) + 1
            base -= SLOTS  # a full second: the one before (the order barely changes)

    # --- searching ------------------------------------------------------------------

    def search(self, query: str, body: str = "", year: int | None = None, offset: int = 0,
               limit: int = 20) -> Results:
        """Reports matching every term of ``query`` (or, with no query, every
        report of the body and/or year), best first."""
        query = normalise(query)
        if len(query) > MAX_QUERY:
            raise QueryError(f"搜索词太长：最多{MAX_QUERY}个字。")
        marks: list[str] = []
        parts: list[str] = []
        for alts in terms_of(query) if query else []:
            found = [p for p in (phrase(alt) for alt in alts) if p]
            if found:
                marks.extend(alts)
                parts.append("(" + " OR ".join(dict.fromkeys(found)) + ")")
        if not parts and not body and year is None:
            return Results(0, [], [], [], [])
        terms = [m for m in marks if m and not pinyin_form(m)] or marks
        key = (self.version, tuple(parts), body, year)
        with self._lock:
            cached = self._recent.get(key)
            if cached is not None:
                self._recent.move_to_end(key)
        first, rest = cached if cached is not None else self._matches(parts, body, year)
        if cached is None:
            with self._lock:
                self._recent[key] = (first, rest)
                while len(self._recent) > RECENT:
                    self._recent.popitem(last=False)
        approximate = len(first) > CAP or len(rest) > CAP
        ids = (first + rest)[:CAP]
        total = self._estimate(first) + self._estimate(rest) if approximate else len(ids)
        db = self._db()
        page = ids[offset:offset + limit]
        rows = {row[0]: row for row in self._docs(db, page, "id, slug, title, org, year, idx, text")}
        hits = [Hit(str(r[1]), r[2], r[3], int(r[4]), r[5], zlib.decompress(r[6]).decode())
                for r in (rows.get(i) for i in page) if r is not None]
        years: dict[int, int] = {}
        bodies: dict[str, int] = {}
        if approximate:  # the archive's years to narrow by, uncounted
            years = {int(y): 0 for (y,) in db.execute("SELECT DISTINCT year FROM docs")}
        else:
            for org, match_year in self._docs(db, ids, "org, year"):
                years[match_year] = years.get(match_year, 0) + 1
                bodies[org] = bodies.get(org, 0) + 1
        return Results(total, hits, sorted(years.items(), reverse=True),
                       sorted(bodies.items(), key=lambda item: (-item[1], item[0]))[:10], terms,
                       approximate, len(ids))

    def _matches(self, parts: list[str], body: str, year: int | None) -> tuple[list[int], list[int]]:
        """Row ids, newest first: those matching in the title or body's name,
        then the others; up to CAP + 1 of each."""
        db = self._db()
        if body:  # one body's reports are few: look at each
            ids = [row_id for (row_id,) in db.execute(
                "SELECT id FROM docs WHERE org = ?" + (" AND year = ?" if year else "")
                + " ORDER BY id DESC", (body, year) if year else (body,))]
            if not parts:
                return ids, []
            expression = " AND ".join(parts)
            first = [i for i in ids if self._match(db, "heads", f"{{title org}} : ({expression})", i)]
            return first, [i for i in ids if i not in first
                           and self._match(db, "fts", expression, i)]
        if not parts:
            return [row_id for (row_id,) in db.execute(
                "SELECT id FROM docs WHERE year = ? ORDER BY id DESC LIMIT ?", (year, CAP + 1))], []
        expression = " AND ".join(parts)
        if year is not None:
            expression = f'({expression}) AND year : "{pairs(str(year))}"'
        # the titles and bodies' names are a small index of their own: a phrase in
        # every report's text costs this tier nothing
        first = self._first(db, "heads", f"{{title org}} : ({' AND '.join(parts)})" + (
            f' AND year : "{pairs(str(year))}"' if year is not None else ""), CAP + 1)
        if len(first) > CAP:
            return first, []
        seen = set(first)
        rest = [i for i in self._first(db, "fts", expression, CAP + 1 + len(first)) if i not in seen]
        return first, rest

    @staticmethod
    def _first(db: sqlite3.Connection, table: str, expression: str, limit: int) -> list[int]:
        return [row_id for (row_id,) in db.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
            (expression, limit))]

    @staticmethod
    def _match(db: sqlite3.Connection, table: str, expression: str, row_id: int) -> bool:
        return db.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? AND rowid = ?",
                          (expression, row_id)).fetchone() is not None

    def _estimate(self, ids: list[int]) -> int:
        """How many match in all, from how far back in time the first CAP reach."""
        if len(ids) <= CAP:
            return len(ids)
        newer = self._db().execute("SELECT count(*) FROM docs WHERE id >= ?", (ids[CAP],)).fetchone()[0]
        every = self._db().execute("SELECT count(*) FROM docs").fetchone()[0]
        return max(CAP + 1, int(round((CAP + 1) * every / max(1, newer), -2)))

    @staticmethod
    def _docs(db: sqlite3.Connection, ids: list[int], columns: str) -> list[Any]:
        found: list[Any] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += db.execute(f"SELECT {columns} FROM docs WHERE id IN ({','.join('?' * len(chunk))})",
                                chunk).fetchall()
        return found
