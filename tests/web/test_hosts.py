from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.web.app import create_app
from reader.web.hosts import allowed, origin
from tests.conftest import CONTENT, SEED

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">')


def _links(page: str) -> list[str]:
    found = CANONICAL.findall(page)
    return found + [href for _, href in ALTERNATE.findall(page)]


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    return create_app(CONTENT)


@pytest.mark.parametrize("host", ["127.0.0.1:8123", "localhost", "LOCALHOST:8000", "[::1]:9000"])
def test_allowed_host_gives_absolute_links_to_itself(app, host: str) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app, base_url=f"http://{host}")
    expected = f"http://{host.lower()}"
    for path in ("/", SEED, "/zh-hant-tw" + SEED):
        links = _links(client.get(path).text)
        assert len(links) == 5 and all(link.startswith(expected + "/") for link in links), links
    assert client.get("/robots.txt").text.splitlines()[-1] == f"Sitemap: {expected}/sitemap.xml"
    locs = re.findall(r"<loc>([^<]*)</loc>", client.get("/sitemap.xml").text)
    assert locs and all(loc.startswith(expected + "/") for loc in locs)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example",
                                  "127.0.0.1@evil.example", "a b", "<script>", ""])
def test_unlisted_host_is_never_echoed(app, host: str) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    for path in ("/", SEED):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 200
        assert all(link.startswith("http://localhost/") for link in _links(response.text))
        if host:
            assert host not in response.text
    robots = client.get("/robots.txt", headers={"Host": host}).text
    assert "Sitemap: http://localhost/sitemap.xml" in robots


def test_base_url_wins_and_allowed_hosts_are_configurable(content_copy: Path) -> None:
    settings = content_copy / "site.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + 'allowed_hosts = ["reports.example.org", ".gov.example"]\n',
                        encoding="utf-8")
    client = TestClient(create_app(content_copy), base_url="https://reports.example.org")
    assert _links(client.get(SEED).text)[0] == "https://reports.example.org" + SEED
    sub = client.get(SEED, headers={"Host": "www.gov.example"}).text
    assert _links(sub)[0] == "https://www.gov.example" + SEED
    # not listed any more: localhost falls back to the first listed host
    local = client.get(SEED, headers={"Host": "localhost"}).text
    assert _links(local)[0] == "https://reports.example.org" + SEED

    settings.write_text(text + 'base_url = "https://zmy.example.gov.cn/"\n', encoding="utf-8")
    client = TestClient(create_app(content_copy), base_url="http://127.0.0.1")
    links = _links(client.get("/zh-hant-hk" + SEED).text)
    assert links[0] == "https://zmy.example.gov.cn/zh-hant-hk" + SEED
    assert "Sitemap: https://zmy.example.gov.cn/sitemap.xml" in client.get("/robots.txt").text


def test_allowed_hosts_mistake_is_reported(content_copy: Path) -> None:
    from reader.content.site import load_site

    settings = content_copy / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "allowed_hosts = 3\n", encoding="utf-8")
    site, problems = load_site(settings)
    assert site.allowed_hosts == () and any("allowed_hosts" in p.message for p in problems)


def test_host_matching() -> None:
    assert allowed("a.gov.example", (".gov.example",)) and allowed("gov.example", (".gov.example",))
    assert not allowed("evilgov.example", (".gov.example",))
    scope = {"scheme": "https", "headers": [(b"host", b"localhost:99999")]}
    assert origin(scope, "", ()) == "https://localhost"  # no such port: not echoed


@pytest.mark.parametrize("path", ["/", SEED, "/sitemap", "/accessibility", "/help",
                                  "/category/%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80",
                                  "/zh-hant-tw/", "/no-such-page"])
def test_every_page_has_a_meta_description(client: TestClient, path: str) -> None:
    page = client.get(path).text
    found = re.findall(r'<meta name="description" content="([^"]+)">', page)
    assert len(found) == 1 and len(found[0]) >= 8, found
