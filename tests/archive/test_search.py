"""Search as a resident meets it: GET /search in a browser without JavaScript."""

from __future__ import annotations

import html
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from reader.archive import reading, search
from reader.archive.catalog import Catalog
from reader.content.site import Site
from reader.web.app import create_app
from tests.conftest import CONTENT, report_text

SEED_TITLE = "张家川县张棉驿乡2019年度政府信息公开工作报告"


def _write(folder: Path, name: str, **meta: str) -> None:
    (folder / "reports" / f"{name}.md").write_text(report_text(**meta), encoding="utf-8")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    target = tmp_path_factory.mktemp("search") / "content"
    shutil.copytree(CONTENT, target)
    _write(target, "2021-longshan", title="张家川县龙山镇2021年度政府信息公开工作报告",
           organisation="张家川县龙山镇人民政府", index_number="lsz/2022-00007")
    _write(target, "2021-health", title="清水县卫生健康局2021年度政府信息公开工作报告",
           organisation="清水县卫生健康局", index_number="wjj/2022-00001",
           category="[政府信息公开, 部门信息公开, 年报]")
    _write(target, "2021-hant", title="測試鎮2021年度政府信息公開工作報告",
           organisation="測試鎮人民政府", script="zh-Hant", year="2021",
           category="[政府信息公開, 年報]")
    for n in range(25):  # enough for more than one page of results
        _write(target, f"2020-town-{n:02d}", title=f"测试县第{n:02d}乡2020年度政府信息公开工作报告",
               organisation=f"测试县第{n:02d}乡人民政府", year="2020",
               published="2021-01-10 09:00:00 +08:00")
    app = create_app(target)
    assert app.state.server.search.ready.wait(60), "the search index was not built"
    return TestClient(app)


def parse(page: str) -> tuple[str, list[str]]:
    """(the status text, the result titles without markup) of a results page."""
    status = re.search(r'<div role="status" class="search-status">(.*?)</div>', page, re.S)
    assert status is not None
    titles = re.findall(r'<h2 class="search-result-title"><a href="[^"]+">(.*?)</a></h2>', page)
    return (re.sub(r"<[^>]+>", "", status.group(1)).strip(),
            [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in titles])


def results(client: TestClient, url: str) -> tuple[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.text)


@pytest.mark.parametrize("query", [
    "张棉驿乡2019",  # title
    "社会各界对我乡信息公开工作",  # body text
    "zmyx/2023-00029",  # 索引号
    "2023-00029",
    "张家川县张棉驿乡人民政府",  # body name
    "張棉驛",  # traditional (Taiwan)
    "zhangmianyi", "Zhāngmiányì", "zhang1mian2yi4", "zhang mian yi",  # pinyin
    "zmy",  # initials
])
def test_finds_the_seed_report(client: TestClient, query: str) -> None:
    status, titles = results(client, f"/search?q={query}")
    assert SEED_TITLE in titles, (query, status)


def test_two_character_names_and_initials(client: TestClient) -> None:
    _, titles = results(client, "/search?q=龙山")
    assert titles == ["张家川县龙山镇2021年度政府信息公开工作报告"]
    _, titles = results(client, "/search?q=ls")  # two initials: lóng shān
    assert "张家川县龙山镇2021年度政府信息公开工作报告" in titles


def test_hong_kong_forms_find_simplified_text(client: TestClient) -> None:
    # 衞 is the Hong Kong form of 卫 (Taiwan writes 衛): only hk2s reads it
    _, titles = results(client, "/search?q=衞生健康局")
    assert titles == ["清水县卫生健康局2021年度政府信息公开工作报告"]
    _, titles = results(client, "/search?q=衛生健康局")
    assert titles == ["清水县卫生健康局2021年度政府信息公开工作报告"]


def test_a_report_written_in_traditional_script_is_found_in_either(client: TestClient) -> None:
    for query in ("测试镇", "測試鎮", "ceshizhen"):
        _, titles = results(client, f"/search?q={query}")
        assert titles == ["测试镇2021年度政府信息公开工作报告"], query  # shown in 简体


def test_results_come_in_the_readers_script_with_marks(client: TestClient) -> None:
    page = client.get("/zh-hant-tw/search?q=张棉驿").text
    assert '<html lang="zh-Hant-TW"' in page
    assert "<mark>張棉驛</mark>" in page
    assert "張家川縣" in page and "张家川县" not in page.split('name="q"')[-1].split("</form>")[1]
    status, _ = results(client, "/zh-hant-hk/search?q=zmy")
    assert "共找到1篇報告" in status


def test_a_year_is_found_and_filters_narrow(client: TestClient) -> None:
    status, titles = results(client, "/search?q=2020")
    assert "共找到25篇报告" in status and len(titles) == 20
    page = client.get("/search?q=2020").text
    assert "<h1>搜索结果：25篇</h1>" in page and "<title>搜索结果：25篇 - " in page
    assert 'href="/search?q=2020&amp;page=2" rel="next"' in page
    status, titles = results(client, "/search?q=2020&page=2")
    assert len(titles) == 5 and "这是第2页" in status
    status, titles = results(client, "/search?q=政府信息公开&year=2019")
    assert titles == [SEED_TITLE]
    status, titles = results(client, "/search?q=政府信息公开&body=张家川县龙山镇人民政府")
    assert titles == ["张家川县龙山镇2021年度政府信息公开工作报告"]
    page = client.get("/search?q=政府信息公开").text
    assert 'href="/search?q=%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80&amp;year=2019"' \
        in page  # year facet
    status, titles = results(client, "/search?year=2021")  # browsing by year alone
    assert "共找到3篇报告" in status


def test_the_form_is_in_every_pages_header_and_needs_no_script(client: TestClient) -> None:
    for url in ("/", "/help", "/reports/2019-zhangmianyi", "/zh-hant-hk/sitemap"):
        page = client.get(url).text
        form = re.search(r'<form class="site-search" role="search"[^>]*>.*?</form>', page, re.S)
        assert form is not None, url
        assert 'method="get"' in form.group() and 'name="q"' in form.group()
        assert '<label for="site-search-q">' in form.group() and "<button" in form.group()
    assert 'action="/zh-hant-hk/search"' in client.get("/zh-hant-hk/").text


@pytest.mark.parametrize("query", [
    "", "   ", "<script>alert(1)</script>", '"', '" OR 1=1 --', "NEAR(a b)", "*", "%_",
    "a" * 101, "张" * 150, "\x00\x01", "\x01\x1b\x7f张棉驿", "title:张", "AND OR NOT",
])
def test_hostile_and_odd_queries_get_a_helpful_page(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query, "page": "-3", "year": "x<y"})
    assert response.status_code == 200
    page = response.text
    assert "<script>alert" not in page and "x<y" not in page
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", page)  # not allowed in HTML
    status, _ = parse(page)
    assert status  # always says something
    if len(query) > search.MAX_QUERY:
        assert "太长" in status


def test_an_over_long_address_is_refused_not_failed(client: TestClient) -> None:
    assert client.get("/search?q=" + "张" * 2000).status_code == 414


def _reload_and_index(reader: Any) -> None:
    """Reload the content and wait until the search index has caught up."""
    before = reader.search.version
    reader.reload()
    deadline = time.monotonic() + 30
    while reader.search.version == before:
        assert time.monotonic() < deadline, "the index was not updated after the reload"
        time.sleep(0.05)


def test_a_new_report_is_found_after_reload(tmp_path: Path) -> None:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    app = create_app(target)
    reader = app.state.server
    assert reader.search.ready.wait(60)
    client = TestClient(app)
    assert results(client, "/search?q=新来镇")[1] == []
    _write(target, "2022-new", title="新来镇2022年度政府信息公开工作报告",
           organisation="新来镇人民政府", year="2022")
    _reload_and_index(reader)
    assert results(client, "/search?q=新来镇")[1] == ["新来镇2022年度政府信息公开工作报告"]
    (target / "reports" / "2022-new.md").unlink()
    _reload_and_index(reader)
    assert results(client, "/search?q=新来镇")[1] == []
    reader.stop()


def test_pinyin_forms() -> None:
    assert search.pinyin_form("Zhāng Miányì") == "zhangmianyi"
    assert search.pinyin_form("lü4") == "lv"
    assert search.pinyin_form("2019") is None and search.pinyin_form("张") is None
    assert search.names_of("张棉驿乡") == "zhangmianyixiang zmyx"


def test_server_processes_can_share_one_index(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "cache"))
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    for n in range(30):
        _write(target, f"2020-share-{n:02d}", title=f"共享乡{n:02d}2020年度报告",
               organisation=f"共享乡{n:02d}人民政府", year="2020")
    first, second = create_app(target).state.server, create_app(target).state.server
    assert first.leading and not second.leading  # one process does the shared work
    assert first.search.ready.wait(60)
    assert first.search.search("共享乡").total == 30 == second.search.search("共享乡").total
    first.stop()
    deadline = time.monotonic() + 30
    while not second.leading:  # the other takes over when the first is gone
        assert time.monotonic() < deadline
        time.sleep(0.1)
    second.stop()


def test_a_phrase_in_every_report_is_counted_approximately_and_fast(tmp_path: Path) -> None:
    """More matches than search.CAP: the first ones, newest first, and an
    estimate of the rest."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    index = search.SearchIndex(_catalog(target, 60, tmp_path), tmp_path / "search")
    while index.work(5):
        pass
    old_cap = search.CAP
    search.CAP = 20  # the same logic as at 1,000 in a larger archive
    try:
        found = index.search("政府信息公开")
        assert found.approximate and found.total > 20 and found.shown == 20
        newest = [hit.slug for hit in index.search("政府信息公开", limit=3).hits]
        assert newest[0] == "2020-newest" and set(newest[1:]) == {"2019-many-27", "2019-many-55"}
        few = index.search("第05乡")
        assert not few.approximate and few.total == 1
    finally:
        search.CAP = old_cap


def _catalog(target: Path, count: int, tmp_path: Path) -> Catalog:
    for n in range(count):
        _write(target, f"2019-many-{n:02d}", title=f"测试县第{n:02d}乡2019年度政府信息公开工作报告",
               organisation=f"测试县第{n:02d}乡人民政府", year="2019",
               published=f"2020-01-{1 + n % 28:02d} 09:00:00 +08:00")
    _write(target, "2020-newest", title="最新乡2020年度政府信息公开工作报告",
           organisation="最新乡人民政府", year="2020", published="2021-03-01 09:00:00 +08:00")
    catalog = Catalog(target, tmp_path / "catalog")
    scan = catalog.scan(Site())
    assert scan is not None
    catalog.apply([reading.read(catalog.reports_dir, *item, Site(), True) for item in scan.changed])
    return catalog
