"""The official document layout (GB/T 9704-2012) shared by the Word and PDF files.

A4 portrait; top margin 37 mm, left 28 mm, a text block of 156 × 225 mm; title
二号 (22 pt) centred; body 三号 (16 pt) 仿宋, 22 lines a page; headings by their
numbering: 一、 黑体, （一） 楷体, 1. and （1） 仿宋; page numbers 四号 (14 pt)
"— 1 —". A table wider than the portrait text block allows goes on a landscape
page (GB/T 9704-2012 10.2 allows tables set across the page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reader.content.document import Block, Heading, Table, plain_text

PAGE_MM = (210.0, 297.0)
TOP_MM, LEFT_MM = 37.0, 28.0
BLOCK_MM = (156.0, 225.0)
RIGHT_MM = PAGE_MM[0] - LEFT_MM - BLOCK_MM[0]  # 26
BOTTOM_MM = PAGE_MM[1] - TOP_MM - BLOCK_MM[1]  # 35
# a table without a caption of its own is named with this message id, in the
# interface's words of the reader's region (reader/language/i18n.py: message)
DEFAULT_CAPTION = "表格"

TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
PAGE_NUMBER_PT = 14.0  # 四号
TABLE_PT = 10.5  # 五号
LINE_PT = 28.95  # 22 lines in the 225 mm text block
WIDE_TABLE_COLUMNS = 11  # from this many columns a table gets a landscape page

# Faces by role. Word files name the fonts Chinese offices have; the PDF embeds
# free fonts (see templates/print.css): there is no free 仿宋 for simplified
# text, so the PDF body is set in a 宋体-style serif.
WORD_FONTS: dict[str, dict[str, str]] = {
    "zh-Hans-CN": {"fang": "仿宋", "hei": "黑体", "kai": "楷体", "song": "宋体", "mono": "仿宋"},
    "zh-Hant-TW": {"fang": "新細明體", "hei": "微軟正黑體", "kai": "標楷體", "song": "新細明體",
                   "mono": "細明體"},
    "zh-Hant-HK": {"fang": "新細明體", "hei": "微軟正黑體", "kai": "標楷體", "song": "新細明體",
                   "mono": "細明體"},
}

_NUMERAL = "一二三四五六七八九十百零〇"
_HEI = re.compile(rf"^[{_NUMERAL}]+[、，,]")
_KAI = re.compile(rf"^[（(][{_NUMERAL}]+[）)]")
_FANG = re.compile(r"^([0-9０-９]+[．.、]|[（(][0-9０-９]+[）)])")
_BY_LEVEL = {2: "hei", 3: "kai"}


def heading_face(heading: Heading) -> str:
    """The face a heading takes: "hei", "kai" or "fang". The numbering decides
    (一、 / （一） / 1. / （1）); an unnumbered heading goes by its level."""
    text = plain_text(heading.children).lstrip()
    for pattern, face in ((_HEI, "hei"), (_KAI, "kai"), (_FANG, "fang")):
        if pattern.match(text):
            return face
    return _BY_LEVEL.get(heading.level, "fang")


def is_wide(table: Table) -> bool:
    return table.width >= WIDE_TABLE_COLUMNS


@dataclass
class Landscape:
    """A wide table and the headings right before it: one landscape page, so
    the headings never stay behind at the foot of a portrait page."""

    headings: list[Heading]
    table: Table


def with_landscape(blocks: Sequence[Block]) -> list[Block | Landscape]:
    """The blocks in order, each wide table gathered with the headings that
    lead into it."""
    out: list[Block | Landscape] = []
    pending: list[Heading] = []
    for node in blocks:
        if isinstance(node, Heading):
            pending.append(node)
            continue
        if isinstance(node, Table) and is_wide(node):
            out.append(Landscape(pending, node))
        else:
            out.extend(pending)
            out.append(node)
        pending = []
    out.extend(pending)
    return out


def chinese_date(moment: datetime) -> str:
    """成文日期 as GB/T 9704-2012 writes it: 2020年1月15日."""
    return f"{moment.year}年{moment.month}月{moment.day}日"


def column_weights(table: Table) -> list[float]:
    """Relative column widths for a table laid out on paper: a data cell
    should not wrap, a column header may take two lines, a row header three."""
    weights = [2.0] * table.width
    for row in table.grid():
        for placed in row:
            if placed is None or placed.colspan != 1 or placed.cell.colspan != 1:
                continue
            cell = placed.cell
            length = len(plain_text(cell.children))
            if not cell.header:
                need = length + 1.0
            elif cell.scope in ("row", "rowgroup"):
                need = min(length / 3 + 1, 10.0)
            else:
                need = length / 2 + 1
            weights[placed.col] = max(weights[placed.col], need)
    return weights


TITLE_EM = BLOCK_MM[0] / 25.4 * 72 / TITLE_PT  # characters of 二号 on one line: 20.1
_TITLE_BREAKS = ("年度", "年", "关于", "關於")  # break after a year, or before 关于


def _em(text: str) -> float:
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def title_lines(title: str) -> list[str]:
    """A title too long for one line, broken where the words allow (GB/T
    9704-2012 7.2.3: 词意完整, 排列对称): after the year, or before 关于;
    never a lone word on the second line."""
    if _em(title) <= TITLE_EM:
        return [title]
    for word in _TITLE_BREAKS:
        at = title.rfind(word)
        if at <= 0:
            continue
        cut = at if word in ("关于", "關於") else at + len(word)
        first, second = title[:cut], title[cut:]
        if first and second and _em(first) <= TITLE_EM and _em(second) <= TITLE_EM:
            return [first, second]
    return [title]
