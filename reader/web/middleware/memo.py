"""Middleware: repeated requests for a cached page, answered before routing.

A page in the page cache still costs a trip through Starlette: the request
object, routing, cookie and header parsing, content negotiation. For a
request whose every input that shapes the answer (address, query, the
headers below, the content's version) was seen before, the answer is the same
bytes, so it is kept here and sent as it is. Only answers a view marked as
coming from the page cache are kept (``mark``), never one that sets a cookie,
and the memo empties itself when the content or a download size changes.
It is the outermost layer, so that a hit costs nothing but a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reader.lru import LRU

# every request header a page's answer depends on (Vary, negotiation, absolute links)
SHAPING = frozenset({b"host", b"cookie", b"accept-encoding", b"accept-language",
                     b"if-none-match", b"if-modified-since", b"x-forwarded-proto",
                     b"x-forwarded-host", b"forwarded"})
MAX_VALUE = 512  # a longer header value (a cookie jar, say) is not worth a memo entry
MARK = "reader.memo"

Key = tuple[Hashable, ...]
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def mark(scope: Scope) -> None:
    """Called by a view whose answer comes from the page cache."""
    marks = scope.get(MARK)
    if marks is not None:
        marks.append(True)


class ResponseMemo:
    """``version`` changes whenever a page could change (the content, a file size)."""

    def __init__(self, app: ASGIApp, version: Callable[[], Hashable], size: int = 4096) -> None:
        self.app = app
        self.version = version
        self.size = size
        self._answers: LRU[Key, Answer] = LRU(size)
        self._version: Hashable = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.serve(scope, receive, send, self.app)

    def key(self, scope: Scope) -> Key | None:
        if scope.get("method") != "GET":
            return None
        shaping = []
        for name, value in scope["headers"]:
            if name in SHAPING:
                if len(value) > MAX_VALUE:
                    return None
                shaping.append((name, value))
        return (scope.get("raw_path") or scope["path"], scope.get("query_string", b""),
                scope.get("scheme"), tuple(shaping))

    def get(self, key: Key) -> Answer | None:
        version = self.version()
        if version != self._version:
            self._answers.clear()
            self._version = version
            return None
        return self._answers.get(key)

    def put(self, key: Key, answer: Answer, version: Hashable) -> None:
        if version != self._version:  # the content changed while the page was made
            return
        self._answers.put(key, answer)

    async def serve(self, scope: Scope, receive: Receive, send: Send,
                    app: Callable[[Scope, Receive, Send], Any]) -> None:
        """Answer from the memo, or run ``app`` and keep its answer if it may be kept."""
        key = self.key(scope)
        if key is None:
            await app(scope, receive, send)
            return
        hit = self.get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        version = self._version
        marks: list[bool] = []
        scope[MARK] = marks  # the layers below copy the scope, but share this list
        started: list[Message] = []
        parts: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal complete
            if message["type"] == "http.response.start":
                started.append(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await app(scope, receive, capture)
        if not (complete and started and marks):
            return
        start = started[0]
        headers = list(start.get("headers", []))
        if start["status"] not in (200, 304) or any(n == b"set-cookie" for n, _ in headers):
            return
        self.put(key, (start["status"], headers, b"".join(parts)), version)
