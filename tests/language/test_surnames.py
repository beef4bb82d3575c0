from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from reader.language import surnames
from reader.language.convert import Converter
from reader.language.variants import BY_CODE
from reader.web.app import create_app
from tests.conftest import report_text

TW, HK = BY_CODE["zh-Hant-TW"], BY_CODE["zh-Hant-HK"]
PLAIN = Converter()


@pytest.mark.parametrize("source,expected", [
    ("于书记", "于書記"), ("范主任", "范主任"), ("余副县长", "余副縣長"), ("朴书记", "朴書記"),
    ("姓于", "姓于"), ("姓范", "姓范"), ("朴姓人家", "朴姓人家"), ("岳局长", "岳局長"),
    ("游科长", "游科長"), ("郁处长", "郁處長"), ("涂组长", "涂組長"), ("于明书记", "于明書記"),
    ("于书记主持会议", "于書記主持會議"), ("作者：于明", "作者：于明")])
def test_surname_forms(source: str, expected: str) -> None:
    assert PLAIN.convert_text(source, TW) == expected
    assert PLAIN.convert_text(source, HK) == expected


@pytest.mark.parametrize("source,expected", [
    ("关于书记处的通知", "關於書記處的通知"), ("余下的局长", "餘下的局長"), ("党总支书记", "黨總支書記"),
    ("党委书记", "黨委書記"), ("对于主任的意见", "對於主任的意見"), ("一周后书记", "一週後書記"),
    ("中华姓氏", "中華姓氏")])
def test_not_surnames(source: str, expected: str) -> None:
    assert PLAIN.convert_text(source, TW) == expected


def test_every_surname_with_a_form_is_covered() -> None:
    """Each character whose surname form differs from OpenCC's character
    choice keeps that form after 姓 and before a title."""
    assert surnames.FORMS
    for char, form in surnames.FORMS.items():
        assert PLAIN.convert_text("姓" + char, TW)[1] == form
    titled = [char for char in surnames.FORMS if char in surnames.BEFORE_TITLE]
    assert titled, "no surname is checked before a title"
    for char in titled:
        assert PLAIN.convert_text(char + "书记", TW)[0] == surnames.FORMS[char], char


def test_author_metadata_over_http(content_copy) -> None:  # type: ignore[no-untyped-def]
    (content_copy / "reports" / "2021-yu.md").write_text(report_text(author="于明"), encoding="utf-8")
    client = TestClient(create_app(content_copy))
    page = client.get("/zh-hant-tw/reports/2021-yu").text
    assert "<dd>于明</dd>" in page


def test_author_in_files_keeps_the_surname(content_copy) -> None:  # type: ignore[no-untyped-def]
    import io

    import docx
    (content_copy / "reports" / "2021-yu.md").write_text(report_text(author="于明"), encoding="utf-8")
    client = TestClient(create_app(content_copy))
    word = client.get("/zh-hant-tw/reports/2021-yu.docx")
    assert word.status_code == 200
    assert docx.Document(io.BytesIO(word.content)).core_properties.author == "于明"
    assert PLAIN.convert_author("于明", TW) == "于明" and PLAIN.convert_text("于明", TW) == "於明"
    page = '<meta name="author" content="于明"><meta name="description" content="于明">'
    assert PLAIN.convert_html(page, TW) == \
        '<meta name="author" content="于明"><meta name="description" content="於明">'


@pytest.mark.parametrize("source,expected", [
    ("于某某犯盗窃罪", "于某某犯盜竊罪"), ("范某称", "范某稱"), ("余某", "余某"),
    ("关于某单位的通报", "關於某單位的通報"), ("对于某些问题", "對於某些問題")])
def test_anonymised_names(source: str, expected: str) -> None:
    assert PLAIN.convert_text(source, TW) == expected


def test_anonymised_positions() -> None:
    assert surnames.positions("单某称") == [0]
    assert surnames.positions("区某单位未按期整改") == []  # 某 opens a noun: "a certain unit"
    assert surnames.positions("调查某企业") == []  # 查 closes 调查
    assert surnames.positions("某些") == []


def test_a_title_holds_unless_the_word_after_takes_it() -> None:
    assert surnames.positions("查处长通报情况") == [0]
    assert surnames.titles("查处长通报情况") == [(1, 3)]
    assert surnames.positions("查处长期违法行为") == []  # 长期
    assert surnames.positions("查处长江非法采砂") == []  # 长江
    assert surnames.titles("任副县长讲话") == [(1, 4)]  # 副 goes with the title
