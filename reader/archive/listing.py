"""Listing pages at any scale: reports grouped by publishing body and year,
and pagination with page links.

Home, category pages and the site map stay small however many reports there
are: they show counts and one page of a list, and link on. Every report is at
most three links from the home page: home → a page of publishing bodies →
the body's page → the report.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader import urls
from reader.content.collection import Collection
from reader.content.reports import Category, Report

BODIES_PER_PAGE = 50
SECTIONS_PER_PAGE = 50
REPORTS_PER_PAGE = 20
WINDOW = 3  # page links either side of the current page when there are many
ALL_PAGES = 50  # up to this many pages every page is linked: any page is one click away


@dataclass
class Pagination:
    page: int  # 1-based, already clamped to 1…pages
    pages: int
    total: int
    per_page: int

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page

    def window(self) -> list[int | None]:
        """Page numbers to link, None for a gap: all of them when there are
        few, else the first, the last and a window around the current page."""
        if self.pages <= ALL_PAGES:
            return list(range(1, self.pages + 1))
        shown = sorted({1, self.pages, *range(max(1, self.page - WINDOW),
                                              min(self.pages, self.page + WINDOW) + 1)})
        out: list[int | None] = []
        for number in shown:
            if out and isinstance(out[-1], int) and number > out[-1] + 1:
                out.append(None)
            out.append(number)
        return out


def page_number(value: str | None) -> int:
    """A ?page= value; anything odd is page 1 (never an error)."""
    if value is None or not value.isdigit() or len(value) > 6:
        return 1
    return max(1, int(value))


def paginate(total: int, page: int, per_page: int) -> Pagination:
    pages = max(1, -(-total // per_page))
    return Pagination(min(max(1, page), pages), pages, total, per_page)


@dataclass
class PublishingBody:
    """A publishing body (发布机构) and its reports, newest year first."""

    name: str
    reports: Sequence[Report] = field(default_factory=list)  # newest year first
    known_years: list[int] | None = None  # as the catalog counted them

    @property
    def url(self) -> str:
        return urls.body(self.name)

    @property
    def years(self) -> list[int]:
        if self.known_years is not None:
            return self.known_years
        return sorted({r.year for r in self.reports}, reverse=True)


@dataclass
class Archive:
    """What listing pages need, computed once per loaded library."""

    bodies: list[PublishingBody]  # by name
    by_name: dict[str, PublishingBody]
    years: list[tuple[int, int]]  # (year, number of reports), newest first
    counts: dict[tuple[str, ...], int]  # category path → reports in its subtree
    latest: dict[tuple[str, ...], list[Report]]  # category path → its newest reports


_lock = threading.Lock()
_last: tuple[Collection, Archive] | None = None


def archive(library: Collection) -> Archive:
    """The listings of a loaded collection: worked out by the catalog's
    shelf itself (counted on disk), else from the reports in memory."""
    own: Archive | None = getattr(library, "listing", None)
    if own is not None:
        return own
    global _last
    with _lock:
        if _last is not None and _last[0] is library:
            return _last[1]
        built = _build(library)
        _last = (library, built)
        return built


def _build(library: Collection) -> Archive:
    by_name: dict[str, PublishingBody] = {}
    years: dict[int, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    latest: dict[tuple[str, ...], list[Report]] = {}
    reports: dict[str, list[Report]] = {}
    for report in library.reports:  # newest first
        reports.setdefault(report.organisation, []).append(report)
        years[report.year] = years.get(report.year, 0) + 1
        for depth in range(len(report.category) + 1):
            path = report.category[:depth]
            counts[path] = counts.get(path, 0) + 1
            newest = latest.setdefault(path, [])
            if len(newest) < 10:
                newest.append(report)
    for name, found in reports.items():
        found.sort(key=lambda r: (r.year, r.published.timestamp()), reverse=True)
        by_name[name] = PublishingBody(name, found)
    bodies = sorted(by_name.values(), key=lambda b: b.name)
    return Archive(bodies, by_name, sorted(years.items(), reverse=True), counts, latest)


def children_page(category: Category, page: int) -> tuple[list[Category], Pagination]:
    children = list(category.children.values())
    pagination = paginate(len(children), page, SECTIONS_PER_PAGE)
    return children[pagination.start:pagination.start + SECTIONS_PER_PAGE], pagination


def reports_page(reports: Sequence[Report], page: int,
                 per_page: int = REPORTS_PER_PAGE) -> tuple[list[Report], Pagination]:
    pagination = paginate(len(reports), page, per_page)
    return list(reports[pagination.start:pagination.start + per_page]), pagination


def bodies_page(found: Archive, page: int,
                per_page: int = BODIES_PER_PAGE) -> tuple[list[PublishingBody], Pagination]:
    pagination = paginate(len(found.bodies), page, per_page)
    return found.bodies[pagination.start:pagination.start + per_page], pagination
