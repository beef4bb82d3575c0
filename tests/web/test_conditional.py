"""One conditional GET for pages and downloads."""

from __future__ import annotations

import email.utils

from reader.web.conditional import not_modified

ETAG = '"abc-br"'


def test_if_none_match_names_the_representation() -> None:
    assert not_modified(f'W/{ETAG}, "other"', ETAG)
    assert not_modified("*", ETAG)
    assert not not_modified('"abc"', ETAG)  # the identity body's tag, not the brotli one
    assert not not_modified(None, ETAG) and not not_modified("", ETAG)


def test_if_modified_since_counts_only_without_if_none_match() -> None:
    mtime = 1_700_000_000.7
    same = email.utils.formatdate(int(mtime), usegmt=True)
    earlier = email.utils.formatdate(int(mtime) - 60, usegmt=True)
    assert not_modified(None, ETAG, same, mtime)
    assert not not_modified(None, ETAG, earlier, mtime)
    assert not not_modified('"other"', ETAG, same, mtime)  # If-None-Match wins
    assert not not_modified(None, ETAG, "not a date", mtime)
    assert not not_modified(None, ETAG, same, None)
