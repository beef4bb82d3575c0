"""Static files with fingerprinted names, served by WhiteNoise.

At start-up every file in ``static/`` is copied to a build folder as
``name.<hash>.ext``; pages link to those names, which WhiteNoise serves with a
far-future, immutable cache lifetime. A changed file gets a new name.
Text files get a brotli (``.br``) and a gzip (``.gz``) copy beside them, which
WhiteNoise sends to clients that accept them.

The build folder is temporary: ``close()`` (the app's shut-down) removes it,
and so does the garbage collector or the interpreter's exit for an app that
never ran its lifespan (as in tests).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from a2wsgi import WSGIMiddleware
from starlette.types import ASGIApp
from whitenoise import WhiteNoise

from reader import fingerprint
from reader.filecache import FileCache
from reader.web import compression

STATIC_URL = "/static/"
# (content hash, coding) → compressed bytes: every app in a process (tests make
# many) compresses a file once; best quality, as it is done once and kept a year
_PACKED: dict[tuple[str, str], bytes | None] = {}


def packing_fingerprint(package: Path = fingerprint.PACKAGE) -> str:
    """What shapes a compressed copy besides the file: the compression code
    (its levels, what is worth keeping) and the libraries it uses (brotli)."""
    return _packing_fingerprint(package)


@functools.cache
def _packing_fingerprint(package: Path) -> str:
    return fingerprint.fingerprint(["reader.web.compression"], package=package)[:16]


def packed_key(digest: str, package: Path = fingerprint.PACKAGE) -> str:
    """The name a compressed copy of the file with this content hash is kept under."""
    return f"{digest}-{packing_fingerprint(package)}"


def _precompress(target: Path, digest: str, kept: Path | None) -> None:
    """Write name.br and name.gz beside a text file, where they are smaller."""
    data = target.read_bytes()
    for coding, suffix in compression.SUFFIXES.items():
        key = (digest, coding)
        if key not in _PACKED:
            _PACKED[key] = _packed(data, digest, coding, kept)
        found = _PACKED[key]
        if found is not None:
            target.with_name(target.name + suffix).write_bytes(found)


def _packed(data: bytes, digest: str, coding: str, folder: Path | None) -> bytes | None:
    """The file compressed, or None where that saves too little to serve. Kept
    in ``folder`` too (empty: not worth it): brotli at its best quality takes a
    tenth of a second, at every start otherwise."""
    kept: FileCache | None = None
    try:
        if folder is not None:
            kept = FileCache(folder)
            found = kept.get(packed_key(digest), coding)
            if found is not None:
                return found.read_bytes() or None
    except OSError:
        kept = None
    packed = compression.compress(data, coding, best=True)
    result = packed if compression.worth_it(packed, data) else None
    if kept is not None:
        with contextlib.suppress(OSError):  # kept in memory only
            kept.put(packed_key(digest), coding, result or b"")
    return result


class StaticFiles:
    """``kept``: the folder that keeps compressed copies across starts (None:
    compressed at every start)."""

    def __init__(self, source: Path, kept: Path | None = None) -> None:
        self.source = source
        self.build = Path(tempfile.mkdtemp(prefix="reader-static-"))
        self._remove = weakref.finalize(self, shutil.rmtree, self.build, ignore_errors=True)
        self.manifest: dict[str, str] = {}
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name = path.relative_to(source).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            stem, dot, ext = name.rpartition(".")
            hashed = f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
            target = self.build / hashed
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            if compression.is_text(target.name):
                _precompress(target, digest, kept)
            self.manifest[name] = hashed

    def url(self, name: str) -> str:
        return STATIC_URL + self.manifest[name]

    def asgi_app(self) -> ASGIApp:
        def not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]

        whitenoise = WhiteNoise(not_found, root=str(self.build), prefix=STATIC_URL,
                                max_age=31536000, immutable_file_test=lambda path, url: True,
                                autorefresh=False)
        # a2wsgi types the ASGI messages with TypedDicts of its own, Starlette with
        # plain mappings: the same protocol, two spellings
        return cast(ASGIApp, WSGIMiddleware(whitenoise))

    def close(self) -> None:
        self._remove()
