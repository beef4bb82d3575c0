"""The catalog as the pages see it: a content.Collection whose reports are
read from disk when a page asks for them, so that the server holds only what
its listings need (sections, publishing bodies and years with their counts),
never every report.

A ``Shelf`` is one edition of the catalog (its ``generation``): the server
makes a new one whenever the catalog changes. Sequences of reports
(``Reports``) know their length and fetch only the slice a page shows.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, overload

from reader.archive import listing, reading
from reader.archive.catalog import Catalog
from reader.content import reports as content
from reader.content.problems import ContentError, Problem
from reader.content.reports import Category, Report
from reader.content.site import Site

NEWEST = "published DESC, slug DESC"
BY_YEAR = "year DESC, published DESC, slug DESC"
_SELECT = "SELECT " + ", ".join(("name", "state", *reading.COLUMNS)) + " FROM files"
BODIES_IN_MEMORY = 16


class Bodies:
    """Report bodies parsed from the catalog's copy of their files, the most
    recent few kept in memory (shared by every edition)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[str, str], content.Body] = OrderedDict()

    def get(self, name: str, version: str, site: Site) -> content.Body:
        key = (name, version)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        path = self.catalog.reports_dir / name
        raw = self.catalog.packed(name, version)
        if raw is None:  # changed or gone since the page was listed
            raise content.BodyUnavailable(f"{path}: not this version any more")
        try:
            report, _ = content.parse_report(path, raw, site)
        except ContentError as exc:  # listed from its metadata; its check will report it
            raise content.BodyUnavailable(f"{path}:{exc.line}: {exc.message}") from exc
        assert report.loaded is not None
        with self._lock:
            self._kept[key] = report.loaded
            while len(self._kept) > BODIES_IN_MEMORY:
                self._kept.popitem(last=False)
        return report.loaded


class Reports(Sequence[Report]):
    """The listed reports that match ``where``, in ``order``."""

    def __init__(self, shelf: Shelf, where: str = "", params: tuple[object, ...] = (),
                 order: str = NEWEST, count: int | None = None) -> None:
        self.shelf = shelf
        self.where = "listed = 1" + (f" AND {where}" if where else "")
        self.params = params
        self.order = order
        self._count = count

    def __len__(self) -> int:
        if self._count is None:
            found = self.shelf.catalog.query(f"SELECT count(*) FROM files WHERE {self.where}",
                                             self.params)
            self._count = int(found[0][0])
        return self._count

    def _rows(self, limit: int, offset: int) -> list[Report]:
        rows = self.shelf.catalog.query(
            f"{_SELECT} WHERE {self.where} ORDER BY {self.order} LIMIT ? OFFSET ?",
            (*self.params, limit, offset))
        return [self.shelf.report(row) for row in rows]

    @overload
    def __getitem__(self, index: int) -> Report: ...

    @overload
    def __getitem__(self, index: slice) -> list[Report]: ...

    def __getitem__(self, index: int | slice) -> Report | list[Report]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return self._rows(max(0, stop - start), start)[::step]
            return self._rows(max(0, stop - start), start) if stop > start else []
        if index < 0:
            index += len(self)
        found = self._rows(1, index) if index >= 0 else []
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[Report]:
        with self.shelf.catalog.connection() as db:
            cursor = db.execute(f"{_SELECT} WHERE {self.where} ORDER BY {self.order}", self.params)
            while batch := cursor.fetchmany(500):
                yield from (self.shelf.report(row) for row in batch)

    def __bool__(self) -> bool:
        return len(self) > 0


class _Slugs(Mapping[str, Report]):
    def __init__(self, shelf: Shelf) -> None:
        self.shelf = shelf

    def __getitem__(self, slug: str) -> Report:
        rows = self.shelf.catalog.query(f"{_SELECT} WHERE slug = ? AND listed = 1", (slug,))
        if not rows:
            raise KeyError(slug)
        return self.shelf.report(rows[0])

    def __iter__(self) -> Iterator[str]:
        return iter([str(row[0]) for row in self.shelf.catalog.query(
            "SELECT slug FROM files WHERE listed = 1 ORDER BY " + NEWEST)])

    def __len__(self) -> int:
        return len(self.shelf.reports)

    def __contains__(self, slug: object) -> bool:
        return isinstance(slug, str) and bool(self.shelf.catalog.query(
            "SELECT 1 FROM files WHERE slug = ? AND listed = 1", (slug,)))


class _Latest(dict[tuple[str, ...], list[Report]]):
    """A section's newest reports (its own and its sub-sections'), looked up
    when a page first asks."""

    def __init__(self, shelf: Shelf) -> None:
        super().__init__()
        self.shelf = shelf

    def __missing__(self, path: tuple[str, ...]) -> list[Report]:
        if not path:
            found = self.shelf.reports[:10]
        else:
            joined = reading.SEPARATOR.join(path)
            # a section and everything under it: its path, or its path and a separator before more
            found = Reports(self.shelf, "(category = ? OR (category > ? AND category < ?))",
                            (joined, joined + reading.SEPARATOR, joined + chr(ord(reading.SEPARATOR) + 1))
                            )[:10]
        self[path] = found
        return found


class Shelf:
    """One edition of the catalog, as a content.Collection."""

    def __init__(self, catalog: Catalog, site: Site, bodies: Bodies, generation: int = 0) -> None:
        self.catalog = catalog
        self.site = site
        self.bodies = bodies
        self.generation = generation
        self.root = catalog.content_dir
        self.reports = Reports(self)
        self.by_slug = _Slugs(self)
        self.pending = Reports(self, "state = ?", (reading.LISTED,))
        self.loading = catalog.listing()  # pages say that more reports are coming
        self._lock = threading.Lock()
        # the site settings', glossary's and pinyin dictionary's problems, which
        # the server reads itself (the catalog holds the report files' only)
        self.settings_problems: list[Problem] = []

    def report(self, row: tuple[Any, ...]) -> Report:
        (name, state, slug, title, _, published, organisation, category, year, index_number,
         source, author, script, table_format, summary, version, carried) = row
        return Report(
            slug=str(slug), path=self.catalog.reports_dir / str(name), title=str(title),
            published=datetime.fromisoformat(str(published)), organisation=str(organisation),
            category=tuple(str(category).split(reading.SEPARATOR)), year=int(year),
            index_number=str(index_number), source=str(source), author=str(author),
            script=str(script), table_format=str(table_format), summary=str(summary),
            version=str(version), carried=reading.carried_of(carried),
            pending=state == reading.LISTED,
            fetch=functools.partial(self.bodies.get, str(name), str(version), self.site))

    # --- what listings need, worked out once per edition --------------------------------

    @functools.cached_property
    def categories(self) -> Category:
        root = Category(())
        counts: dict[tuple[str, ...], int] = {(): 0}
        # sections in the order of their newest report, as an in-memory load makes them
        for category, count in self.catalog.query(
                "SELECT category, count(*) FROM files WHERE listed = 1 GROUP BY category "
                "ORDER BY max(published) DESC"):
            path = tuple(str(category).split(reading.SEPARATOR))
            node = root
            counts[()] += int(count)
            for depth in range(1, len(path) + 1):
                part = path[depth - 1]
                child = node.children.get(part)
                if child is None:
                    child = node.children[part] = Category(path[:depth])
                counts[path[:depth]] = counts.get(path[:depth], 0) + int(count)
                node = child
            node.reports = Reports(self, "category = ?", (str(category),), count=int(count))
        self._counts = counts
        return root

    def category(self, path: tuple[str, ...]) -> Category | None:
        node = self.categories
        for part in path:
            child = node.children.get(part)
            if child is None:
                return None
            node = child
        return node

    @functools.cached_property
    def listing(self) -> listing.Archive:
        """What listing pages show (listing.archive asks for it)."""
        bodies = []
        for name, count, years in self.catalog.query(
                "SELECT organisation, count(*), group_concat(DISTINCT year) FROM files "
                "WHERE listed = 1 GROUP BY organisation ORDER BY organisation"):
            bodies.append(listing.PublishingBody(str(name), Reports(self, "organisation = ?", (name,),
                                                          order=BY_YEAR, count=int(count)),
                                       sorted({int(y) for y in str(years).split(",")}, reverse=True)))
        years = [(int(year), int(count)) for year, count in self.catalog.query(
            "SELECT year, count(*) FROM files WHERE listed = 1 GROUP BY year ORDER BY year DESC")]
        self.categories  # noqa: B018 - counts come with the tree
        return listing.Archive(bodies, {body.name: body for body in bodies}, years, self._counts,
                               _Latest(self))

    def year(self, year: int) -> Reports:
        """One year's reports, by publishing body (the year's open data)."""
        return Reports(self, "year = ?", (year,), order="organisation, slug")

    @functools.cached_property
    def problems(self) -> list[Problem]:
        return [*self.settings_problems, *self.catalog.problems()]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

