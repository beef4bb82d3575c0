"""Middleware: addresses under /static/ go to the static files (WhiteNoise,
see web/staticfiles.py), before any check meant for pages."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from reader.web.staticfiles import STATIC_URL


class StaticMount:
    def __init__(self, app: ASGIApp, static: ASGIApp, prefix: str = STATIC_URL) -> None:
        self.app = app
        self.static = static
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            await self.static(scope, receive, send)
            return
        await self.app(scope, receive, send)
