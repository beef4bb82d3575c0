"""Open data read back the way a data user reads it: with csv and json."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.archive import opendata
from reader.content.reports import load
from reader.web.app import create_app
from tests.conftest import CONTENT, SEED

BLOCK5 = "第二十条第（五）项"


def read_csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith("\ufeff".encode())  # Excel needs the byte-order mark
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The seed, and the same body's report a year earlier."""
    target = tmp_path_factory.mktemp("opendata") / "content"
    shutil.copytree(CONTENT, target)
    seed = (CONTENT / "reports" / "2019-zhangmianyi.md").read_text(encoding="utf-8")
    earlier = (seed.replace("2019", "2018").replace("table_format: 2018", "table_format: 2019")
               .replace("zmyx/2023-00029", "zmyx/2019-00003")
               .replace("处理决定数量: 1750", "处理决定数量: 1600"))
    (target / "reports" / "2018-zhangmianyi.md").write_text(earlier, encoding="utf-8")
    return TestClient(create_app(target))


def test_report_csv_has_one_row_per_figure(client: TestClient) -> None:
    response = client.get(SEED + ".csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="2019-zhangmianyi.csv"' in response.headers["content-disposition"]
    rows = read_csv(response.content)
    assert list(rows[0]) == list(opendata.CSV_HEADER)
    by_cell = {(r["表格"], r["板块"], r["行"], r["列"]): r for r in rows}
    stated = by_cell[("表二 主动公开政府信息情况", BLOCK5, "其他对外管理服务事项", "处理决定数量")]
    assert (stated["原文数值"], stated["数字"]) == ("1750", "1750")
    assert by_cell[("表二 主动公开政府信息情况", BLOCK5, "其他对外管理服务事项", "本年增/减")][
        "原文数值"] == "+1"
    money = by_cell[("表二 主动公开政府信息情况", "第二十条第（九）项", "政府集中采购", "采购总金额")]
    assert (money["原文数值"], money["数字"]) == ("13万元", "")  # as written; not a number
    unstated = by_cell[("表四 政府信息公开行政复议、行政诉讼情况", "行政复议", "", "结果维持")]
    assert (unstated["原文数值"], unstated["数字"]) == ("", "")  # not reported, never 0
    zero = by_cell[("表三 收到和处理政府信息公开申请情况", "", "一、本年新收政府信息公开申请数量", "自然人")]
    assert (zero["原文数值"], zero["数字"]) == ("0", "0")
    # every cell of the three official tables, once
    assert len(rows) == len(by_cell) == sum(1 for kind in ("二", "三", "四")
                                            for _ in opendata.layout(kind, "2019"))


def test_report_json_says_null_for_not_reported(client: TestClient) -> None:
    data = json.loads(client.get(SEED + ".json").text)
    assert data["slug"] == "2019-zhangmianyi" and data["year"] == 2019
    assert data["index_number"] == "zmyx/2023-00029"
    tables = {t["table"]: t["figures"] for t in data["tables"]}
    review = [f for f in tables["表四 政府信息公开行政复议、行政诉讼情况"]]
    assert review and all(f["value"] is None and f["number"] is None for f in review)
    [handled] = [f for f in tables["表二 主动公开政府信息情况"]
                 if f["row"] == "其他对外管理服务事项" and f["column"] == "处理决定数量"]
    assert handled == {"block": BLOCK5, "row": "其他对外管理服务事项", "column": "处理决定数量",
                       "value": "1750", "number": 1750}


def test_every_script_converts_labels_and_leaves_numbers(client: TestClient) -> None:
    rows = read_csv(client.get("/zh-hant-tw" + SEED + ".csv").content)
    assert list(rows[0]) == ["表格", "板塊", "行", "列", "原文數值", "數字"]
    money = [r for r in rows if r["列"] == "採購總金額"]
    assert money[0]["原文數值"] == "13万元"  # the value as written, in any script
    assert money[0]["表格"] == "表二 主動公開政府信息情況"
    data = json.loads(client.get("/zh-hant-hk" + SEED + ".json").text)
    assert data["organisation"] == "張家川縣張棉驛鄉人民政府"
    assert data["url"] == "/zh-hant-hk" + SEED


def test_one_csv_per_year_across_bodies(client: TestClient) -> None:
    rows = read_csv(client.get("/data/2019.csv").content)
    assert {r["报告"] for r in rows} == {"张家川县张棉驿乡2019年度政府信息公开工作报告"}
    assert {r["网址"] for r in rows} == {SEED}
    stated = {(r["行"], r["列"]): r["原文数值"] for r in rows}
    assert stated[("其他对外管理服务事项", "处理决定数量")] == "1750"
    assert all(value != "" for value in stated.values())  # only stated figures
    assert len(rows) == 11  # the seed states 4 figures in table 二 and 7 in table 三
    earlier = read_csv(client.get("/zh-hant-tw/data/2018.csv").content)
    assert {r["發布機構"] for r in earlier} == {"張家川縣張棉驛鄉人民政府"}
    assert {r["網址"] for r in earlier} == {"/zh-hant-tw/reports/2018-zhangmianyi"}
    assert client.get("/data/1999.csv").status_code == 404
    assert client.get("/data/20x9.csv").status_code == 404
    assert client.get("/reports/no-such.csv").status_code == 404


def test_body_page_compares_years_in_an_accessible_table(client: TestClient) -> None:
    report = client.get(SEED).text
    link = re.search(r'href="(/bodies/[^"]+)">张家川县张棉驿乡人民政府各年度对比', report)
    assert link is not None
    assert f'href="{SEED}.csv"' in report and f'href="{SEED}.json"' in report
    page = client.get(link.group(1)).text
    table = re.search(r"<table class=\"data-table comparison\">.*?</table>", page, re.S)
    assert table is not None
    assert "<caption" in table.group() and '<th scope="col">2019年度</th>' in table.group()
    row = re.search(r'<tr><th scope="row">[^<]*处理决定数量</th>(.*?)</tr>', table.group())
    assert row is not None and re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1)) == ["1750", "1600"]
    assert "未报告" not in row.group(1)
    assert client.get("/bodies/no-such-body").status_code == 404


def test_figures_of_a_report_without_tables_are_empty(tmp_path: Path) -> None:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    report = load(target).by_slug["2019-zhangmianyi"]
    assert len(opendata.figures(report)) > 0
    report.loaded = type(report.body)(report.blocks, {})
    assert opendata.figures(report) == []


def test_a_group_figure_is_one_cell_of_the_open_data() -> None:
    from reader.archive.opendata import layout
    from reader.content import standard_tables as st

    subs = dict(st.T3_GROUPS["2021"])["（六）其他处理"]
    given = {("（六）其他处理", "自然人"): object()}
    cells = [(row, column) for _, row, column, _ in layout("三", "2021", given)]
    assert ("（六）其他处理", "自然人") in cells
    assert not any((sub, "自然人") in cells for sub in subs)
    assert all((sub, "商业企业") in cells for sub in subs)  # other columns keep their rows
    assert ("（六）其他处理", "商业企业") not in cells
