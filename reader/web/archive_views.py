"""Views for a large archive: search, the publishing bodies, and open data.

    /search?q=…&body=…&year=…&page=…   search results (and browsing by body/year)
    /bodies?page=…                     publishing bodies (发布机构), paginated
    /bodies/{name}                     one body: its reports by year, figures compared
    /reports/{slug}.csv, .json         a report's standard tables as data
    /data/{year}.csv                   every body's standard tables of one year

Every address also exists under each script prefix. The app passes in its
page helpers (see `routes`), so this module does not import the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from reader.archive import listing, opendata
from reader.archive.search import MAX_QUERY, QueryError, Results, SearchIndex, without_controls
from reader.content.reports import Report
from reader.language import i18n
from reader.language.variants import Variant
from reader.web.pages import PageContext, Pages

PER_PAGE = 20
SNIPPET = 60  # characters either side of the first match

PageOf = Callable[[Request], PageContext]
HtmlOf = Callable[..., Response]
RedirectOf = Callable[[Request], Response | None]


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


def _labels(request: Request, variant: Variant) -> Callable[[str], str]:
    converter = request.app.state.reader.converter
    seen: dict[str, str] = {}

    def convert(text: str) -> str:
        if text not in seen:
            seen[text] = converter.convert_text(text, variant)
        return seen[text]
    return convert


def routes(page_of: PageOf, html: HtmlOf, redirect: RedirectOf) -> list[Route]:
    """The routes of this module, given the app's helpers: the page context of
    a request, the cached HTML response, and the preferred-script redirect."""

    async def search(request: Request) -> Response:
        if (moved := redirect(request)) is not None:
            return moved
        page = page_of(request)
        reader = request.app.state.reader
        index: SearchIndex = reader.search
        params = request.query_params
        query = without_controls(params.get("q", "")[:MAX_QUERY * 4])
        body = without_controls(params.get("body", "")[:200])
        year_text = params.get("year", "")
        year = int(year_text) if re.fullmatch(r"(19|20)\d\d", year_text) else None
        number = listing.page_number(params.get("page"))
        problem = ""
        results = Results(0, [], [], [], [])
        try:
            results = await run_in_threadpool(index.search, query, body, year,
                                              (number - 1) * PER_PAGE, PER_PAGE)
        except QueryError as exc:
            problem = str(exc)
        # past the first search.CAP matches a count is an estimate: those are what pages show
        pagination = listing.paginate(results.shown if results.approximate else results.total,
                                      number, PER_PAGE)

        def search_href(**changes: Any) -> str:
            values = {"q": query.strip(), "body": body, "year": year_text if year else ""}
            values.update({k: str(v) for k, v in changes.items()})
            kept = {k: v for k, v in values.items() if v and not (k == "page" and v == "1")}
            return page.variant.prefix + "/search" + ("?" + urlencode(kept) if kept else "")

        shown = [(hit, mark(hit.title, results.terms), snippet(hit.text, results.terms))
                 for hit in results.hits]
        _ = i18n.translations(page.variant.code).gettext
        text = reader.pages.render(
            "search.html", page, reader.converter, query=query.strip(),
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

    async def bodies(request: Request) -> Response:
        if (moved := redirect(request)) is not None:
            return moved
        page = page_of(request)
        reader = request.app.state.reader
        number = listing.page_number(request.query_params.get("page"))
        return html(request, page, f"bodies {number}",
                    lambda: reader.pages.bodies(page, reader.converter, number))

    async def body(request: Request) -> Response:
        if (moved := redirect(request)) is not None:
            return moved
        page = page_of(request)
        reader = request.app.state.reader
        found = listing.archive(page.library).by_name.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404)

        def render() -> str:
            pages: Pages = reader.pages
            _ = i18n.translations(page.variant.code).gettext
            return pages.render(
                "body.html", page, reader.converter, title=found.name, found=found,
                comparison=opendata.comparison(found.reports),
                crumbs=[(_("首页"), "/"), (_("发布机构"), "/bodies"), (found.name, None)])
        return await run_in_threadpool(html, request, page, "body", render)

    def report_of(request: Request) -> tuple[Report, Variant]:
        page = page_of(request)
        found = page.library.by_slug.get(request.path_params["slug"])
        if found is None:
            raise HTTPException(404)
        return found, page.variant

    async def report_csv(request: Request) -> Response:
        report, variant = report_of(request)
        text = await run_in_threadpool(opendata.report_csv, report, _labels(request, variant))
        return Response(text, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{report.slug}.csv"'})

    async def report_json(request: Request) -> Response:
        report, variant = report_of(request)
        url = variant.prefix + f"/reports/{report.slug}"
        text = await run_in_threadpool(opendata.report_json, report,
                                       _labels(request, variant), url)
        return Response(text, media_type="application/json; charset=utf-8")

    async def year_csv(request: Request) -> Response:
        page = page_of(request)
        year_text = request.path_params["year"]
        if not re.fullmatch(r"(19|20)\d\d", year_text):
            raise HTTPException(404)
        of_year = getattr(page.library, "year", None)  # the catalog's, by body (shelf.py)
        reports: Sequence[Report] = of_year(int(year_text)) if of_year is not None else sorted(
            (r for r in page.library.reports if r.year == int(year_text)),
            key=lambda r: (r.organisation, r.slug))
        if not reports:
            raise HTTPException(404)
        prefix = page.variant.prefix
        base = page.library.site.base_url.rstrip("/")
        rows = opendata.year_csv(reports, _labels(request, page.variant),
                                 lambda r: f"{base}{prefix}/reports/{r.slug}")
        return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{year_text}.csv"'})

    return [
        Route("/search", search),
        Route("/bodies", bodies),
        Route("/bodies/{name}", body),
        Route("/reports/{slug}.csv", report_csv),
        Route("/reports/{slug}.json", report_json),
        Route("/data/{year}.csv", year_csv),
    ]
