"""Tables of a PDF page found from their ruling lines — the lines a reader
sees: stroked lines and rectangles, and thin filled bars; not the invisible
white boxes Word and WPS put behind text — with each cell's row and column
spans worked out from where its borders fall on the table's grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reader.content import document as d
from reader.importing.pdf.layout import Word, join_words

THIN = 2.0  # a filled rectangle this thin is drawn as a line
EDGE = 2.5  # borders this close are one grid line


@dataclass
class PageTable:
    """A table found on a page, as rows of cells with spans, where it stands,
    and its column borders (to join a table that goes on over the next page)."""

    top: float
    bottom: float
    columns: list[float]
    rows: list[list[d.Cell]] = field(default_factory=list)
    texts: list[list[str]] = field(default_factory=list)  # each row's cell texts, to compare rows


def _line(x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top}


def _visible(obj: dict[str, Any]) -> bool:
    colour = obj.get("non_stroking_color")
    white = colour in ((1,), (1.0,), (1, 1, 1), (1.0, 1.0, 1.0), [1], [1, 1, 1]) or (
        isinstance(colour, (tuple, list)) and len(colour) == 4 and not any(colour))
    return bool(obj.get("stroke")) or (bool(obj.get("fill")) and not white)


def ruling_lines(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(vertical, horizontal) visible lines of the page, as line objects."""
    vertical: list[dict[str, Any]] = []
    horizontal: list[dict[str, Any]] = []
    for line in page.lines:
        (vertical if abs(line["x0"] - line["x1"]) < THIN else horizontal).append(line)
    for rect in page.rects:
        if not _visible(rect):
            continue
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        if x1 - x0 <= THIN:
            vertical.append(_line(x0, x0, top, bottom))
        elif bottom - top <= THIN:
            horizontal.append(_line(x0, x1, top, top))
        elif rect.get("stroke"):
            horizontal += [_line(x0, x1, top, top),
                           _line(x0, x1, bottom, bottom)]
            vertical += [_line(x0, x0, top, bottom),
                         _line(x1, x1, top, bottom)]
    return vertical, _closed(vertical, horizontal)


def _closed(vertical: list[dict[str, Any]], horizontal: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """Horizontal lines with a table's open edge closed: where a table runs
    off the bottom of a page (or on at the top of the next) its columns' lines
    end together with no line across them."""
    added = list(horizontal)
    for end in ("top", "bottom"):
        groups: dict[int, list[dict[str, Any]]] = {}
        for line in vertical:
            groups.setdefault(round(line[end] / EDGE), []).append(line)
        for group in groups.values():
            if len(group) < 3:
                continue
            y = sum(line[end] for line in group) / len(group)
            x0, x1 = min(line["x0"] for line in group), max(line["x0"] for line in group)
            if not any(abs(h["top"] - y) <= EDGE and h["x0"] <= x0 + EDGE and h["x1"] >= x1 - EDGE
                       for h in horizontal):
                added.append(_line(x0, x1, y, y))
    return added


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > EDGE:
            out.append(value)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


_LINE_GLYPHS = set("1Il|丨[]！!")


def scanned_words(page: Any, vertical: list[dict[str, Any]]) -> list[Word]:
    """The characters OCR read on a scanned page, one Word each, without the
    ones that are a table's ruling lines read as text (| read as 1 or l)."""
    out = []
    for char in page.chars:
        text = char["text"].strip()
        if not text:
            continue
        centre = (char["x0"] + char["x1"]) / 2
        if text in _LINE_GLYPHS and any(abs(line["x0"] - centre) <= 2.5 and line["top"] - 2
                                        <= char["top"] <= line["bottom"] + 2 for line in vertical):
            continue
        out.append(Word(text, char["x0"], char["x1"], char["top"], char["bottom"],
                        float(char["size"])))
    return out


def find(page: Any, words: list[Word]) -> list[PageTable]:
    """The page's tables, from its drawn ruling lines."""
    vertical, horizontal = ruling_lines(page)
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal,
                "intersection_tolerance": 3, "snap_tolerance": 2, "join_tolerance": 2}
    found = []
    for table in page.find_tables(settings):
        cells = [c for c in table.cells if c[2] - c[0] > 1 and c[3] - c[1] > 1]
        xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
        ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
        if len(xs) < 3 or len(ys) < 2:
            continue  # a box around text, not a table
        found.append(_build(cells, xs, ys, words))
    return found


def _build(cells: list[tuple[float, float, float, float]], xs: list[float], ys: list[float],
           words: list[Word]) -> PageTable:
    placed: dict[tuple[int, int], tuple[int, int, str]] = {}
    for x0, top, x1, bottom in cells:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        inside = [w for w in words if x0 <= w.centre_x <= x1 and top <= w.centre_y <= bottom]
        placed[(r0, c0)] = (max(1, r1 - r0), max(1, c1 - c0), cell_text(inside))
    table = PageTable(ys[0], ys[-1], xs)
    covered: set[tuple[int, int]] = set()
    for r in range(len(ys) - 1):
        row: list[d.Cell] = []
        texts: list[str] = []
        c = 0
        while c < len(xs) - 1:
            if (r, c) in covered:
                c += 1
                continue
            rowspan, colspan, text = placed.get((r, c), (1, 1, ""))
            colspan = min(colspan, len(xs) - 1 - c)
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, c + dc))
            row.append(d.Cell([d.Text(text)], colspan=colspan, rowspan=rowspan))
            texts.append(text)
            c += colspan
        table.rows.append(row)
        table.texts.append(texts)
    return table


def cell_text(words: list[Word]) -> str:
    """A cell's words in reading order: lines top to bottom, each left to
    right; lines of Chinese text joined without a break (a label set in a
    narrow cell wraps wherever the cell ends)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) < 0.5 * word.size:
            lines[-1].append(word)
        else:
            lines.append([word])
    return "\n".join(join_words(line) for line in lines)


def continues(previous: PageTable, table: PageTable) -> bool:
    """Whether a table at the top of a page goes on from the one that ended
    the page before: the same column borders."""
    return len(previous.columns) == len(table.columns) and all(
        abs(a - b) <= 3 * EDGE for a, b in zip(previous.columns, table.columns, strict=True))


def join(previous: PageTable, table: PageTable) -> None:
    """Rows of a continuation appended; header rows repeated at its top
    (the rows the table began with) left out."""
    skip = 0
    while skip < len(table.texts) and skip < len(previous.texts) and \
            any(t.strip() for t in table.texts[skip]) and \
            [t.strip() for t in table.texts[skip]] == [t.strip() for t in previous.texts[skip]]:
        skip += 1
    previous.rows.extend(table.rows[skip:])
    previous.texts.extend(table.texts[skip:])
    previous.bottom = table.bottom
