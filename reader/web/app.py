"""The web application: made from a ``Config`` by ``create_app``, which builds
the server's state, the downloads, the views with their dependencies, the
routes, and the layers in front of them (reader/web/middleware/, outermost
first):

    ResponseMemo      a repeated request for a cached page, answered at once
    SecurityHeaders   the Content-Security-Policy and friends on every answer
    StaticMount       /static/… to WhiteNoise
    PathHardening     a hostile or malformed address refused (400, 414)
    ScriptPrefix      /zh-hant-tw, /zh-hant-hk taken off the path

The addresses are listed in views.py and archive_views.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Route

from reader.archive.watch import watch_content
from reader.config import Config
from reader.content import reports as content
from reader.filecache import FileCache
from reader.render.downloads import Downloads
from reader.render.pdf import writer as pdf
from reader.web.archive_views import ArchiveViews
from reader.web.download_view import DownloadView
from reader.web.errors import ErrorPages
from reader.web.middleware.hardening import REFUSED, PathHardening
from reader.web.middleware.memo import ResponseMemo
from reader.web.middleware.script_prefix import ScriptPrefix
from reader.web.middleware.security_headers import SecurityHeaders
from reader.web.middleware.static import StaticMount
from reader.web.state import ServerState
from reader.web.views import Views


def routes(views: Views, archive: ArchiveViews) -> list[Route]:
    return [
        Route("/", views.home),
        Route("/reports/{slug}.docx", views.download("docx")),
        Route("/reports/{slug}.pdf", views.download("pdf")),
        *archive.routes(),  # before /reports/{slug}
        Route("/reports/{slug}", views.report),
        Route("/category/{path:path}", views.category),
        Route("/sitemap", views.simple("sitemap", "网站地图")),
        Route("/accessibility", views.simple("accessibility", "无障碍声明")),
        Route("/help", views.simple("help", "帮助：阅读模式与快捷键")),
        Route("/variant", views.choose_variant),
        Route("/prefs", views.set_prefs, methods=["POST"]),
        Route("/sitemap.xml", views.sitemap_xml),
        Route("/robots.txt", views.robots),
        Route(REFUSED, views.refused, methods=["GET", "HEAD", "POST"]),
    ]


def create_app(config: Config | Path | str | None = None) -> Starlette:
    """The application for ``config``; a folder (or None) stands for
    ``Config.from_environment(folder)``."""
    if not isinstance(config, Config):
        config = Config.from_environment(config)
    # what PDFs need is checked (fonts, libraries: a few programs run) while
    # the content loads
    with concurrent.futures.ThreadPoolExecutor(1) as checking:
        readiness = checking.submit(pdf.check_environment)
        state = ServerState(config)
        downloads = Downloads(state.renderers(), FileCache(config.downloads_dir),
                              pdf.shared_worker(), readiness=readiness.result())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(watch_content(state.content_dir, state.reload)) \
            if config.watch else None
        downloads.start()
        # once the server is listening (uvicorn opens its socket after this)
        asyncio.get_running_loop().call_later(0.5, state.warm_up)
        yield
        if task is not None:
            task.cancel()
        downloads.stop()
        state.stop()

    download_view = DownloadView(
        downloads, lambda slug: state.library.by_slug.get(slug),
        lambda report, variant: state.converter.convert_text(report.title, variant, report.script))
    views = Views(state, downloads, download_view)
    errors = ErrorPages(state)
    app = Starlette(
        routes=routes(views, ArchiveViews(state)), lifespan=lifespan,
        exception_handlers={HTTPException: errors.handle, OSError: errors.handle,
                            content.BodyUnavailable: errors.handle, Exception: errors.handle},
        middleware=[
            Middleware(ResponseMemo, version=lambda: (state.version, downloads.sizes_version)),
            Middleware(SecurityHeaders),
            Middleware(StaticMount, static=state.static.asgi_app()),
            Middleware(PathHardening),
            Middleware(ScriptPrefix),
        ])
    # what the app holds, for the static copy (build.py), tests and tools
    app.state.server = state
    app.state.downloads = downloads
    return app
