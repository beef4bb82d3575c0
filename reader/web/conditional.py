"""Conditional GET (RFC 9110 §13): whether the client holds the
representation already, so that the answer is 304 Not Modified. One routine
for pages (ETag per coding, compression.py) and downloads (ETag and
Last-Modified, download_view.py)."""

from __future__ import annotations

import email.utils


def not_modified(if_none_match: str | None, etag: str, if_modified_since: str | None = None,
                 mtime: float | None = None) -> bool:
    """If-None-Match names ``etag`` (weak comparison, ``*`` for any); only
    without it, If-Modified-Since is not before ``mtime`` (whole seconds)."""
    if if_none_match:
        for tag in if_none_match.split(","):
            tag = tag.strip()
            if tag == "*" or tag.removeprefix("W/") == etag:
                return True
        return False
    if if_modified_since and mtime is not None:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return int(mtime) <= since.timestamp()
    return False
