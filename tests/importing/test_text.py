"""Text rules of the import: punctuation as the bundled reports write it,
official numbering, signature dates and table label keys."""

from __future__ import annotations

import pytest

from reader.importing.structure import numbering, signature_date
from reader.importing.text import label_key, not_stated, punctuation


@pytest.mark.parametrize(("typed", "written"), [
    ("根据《条例》(下称《条例》)要求,现公布。", "根据《条例》（下称《条例》）要求，现公布。"),
    ("咨询电话:0938-7911002;邮编:741505", "咨询电话：0938-7911002；邮编：741505"),
    ("时间 2020-01-15 18:16:09", "时间 2020-01-15 18:16:09"),  # a time keeps its colons
    ("共1,750件", "共1,750件"),  # a number keeps its comma
    ("详见 https://www.example.gov.cn/a.html 。", "详见 https://www.example.gov.cn/a.html。"),
    ("公开信息１２０条", "公开信息120条"),
    ("满意.", "满意。"),
    ("(2021)", "(2021)"),  # nothing Chinese inside or around: left as typed
])
def test_punctuation(typed: str, written: str) -> None:
    assert punctuation(typed) == written


@pytest.mark.parametrize(("text", "kind", "prefix"), [
    ("一、总体情况", "cn", "一、"), ("十二.其他", "cn", "十二、"), ("(一)存在问题", "paren-cn", "（一）"),
    ("（ 三 ）改进", "paren-cn", "（三）"), ("1.主动公开", "num", "1．"), ("２．依申请", "num", "2．"),
    ("(1)网站", "paren-num", "（1）"),
])
def test_official_numbering(text: str, kind: str, prefix: str) -> None:
    found = numbering(text)
    assert found is not None and found[:2] == (kind, prefix)


@pytest.mark.parametrize("text", ["2019年，我乡", "1.5万元", "一是部分站所", "12月31日"])
def test_not_numbering(text: str) -> None:
    assert numbering(text) is None


@pytest.mark.parametrize(("text", "date"), [
    ("2021年1月25日", "2021-01-25"), ("二〇二一年一月二十五日", "2021-01-25"),
    ("二○二○年十二月三十一日", "2020-12-31"), ("２０２２年 １ 月 ２０ 日", "2022-01-20"),
    ("2021年13月1日", ""), ("2021年度工作报告", ""),
])
def test_signature_dates(text: str, date: str) -> None:
    assert signature_date(text) == date


def test_label_keys_and_not_stated() -> None:
    assert label_key("本年新收政府信息\n公开申请数量") == label_key("本年新收政府信息公开申请数量")
    assert label_key("自 然 人") == "自然人" and label_key("1、属于国家秘密") == label_key("1．属于国家秘密")
    for blank in ("", "—", "——", "-", "/", "无", "未报告"):
        assert not_stated(blank)
    assert not not_stated("0")


def test_headings_from_numbering_and_type() -> None:
    from reader.content.document import Heading, Paragraph, plain_text
    from reader.importing.source import Para
    from reader.importing.structure import build

    body = build([
        Para("一、总体情况", emphasised=True),
        Para("（一）存在问题:一是公开不够;二是形式单一。"),  # heading run into its text
        Para("1．本年度共收到申请5件，均已按时答复。", emphasised=True),  # a bold sentence
        Para("2.网站建设"),
        Para("二、其他", style_level=2),
        Para("测试乡人民政府"), Para("2021年1月25日")])
    assert [(type(b).__name__, getattr(b, "level", 0), plain_text(b.children))
            for b in body.blocks if isinstance(b, (Heading, Paragraph))] == [
        ("Heading", 2, "一、总体情况"), ("Heading", 3, "（一）存在问题"),
        ("Paragraph", 0, "一是公开不够；二是形式单一。"),
        ("Paragraph", 0, "1．本年度共收到申请5件，均已按时答复。"),
        ("Heading", 4, "2．网站建设"), ("Heading", 2, "二、其他")]
    assert (body.organisation, body.date) == ("测试乡人民政府", "2021-01-25")
