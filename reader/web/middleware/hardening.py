"""Middleware: a hostile or malformed address is refused before routing.

Too long a path or query gets 414; control characters, backslashes, ``.``
and ``..`` segments, empty segments, an encoded slash or backslash, or a
percent-encoding that is not UTF-8 get 400. The request is sent on to
``REFUSED`` with the status in the scope, so that it gets the site's error
page in the reader's script, never a 500 and never its address reflected.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_PATH = 1024
MAX_QUERY = 2048
REFUSED = "/-refused"  # the route that answers with the error page
ERROR = "reader.error"  # the scope key that carries the status
BAD_PATH = re.compile(r"[\x00-\x1f\x7f\\]|(^|/)\.\.?(/|$)|//")


def refusal(scope: Scope) -> int | None:
    """The status a request's address is refused with, or None."""
    path: str = scope["path"]
    raw = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
    if len(raw) > MAX_PATH or len(scope.get("query_string", b"")) > MAX_QUERY:
        return 414
    lowered = raw.lower()
    if BAD_PATH.search(path) or b"%2f" in lowered or b"%5c" in lowered or not _decodes(raw):
        return 400
    return None


def _decodes(raw: bytes) -> bool:
    try:
        unquote(raw.decode("ascii"), errors="strict")
    except (UnicodeDecodeError, ValueError):
        return False
    return True


class PathHardening:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (status := refusal(scope)) is not None:
            scope = dict(scope, path=REFUSED, **{ERROR: status})
        await self.app(scope, receive, send)
