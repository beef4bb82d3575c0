from __future__ import annotations

from decimal import Decimal

import pytest

from reader.audit.numbers import amount, count, normalise


@pytest.mark.parametrize(("text", "value"), [
    ("17", 17), ("0", 0), ("零", 0), ("〇", 0), ("十", 10), ("十七", 17), ("二十", 20),
    ("一百零二", 102), ("两", 2), ("两千零五", 2005), ("一千二百三十四", 1234),
    ("万", None), ("一二", None), ("百", None),
])
def test_counts_in_digits_and_chinese_numerals(text: str, value: int | None) -> None:
    assert count(text) == value


def test_amounts_in_ten_thousands_of_yuan() -> None:
    assert amount("13万元") == Decimal(13)
    assert amount("251000元") == Decimal("25.1")
    assert amount("12.5", "万元") == Decimal("12.5")
    assert amount("13") is None  # no unit: not an amount we can compare
    assert amount("十三万元") is None


def test_full_width_digits_and_spaces_inside_figures() -> None:
    assert normalise("收到申请 １７ 件，较上年") == "收到申请17件，较上年"
