from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from reader.web.app import create_app
from tests.conftest import SEED, report_text

CATEGORY = "/category/" + "/".join(quote(p) for p in ("政府信息公开", "部门乡镇信息公开"))


def test_home_lists_reports_grouped_by_body_and_year(client: TestClient) -> None:
    page = client.get("/").text
    assert '<html lang="zh-Hans-CN"' in page
    assert "最新发布" in page and "按发布机构查找" in page and "按年度查找" in page
    assert f'href="{SEED}"' in page and "2019年度" in page
    assert 'href="/bodies/%E5%BC%A0%E5%AE%B6%E5%B7%9D%E5%8E%BF%E5%BC%A0%E6%A3%89%E9%A9%BF%E4%B9%A1' \
        '%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"' in page


def test_report_page_structure(client: TestClient) -> None:
    response = client.get(SEED)
    assert response.status_code == 200
    page = response.text
    assert page.count("<h1") == 1
    assert page.index('class="skip-link" href="#main-content"') < page.index("<header")
    for landmark in ("<header", "<nav", '<main id="main-content"', "<footer"):
        assert landmark in page
    assert '<nav class="crumbs" aria-label="当前位置">' in page
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', page, re.S).group()
    assert [t for t in re.findall(r">([^<>]+)</(?:a|span)>", crumbs)] == [
        "首页", "政府信息公开", "部门乡镇信息公开", "乡镇信息公开", "张棉驿乡", "政府信息公开年报", "正文"]
    meta = re.search(r'<dl class="report-meta">.*?</dl>', page, re.S).group()
    assert "<dt>索引号</dt><dd>zmyx/2023-00029</dd>" in meta
    assert '<time datetime="2020-01-15T18:16:09+08:00">2020-01-15 18:16:09</time>' in meta
    assert "<dt>来源</dt><dd>未注明</dd>" in meta and "<dt>作者</dt><dd>未注明</dd>" in meta
    assert page.count("<caption") == 3 and page.count('role="region"') == 3
    assert "详见下表" in page
    # no inline scripts or styles: the CSP forbids them
    assert "style=" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_not_reported_cells_say_so(client: TestClient) -> None:
    page = client.get(SEED).text
    assert len(re.findall(r'class="cell-nr">(?:<span class="cell-label".*?</span></span>)?未报告</td>',
                          page)) > 100
    assert ('<td headers="table-1-h8 table-1-h12 table-1-h14" class="num">'
            '<span class="cell-label" aria-hidden="true"><span>处理决定数量</span></span>1750</td>') in page


def test_footer_carries_the_portal_lines(client: TestClient) -> None:
    page = client.get("/").text
    for text in ("6205250002", "陇ICP备12000553号-1", "甘公网安备 62052502000101号", "62120230072",
                 "张家川回族自治县人民政府", "张家川县人民政府办公室", "0938-7886150", "zjctougao@163.com"):
        assert text in page


@pytest.mark.parametrize("path,text", [
    ("/category/" + quote("政府信息公开"), "下级栏目"),
    (CATEGORY, "乡镇信息公开"),
    ("/sitemap", "栏目与报告"),
    ("/accessibility", "WCAG"),
    ("/help", "长者模式"),
])
def test_every_page_type(client: TestClient, path: str, text: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and text in response.text
    assert response.text.count("<h1") == 1


def test_category_for_every_breadcrumb_level(client: TestClient) -> None:
    parts = ("政府信息公开", "部门乡镇信息公开", "乡镇信息公开", "张棉驿乡", "政府信息公开年报")
    for depth in range(1, len(parts) + 1):
        response = client.get("/category/" + "/".join(quote(p) for p in parts[:depth]))
        assert response.status_code == 200 and SEED in response.text


def test_sitemap_xml(client: TestClient) -> None:
    response = client.get("/sitemap.xml")
    assert response.headers["content-type"].startswith("application/xml")
    assert f"<loc>http://localhost{SEED}</loc>" in response.text
    assert ('hreflang="zh-Hant-HK" href="http://localhost/zh-hant-hk/reports/2019-zhangmianyi"'
            in response.text)


def test_accessibility_statement_names_standards_and_contact(client: TestClient) -> None:
    page = client.get("/accessibility").text
    for text in ("WCAG 2.2 AA", "GB/T 37668-2019", "适老化", "已知的不足", "0938-7886150"):
        assert text in page


@pytest.mark.parametrize("path,status", [
    ("/reports/nope", 404),
    ("/category/" + quote("没有"), 404),
    ("/category/", 404),
    ("/zh-hant-xx/reports/2019-zhangmianyi", 404),
    ("/reports/..%2f..%2fetc%2fpasswd", 400),
    ("/reports/%2e%2e/%2e%2e/etc/passwd", 400),
    ("/static/../reader/web/app.py", 404),
    ("/reports/%00", 400),
    ("/reports/%ff%fe", 400),
    ("/" + "a" * 5000, 414),
    ("/reports/x?" + "q=1&" * 1000, 414),
])
def test_hostile_paths_get_4xx_pages(client: TestClient, path: str, status: int) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == status
    if not path.startswith("/static/"):
        assert "<h1" in response.text and "返回首页" in response.text


def test_error_page_does_not_reflect_input(client: TestClient) -> None:
    refused = client.get("/reports/%3Cscript%3Ealert(1)%3C%2Fscript%3E")  # %2F: refused at once
    assert refused.status_code == 400 and "<script>alert" not in refused.text
    unknown = client.get("/reports/%3Cscript%3Ealert(1)%3C/script%3E")  # routed, then not found
    assert unknown.status_code == 404
    assert "<script>alert" not in unknown.text and "&lt;script&gt;alert" in unknown.text


def test_hostile_headers_and_cookies_are_ignored(client: TestClient) -> None:
    response = client.get(SEED, headers={
        "Cookie": 'reader_prefs="<script>"; reader_script=%%%; x=' + "y" * 4000,
        "Accept-Language": "zh-TW;q=abc, <script>, " + "x" * 5000,
        "If-None-Match": "\x7f" * 10}, follow_redirects=False)
    # an unknown script cookie is a choice of none: no redirect, the page in 简体
    assert response.status_code == 200 and '<html lang="zh-Hans-CN"' in response.text
    assert "<script>" not in response.text


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_static_files_are_fingerprinted_and_immutable(client: TestClient) -> None:
    page = client.get("/").text
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(css)
    assert response.status_code == 200 and "--bg" in response.text
    assert "immutable" in response.headers["cache-control"]
    assert "max-age=31536000" in response.headers["cache-control"]


def test_etag_revalidation(client: TestClient) -> None:
    first = client.get(SEED)
    etag = first.headers["etag"]
    again = client.get(SEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_no_third_party_requests(client: TestClient) -> None:
    for path in ("/", SEED, "/accessibility"):
        page = client.get(path).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', page):
            # absolute links (canonical, alternates) name the site itself
            assert url.startswith("http://localhost/") or not url.startswith(
                ("http:", "https:", "//")), url


def test_malformed_report_stays_out_and_others_stay_online(content_copy: Path) -> None:
    (content_copy / "reports" / "2021-bad.md").write_text(report_text(year="x"), encoding="utf-8")
    (content_copy / "reports" / "2021-good.md").write_text(report_text(), encoding="utf-8")
    client = TestClient(create_app(content_copy))
    assert client.get("/reports/2021-bad").status_code == 404
    assert client.get("/reports/2021-good").status_code == 200
    assert client.get(SEED).status_code == 200


def test_content_reload_picks_up_changes(content_copy: Path) -> None:
    app = create_app(content_copy)
    client = TestClient(app)
    assert client.get("/reports/2021-new").status_code == 404
    (content_copy / "reports" / "2021-new.md").write_text(report_text(), encoding="utf-8")
    app.state.server.reload()
    assert client.get("/reports/2021-new").status_code == 200


def test_full_disk_fails_only_the_download_with_a_clear_page(
        content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    monkeypatch.setenv("READER_CACHE", str(tmp_path / "cache"))
    app = create_app(content_copy)
    cache = app.state.downloads.cache  # type: ignore[attr-defined]
    real_put = cache.put

    def full_disk(key: str, ext: str, data: bytes) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(cache, "put", full_disk)
    client = TestClient(app)
    response = client.get(SEED + ".docx")
    assert response.status_code == 507 and response.headers["retry-after"]
    assert "存储空间已满" in response.text and "<h1" in response.text
    assert "content-disposition" not in response.headers
    for path in ("/", SEED, "/zh-hant-tw" + SEED, "/help"):  # everything else keeps working
        assert client.get(path).status_code == 200
    assert not list((tmp_path / "cache").glob("*.docx"))
    monkeypatch.setattr(cache, "put", real_put)  # space again: the download works
    again = client.get(SEED + ".docx")
    assert again.status_code == 200 and again.content.startswith(b"PK")
