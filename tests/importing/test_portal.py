"""Importing old portal pages: the plain-text copy of the seed page, and
saved pages in the markup Chinese CMSs produce (Word-pasted MsoNormal
tables with rowspan/colspan, GBK, &nbsp; padding, a breadcrumb, a metadata
line, toolbars and a footer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.content.document import ListBlock, Table
from tests.import_support import CONTENT, empty_content, load_report, run_import, text_blocks

SEED = Path(__file__).resolve().parent.parent / "data" / "seed_page.txt"


def test_seed_text_copy_reproduces_the_bundled_report(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    content = empty_content(tmp_path / "content")
    assert run_import(SEED, "--content", content) == 0
    out = capsys.readouterr().out
    bundled = load_report(CONTENT, "2019-zhangmianyi")
    imported = load_report(content, "2019-zhangmianyi")  # the address is made from the names
    assert (imported.title, imported.index_number, imported.published, imported.category) == \
        (bundled.title, bundled.index_number, bundled.published, bundled.category)
    assert imported.organisation == bundled.organisation and imported.year == 2019
    sections = [text for tag, text in text_blocks(imported) if tag == "h2"]
    assert sections == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                        "六、其他需要报告的事项"]
    assert text_blocks(imported) == text_blocks(bundled)
    # the page promises a table (详见下表) that is not there: the import says so
    assert "详见下表" in out and "no table follows" in out and "二、主动公开政府信息情况" in out
    # the portal's chrome stays out
    text = (content / "reports" / "2019-zhangmianyi.md").read_text("utf-8")
    for chrome in ("字号", "下载Word", "网站标识码", "版权所有", "无障碍浏览", "当前位置"):
        assert chrome not in text


# a saved article page as a Chinese CMS makes it; <!--META--> is where a charset goes
CMS_PAGE = (Path(__file__).resolve().parent.parent / "data" / "cms_page.html").read_text("utf-8")

ENCODINGS = [("gbk", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
             ("gb18030", ""), ("utf-8", ""), ("utf-8", '<meta charset="utf-8">'),
             ("gbk", '<?xml version="1.0" encoding="gbk"?>')]


@pytest.mark.parametrize(("encoding", "meta"), ENCODINGS,
                         ids=["gbk-declared", "gb18030-undeclared", "utf8-undeclared",
                              "utf8-declared", "gbk-xml-declaration"])
def test_saved_cms_page(encoding: str, meta: str, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "art_2022_0120.htm"
    page.write_bytes(CMS_PAGE.replace("<!--META-->", meta).encode(encoding))
    content = empty_content(tmp_path / "content")
    assert run_import(page, "--content", content, "--slug", "2021-yangben") == 0
    out = capsys.readouterr().out
    report = load_report(content, "2021-yangben")
    assert report.title == "测试县样本镇2021年度政府信息公开工作报告"  # not the <title>
    assert (report.index_number, report.source, report.author) == ("ybz/2022-00003", "样本镇", "党政办")
    assert report.published.isoformat() == "2022-01-20T00:00:00+08:00"
    assert report.category == ("政府信息公开", "法定主动公开内容", "政府信息公开年报")
    assert report.organisation == "测试县样本镇人民政府" and report.year == 2021
    assert report.table_format == "2021"
    assert text_blocks(report) == [
        ("p", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特发布本报告。"),
        ("h2", "一、总体情况"), ("h3", "（一）主动公开"), ("p", "2021年，本镇主动公开信息120条。"),
        ("p", "网站公开"), ("p", "政务大厅公开"),
        ("h2", "二、主动公开政府信息情况"), ("h2", "三、收到和处理政府信息公开申请情况"),
        ("h2", "四、政府信息公开行政复议、行政诉讼情况"), ("h2", "五、存在的主要问题及改进情况"),
        ("p", "公开形式较为单一。"), ("p", "详见县政府网站，重点领域已公开。"),
        ("h2", "六、其他需要报告的事项"), ("p", "无。")]
    figures = {kind: {k: f.text for k, f in t.figures.items()}
               for kind, t in report.standard_tables.items()}
    assert figures["二"] == {
        ("第二十条第（一）项", "规章", "本年制发件数"): "0",
        ("第二十条第（一）项", "规章", "现行有效件数"): "5",
        ("第二十条第（一）项", "行政规范性文件", "本年制发件数"): "12",
        ("第二十条第（一）项", "行政规范性文件", "现行有效件数"): "3",
        ("第二十条第（五）项", "行政许可", "本年处理决定数量"): "36"}
    assert figures["三"] == {
        ("一、本年新收政府信息公开申请数量", "自然人"): "3",
        ("一、本年新收政府信息公开申请数量", "商业企业"): "1",
        ("一、本年新收政府信息公开申请数量", "科研机构"): "0",
        ("一、本年新收政府信息公开申请数量", "总计"): "4",
        ("二、上年结转政府信息公开申请数量", "自然人"): "0",
        ("（一）予以公开", "自然人"): "2", ("（一）予以公开", "总计"): "2",
        ("1．属于国家秘密", "自然人"): "1", ("2．其他法律行政法规禁止公开", "自然人"): "0",
        ("（七）总计", "自然人"): "3", ("四、结转下年度继续办理", "自然人"): "0"}
    assert figures["四"] == {("行政复议", "结果维持"): "1", ("行政复议", "结果纠正"): "0",
                            ("行政复议", "其他结果"): "0", ("行政复议", "尚未审结"): "0",
                            ("行政复议", "总计"): "1",
                            **{("未经复议直接起诉", c): "0"
                               for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")}}
    # the figure in a row the format does not have is named, not dropped silently
    assert "warning: table 三, row “五、备注”, cell “7”" in out
    assert not [b for b in report.blocks if isinstance(b, Table) and not b.kind]
    assert [len(b.items) for b in report.blocks if isinstance(b, ListBlock)] == [2]
    text = (content / "reports" / "2021-yangben.md").read_text("utf-8")
    # a web link and bold type are kept; a link into the old portal is not
    assert "详见[县政府网站](http://www.example.gov.cn/zwgk/)，**重点**领域已公开。" in text
    for chrome in ("字号", "分享", "网站标识码", "版权所有", "不是正文", "门户网站", "无障碍", "办事服务"):
        assert chrome not in text


def test_article_laid_out_in_one_table(tmp_path: Path) -> None:
    """Old portals lay out the whole article in a table: title, metadata and
    body in its cells; it is read through, not taken for a data table."""
    body = "。".join(["本镇坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开"] * 4)
    page = tmp_path / "old.html"
    page.write_text(f"""<html><head><title>门户网站</title></head><body><table>
<tr><td colspan="2">当前位置：首页 &gt; 政务公开 &gt; 年度报告</td></tr>
<tr><td colspan="2"><b>测试县样本镇2018年政府信息公开工作年度报告</b></td></tr>
<tr><td>发布日期：2019-03-01</td><td>信息来源：样本镇</td></tr>
<tr><td colspan="2"><p>一、概述</p><p>{body}。</p><p>测试县样本镇人民政府</p>
<p>2019年3月1日</p></td></tr></table></body></html>""", "utf-8")
    content = empty_content(tmp_path / "content")
    assert run_import(page, "--content", content, "--slug", "2018-yangben") == 0
    report = load_report(content, "2018-yangben")
    assert report.title == "测试县样本镇2018年政府信息公开工作年度报告" and report.year == 2018
    assert report.category == ("政务公开", "年度报告") and report.source == "样本镇"
    assert report.organisation == "测试县样本镇人民政府"
    assert text_blocks(report) == [("h2", "一、概述"), ("p", body + "。")]
