"""Views for a large archive: search, the publishing bodies, and open data.

    /search?q=…&body=…&year=…&page=…   search results (and browsing by body/year)
    /bodies?page=…                     publishing bodies (发布机构), paginated
    /bodies/{name}                     one body: its reports by year, figures compared
    /reports/{slug}.csv, .json         a report's standard tables as data
    /data/{year}.csv                   every body's standard tables of one year

Every address also exists under each script prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from reader import urls
from reader.archive import listing, opendata
from reader.archive.search import MAX_QUERY, QueryError, Results, without_controls
from reader.content.reports import Report
from reader.language import i18n
from reader.language.variants import Variant
from reader.web.base_view import BaseView, page_view

PER_PAGE = 20
SNIPPET = 60  # characters either side of the first match

YEAR = re.compile(r"(19|20)\d\d")


def mark(text: str, terms: list[str]) -> Markup:
    """Text escaped, every occurrence of a term (any case) in <mark>."""
    wanted = sorted({t for t in terms if t}, key=len, reverse=True)
    if not wanted:
        return Markup(escape(text))
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(str(escape(text[last:found.start()])))
        out.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def snippet(text: str, terms: list[str]) -> Markup:
    lowered = text.lower()
    positions = [p for p in (lowered.find(t.lower()) for t in terms if t) if p >= 0]
    start = max(0, min(positions) - SNIPPET) if positions else 0
    end = min(len(text), start + 2 * SNIPPET + 20)
    piece = " ".join(text[start:end].split())
    return Markup(("…" if start > 0 else "") + mark(piece, terms) + ("…" if end < len(text) else ""))


class ArchiveViews(BaseView):
    def labels(self, variant: Variant) -> Callable[[str], str]:
        """The open data's labels in a script, each converted once."""
        converter = self.state.converter
        seen: dict[str, str] = {}

        def convert(text: str) -> str:
            if text not in seen:
                seen[text] = converter.convert_text(text, variant)
            return seen[text]
        return convert

    @page_view
    async def search(self, request: Request) -> Response:
        page = self.page(request)
        index = self.state.search
        params = request.query_params
        query = without_controls(params.get("q", "")[:MAX_QUERY * 4])
        body = without_controls(params.get("body", "")[:200])
        year_text = params.get("year", "")
        year = int(year_text) if YEAR.fullmatch(year_text) else None
        number = listing.page_number(params.get("page"))
        problem = ""
        results = Results(0, [], [], [], [])
        try:
            results = await run_in_threadpool(index.search, query, body, year,
                                              (number - 1) * PER_PAGE, PER_PAGE)
        except QueryError:  # the only one: too long; said in the reader's words
            problem = i18n.translations(page.variant.code).gettext(
                "搜索词太长：最多%(n)s个字。") % {"n": MAX_QUERY}
        # past the first search.CAP matches a count is an estimate: those are what pages show
        pagination = listing.paginate(results.shown if results.approximate else results.total,
                                      number, PER_PAGE)

        def search_href(**changes: Any) -> str:
            values = {"q": query.strip(), "body": body, "year": year_text if year else ""}
            values.update({k: str(v) for k, v in changes.items()})
            if values.get("page") == "1":
                del values["page"]
            return urls.in_variant(page.variant.prefix, urls.with_query("/search", values))

        shown = [(hit, mark(hit.title, results.terms), snippet(hit.text, results.terms))
                 for hit in results.hits]
        _ = i18n.translations(page.variant.code).gettext
        text = self.render(
            page, "search.html", query=query.strip(),
            # the count in <title> and <h1>: what a screen reader reads first on the new page
            title=(_("搜索结果：约%(n)s篇") if results.approximate else _("搜索结果：%(n)s篇"))
            % {"n": results.total}
            if (query.strip() or body or year)
            and not problem else _("搜索"),
            body=body, year=year, results=results, shown=shown, problem=problem,
            pagination=pagination, page_href=lambda n: search_href(page=n),
            search_href=search_href, indexing=index.behind() != 0,
            crumbs=[(_("首页"), "/"), (_("搜索"), None)], canonical="/search")
        return Response(text, media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache", "Vary": "Cookie, Accept-Language"})

    @page_view
    async def bodies(self, request: Request) -> Response:
        page = self.page(request)
        state = self.state
        number = listing.page_number(request.query_params.get("page"))
        return self.html(request, page, f"bodies {number}",
                         lambda: state.pages.bodies(page, state.converter, number))

    @page_view
    async def body(self, request: Request) -> Response:
        page = self.page(request)
        found = listing.archive(page.library).by_name.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404)

        def render() -> str:
            _ = i18n.translations(page.variant.code).gettext
            return self.render(
                page, "body.html", title=found.name, found=found,
                comparison=opendata.comparison(found.reports),
                crumbs=[(_("首页"), "/"), (_("发布机构"), "/bodies"), (found.name, None)])
        return await run_in_threadpool(self.html, request, page, "body", render)

    def report_of(self, request: Request) -> tuple[Report, Variant]:
        page = self.page(request)
        found = page.library.by_slug.get(request.path_params["slug"])
        if found is None:
            raise HTTPException(404)
        return found, page.variant

    async def report_csv(self, request: Request) -> Response:
        report, variant = self.report_of(request)
        text = await run_in_threadpool(opendata.report_csv, report, self.labels(variant))
        return Response(text, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{report.slug}.csv"'})

    async def report_json(self, request: Request) -> Response:
        report, variant = self.report_of(request)
        url = urls.in_variant(variant.prefix, urls.report(report.slug))
        text = await run_in_threadpool(opendata.report_json, report, self.labels(variant), url)
        return Response(text, media_type="application/json; charset=utf-8")

    async def year_csv(self, request: Request) -> Response:
        page = self.page(request)
        year_text = request.path_params["year"]
        if not YEAR.fullmatch(year_text):
            raise HTTPException(404)
        of_year = getattr(page.library, "year", None)  # the catalog's, by body (shelf.py)
        reports: Sequence[Report] = of_year(int(year_text)) if of_year is not None else sorted(
            (r for r in page.library.reports if r.year == int(year_text)),
            key=lambda r: (r.organisation, r.slug))
        if not reports:
            raise HTTPException(404)
        prefix = page.variant.prefix
        base = page.library.site.base_url.rstrip("/")
        rows = opendata.year_csv(reports, self.labels(page.variant),
                                 lambda r: base + urls.in_variant(prefix, urls.report(r.slug)))
        return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{year_text}.csv"'})

    def routes(self) -> list[Route]:
        return [
            Route("/search", self.search),
            Route("/bodies", self.bodies),
            Route("/bodies/{name}", self.body),
            Route("/reports/{slug}.csv", self.report_csv),
            Route("/reports/{slug}.json", self.report_json),
            Route("/data/{year}.csv", self.year_csv),
        ]
