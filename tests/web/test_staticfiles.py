"""Static files: fingerprinted copies served by WhiteNoise, in a build folder
that goes with its app."""

from __future__ import annotations

import asyncio
import gc
import hashlib
from pathlib import Path

import brotli
import httpx
import pytest

from reader.web import staticfiles
from reader.web.staticfiles import StaticFiles


def source(tmp_path: Path) -> Path:
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True, exist_ok=True)
    (root / "css" / "site.css").write_text("body { color: black }")
    (root / "LICENSE").write_text("free")
    return root


def test_names_carry_a_hash_of_the_content(tmp_path: Path) -> None:
    static = StaticFiles(source(tmp_path))
    digest = hashlib.sha256(b"body { color: black }").hexdigest()[:12]
    assert static.url("css/site.css") == f"/static/css/site.{digest}.css"
    assert static.manifest["LICENSE"].startswith("LICENSE.")  # no extension: hash at the end
    assert (static.build / f"css/site.{digest}.css").read_text() == "body { color: black }"
    static.close()


def test_served_immutable_and_unknown_names_are_404(tmp_path: Path) -> None:
    static = StaticFiles(source(tmp_path))

    async def fetch(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=static.asgi_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://reader") as http:
            return await http.get(path)

    found = asyncio.run(fetch(static.url("css/site.css")))
    assert found.status_code == 200 and found.text == "body { color: black }"
    assert "immutable" in found.headers["cache-control"]
    assert asyncio.run(fetch("/static/css/site.css")).status_code == 404  # only hashed names
    static.close()


def test_the_build_folder_goes_on_close_or_with_the_object(tmp_path: Path) -> None:
    closed = StaticFiles(source(tmp_path))
    build = closed.build
    closed.close()
    assert not build.exists()
    closed.close()  # twice is harmless

    dropped = StaticFiles(source(tmp_path))
    build = dropped.build
    del dropped
    gc.collect()
    assert not build.exists()


def test_compressed_copies_are_kept_for_the_next_start(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = source(tmp_path)
    (root / "css" / "site.css").write_text("body { color: black }\n" * 200)
    first = StaticFiles(root, tmp_path / "cache")
    name = first.manifest["css/site.css"]
    packed = (first.build / f"{name}.br").read_bytes()
    assert brotli.decompress(packed) == (root / "css" / "site.css").read_bytes()
    first.close()
    monkeypatch.setattr(staticfiles, "_PACKED", {})  # a new server process

    def never(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("compressed again")
    monkeypatch.setattr(staticfiles.compression, "compress", never)
    again = StaticFiles(root, tmp_path / "cache")
    assert (again.build / f"{name}.br").read_bytes() == packed
    again.close()
