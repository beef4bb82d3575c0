"""编制 by sense (reader/language/senses.py); the scores on real sentences
are in tests/language/test_convert_sets.py (class_cases.tsv)."""

from __future__ import annotations

import pytest

from reader.language import senses
from reader.language.convert import Converter
from reader.language.variants import BY_CODE

PLAIN = Converter()


@pytest.mark.parametrize("source", [
    "编制部门预算", "认真编制部门预算和决算", "会同有关部门编制规划", "编制了《政府信息公开指南》",
    "编制完成", "编制的预算", "做好预算编制工作", "计划的编制", "由办公室编制。", "所编制的统计数据",
    "制定并编制", "按规范编制、公布了目录", "编制成册", "编制政府信息公开工作年度报告"])
def test_compile(source: str) -> None:
    for code in ("zh-Hant-TW", "zh-Hant-HK"):
        assert "編製" in PLAIN.convert_text(source, BY_CODE[code]), (source, code)


@pytest.mark.parametrize("source", [
    "人员编制", "机构编制委员会", "核定编制人员", "编制内人员", "编制数", "严格控制编制",
    "按编制比例核定", "事业编制工作人员考核办法", "编制性质全额拨款", "人员编制的调整", "编制法"])
def test_establishment(source: str) -> None:
    for code in ("zh-Hant-TW", "zh-Hant-HK"):
        converted = PLAIN.convert_text(source, BY_CODE[code])
        assert "編制" in converted and "編製" not in converted, (source, code)


def test_simplified_is_untouched_and_length_kept() -> None:
    assert PLAIN.convert_text("编制预算", BY_CODE["zh-Hans-CN"]) == "编制预算"
    assert senses.apply("编制预算", "編制預算", "zh-Hant-TW") == "編製預算"
    assert senses.apply("编制预算", "編制預算", "zh-Hans-CN") == "編制預算"
    assert senses.positions("人员编制；编制预算。") == [5]


def test_every_occurrence_is_decided_on_its_own() -> None:
    text = "维持公务员编制零增长，并编制年度预算"
    converted = PLAIN.convert_text(text, BY_CODE["zh-Hant-TW"])
    assert converted.startswith("維持公務員編制零增長") and converted.endswith("編製年度預算")
