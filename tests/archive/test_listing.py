"""Listing pages at scale: grouping by body and year, pagination, reachability."""

from __future__ import annotations

import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from starlette.testclient import TestClient

from reader.archive import listing
from reader.language.variants import split_path
from reader.web.app import create_app
from tests.conftest import CONTENT, report_text

BODIES = 60  # more than one page of bodies (listing.BODIES_PER_PAGE)
YEARS = (2020, 2021)


def archive(root: Path) -> Path:
    """A content folder with BODIES bodies × YEARS years, under two category paths."""
    target = root / "content"
    shutil.copytree(CONTENT, target)
    for n in range(BODIES):
        kind, name = ("乡镇", f"第{n:02d}乡") if n % 2 else ("部门", f"第{n:02d}局")
        for year in YEARS:
            (target / "reports" / f"r{n:02d}-{year}.md").write_text(report_text(
                title=f"测试县{name}{year}年度政府信息公开工作报告",
                organisation=f"测试县{name}", year=str(year),
                published=f"{year + 1}-01-{n % 28 + 1:02d} 09:00:00 +08:00",
                index_number=f"t/{year}-{n:03d}",
                category=f"[政府信息公开, {kind}信息公开, 测试县{name}, 年报]"), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(archive(tmp_path_factory.mktemp("listing"))))


def test_window_shows_every_page_when_few_and_a_window_when_many() -> None:
    assert listing.paginate(95, 1, 20).window() == [1, 2, 3, 4, 5]
    assert listing.paginate(1000, 1, 50).window() == list(range(1, 21))  # 1,000 bodies
    many = listing.paginate(1000, 25, 10)
    assert many.pages == 100
    assert many.window() == [1, None, 22, 23, 24, 25, 26, 27, 28, None, 100]
    assert listing.paginate(0, 3, 20).page == 1  # an empty list is one (empty) page
    assert listing.paginate(50, 9, 20).page == 3  # past the end: the last page


@pytest.mark.parametrize("value, expected", [(None, 1), ("2", 2), ("0", 1), ("-1", 1),
                                             ("abc", 1), ("1e9", 1), ("9" * 40, 1)])
def test_page_numbers_never_fail(value: str | None, expected: int) -> None:
    assert listing.page_number(value) == expected


def test_home_groups_by_body_with_counts_and_links_pages(client: TestClient) -> None:
    page = client.get("/").text
    assert "共61个发布机构" in page  # 60 generated + the seed's body
    assert "测试县第00局</a> <span class=\"count\">（2篇，2020—2021年度）" in page
    nav = re.search(r'<nav class="pagination" aria-label="发布机构分页">.*?</nav>', page, re.S)
    assert nav is not None
    assert 'href="/bodies?page=2" rel="next"' in nav.group()
    assert 'aria-current="page"' in nav.group() and 'rel="prev"' not in nav.group()
    assert '<a href="/search?year=2021">2021年度</a> <span class="count">（60篇）' in page


def test_pages_mark_the_current_one_and_link_prev_and_next(client: TestClient) -> None:
    page = client.get("/bodies?page=2").text
    assert '<a href="/bodies?page=2" aria-current="page" aria-label="第2页">2</a>' in page
    assert 'href="/bodies" rel="prev"' in page  # page 1 is the address without ?page=
    assert 'rel="next"' not in page
    assert re.search(r'<link rel="canonical" href="[^"]*/bodies\?page=2">', page)
    clamped = client.get("/bodies?page=99").text  # past the end: the last page
    assert 'aria-current="page" aria-label="第2页"' in clamped
    assert client.get("/bodies?page=x%00").status_code == 200


def test_category_pages_paginate_sections_and_reports(client: TestClient,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    top = client.get("/category/政府信息公开/乡镇信息公开").text
    assert "共30个下级栏目、60篇报告" in top
    sections = re.search(r'<ul class="category-list">.*?</ul>', top, re.S)
    assert sections is not None and sections.group().count("<li>") == 30
    monkeypatch.setattr(listing, "SECTIONS_PER_PAGE", 20)
    second = client.get("/category/政府信息公开/乡镇信息公开?page=2").text
    sections = re.search(r'<ul class="category-list">.*?</ul>', second, re.S)
    assert sections is not None and sections.group().count("<li>") == 10
    assert 'aria-current="page" aria-label="第2页"' in second and 'rel="prev"' in second
    assert "<title>乡镇信息公开（第2页）" in second
    leaf = client.get("/category/政府信息公开/乡镇信息公开/测试县第01乡/年报").text
    assert leaf.count('class="report-list"') == 1 and "测试县第01乡2021年度" in leaf
    taiwan = client.get("/zh-hant-tw/category/政府信息公开/乡镇信息公开").text
    assert "共30個下級欄目" in taiwan


def test_every_report_is_at_most_four_clicks_from_home(client: TestClient) -> None:
    for prefix in ("", "/zh-hant-hk"):
        depth = {prefix + "/": 0}
        queue = deque([prefix + "/"])
        reports: dict[str, int] = {}
        while queue:
            here = queue.popleft()
            if depth[here] >= 4:
                continue
            for href in re.findall(r'href="([^"]+)"', client.get(here).text):
                path = unquote(urlsplit(href).path)
                if split_path(path)[0].prefix != prefix or path.startswith(prefix + "/static"):
                    continue
                target = href if "?page=" in href else path
                if re.fullmatch(re.escape(prefix) + r"/reports/[a-z0-9-]+", path):
                    reports.setdefault(path, depth[here] + 1)
                elif target not in depth and not re.search(r"\.(csv|json|docx|pdf)$", path) \
                        and not path.startswith(prefix + "/search") and "/variant" not in path:
                    depth[target] = depth[here] + 1
                    queue.append(target)
        assert len(reports) == 2 * BODIES + 1, prefix
        assert max(reports.values()) <= 4


def test_site_map_links_large_sections_instead_of_listing_them(client: TestClient) -> None:
    page = client.get("/sitemap").text
    assert "查看全部30个下级栏目" in page
    assert page.count("/reports/") < 5
    assert 'href="/bodies"' in page
