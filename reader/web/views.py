"""The site's own pages: home, a report, a category, the interface's pages
(site map, accessibility statement, help), the script and preference choices,
and what crawlers read (sitemap.xml, robots.txt).

    /                          home: latest reports, and reports by body and year
    /reports/{slug}            one report
    /reports/{slug}.docx, .pdf the report as a Word or PDF file (download_view.py)
    /category/{a}/{b}/…        one level of the category path (the breadcrumb)
    /sitemap                   网站地图
    /accessibility             无障碍声明
    /help                      reading modes and keyboard help
    /sitemap.xml, /robots.txt  for crawlers
    /variant?to=…&next=…       remember a script variant, go to that page in it
    /prefs (POST)              remember reading preferences, go back

Every page also exists under /zh-hant-tw and /zh-hant-hk (middleware/script_prefix.py).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, quote
from xml.sax.saxutils import escape as xml_escape

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from reader import urls
from reader.archive.listing import page_number
from reader.content import reports as content
from reader.content.collection import Collection
from reader.language.variants import BY_CODE, VARIANTS, split_path
from reader.render.downloads import Downloads
from reader.web import compression
from reader.web.base_view import SCRIPT_COOKIE, BaseView, page_view
from reader.web.download_view import DownloadView
from reader.web.middleware.hardening import BAD_PATH, ERROR, MAX_PATH
from reader.web.middleware.script_prefix import variant_of
from reader.web.prefs import COOKIE as PREFS_COOKIE
from reader.web.prefs import Prefs
from reader.web.state import ServerState

MAX_FORM = 4096
YEAR = 365 * 86400


def safe_next(value: str) -> str:
    """A same-site path to return to; anything else becomes the home page."""
    if not value.startswith("/") or value.startswith("//") or len(value) > MAX_PATH \
            or BAD_PATH.search(value.split("?")[0].split("#")[0]):
        return "/"
    _, path = split_path(value)
    return path


def _safe_next_with_prefix(value: str) -> str:
    variant, _ = split_path(value)
    return variant.prefix + safe_next(value)


def sitemap_xml(library: Collection, base: str) -> str:
    paths = ["/", "/sitemap", "/accessibility", "/help"]
    paths += [urls.report(r.slug) for r in library.reports]

    def walk(node: content.Category) -> None:
        for child in node.children.values():
            paths.append(urls.category(child.path))
            walk(child)
    walk(library.categories)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in paths:
        lines.append(f"<url><loc>{xml_escape(base + path)}</loc>")
        for v in VARIANTS:
            lines.append(f'<xhtml:link rel="alternate" hreflang="{v.code}" '
                         f'href="{xml_escape(base + v.prefix + path)}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines)


class Views(BaseView):
    def __init__(self, state: ServerState, downloads: Downloads, download_view: DownloadView) -> None:
        super().__init__(state)
        self.downloads = downloads
        self.download_view = download_view

    @page_view
    async def home(self, request: Request) -> Response:
        page = self.page(request)
        state = self.state
        return self.html(request, page, "home", lambda: state.pages.home(page, state.converter))

    @page_view
    async def report(self, request: Request) -> Response:
        page = self.page(request)
        state, downloads = self.state, self.downloads
        found = page.library.by_slug.get(request.path_params["slug"])
        if found is None:
            if state.loading:  # a new archive is still being listed: it may be among the rest
                raise content.BodyUnavailable(f"{request.url.path}: not listed yet")
            raise HTTPException(404)
        # the page shows the sizes of the files made so far: a file made since (by a
        # download) makes a new page, so the sizes' version is in the key
        key = (page.variant.code, "report", page.here, page.prefs.cookie(), page.origin)
        hit = state.cached_page((*key, str(downloads.sizes_version)))
        if hit is None:
            links = downloads.links(found, page.variant)
            hit = state.cached((*key, str(downloads.sizes_version)), lambda: state.pages.report(
                page, state.converter, found, downloads=links,
                readings=state.readings(found) if page.prefs.pinyin else None))
        return self.send(request, hit)

    def download(self, ext: str) -> Callable[[Request], Awaitable[Response]]:
        @page_view
        async def endpoint(self: Views, request: Request) -> Response:
            return await self.download_view.respond(request, variant_of(request.scope), ext)
        return functools.partial(endpoint, self)

    @page_view
    async def category(self, request: Request) -> Response:
        page = self.page(request)
        state = self.state
        parts = tuple(part for part in request.path_params["path"].split("/") if part)
        found = page.library.category(parts) if parts else None
        if found is None:
            raise HTTPException(404)
        number = page_number(request.query_params.get("page"))
        return self.html(request, page, f"category {number}",
                         lambda: state.pages.category(page, state.converter, found, number))

    def simple(self, name: str, title: str) -> Callable[[Request], Awaitable[Response]]:
        """A page of the interface's own, ``templates/{name}.html``; ``title`` is a message id."""
        @page_view
        async def endpoint(self: Views, request: Request) -> Response:
            page = self.page(request)
            state = self.state
            return self.html(request, page, name, lambda: state.pages.simple(
                f"{name}.html", title, page, state.converter))
        return functools.partial(endpoint, self)

    async def choose_variant(self, request: Request) -> Response:
        variant = BY_CODE.get(request.query_params.get("to", ""))
        if variant is None:
            raise HTTPException(400)
        target = variant.prefix + quote(safe_next(request.query_params.get("next", "/")),
                                        safe="/?=&#%")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SCRIPT_COOKIE, variant.code, max_age=YEAR, samesite="lax",
                            httponly=True)
        return response

    async def set_prefs(self, request: Request) -> Response:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:
                raise HTTPException(400)
        try:
            form = parse_qs(body.decode("utf-8"), max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            raise HTTPException(400) from None
        prefs = Prefs.from_cookie(request.cookies.get(PREFS_COOKIE))
        if form.get("reset"):
            prefs = Prefs()
        for name, values in form.items():
            prefs = prefs.updated(name, values[-1])
        target = quote(_safe_next_with_prefix(form.get("next", ["/"])[-1]), safe="/?=&#%")
        response = RedirectResponse(target, status_code=303)
        if prefs.is_default:
            response.delete_cookie(PREFS_COOKIE)
        else:
            response.set_cookie(PREFS_COOKIE, prefs.cookie(), max_age=YEAR, samesite="lax")
        return response

    async def sitemap_xml(self, request: Request) -> Response:
        base = self.origin(request)
        library = self.state.library
        encoded = self.state.cached(("sitemap.xml", base), lambda: sitemap_xml(library, base))
        return compression.response(request, encoded, "application/xml", "")

    async def robots(self, request: Request) -> Response:
        return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {self.origin(request)}/sitemap.xml\n")

    async def refused(self, request: Request) -> Response:
        """Where path hardening sends a request it refused, to get its error page."""
        raise HTTPException(request.scope.get(ERROR, 404))
