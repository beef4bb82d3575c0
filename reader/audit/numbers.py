"""Counts and amounts as report texts write them: 17, 十七, 一百零二, 两千,
零, 13万元, 251000元, 1.5万元."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

CHINESE = "零〇一二两三四五六七八九十百千万"
# a count in digits or in Chinese numerals; a lone 十 is ten
NUMBER = rf"(?:\d+|[{CHINESE}]+)"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise(text: str) -> str:
    """Full-width digits as ASCII, and no spaces inside a figure (17 件)."""
    text = text.translate(_FULL_WIDTH)
    return re.sub(r"(?<=[\d\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\d\u4e00-\u9fff])", "", text)


def count(text: str) -> int | None:
    """A whole number written in digits or Chinese numerals, or None."""
    if text.isdigit():
        return int(text)
    if text == "〇":
        return 0
    text = text.replace("〇", "零").replace("两", "二")
    try:
        value = cn2an.cn2an(text, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value == int(value) else None


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元|万)?")


def amount(text: str, unit: str = "") -> Decimal | None:
    """An amount of money in 万元: ``13万元``, ``251000元``, ``13`` with
    ``unit`` 万元 (a column's unit), else None."""
    match = _AMOUNT.fullmatch(text.replace(",", "").strip())
    if match is None:
        return None
    try:
        value = Decimal(match.group(1))
    except InvalidOperation:
        return None
    written = match.group(2) or unit
    if written in ("万元", "万"):
        return value
    if written == "元":
        return value / 10000
    return None
