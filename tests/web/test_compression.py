from __future__ import annotations

import gzip

import brotli
import pytest
from starlette.testclient import TestClient

from reader.web.compression import Encoded, negotiate
from reader.web.conditional import not_modified
from tests.conftest import SEED


@pytest.mark.parametrize("header,coding", [
    (None, "identity"),
    ("", "identity"),
    ("gzip, deflate, br, zstd", "br"),
    ("gzip, deflate", "gzip"),
    ("x-gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("br;q=0.5, gzip;q=0.8", "gzip"),
    ("br;q=0, gzip;q=0", "identity"),
    ("identity", "identity"),
    ("*", "br"),
    ("*;q=0, identity", "identity"),
    ("*;q=0", "identity"),  # nothing acceptable: sent as it is
    ("gzip;q=0.5, identity;q=1", "identity"),
    ("BR;Q=1", "br"),
    ("gzip;q=nonsense, br;q=0", "identity"),
    ("deflate, compress", "identity"),
])
def test_negotiate(header: str | None, coding: str) -> None:
    assert negotiate(header) == coding


def test_each_coding_has_its_own_etag_and_is_compressed_once() -> None:
    encoded = Encoded(b"<p>" + "政府信息公开".encode() * 200 + b"</p>")
    body, etag, coding = encoded.get("br")
    assert coding == "br" and brotli.decompress(body) == encoded.body
    assert etag == encoded.etag[:-1] + '-br"'
    assert encoded.get("br")[0] is body  # the same bytes: compressed once
    gz, gz_etag, _ = encoded.get("gzip")
    assert gzip.decompress(gz) == encoded.body and len({etag, gz_etag, encoded.etag}) == 3
    assert not_modified(f'W/{etag}, "other"', etag) and not_modified("*", etag)
    assert not not_modified(encoded.etag, etag) and not not_modified(None, etag)


def _get(client: TestClient, path: str, accept: str, **headers: str):  # type: ignore[no-untyped-def]
    # httpx decodes bodies itself: ask for the raw bytes as they came on the wire
    with client.stream("GET", path, headers={"Accept-Encoding": accept, **headers}) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("accept,coding", [("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                           ("identity", None), ("br;q=0, gzip;q=0", None)])
def test_report_page_negotiation_over_http(client: TestClient, accept: str, coding: str | None) -> None:
    plain, plain_body = _get(client, SEED, "identity")
    response, raw = _get(client, SEED, accept)
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == coding
    assert response.headers["vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert int(response.headers["content-length"]) == len(raw)
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](raw)
    assert decoded == plain_body
    if coding == "br":  # the seed report, as sent to a browser, within its budget
        assert len(raw) <= 12 * 1024


def test_304_for_each_compressed_representation(client: TestClient) -> None:
    etags = set()
    for accept in ("br", "gzip", "identity"):
        first, _ = _get(client, SEED, accept)
        etag = first.headers["etag"]
        etags.add(etag)
        again, body = _get(client, SEED, accept, **{"If-None-Match": etag})
        assert again.status_code == 304 and body == b""
        assert again.headers["etag"] == etag
        assert "Accept-Encoding" in again.headers["vary"]
    assert len(etags) == 3
    br_etag = _get(client, SEED, "br")[0].headers["etag"]
    # a validator for the brotli body does not stand for the gzip body
    other, body = _get(client, SEED, "gzip", **{"If-None-Match": br_etag})
    assert other.status_code == 200 and gzip.decompress(body).startswith(b"<!doctype html>")


def test_sitemap_xml_is_compressed(client: TestClient) -> None:
    response, raw = _get(client, "/sitemap.xml", "gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw).startswith(b'<?xml version="1.0"')


def test_static_files_are_served_precompressed(client: TestClient) -> None:
    page = client.get("/").text
    total = 0
    for name in ("css/site.css", "js/reader.js"):
        url = client.app.state.server.static.url(name)
        assert url in page
        plain, plain_body = _get(client, url, "identity")
        response, raw = _get(client, url, "gzip, deflate, br")
        assert response.headers["content-encoding"] == "br"
        assert "Accept-Encoding" in response.headers["vary"]
        assert brotli.decompress(raw) == plain_body
        total += len(raw)
        gz, gz_raw = _get(client, url, "gzip")
        assert gz.headers["content-encoding"] == "gzip" and gzip.decompress(gz_raw) == plain_body
    assert total <= 10 * 1024
