"""Full-text search over the reports: SQLite FTS5 (Python's own sqlite3).

The index lives in the cache folder, one file per content folder, and is
brought up to date by a background thread whenever the content is (re)loaded:
only reports whose version changed are indexed again, and requests never wait
for it. Each report is indexed by title, body text, 索引号, publishing body,
year and the body's name in pinyin (full syllables and initials).

Queries: the `trigram` tokenizer finds any substring of three or more
characters (Chinese needs no word segmentation); shorter terms (two-character
names) are matched with LIKE on the short fields. A term in traditional
script (Taiwan or Hong Kong forms) is also looked for in simplified script,
which is what the index holds; a Latin term is also read as pinyin with its
tones and spaces taken out.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.content.document import Heading, Paragraph, iter_blocks, plain_text
from reader.content.reports import Library, Report
from reader.language.convert import opencc_for
from reader.lru import LRU

log = logging.getLogger("reader")

MAX_QUERY = 100  # characters
MAX_TERMS = 8
RECENT = 64  # queries whose matches are kept in memory
SCHEMA = 1
_PINYIN = re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff' 1-5]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHORT_FIELDS = ("title", "org", "idx", "year", "names")


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
    years: list[tuple[int, int]]  # facet: (year, matches), newest first
    bodies: list[tuple[str, int]]  # facet: (body, matches), most first
    terms: list[str]  # what to mark in titles and snippets


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the reader."""


def without_controls(text: str) -> str:
    """Control characters as spaces: they mean nothing in a query, and are not
    allowed in the HTML that shows it back."""
    return _CONTROL.sub(" ", text)


def normalise(query: str) -> str:
    query = unicodedata.normalize("NFKC", without_controls(query))
    return " ".join(query.split())


def pinyin_form(term: str) -> str | None:
    """'Zhāng Miányì', 'zhang1mian2yi4', "xi'an" → 'zhangmianyi' …; None if not pinyin."""
    if not _PINYIN.fullmatch(term) or not re.search(r"[a-zA-Z]", term):
        return None
    # ü (ǖ ǘ ǚ ǜ) is written v, as pypinyin does
    bare = re.sub("[üǖǘǚǜ]", "v", term.lower())
    bare = "".join(ch for ch in unicodedata.normalize("NFD", bare)
                   if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z]", "", bare) or None


def alternatives(term: str) -> list[str]:
    """The forms a term may take in the index (simplified script, pinyin)."""
    found = [term.lower()]
    if _HAN.search(term):
        for config in ("t2s", "tw2s", "hk2s"):
            found.append(opencc_for(config).convert(term))
    spelled = pinyin_form(term)
    if spelled:
        found.append(spelled)
    return list(dict.fromkeys(found))


def terms_of(query: str) -> list[list[str]]:
    """Each whitespace-separated term with its alternatives; a query that is
    all pinyin is also tried as one word ('zhang mian yi')."""
    words = query.split()
    joined = pinyin_form(query) if len(words) > 1 else None
    if joined and all(pinyin_form(w) for w in words):
        return [alternatives(joined)]
    return [alternatives(word) for word in words[:MAX_TERMS]]


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def body_text(report: Report) -> str:
    parts = [plain_text(block.children) for block in iter_blocks(report.blocks)
             if isinstance(block, (Heading, Paragraph))]
    text = "\n".join(parts)
    if report.script == "zh-Hant":
        text = opencc_for("t2s").convert(text)
    return text


def names_of(organisation: str) -> str:
    """The body's name in pinyin: full syllables and initials, no tones."""
    from pypinyin import Style, lazy_pinyin  # costs ~0.25 s: only when indexing

    syllables = [s for s in lazy_pinyin(organisation, style=Style.NORMAL) if s.isalpha()]
    return "".join(syllables).lower() + " " + "".join(s[0] for s in syllables).lower()


class SearchIndex:
    def __init__(self, folder: Path, content_dir: Path) -> None:
        name = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:16]
        self.path = folder / f"search-{SCHEMA}-{name}.sqlite"
        self.folder = folder
        self._local = threading.local()
        self._wanted: Library | None = None
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self.ready = threading.Event()  # set once the index matches a loaded library
        self.version = 0  # counts finished updates
        self._stopped = False
        self._recent: LRU[tuple[object, ...], list[Any]] = LRU(RECENT)

    # --- the database ----------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA cache_size=-4000")
            db.executescript("""
                CREATE TABLE IF NOT EXISTS docs (
                    id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, version TEXT NOT NULL,
                    title TEXT, org TEXT, idx TEXT, year TEXT, published REAL, names TEXT,
                    body TEXT);
                CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
                    title, org, idx, year, names, body,
                    content='docs', content_rowid='id', tokenize='trigram');
            """)
            self._local.db = db
        return db

    # --- keeping the index current -------------------------------------------

    def update(self, library: Library) -> None:
        """Bring the index up to date with `library` in the background."""
        with self._wake:
            self._wanted = library
            self._wake.notify()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-index",
                                                daemon=True)
                self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._wanted is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                library, self._wanted = self._wanted, None
            assert library is not None
            # several server processes share the index: one may add a report
            # another is adding too; the next pass finds it there
            for attempt in range(3):
                try:
                    self.sync(library)
                    break
                except (sqlite3.Error, OSError):
                    if attempt == 2:
                        log.exception("the search index could not be updated")
                    time.sleep(0.5)

    def sync(self, library: Library) -> None:
        """Index what changed, drop what is gone (in batches, so searches go on)."""
        db = self._db()
        indexed = {slug: (rowid, version) for rowid, slug, version
                   in db.execute("SELECT id, slug, version FROM docs")}
        wanted = {r.slug: r for r in library.reports}
        stale = [rowid for slug, (rowid, version) in indexed.items()
                 if slug not in wanted or wanted[slug].version != version]
        fresh = [r for r in library.reports
                 if r.slug not in indexed or indexed[r.slug][1] != r.version]
        for start in range(0, len(stale), 500):
            with db:
                db.execute("BEGIN IMMEDIATE")
                for rowid in stale[start:start + 500]:
                    db.execute("INSERT INTO fts(fts, rowid, title, org, idx, year, names, body) "
                               "SELECT 'delete', id, title, org, idx, year, names, body "
                               "FROM docs WHERE id = ?", (rowid,))
                    db.execute("DELETE FROM docs WHERE id = ?", (rowid,))
        names: dict[str, str] = {}
        for start in range(0, len(fresh), 200):
            if self._wanted is not None:  # a newer library came: index that one
                return
            rows = []
            for report in fresh[start:start + 200]:
                title, organisation = report.title, report.organisation
                if report.script == "zh-Hant":  # the index holds simplified script
                    title, organisation = (opencc_for("t2s").convert(title),
                                           opencc_for("t2s").convert(organisation))
                if organisation not in names:
                    names[organisation] = names_of(organisation)
                rows.append((report.slug, report.version, title, organisation,
                             report.index_number, str(report.year),
                             report.published.timestamp(), names[organisation],
                             body_text(report)))
            with db:
                db.execute("BEGIN IMMEDIATE")
                for row in rows:
                    cursor = db.execute(
                        "INSERT INTO docs (slug, version, title, org, idx, year, published, "
                        "names, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                    db.execute("INSERT INTO fts(rowid, title, org, idx, year, names, body) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (cursor.lastrowid, *row[2:6], row[7], row[8]))
        for config in ("t2s", "tw2s", "hk2s"):  # ready before the first query needs them
            opencc_for(config)
        if stale or fresh:
            log.info("search index: %d reports added or changed, %d removed",
                     len(fresh), len(stale))
        self.version += 1
        self.ready.set()

    # --- searching ------------------------------------------------------------

    def search(self, query: str, body: str = "", year: int | None = None, offset: int = 0,
               limit: int = 20) -> Results:
        """Reports matching every term of `query` (or, with no query, every
        report of the body and/or year), best first."""
        query = normalise(query)
        if len(query) > MAX_QUERY:
            raise QueryError(f"搜索词太长：最多{MAX_QUERY}个字。")
        terms = terms_of(query) if query else []
        conditions: list[str] = []
        params: list[object] = []
        marks: list[str] = []
        for alts in terms:
            either: list[str] = []
            for alt in alts:
                marks.append(alt)
                if len(alt) >= 3:
                    either.append("id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
                    params.append(_phrase(alt))
                else:
                    either.append("(" + " OR ".join(f"{f} LIKE ? ESCAPE '\\'"
                                                    for f in _SHORT_FIELDS) + ")")
                    params.extend([_like(alt)] * len(_SHORT_FIELDS))
            conditions.append("(" + " OR ".join(either) + ")")
        if not conditions and not body and year is None:
            return Results(0, [], [], [], [])
        score = " + ".join("(title LIKE ? ESCAPE '\\') * 4 + (org LIKE ? ESCAPE '\\') * 2"
                           for _ in marks) or "0"
        score_params = [p for alt in marks for p in (_like(alt), _like(alt))]
        sql = (f"SELECT id, org, CAST(year AS INTEGER), {score} AS score FROM docs"
               + (" WHERE " + " AND ".join(conditions) if conditions else "")
               + " ORDER BY score DESC, published DESC")
        db = self._db()
        # the next page or a filter asks the same query again: keep its matches
        key = (self.version, sql, tuple(score_params + params))
        matches = self._recent.get(key)
        if matches is None:
            matches = db.execute(sql, score_params + params).fetchall()
            self._recent.put(key, matches)
        years: dict[int, int] = {}
        bodies: dict[str, int] = {}
        for _, org, match_year, _ in matches:
            years[match_year] = years.get(match_year, 0) + 1
            bodies[org] = bodies.get(org, 0) + 1
        kept = [m[0] for m in matches if (not body or m[1] == body)
                and (year is None or m[2] == year)]
        page = kept[offset:offset + limit]
        hits: list[Hit] = []
        if page:
            rows = {row[0]: row for row in db.execute(
                "SELECT id, slug, title, org, CAST(year AS INTEGER), idx, body FROM docs "
                f"WHERE id IN ({','.join('?' * len(page))})", page)}
            hits = [Hit(*rows[i][1:]) for i in page if i in rows]
        return Results(len(kept), hits, sorted(years.items(), reverse=True),
                       sorted(bodies.items(), key=lambda item: (-item[1], item[0]))[:10],
                       [m for m in marks if m and not pinyin_form(m)] or marks)
