"""`reader build`: the static copy, served by plain static servers."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import docx
import pytest
from pypdf import PdfReader

from reader.build import file_for, links_of, public_link, variant_target
from reader.cli import main
from reader.language.variants import VARIANTS

from .conftest import CONTENT, ROOT, SEED


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    assert main(["build", "--content", str(CONTENT), "--out", str(out)]) == 0
    return out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, "the server stopped"
            time.sleep(0.05)
    raise AssertionError("the server did not answer")


@contextlib.contextmanager
def _serving(command: list[str], base: str) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, \
                response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _page_urls(out: Path) -> list[str]:
    urls = []
    for page in sorted(out.rglob("*.html")):
        relative = page.relative_to(out).as_posix()
        if relative == "404.html":
            continue
        path = "/" + relative.removesuffix("index.html")
        urls.append(quote(path))
    return urls


def _check_links(base: str, out: Path) -> int:
    """Every link on every exported page, fetched from the server: how many."""
    status: dict[str, int] = {}
    for url in _page_urls(out):
        code, _, body = _get(base + url)
        assert code == 200, url
        for link in links_of(body.decode("utf-8")):
            parts = urlsplit(urljoin(url, link))
            if parts.scheme not in ("", "http", "https") or parts.netloc and \
                    parts.netloc not in ("localhost", urlsplit(base).netloc):
                continue  # mail, phone, or the canonical address of the published site
            # as a browser sends it: percent-encoded
            target = quote(parts.path + ("?" + parts.query if parts.query else ""), safe="/%?=&")
            if target not in status:
                status[target] = _get(base + target)[0]
            assert status[target] == 200, f"{link} on {unquote(url)} answered {status[target]}"
    return len(status)


def test_every_page_in_every_script_and_the_downloads(export: Path) -> None:
    from starlette.testclient import TestClient

    from reader.web.app import create_app

    client = TestClient(create_app(CONTENT), base_url="http://localhost")
    paths = [urlsplit(loc).path for loc in
             re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").text)]
    assert SEED in paths
    for variant in VARIANTS:
        for path in paths:
            page = export / file_for(variant.prefix + path, True)
            assert page.is_file(), page
            text = page.read_text(encoding="utf-8")
            assert f'<html data-static-copy lang="{variant.code}"' in text
            assert "/variant?" not in text  # the switch links straight to the other script
        document = docx.Document(str(export / file_for(f"{variant.prefix}{SEED}.docx", False)))
        assert "2019年度" in document.core_properties.title
        pdf = PdfReader(str(export / file_for(f"{variant.prefix}{SEED}.pdf", False)))
        assert len(pdf.pages) >= 2
        report = (export / file_for(variant.prefix + SEED, True)).read_text(encoding="utf-8")
        assert re.search(r"PDF[^<]*KB", report), "the page shows the file's size"
    robots = (export / "robots.txt").read_text()
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert (export / "404.html").is_file()
    for asset in ("css/site.css", "js/reader.js"):
        name = client.app.state.server.static.url(asset).removeprefix("/static/")  # type: ignore[attr-defined]
        for suffix in ("", ".gz", ".br"):
            assert (export / "static" / (name + suffix)).is_file()
    index = export / "index.html"
    assert gzip.decompress((export / "index.html.gz").read_bytes()) == index.read_bytes()


def test_static_copy_explains_what_needs_javascript(export: Path) -> None:
    simplified = (export / "index.html").read_text(encoding="utf-8")
    taiwan = (export / "zh-hant-tw/index.html").read_text(encoding="utf-8")
    assert '<p class="static-note">这是本网站的静态副本' in simplified
    assert '<p class="static-note">這是本網站的靜態副本' in taiwan
    assert re.search(r'<script src="/static/js/static-copy\.[0-9a-f]+\.js"></script>', simplified)


def test_link_rewriting() -> None:
    assert variant_target("/variant?to=zh-Hant-TW&next=/reports/x") == "/zh-hant-tw/reports/x"
    assert variant_target("/variant?to=zh-Hant-TW&next=//evil.example") is None
    assert public_link("/search?year=2019&page=2") == "/search/_q/year=2019&page=2.html"
    assert file_for("/search?year=2019&page=2", True) == "search/_q/year=2019&page=2.html"
    assert file_for("/", True) == "index.html"
    assert file_for("/category/%E6%94%BF", True) == "category/政/index.html"


def test_build_refuses_a_folder_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.html").write_text("old")
    assert main(["build", "--content", str(CONTENT), "--out", str(tmp_path)]) == 2
    assert "not an empty folder" in capsys.readouterr().err


def test_python_http_server_serves_every_link(export: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with _serving([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                   "--directory", str(export), str(port)], base):
        assert _check_links(base, export) > 40


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


@pytest.mark.skipif(NGINX is None and os.environ.get("CI") != "true",
                    reason="nginx is not installed (Debian nginx-light; scripts/install --test)")
def test_nginx_with_the_repository_config_serves_every_link(export: Path) -> None:
    assert NGINX is not None, "CI installs nginx-light (scripts/install --test)"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = (ROOT / "scripts" / "nginx.conf").read_text()
    server = re.sub(r"\n    listen [^;]+;", f"\n    listen 127.0.0.1:{port};", server)
    server = re.sub(r"\n    root [^;]+;", f"\n    root {export};", server)
    with tempfile.TemporaryDirectory() as prefix:
        (Path(prefix) / "site.conf").write_text(server)
        (Path(prefix) / "nginx.conf").write_text(
            ""
            # as root, nginx's workers would drop to nobody, who cannot read pytest's folders
            + ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
            "events { worker_connections 64; }\n"
            f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
            f" client_body_temp_path {prefix};\n proxy_temp_path {prefix};\n"
            f" fastcgi_temp_path {prefix};\n uwsgi_temp_path {prefix};\n scgi_temp_path {prefix};\n"
            f" include {prefix}/site.conf;\n}}\n")
        with _serving([NGINX, "-p", prefix, "-c", f"{prefix}/nginx.conf", "-g", "daemon off;"],
                      base):
            assert _check_links(base, export) > 40
            code, headers, body = _get(base + quote("/zh-hant-hk" + SEED), **{"Accept-Encoding": "gzip"})
            assert code == 200 and headers["content-encoding"] == "gzip"
            assert "Accept-Encoding" in headers["vary"] and "default-src 'none'" in \
                headers["content-security-policy"]
            assert '<html data-static-copy lang="zh-Hant-HK"' in gzip.decompress(body).decode()
            assert "script-src 'self' 'wasm-unsafe-eval';" in headers["content-security-policy"]
            code, headers, body = _get(base + "/pagefind/pagefind.js")  # the copy's search index
            assert code == 200 and b"pagefind" in body
            code, headers, body = _get(base + "/reports/no-such-report")
            assert code == 404 and "页面不存在" in body.decode()
            code, headers, body = _get(base + SEED + ".docx")
            assert code == 200 and headers["content-type"].startswith(
                "application/vnd.openxmlformats-officedocument.wordprocessingml")
            docx.Document(io.BytesIO(body))
            css = re.search(r'href="(/static/css/[^"]+)"', (export / "index.html").read_text()).group(1)
            code, headers, _ = _get(base + css)
            assert code == 200 and "max-age=315360000" in headers["cache-control"]


def test_a_rebuild_in_jobs_links_what_did_not_change(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two jobs render the report pages; a rebuild into a new folder links
    every unchanged report page and its files from the previous build, and
    renders the one that was edited."""
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    seed = (content / "reports" / "2019-zhangmianyi.md").read_text(encoding="utf-8")
    (content / "reports" / "2019-other.md").write_text(
        seed.replace("title: ", "title: 另一份：", 1), encoding="utf-8")
    first, second = tmp_path / "build-1", tmp_path / "build-2"
    assert main(["build", "--content", str(content), "--out", str(first), "--jobs", "2"]) == 0
    edited = content / "reports" / "2019-other.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("另一份：", "改过的：", 1),
                      encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(second), "--reuse",
                 str(first)]) == 0
    for prefix in ("", "zh-hant-tw/", "zh-hant-hk/"):
        kept = second / f"{prefix}reports/2019-zhangmianyi/index.html"
        assert kept.stat().st_ino == (first / f"{prefix}reports/2019-zhangmianyi/index.html").stat().st_ino
        assert (second / f"{prefix}reports/2019-zhangmianyi.pdf").stat().st_nlink == 2
        remade = second / f"{prefix}reports/2019-other/index.html"
        assert remade.stat().st_nlink == 1
    assert "改过的：" in (second / "reports/2019-other/index.html").read_text(encoding="utf-8")
    assert "改过的：" in (second / "bodies" / "index.html").read_text(encoding="utf-8") or \
        "改过的：" in (second / "index.html").read_text(encoding="utf-8")
    assert sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if "pagefind" not in str(p)) \
        == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if "pagefind" not in str(p))
    assert (second / "pagefind" / "pagefind.js").is_file()
