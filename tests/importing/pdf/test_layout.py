"""A PDF page's words as lines and paragraphs: spaces that are layout, not
text; page numbers; running headers."""

from __future__ import annotations

import pytest

from reader.importing.pdf.layout import PAGE_NUMBER, Line, Word, drop_running, join_words


def _word(text: str, x0: float, x1: float, size: float = 16) -> Word:
    return Word(text, x0, x1, 100, 100 + size, size)


def test_justified_chinese_and_ocr_spacing_are_not_spaces() -> None:
    words = [_word("2023", 0, 30), _word("年", 34, 50), _word("政府", 53, 85), _word("信息", 95, 127)]
    assert join_words(words) == "2023年政府信息"


def test_wide_gap_and_ruling_line_separate_cells() -> None:
    words = [_word("规章", 0, 32), _word("0", 150, 158), _word("0", 250, 258)]
    assert join_words(words) == "规章  0  0"
    close = [_word("行政许可", 0, 64), _word("9487", 70, 100)]
    assert join_words(close, [(67.0, 0.0, 200.0)]) == "行政许可  9487"


@pytest.mark.parametrize("text", ["-4-", "- 12 -", "—3—", "第4页", "第 4 页 共 9 页", "3/12", "7"])
def test_page_numbers(text: str) -> None:
    assert PAGE_NUMBER.match(text.replace(" ", ""))


def test_running_header_and_page_numbers_dropped() -> None:
    def line(text: str, top: float) -> Line:
        return Line(text, 80, 500, top, top + 12, 12, 0)

    pages = [[line("某某县人民政府办公室", 20), line(f"正文第{n}页的内容", 300), line(f"- {n} -", 800)]
             for n in (1, 2, 3)]
    kept = drop_running(pages, [842.0] * 3)
    assert [[x.text for x in page] for page in kept] == [[f"正文第{n}页的内容"] for n in (1, 2, 3)]
