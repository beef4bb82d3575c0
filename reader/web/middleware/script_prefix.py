"""Middleware: the script prefix (/zh-hant-tw, /zh-hant-hk) is taken off the
path before routing and kept in the scope, so that one route serves a page in
every script. Views read it with ``variant_of``."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from reader.language.variants import DEFAULT, Variant, split_path

KEY = "reader.variant"


def variant_of(scope: Scope) -> Variant:
    """The script a request asked for (its address's prefix)."""
    variant: Variant = scope.get(KEY, DEFAULT)
    return variant


def prefix_taken(scope: Scope) -> Scope:
    """A copy of ``scope`` with the prefix taken off its path and kept under
    ``KEY`` (the server's own scope keeps the address as it came, for its log)."""
    if KEY in scope:
        return scope
    variant, rest = split_path(scope["path"])
    scope = dict(scope, path=rest, **{KEY: variant})
    scope.pop("raw_path", None)
    return scope


class ScriptPrefix:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = prefix_taken(scope)
        await self.app(scope, receive, send)
