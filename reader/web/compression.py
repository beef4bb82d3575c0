"""Compression, in one place: content negotiation and one compressed body per
cached page; the ``.br`` and ``.gz`` copies beside static files (staticfiles.py)
and beside the static copy's files (build.py), with one list of what is text.

A cached page keeps its identity body and, made on the first request that
asks for them, its brotli and gzip bodies; a page is compressed once per
coding, never per request. Each coding is a representation of its own, with
its own ETag (``"<hash>"``, ``"<hash>-br"``, ``"<hash>-gz"``), so that a
conditional request is answered 304 only for the representation it names.
"""

from __future__ import annotations

import functools
import gzip
import hashlib

import brotli
from starlette.requests import Request
from starlette.responses import Response

from reader.web.conditional import not_modified

# brotli quality 5 costs a few milliseconds for a report page and is within
# 10% of quality 11 (a quarter of a second) on these pages
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# files compressed once and kept (static files) get the best levels
BEST_BROTLI_QUALITY = 11
BEST_GZIP_LEVEL = 9
MIN_SIZE = 256  # smaller bodies do not shrink enough to be worth a coding
WORTH = 0.95  # a compressed copy is kept only when it saves more than 5%
CODINGS = ("br", "gzip")  # the server's preference, best first
SUFFIXES = {"br": ".br", "gzip": ".gz"}  # of the compressed copy beside a file
# files worth compressing, by suffix (Word, PDF and images are compressed already)
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".csv",
                           ".map"})
VARY = "Accept-Encoding"


@functools.lru_cache(maxsize=256)  # browsers send a handful of distinct headers
def negotiate(accept_encoding: str | None) -> str:
    """The coding to send: "br", "gzip" or "identity" (RFC 9110 §12.5.3).

    The highest q-value wins; on a tie the server prefers br, then gzip, then
    identity. ``q=0`` rules a coding out, ``*`` stands for every coding not
    named. When nothing acceptable is left, the body is sent as it is.
    """
    if not accept_encoding:
        return "identity"
    weights: dict[str, float] = {}
    for item in accept_encoding[:512].split(","):
        name, _, params = item.partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    weight = 0.0
        weights[name] = weight
    star = weights.get("*")

    def weight_of(coding: str) -> float:
        if coding in weights:
            return weights[coding]
        if coding == "gzip" and "x-gzip" in weights:
            return weights["x-gzip"]
        if star is not None:
            return star
        # acceptable unless ruled out, but after any coding the client names
        return 0.001 if coding == "identity" else 0.0

    best, best_weight = "identity", weight_of("identity")
    for coding in CODINGS:
        weight = weight_of(coding)
        if weight > 0 and (weight > best_weight or best == "identity" and weight == best_weight):
            best, best_weight = coding, weight
    return best


def compress(body: bytes, coding: str, best: bool = False) -> bytes:
    """``body`` in ``coding``: at the levels pages use, or the ``best`` ones."""
    if coding == "br":
        return bytes(brotli.compress(body, quality=BEST_BROTLI_QUALITY if best else BROTLI_QUALITY))
    if coding == "gzip":
        return gzip.compress(body, compresslevel=BEST_GZIP_LEVEL if best else GZIP_LEVEL, mtime=0)
    return body


def is_text(name: str) -> bool:
    """Whether a file of this name gets compressed copies."""
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in TEXT_SUFFIXES


def worth_it(packed: bytes, body: bytes) -> bool:
    return len(packed) < len(body) * WORTH


def copies(body: bytes, best: bool = False) -> dict[str, bytes]:
    """The compressed copies to keep beside a text file: suffix → bytes."""
    found = {}
    for coding in CODINGS:
        packed = compress(body, coding, best)
        if worth_it(packed, body):
            found[SUFFIXES[coding]] = packed
    return found


class Encoded:
    """One page's bytes in every coding asked for so far, with their ETags."""

    __slots__ = ("body", "etag", "_coded", "prepared")

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        self._coded: dict[str, tuple[bytes, str]] = {}
        # the encoded response headers per (coding, media type, Vary), made once
        self.prepared: dict[tuple[str, str, str], list[tuple[bytes, bytes]]] = {}

    def get(self, coding: str) -> tuple[bytes, str, str]:
        """(body, ETag, Content-Encoding or "") for a negotiated coding."""
        if coding == "identity" or len(self.body) < MIN_SIZE:
            return self.body, self.etag, ""
        found = self._coded.get(coding)
        if found is None:
            suffix = "-br" if coding == "br" else "-gz"
            found = (compress(self.body, coding), self.etag[:-1] + suffix + '"')
            self._coded[coding] = found
        return found[0], found[1], coding


class _Prepared(Response):
    """A response whose headers were encoded once, with the cached page."""

    def __init__(self, status: int, raw_headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.raw_headers = raw_headers
        self.body = body
        self.background = None


def _headers(etag: str, vary: str, content_encoding: str) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": "no-cache",
               "Vary": f"{vary}, {VARY}" if vary else VARY}
    if content_encoding:
        headers["Content-Encoding"] = content_encoding
    return headers


def response(request: Request, encoded: Encoded, media_type: str, vary: str,
             status: int = 200) -> Response:
    """The page in the coding the client accepts best; 304 when it has it
    already. ``vary``: what else the page depends on (Accept-Encoding is added)."""
    accept_encoding = if_none_match = None
    for key, value in request.scope["headers"]:
        if key == b"accept-encoding":
            accept_encoding = value.decode("latin-1")
        elif key == b"if-none-match":
            if_none_match = value.decode("latin-1")
    coding = negotiate(accept_encoding)
    body, etag, content_encoding = encoded.get(coding)
    if status == 200 and not_modified(if_none_match, etag):
        return Response(status_code=304, headers=_headers(etag, vary, content_encoding))
    memo = (coding, media_type, vary)
    raw = encoded.prepared.get(memo)
    if raw is None:
        raw = Response(body, media_type=media_type,
                       headers=_headers(etag, vary, content_encoding)).raw_headers
        encoded.prepared[memo] = raw
    return _Prepared(status, list(raw), body)  # a list of its own: the caller may add to it
