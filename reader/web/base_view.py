"""What every page view shares: its dependencies (the server's state), the
page context of a request, the cached and compressed answer, and the redirect
to the script a reader chose (``@page_view``).

Views are methods of a class built on ``BaseView``: they get what they need
when the app is made (see app.create_app), never from ``request.app.state``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from reader.language.variants import BY_CODE, DEFAULT, from_accept_language
from reader.web import compression, hosts
from reader.web.middleware import memo
from reader.web.middleware.script_prefix import variant_of
from reader.web.pages import PageContext
from reader.web.prefs import COOKIE as PREFS_COOKIE
from reader.web.prefs import Prefs
from reader.web.state import ServerState

SCRIPT_COOKIE = "reader_script"
HTML = "text/html; charset=utf-8"
VARY = "Cookie, Accept-Language"  # what a page depends on besides its address

_prefs = functools.lru_cache(maxsize=1024)(Prefs.from_cookie)  # immutable, a few hundred kinds

View = TypeVar("View", bound="BaseView")
Endpoint = Callable[[View, Request], Awaitable[Response]]


def preferred_redirect(request: Request) -> Response | None:
    """An unprefixed (simplified) address sends a reader who chose another
    script, or whose browser asks for one on a first visit, to that script."""
    if variant_of(request.scope) is not DEFAULT:
        return None
    chosen = BY_CODE.get(request.cookies.get(SCRIPT_COOKIE, ""))
    if chosen is None and SCRIPT_COOKIE not in request.cookies:
        chosen = from_accept_language(request.headers.get("accept-language", "")[:200])
    if chosen is None or chosen is DEFAULT:
        return None
    url = chosen.prefix + quote(request.scope["path"])
    if request.url.query:
        url += "?" + request.url.query
    return RedirectResponse(url, status_code=302, headers={"Vary": VARY})


def page_view(endpoint: Endpoint[View]) -> Endpoint[View]:
    """A page that exists in every script: the redirect to the reader's
    script comes first (prefixed addresses never redirect, so no loops)."""
    @functools.wraps(endpoint)
    async def view(self: View, request: Request) -> Response:
        if (redirect := preferred_redirect(request)) is not None:
            return redirect
        return await endpoint(self, request)
    return view


class BaseView:
    def __init__(self, state: ServerState) -> None:
        self.state = state

    def page(self, request: Request) -> PageContext:
        cookie = request.cookies.get(PREFS_COOKIE)
        prefs = _prefs(cookie) if cookie is None or len(cookie) < 200 else Prefs.from_cookie(cookie)
        return PageContext(self.state.library, variant_of(request.scope), prefs,
                           request.scope["path"], self.origin(request))

    def origin(self, request: Request) -> str:
        site = self.state.library.site
        return hosts.origin(request.scope, site.base_url, site.allowed_hosts)

    def html(self, request: Request, page: PageContext, name: str, render: Callable[[], str],
             status: int = 200) -> Response:
        """The page ``name`` from the page cache, rendered on a miss."""
        encoded = self.state.cached((page.variant.code, name, page.here, page.prefs.cookie(),
                                     page.origin), render)
        return self.send(request, encoded, status)

    def send(self, request: Request, encoded: compression.Encoded, status: int = 200) -> Response:
        """A page from the page cache, compressed as the client accepts; the
        response memo may keep the answer."""
        memo.mark(request.scope)
        return compression.response(request, encoded, HTML, VARY, status)

    def render(self, page: PageContext, name: str, **context: Any) -> str:
        """A template rendered and converted to the page's script, uncached."""
        return self.state.pages.render(name, page, self.state.converter, **context)
