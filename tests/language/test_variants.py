from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.language.variants import VARIANTS, from_accept_language
from reader.web.app import create_app
from tests.conftest import SEED

PAGES = ["/", SEED, "/sitemap", "/accessibility", "/help"]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.code for v in VARIANTS])
def test_lang_canonical_and_alternates(client: TestClient, variant) -> None:
    for path in PAGES:
        page = client.get(variant.prefix + path).text
        assert f'<html lang="{variant.code}"' in page
        # the test client's Host is not an allowed host: links name the first allowed one
        origin = "http://localhost"
        assert f'<link rel="canonical" href="{origin}{variant.prefix}{path}">' in page
        for other in VARIANTS:
            assert (f'<link rel="alternate" hreflang="{other.code}" '
                    f'href="{origin}{other.prefix}{path}">') in page
        assert f'<link rel="alternate" hreflang="x-default" href="{origin}{path}">' in page


def test_every_visible_part_is_converted(client: TestClient) -> None:
    page = client.get("/zh-hant-tw" + SEED).text
    for text in ("<title>張家川縣張棉驛鄉2019年度政府信息公開工作報告 - 張家川縣張棉驛鄉人民政府</title>",
                 "<h1 id=\"report-title\">張家川縣張棉驛鄉2019年度政府信息公開工作報告</h1>",
                 "<dt>索引號</dt>", "<dt>發布時間</dt>",  # metadata labels
                 'aria-label="目前位置"', ">首頁</a>",  # breadcrumb and menu
                 "長者模式</button>",  # button label
                 "<dt>版權所有</dt>", "張家川回族自治縣人民政府",  # footer
                 "收到和處理政府信息公開申請情況</caption>", "未報告</td>",  # tables
                 "積極打造“互聯網+政務公開”融合平臺"):  # body
        assert text in page, text


def test_nothing_else_is_converted(client: TestClient) -> None:
    simplified = client.get(SEED).text
    page = client.get("/zh-hant-tw" + SEED).text

    def skeleton(html: str) -> list[str]:
        # every URL, id, class and data attribute, in order
        return re.findall(r'\s(?:href|src|id|class|headers|data-[a-z-]+|hreflang)="([^"]*)"', html)

    def unprefixed(values: list[str]) -> list[str]:
        return [re.sub(r"^(https?://[^/]+)?/zh-hant-(tw|hk)(/|$)", r"\1/", v) for v in values]

    assert unprefixed(skeleton(simplified)) == unprefixed(skeleton(page))
    def numbers(html: str) -> list[str]:
        main = html.split("<main")[1]
        # file sizes differ: a traditional PDF embeds other font subsets
        return re.findall(r"\d+", re.sub(r'<section class="downloads".*?</section>', "", main, flags=re.S))

    assert numbers(simplified) == numbers(page)
    assert "zmyx/2023-00029" in page and "0938-7886150" in page and 'id="一总体情况"' in page


def test_switch_is_a_link_with_state(client: TestClient) -> None:
    page = client.get("/zh-hant-hk" + SEED).text
    switch = re.search(r'<nav class="script-switch".*?</nav>', page, re.S).group()
    links = re.findall(r"<a [^>]*>[^<]*</a>", switch)
    assert len(links) == 3
    [current] = [a for a in links if "aria-current" in a]
    assert "繁體（香港）" in current
    assert any(">简体</a>" in a for a in links)  # each label is written in its own script


def test_switch_round_trip_lands_on_the_same_page(client: TestClient) -> None:
    c = TestClient(client.app)
    response = c.get(f"/variant?to=zh-Hant-TW&next={SEED}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/zh-hant-tw" + SEED
    assert "reader_script=zh-Hant-TW" in response.headers["set-cookie"]
    # remembered: the simplified address now leads to the Taiwan page
    again = c.get(SEED, follow_redirects=False)
    assert again.status_code == 302 and again.headers["location"] == "/zh-hant-tw" + SEED
    back = c.get(f"/variant?to=zh-Hans-CN&next=/zh-hant-tw{SEED}", follow_redirects=False)
    assert back.headers["location"] == SEED
    final = c.get(SEED, follow_redirects=False)
    assert final.status_code == 200 and '<html lang="zh-Hans-CN"' in final.text


def test_accept_language_picks_on_first_visit_only(client: TestClient) -> None:
    c = TestClient(client.app)
    first = c.get(SEED, headers={"Accept-Language": "zh-HK,zh;q=0.8"}, follow_redirects=False)
    assert first.status_code == 302 and first.headers["location"] == "/zh-hant-hk" + SEED
    c.get(f"/variant?to=zh-Hans-CN&next={SEED}", follow_redirects=False)
    chosen = c.get(SEED, headers={"Accept-Language": "zh-HK"}, follow_redirects=False)
    assert chosen.status_code == 200  # the reader's choice wins


def test_no_redirect_loops(client: TestClient) -> None:
    for cookie in ("zh-Hant-TW", "zh-Hant-HK", "zh-Hans-CN", "garbage"):
        c = TestClient(client.app, cookies={"reader_script": cookie})
        for path in PAGES:
            for variant in VARIANTS:
                response = c.get(variant.prefix + path, headers={"Accept-Language": "zh-TW"})
                assert response.status_code == 200
                assert len(response.history) <= 1


@pytest.mark.parametrize("query,status,location", [
    ("to=klingon&next=/", 400, None),  # no such script
    ("next=/", 400, None),  # no script at all
    # a next page off the site goes to the home page, in the chosen script
    ("to=zh-Hant-TW&next=//evil.example/", 303, "/zh-hant-tw/"),
    ("to=zh-Hant-TW&next=https://evil.example/", 303, "/zh-hant-tw/"),
    ("to=zh-Hant-TW&next=/\\evil", 303, "/zh-hant-tw/")])
def test_switch_rejects_bad_input(client: TestClient, query: str, status: int,
                                  location: str | None) -> None:
    response = client.get("/variant?" + query, follow_redirects=False)
    assert response.status_code == status
    assert response.headers.get("location") == location


@pytest.mark.parametrize("header,expected", [
    ("zh-TW", "zh-Hant-TW"), ("zh-Hant", "zh-Hant-TW"), ("zh-HK,en;q=0.5", "zh-Hant-HK"),
    ("zh-MO", "zh-Hant-HK"), ("zh-CN", "zh-Hans-CN"), ("en-GB,en", None), ("zh-TW;q=x", None),
    ("en;q=1, zh-hk;q=0.4, zh-tw;q=0.9", "zh-Hant-TW")])
def test_accept_language(header: str, expected: str | None) -> None:
    found = from_accept_language(header)
    assert (found.code if found else None) == expected


def test_author_protected_passage_over_http(content_copy: Path) -> None:
    path = content_copy / "reports" / "2019-zhangmianyi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("六、其他需要报告的事项\n\n无。",
                    "六、其他需要报告的事项\n\n姓-{范}-的同志头发。"), encoding="utf-8")
    page = TestClient(create_app(content_copy)).get("/zh-hant-tw" + SEED).text
    assert '姓<span data-nc translate="no">范</span>的同志頭髮。' in page


def test_bad_glossary_keeps_last_good_one(content_copy: Path, capsys) -> None:
    app = create_app(content_copy)
    client = TestClient(app)
    (content_copy / "reports" / "2019-zhangmianyi.md").write_text(
        (content_copy / "reports" / "2019-zhangmianyi.md").read_text(encoding="utf-8")
        + "\n参与制造。\n", encoding="utf-8")
    app.state.server.reload()
    assert "參與製造" in client.get("/zh-hant-tw" + SEED).text
    glossary = content_copy / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "corrections:\n", "corrections:\n  坏条目: 壞\n"), encoding="utf-8")
    app.state.server.reload()
    assert any(p.path.name == "glossary.yaml" and "changes the length" in p.message
               for p in app.state.server.library.problems)
    assert "參與製造" in client.get("/zh-hant-tw" + SEED).text

    from reader.cli import check
    assert check(content_copy) == 1
    out = capsys.readouterr().out
    assert re.search(r"glossary\.yaml:\d+: error: “坏条目” → “壞”", out)


def test_glossary_entries_each_have_a_test() -> None:
    import csv

    from reader.language import glossary
    from tests.conftest import CONTENT
    entries = glossary.load(CONTENT / "glossary.yaml")[0]
    cases = (Path(__file__).parents[1] / "data" / "script_cases.tsv").read_text(encoding="utf-8")
    rows = [r["simplified"] for r in csv.DictReader(cases.splitlines(), delimiter="\t")]
    for phrase in list(entries.corrections) + entries.protected:
        assert any(phrase in row for row in rows), phrase


def test_glossary_file_is_copied_cleanly(tmp_path: Path) -> None:
    from tests.conftest import CONTENT
    shutil.copy(CONTENT / "glossary.yaml", tmp_path / "g.yaml")
    from reader.language import glossary
    assert glossary.load(tmp_path / "g.yaml")[1] == []
