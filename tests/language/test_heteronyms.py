"""Readings decided by a character's role (reader/language/heteronyms.py);
the scores on sentences are in tests/language/test_convert_sets.py."""

from __future__ import annotations

import pytest

from reader.language import pinyin

READINGS = pinyin.Pinyin()


def reading(text: str, char: str) -> str | None:
    return READINGS.readings(text)[text.index(char)]


@pytest.mark.parametrize("text,expected", [
    ("资金为十万元", "wéi"), ("总额为3万元。", "wéi"), ("期限为2019年1月1日起至2019年12月31日止", "wéi"),
    ("分别为3件、5件", "wéi"), ("为3名群众解决困难", "wèi"), ("因为3人缺席，", "wèi"), ("为人民服务", "wèi")])
def test_wei_before_an_amount(text: str, expected: str) -> None:
    assert reading(text, "为") == expected


@pytest.mark.parametrize("text,expected", [
    ("头发很长", "cháng"), ("周期较长", "cháng"), ("时间太长了", "cháng"), ("最长者", "zhǎng"),
    ("县长", "zhǎng"), ("增长较快", "zhǎng")])
def test_chang_after_a_degree_word(text: str, expected: str) -> None:
    assert reading(text, "长") == expected


@pytest.mark.parametrize("text,expected", [
    ("按期还款", "huán"), ("还帐", "huán"), ("还政于民", "huán"), ("还给申请人", "huán"),
    ("还清贷款", "huán"), ("还是", "hái"), ("还有问题", "hái"), ("还怕没有", "hái"),
    ("还清楚", "hái"), ("还本着原则", "hái"), ("还存在问题", "hái"), ("还给予支持", "hái")])
def test_huan_give_back(text: str, expected: str) -> None:
    assert reading(text, "还") == expected


@pytest.mark.parametrize("text,expected", [
    ("这倒是好事", "dào"), ("倒也简单", "dào"), ("倒很方便", "dào"), ("倒不如", "dào"),
    ("企业倒闭", "dǎo"), ("墙体倒塌", "dǎo"), ("倒在地上", "dǎo"), ("打倒", "dǎo")])
def test_dao_as_an_adverb(text: str, expected: str) -> None:
    assert reading(text, "倒") == expected


def test_site_entries_come_after_the_rules() -> None:
    site = pinyin.Pinyin({"还款": ["hái", "kuǎn"]})  # a publisher's entry wins over a rule
    assert site.readings("按期还款")[2] == "hái"
