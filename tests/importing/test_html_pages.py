"""Saved portal pages as counties have them beyond the clean article: the
CMS's metadata tags and <title> when the article has no title line, an info
table in traditional script, a table published as a picture, and a report
that is an attached file saved beside its page. The articles are the corpus's
real Shanghai 2019 report (tests/data/real/shanghai-bgt-2019)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language.convert import opencc_for
from tests.import_support import CONTENT, empty_content, load_report, run_import, word_download

ARTICLE = (Path(__file__).resolve().parent.parent / "data" / "real" / "shanghai-bgt-2019" /
           "report.html").read_text("utf-8")
TITLE = "2019年上海市人民政府办公厅政府信息公开工作年度报告"
# the article without its own title and date lines
BODY = ARTICLE.split("</p>", 2)[2]


def _page(head: str, body: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/big5'>繁體版</a> "
            "<a href='/ai'>智能问答</a></div>"
            f"<div class='main'>{body}</div>"
            "<div class='footer'>版权所有：上海市人民政府 网站标识码3100000000</div></body></html>")


def _import(tmp_path: Path, name: str, html: str, *args: str) -> tuple[str, Path]:
    page = tmp_path / "inbox" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(html, "utf-8")
    content = empty_content(tmp_path / "content")
    assert run_import(page, "--content", content, "--slug", "report",
                      "--category", "政府信息公开/年报", *args) == 0
    return (content / "reports" / "report.md").read_text("utf-8"), content


def test_cms_meta_tags_give_title_and_date(tmp_path: Path) -> None:
    head = (f"<title>{TITLE}_政府信息公开年报_上海市人民政府</title>"
            f"<meta name='ArticleTitle' content='{TITLE}'>"
            "<meta name='PubDate' content='2020-01-31 10:05'>"
            "<meta name='ContentSource' content='上海市人民政府办公厅'>")
    text, content = _import(tmp_path, "a.htm", _page(head, BODY))
    report = load_report(content, "report")
    assert report.title == TITLE and report.organisation == "上海市人民政府办公厅"
    assert report.published.strftime("%Y-%m-%d %H:%M") == "2020-01-31 10:05"
    assert report.source == "上海市人民政府办公厅"
    for chrome in ("繁體版", "智能问答", "网站标识码"):
        assert chrome not in text


def test_title_as_last_resort_without_the_site_name(tmp_path: Path) -> None:
    head = f"<title>{TITLE} - 上海市人民政府</title>"
    _, content = _import(tmp_path, "b.htm", _page(head, BODY), "--published", "2020-01-31")
    assert load_report(content, "report").title == TITLE  # not 一、总体情况


def test_traditional_info_table(tmp_path: Path) -> None:
    info = ("<div>當前位置：首頁 &gt; 政府信息公開 &gt; 政府信息公開年報</div>"
            "<table><tr><td>索 引 號</td><td>SH-2020-0031</td><td>發布機構</td>"
            "<td>上海市人民政府辦公廳</td></tr><tr><td>名　　稱</td>"
            "<td>2019年上海市人民政府辦公廳政府信息公開工作年度報告</td><td>發布日期</td>"
            "<td>2020-01-31</td></tr></table>")
    body = info + str(opencc_for("s2tw").convert(BODY))
    text, content = _import(tmp_path, "c.htm", _page("", body))
    report = load_report(content, "report")
    assert report.index_number == "SH-2020-0031"
    assert report.organisation == "上海市人民政府辦公廳"
    assert report.title == "2019年上海市人民政府辦公廳政府信息公開工作年度報告"
    assert report.published.strftime("%Y-%m-%d") == "2020-01-31"
    assert report.script == "zh-Hant"
    assert "## 一、總體情況" in text and "當前位置" not in text and "發布機構" not in text


def test_a_table_published_as_a_picture_is_named(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    cut = BODY.index("<table")
    body = BODY[:cut] + "<p><img src='/u/2020/t2.png' alt=''></p>" + BODY[BODY.index(
        "</table>") + len("</table>"):]
    text, _ = _import(tmp_path, "d.htm", _page(f"<title>{TITLE}</title>", body),
                      "--published", "2020-01-31")
    out = capsys.readouterr().out
    assert "shows a picture where its table stands (/u/2020/t2.png)" in out
    assert "二、主动公开政府信息情况" in out
    assert "```annual-table 二" not in text  # nothing read from the picture


def test_report_in_an_attachment_saved_beside_the_page(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    bundled = load_report(CONTENT, "2019-zhangmianyi")
    attachment = tmp_path / "inbox" / "2019年报.docx"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(word_download(bundled))
    page = _page("<title>张家川县张棉驿乡2019年度政府信息公开工作报告_年报</title>",
                 "<h1>张家川县张棉驿乡2019年度政府信息公开工作报告</h1>"
                 "<p>索引号：zmyx/2023-00029 发布时间：2020-01-15 18:16:09</p>"
                 "<p>附件：<a href='/files/2019%E5%B9%B4%E6%8A%A5.docx'>2019年报.docx</a></p>")
    text, content = _import(tmp_path, "e.htm", page)
    out = capsys.readouterr().out
    report = load_report(content, "report")
    assert "the attached file “2019年报.docx”" in out
    assert report.index_number == "zmyx/2023-00029"  # the page's metadata
    assert report.published == bundled.published
    assert "## 一、总体情况" in text and "采购总金额: 13万元" in text
