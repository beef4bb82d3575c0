"""A PDF page's words → lines → paragraphs. Lines wrapped at the right
margin are joined into their paragraph; a paragraph starts with an indent,
after a short line, or where the type size changes. Running headers and
footers (text repeated at the top or bottom of most pages) and page numbers
(- 4 -, 第 4 页, 4/12) are left out. Words far apart on one line are set two
spaces apart, so that a table drawn without ruling lines reads as a spaced
row (``text_tables``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》、，。；：！？（）]")
PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d{1,4}\s*[-—–－]$|^第\s*\d{1,4}\s*页(\s*共\s*\d+\s*页)?$|"
                         r"^\d{1,4}\s*/\s*\d{1,4}$|^\d{1,4}$")
WIDE = 1.6  # a gap of this many type sizes between words separates table cells
MARGIN = 0.07  # the top and bottom of a page where running headers and footers stand


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


Cut = tuple[float, float, float]  # a ruling line seen in a scan: (x, top, bottom)


def join_words(words: list[Word], cuts: list[Cut] = ()) -> str:  # type: ignore[assignment]
    """Words of one line as text: no space next to Chinese (gaps there are
    justification, or the spaces OCR puts between characters), one space
    between Latin words and numbers, two spaces across a wide gap or a ruling
    line (``cuts``) between them."""
    out = ""
    previous: Word | None = None
    for word in sorted(words, key=lambda w: w.x0):
        if previous is not None:
            gap = word.x0 - previous.x1
            ruled = any(previous.centre_x < x < word.centre_x and top - 2 <= word.centre_y
                        <= bottom + 2 for x, top, bottom in cuts)
            if ruled or gap >= WIDE * max(word.size, previous.size):
                out += "  "
            elif gap > 0.15 * word.size and not (_CJK.search(previous.text[-1:])
                                                 or _CJK.search(word.text[:1])):
                out += " "
        out += word.text
        previous = word
    return re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", out)


def lines_of(words: list[Word], page: int, cuts: list[Cut] = ()) -> list[Line]:  # type: ignore[assignment]
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - word.top) < 0.45 * max(word.size, 1):
            rows[-1].append(word)
        else:
            rows.append([word])
    out = []
    for row in rows:
        size = Counter(round(w.size, 1) for w in row).most_common(1)[0][0]
        out.append(Line(join_words(row, cuts), min(w.x0 for w in row), max(w.x1 for w in row),
                        min(w.top for w in row), max(w.bottom for w in row), size, page))
    return out


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_running(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Pages without page numbers and the headers and footers repeated on them."""
    edge: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        for line in lines:
            if line.top < height * MARGIN or line.bottom > height * (1 - MARGIN):
                edge[_normal(line.text)] += 1
    repeated = {text for text, count in edge.items() if count >= max(2, len(pages) // 2 + 1)}
    out = []
    for lines, height in zip(pages, heights, strict=True):
        kept = []
        for line in lines:
            at_edge = line.top < height * MARGIN or line.bottom > height * (1 - MARGIN)
            compact = re.sub(r"\s+", "", line.text)
            if PAGE_NUMBER.match(compact) and (at_edge or line is lines[-1] or line is lines[0]):
                continue
            if at_edge and _normal(line.text) in repeated:
                continue
            kept.append(line)
        out.append(kept)
    return out


@dataclass
class Frame:
    """The text block of the document: its left and right margins and the body's type size."""

    left: float
    right: float
    size: float


def frame_of(pages: list[list[Line]]) -> Frame:
    lines = [line for page in pages for line in page]
    if not lines:
        return Frame(0, 0, 12)
    size = Counter(round(line.size) for line in lines).most_common(1)[0][0]
    body = [line for line in lines if round(line.size) == size] or lines
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = sorted(line.x1 for line in body)[int(len(body) * 0.9)]
    return Frame(left, right, size)


def is_row(line: Line) -> bool:
    return "  " in line.text.strip()


def paragraphs(lines: list[Line], frame: Frame) -> list[tuple[str, Line]]:
    """Lines joined into paragraphs: (text, its first line)."""
    out: list[tuple[str, Line]] = []
    previous: Line | None = None
    for line in lines:
        joins = (previous is not None and out and not is_row(line) and not is_row(previous)
                 and abs(line.size - previous.size) < 0.25 * max(line.size, 1)
                 and previous.x1 >= frame.right - 1.5 * frame.size
                 and line.x0 <= frame.left + 0.5 * frame.size
                 and line.top - previous.bottom < 1.2 * line.size)
        if joins:
            text, first = out[-1]
            glue = "" if _CJK.search(text[-1:]) or _CJK.search(line.text[:1]) else " "
            out[-1] = (text + glue + line.text.strip(), first)
        else:
            out.append((line.text.strip(), line))
        previous = line
    return out
