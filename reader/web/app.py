"""The web application: routes, the page cache, and the guards around them.

URL scheme (every page also exists under /zh-hant-tw and /zh-hant-hk):

    /                          home: latest reports, and reports by body and year
    /reports/{slug}            one report
    /category/{a}/{b}/…        one level of the category path (the breadcrumb)
    /sitemap                   网站地图
    /accessibility             无障碍声明
    /help                      reading modes and keyboard help
    /sitemap.xml, /robots.txt  for crawlers
    /variant?to=…&next=…       remember a script variant, go to that page in it
    /prefs (POST)              remember reading preferences, go back
    /static/…                  fingerprinted static files (WhiteNoise)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import functools
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote
from xml.sax.saxutils import escape as xml_escape

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reader.archive import loading
from reader.archive.listing import page_number
from reader.archive.watch import watch_content
from reader.content import reports as content
from reader.content.collection import Collection
from reader.filecache import FileCache, default_cache_dir
from reader.language.variants import BY_CODE, DEFAULT, VARIANTS, Variant, from_accept_language, split_path
from reader.render.downloads import Downloads
from reader.render.pdf import writer as pdf
from reader.web import archive_views, compression, hosts, response_memo
from reader.web.download_view import DownloadView
from reader.web.pages import PageContext, category_url
from reader.web.prefs import COOKIE as PREFS_COOKIE
from reader.web.prefs import Prefs
from reader.web.state import PARSE_FIRST, Reader

log = logging.getLogger("reader")

SCRIPT_COOKIE = "reader_script"
MAX_PATH = 1024
MAX_QUERY = 2048
REFUSED = "/-refused"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
_BAD_PATH = re.compile(r"[\x00-\x1f\x7f\\]|(^|/)\.\.?(/|$)|//")

ERRORS = {
    400: ("请求有误", "这个网址的格式不正确。"),
    404: ("页面不存在", "您要找的页面不存在，可能已经移动或删除。"),
    405: ("不支持的请求", "这个页面不支持这种请求方式。"),
    414: ("网址太长", "这个网址太长，无法处理。"),
    500: ("服务器出错", "服务器暂时出了问题，请稍后再试。我们已经记录了这个错误。"),
    503: ("报告正在载入", "网站刚刚启动，这份报告还在检查中，请稍后再试。"),
    507: ("暂时无法生成文件", "服务器的存储空间已满，这个文件暂时无法生成。请稍后再试，网页版可以照常阅读。"),
}
NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
RETRY_AFTER = {503: {"Retry-After": "30"}, 507: {"Retry-After": "600"}}


def _page(request: Request) -> PageContext:
    reader: Reader = request.app.state.reader
    variant: Variant = request.scope.get("reader.variant", DEFAULT)
    cookie = request.cookies.get(PREFS_COOKIE)
    prefs = _prefs(cookie) if cookie is None or len(cookie) < 200 else Prefs.from_cookie(cookie)
    return PageContext(reader.library, variant, prefs, request.scope["path"], _origin(request))


_prefs = functools.lru_cache(maxsize=1024)(Prefs.from_cookie)  # immutable, a few hundred kinds


def _origin(request: Request) -> str:
    site = request.app.state.reader.library.site
    return hosts.origin(request.scope, site.base_url, site.allowed_hosts)


def _html(request: Request, page: PageContext, name: str, render: Any,
          status: int = 200) -> Response:
    reader: Reader = request.app.state.reader
    encoded = reader.cached((page.variant.code, name, page.here, page.prefs.cookie(),
                             page.origin), render)
    return _send(request, encoded, status)


def _send(request: Request, encoded: compression.Encoded, status: int = 200) -> Response:
    response_memo.mark(request.scope)
    return compression.response(request, encoded, "text/html; charset=utf-8",
                                "Cookie, Accept-Language", status)


def _preferred_redirect(request: Request) -> Response | None:
    """An unprefixed (simplified) address sends a reader who chose another
    script, or whose browser asks for one on a first visit, to that script."""
    if request.scope.get("reader.variant", DEFAULT) is not DEFAULT:
        return None
    chosen = BY_CODE.get(request.cookies.get(SCRIPT_COOKIE, ""))
    if chosen is None and SCRIPT_COOKIE not in request.cookies:
        chosen = from_accept_language(request.headers.get("accept-language", "")[:200])
    if chosen is None or chosen is DEFAULT:
        return None
    url = chosen.prefix + quote(request.scope["path"])
    if request.url.query:
        url += "?" + request.url.query
    return RedirectResponse(url, status_code=302, headers={"Vary": "Cookie, Accept-Language"})


async def home(request: Request) -> Response:
    if (redirect := _preferred_redirect(request)) is not None:
        return redirect
    page = _page(request)
    reader: Reader = request.app.state.reader
    return _html(request, page, "home", lambda: reader.pages.home(page, reader.converter))


async def report(request: Request) -> Response:
    if (redirect := _preferred_redirect(request)) is not None:
        return redirect
    page = _page(request)
    reader: Reader = request.app.state.reader
    found = page.library.by_slug.get(request.path_params["slug"])
    if found is None:
        if reader.loading:  # a new archive is still being listed: it may be among the rest
            raise content.BodyUnavailable(f"{request.url.path}: not listed yet")
        raise HTTPException(404)
    downloads: Downloads = request.app.state.downloads
    # the page shows the sizes of the files made so far: a file made since (by a
    # download) makes a new page, so the downloads' revision is in the key
    key = (page.variant.code, "report", page.here, page.prefs.cookie(), page.origin)
    hit = reader.cached_page((*key, str(downloads.revision)))
    if hit is None:
        links = downloads.links(found, page.variant)
        hit = reader.cached((*key, str(downloads.revision)),
                            lambda: reader.pages.report(
                                page, reader.converter, found, downloads=links,
                                readings=reader.readings(found) if page.prefs.pinyin else None))
    return _send(request, hit)


def _download(ext: str) -> Any:
    async def endpoint(request: Request) -> Response:
        if (redirect := _preferred_redirect(request)) is not None:
            return redirect
        view: DownloadView = request.app.state.download_view
        return await view.respond(request, request.scope.get("reader.variant", DEFAULT), ext)
    return endpoint


async def category(request: Request) -> Response:
    if (redirect := _preferred_redirect(request)) is not None:
        return redirect
    page = _page(request)
    reader: Reader = request.app.state.reader
    parts = tuple(part for part in request.path_params["path"].split("/") if part)
    found = page.library.category(parts) if parts else None
    if found is None:
        raise HTTPException(404)
    number = page_number(request.query_params.get("page"))
    return _html(request, page, f"category {number}",
                 lambda: reader.pages.category(page, reader.converter, found, number))


def _simple(name: str, title: str) -> Any:
    async def endpoint(request: Request) -> Response:
        if (redirect := _preferred_redirect(request)) is not None:
            return redirect
        page = _page(request)
        reader: Reader = request.app.state.reader
        return _html(request, page, name,
                     lambda: reader.pages.simple(f"{name}.html", title, page, reader.converter))
    return endpoint


def _safe_next(value: str) -> str:
    """A same-site path to return to; anything else becomes the home page."""
    if not value.startswith("/") or value.startswith("//") or len(value) > MAX_PATH \
            or _BAD_PATH.search(value.split("?")[0].split("#")[0]):
        return "/"
    _, path = split_path(value)
    return path


async def choose_variant(request: Request) -> Response:
    variant = BY_CODE.get(request.query_params.get("to", ""))
    if variant is None:
        raise HTTPException(400)
    target = variant.prefix + quote(_safe_next(request.query_params.get("next", "/")),
                                    safe="/?=&#%")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SCRIPT_COOKIE, variant.code, max_age=365 * 86400, samesite="lax",
                        httponly=True)
    return response


async def set_prefs(request: Request) -> Response:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > 4096:
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
        response.set_cookie(PREFS_COOKIE, prefs.cookie(), max_age=365 * 86400, samesite="lax")
    return response


def _safe_next_with_prefix(value: str) -> str:
    variant, _ = split_path(value)
    return variant.prefix + _safe_next(value)


async def sitemap_xml(request: Request) -> Response:
    reader: Reader = request.app.state.reader
    base = _origin(request)
    encoded = reader.cached(("sitemap.xml", base), lambda: _sitemap_xml(reader.library, base))
    return compression.response(request, encoded, "application/xml", "")


def _sitemap_xml(library: Collection, base: str) -> str:
    paths = ["/", "/sitemap", "/accessibility", "/help"]
    paths += [f"/reports/{r.slug}" for r in library.reports]

    def walk(node: content.Category) -> None:
        for child in node.children.values():
            paths.append(category_url(child))
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


async def robots(request: Request) -> Response:
    return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {_origin(request)}/sitemap.xml\n")


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if isinstance(exc, OSError) and exc.errno in NO_SPACE:  # a download could not be stored
        status = 507
    elif isinstance(exc, content.BodyUnavailable):  # listed at a quick start, not readable
        status = 503
    if status not in ERRORS:
        status = 404 if status < 500 else 500
    if status == 503:
        log.warning("%s: %s", request.url.path, exc)
    elif status >= 500:
        log.exception("error serving %s", request.url.path, exc_info=exc)
    title, message = ERRORS[status]
    reader: Reader = request.app.state.reader
    page = _page(request)
    try:
        body = reader.pages.error(page, reader.converter, status, title, message)
    except Exception:  # the error page itself failed: say so plainly
        log.exception("error page failed")
        return PlainTextResponse(f"{status} {title}", status_code=status)
    headers = {"Cache-Control": "no-store"} | RETRY_AFTER.get(status, {})
    return Response(body, status_code=status, media_type="text/html; charset=utf-8",
                    headers=headers)


def routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/reports/{slug}.docx", _download("docx")),
        Route("/reports/{slug}.pdf", _download("pdf")),
        *archive_views.routes(_page, _html, _preferred_redirect),  # before /reports/{slug}
        Route("/reports/{slug}", report),
        Route("/category/{path:path}", category),
        Route("/sitemap", _simple("sitemap", "网站地图")),
        Route("/accessibility", _simple("accessibility", "无障碍声明")),
        Route("/help", _simple("help", "帮助：阅读模式与快捷键")),
        Route("/variant", choose_variant),
        Route("/prefs", set_prefs, methods=["POST"]),
        Route("/sitemap.xml", sitemap_xml),
        Route("/robots.txt", robots),
        Route(REFUSED, refused, methods=["GET", "HEAD", "POST"]),
    ]


class Guard:
    """Outermost layer: refuses hostile addresses before routing, serves
    static files, strips the variant prefix and adds security headers."""

    def __init__(self, app: Starlette, static: ASGIApp, memo: response_memo.ResponseMemo) -> None:
        self.app = app
        self.static = static
        self.memo = memo
        self.state = app.state  # what the app holds, for tests and tools

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.memo.serve(scope, receive, send, self._guarded)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        path: str = scope["path"]
        if path.startswith("/static/"):
            await self.static(scope, receive, send_with_headers)
            return
        raw = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        if len(raw) > MAX_PATH or len(scope.get("query_string", b"")) > MAX_QUERY:
            scope = dict(scope, path=REFUSED, **{"reader.error": 414})
        elif _BAD_PATH.search(path) or b"%2f" in raw.lower() or b"%5c" in raw.lower() \
                or not _decodes(raw):
            scope = dict(scope, path=REFUSED, **{"reader.error": 400})
        else:
            variant, rest = split_path(path)
            scope = dict(scope, path=rest, **{"reader.variant": variant})
            scope.pop("raw_path", None)
        await self.app(scope, receive, send_with_headers)


def _decodes(raw: bytes) -> bool:
    try:
        unquote(raw.decode("ascii"), errors="strict")
    except (UnicodeDecodeError, ValueError):
        return False
    return True


async def refused(request: Request) -> Response:
    """Where the guard sends a request it refused, to get its error page."""
    raise HTTPException(request.scope.get("reader.error", 404))


def create_app(content_dir: Path | str | None = None, watch: bool = False,
               parse_first: int | None = PARSE_FIRST, processes: int | None = None) -> Guard:
    """``parse_first``, ``processes``: see state.Reader (None: every file
    parsed before serving)."""
    # what PDFs need is checked (fonts, libraries: a few programs run) while
    # the content loads
    with concurrent.futures.ThreadPoolExecutor(1) as checking:
        readiness = checking.submit(pdf.check_environment)
        # not resolved: a content folder that is a symlink may be swapped while serving
        reader = Reader(loading.content_dir(content_dir).absolute(), parse_first, processes)
        downloads = Downloads(reader.renderers(), FileCache(default_cache_dir()),
                              pdf.shared_worker(), readiness=readiness.result())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(watch_content(reader.content_dir, reader.reload)) \
            if watch else None
        downloads.start()
        # once the server is listening (uvicorn opens its socket after this)
        asyncio.get_running_loop().call_later(0.5, reader.warm_up)
        yield
        if task is not None:
            task.cancel()
        downloads.stop()
        reader.stop()

    app = Starlette(routes=routes(), lifespan=lifespan,
                    exception_handlers={HTTPException: http_error, OSError: http_error,
                                        content.BodyUnavailable: http_error,
                                        Exception: http_error})
    app.state.reader = reader
    app.state.downloads = downloads
    app.state.download_view = DownloadView(
        downloads, lambda slug: reader.library.by_slug.get(slug),
        lambda report, variant: reader.converter.convert_text(report.title, variant, report.script))
    memo = response_memo.ResponseMemo(lambda: (reader.generation, downloads.revision))
    return Guard(app, reader.static.asgi_app(), memo)

