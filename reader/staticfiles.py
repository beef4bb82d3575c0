"""Static files with fingerprinted names, served by WhiteNoise.

At start-up every file in ``static/`` is copied to a build folder as
``name.<hash>.ext``; pages link to those names, which WhiteNoise serves with a
far-future, immutable cache lifetime. A changed file gets a new name.

The build folder is temporary: ``close()`` (the app's shut-down) removes it,
and so does the garbage collector or the interpreter's exit for an app that
never ran its lifespan (as in tests).
"""

from __future__ import annotations

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

STATIC_URL = "/static/"


class StaticFiles:
    def __init__(self, source: Path) -> None:
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
