"""Standard tables read from text, where the table's grid is lost: crawler
dumps and OCR output with Markdown pipe rows, tab- or space-separated rows,
or one cell per line.

The cells are read as a stream of tokens in reading order: labels (block
titles, column and row labels) and figures. A row label's figures are the
figure tokens that follow it. They are placed only when that can be done
without guessing: by the position of the column labels in the block's header
when the header has as many cells as the row, else in the official column
order when the row has exactly as many figures as the table has columns. A
row with any other number of figures (cells spanned or dropped by the tool
that made the text) is left out with a warning that says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.content import standard_tables as st
from reader.importing import recognise
from reader.importing.recognise import Found
from reader.importing.source import CellRun
from reader.importing.text import figure_text, label_key, not_stated

_FIGURE = re.compile(r"[+\-]?\d[\d,]*(\.\d+)?(万?元|%)?")
_T3_NOTE = label_key("本列数据的勾稽关系为")
_HEADER_WORDS = {label_key(w) for w in ("信息内容", "申请人情况", "法人或其他组织", "行政诉讼")}


@dataclass(frozen=True)
class Token:
    text: str
    row: int  # the source row (line or pipe row) the cell came from


def is_value(text: str) -> bool:
    """A figure, or a cell that states nothing (blank, dash, 无)."""
    figure = figure_text(text)
    return bool(_FIGURE.fullmatch(figure)) or not_stated(figure)


def _strong_kind(text: str) -> str:
    """The standard table a label can only belong to, or ""."""
    if recognise.BLOCKS.find(text):
        return "二"
    key = label_key(text)
    if key.startswith(_T3_NOTE) or key.startswith(f"({_T3_NOTE}") or key == label_key("申请人情况") \
            or recognise.T3_ROWS.find(text):
        return "三"
    if recognise.T4_GROUPS.find(text) or key == label_key("行政诉讼"):
        return "四"
    return ""


def tokens_of(run: CellRun) -> list[Token]:
    return [Token(cell.strip(), r) for r, row in enumerate(run.rows) for cell in row]


def split_kinds(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """The stream cut where a label of another standard table starts."""
    parts: list[tuple[str, list[Token]]] = []
    kind, current = "", list[Token]()
    for token in tokens:
        strong = _strong_kind(token.text) if token.text else ""
        if strong and strong != kind:
            if current:
                parts.append((kind, current))
            kind, current = strong, []
        current.append(token)
    if current:
        parts.append((kind, current))
    return parts


def read(run: CellRun, context: Found | None = None) -> list[Found]:
    """The standard tables in a run. ``context``: the standard table just
    before it, which a run without labels of its own at its start goes on
    (a table continued on the next page)."""
    found: list[Found] = []
    for i, (kind, tokens) in enumerate(split_kinds(tokens_of(run))):
        if not kind and i == 0 and context is not None:
            kind = context.kind
        if not kind:
            continue
        table = Found(kind)
        if kind == "二":
            _read2(table, tokens, run, context.block if context and context.kind == kind else None)
        else:
            {"三": _read3, "四": _read4}[kind](table, tokens, run)
        found.append(table)
    return found


def _values(tokens: list[Token], start: int, run: CellRun, row: int) -> tuple[list[str], int]:
    """The value tokens from ``start``: to the end of the row where rows are
    known, else until the next token that is not a value."""
    values: list[str] = []
    j = start
    while j < len(tokens):
        token = tokens[j]
        if run.rows_known and token.row != row:
            break
        if not is_value(token.text):
            break
        values.append(token.text)
        j += 1
    return values, j


def _merge_header(cells: list[str], labels: recognise._Labels) -> list[str]:
    """Header cells with labels broken over several cells joined (本年新 /
    制作数量): each cell a column label, "" (blank) or "?" (unknown)."""
    out: list[str] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if not cell.strip():
            out.append("")
            i += 1
            continue
        label = labels.find(cell)
        j = i + 1
        joined = cell
        while label is None and j < len(cells) and cells[j].strip() and len(joined) < 30:
            joined += cells[j]
            label = labels.find(joined)
            j += 1
        if label is None:
            out.append("?")
            i += 1
        else:
            out.append(label)
            i = j
    return out


def _where(kind: str, row: str, run: CellRun) -> str:
    return f"table {kind}{f' ({run.where})' if run.where else ''}, row “{row}”"


def _ambiguous(found: Found, row: str, values: list[str], columns: int, run: CellRun) -> None:
    stated = [v for v in values if not not_stated(figure_text(v))]
    if not stated:
        return
    counted = (f"{len(values)} cells for {columns} column{'s' if columns > 1 else ''} (the "
               "text lost the table's spans)") if columns else \
        f"{len(values)} cells, and the block's columns cannot be told from its header"
    found.warnings.append(
        f"{_where(found.kind, row, run)}: {counted}, so which column each figure belongs to "
        f"cannot be told without guessing; left not reported (the figures as written: "
        f"{' '.join(v or '·' for v in values)})")


def _columns(fmt: str, block: str) -> tuple[str, ...] | None:
    return next((b.columns for b in st.TABLE2[fmt] if b.title == block), None)


def _block_format(block: str, header: list[str] | None, row: str, count: int) -> str | None:
    """The format whose columns this block has: from its column labels, its
    row label, or (failing both) the one format with that many columns."""
    formats = [fmt for fmt in st.FORMATS if _columns(fmt, block) is not None]
    for fmt in formats:
        own = _columns(fmt, block) or ()
        others = {c for f in formats if f != fmt for c in _columns(f, block) or ()}
        if header and any(h in own and h not in others for h in header):
            return fmt
    for fmt in formats:
        if row in recognise.FORMAT_LABELS[fmt]:
            return fmt
    fits = [fmt for fmt in formats if len(_columns(fmt, block) or ()) == count]
    return fits[0] if len(fits) == 1 else (formats[0] if len(formats) == 1 else None)


def _read2(found: Found, tokens: list[Token], run: CellRun, block: str | None = None) -> None:
    header: list[str] | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        title = recognise.BLOCKS.find(token.text) if token.text else None
        if title:
            block, header = title, None
            i += 1
            continue
        if block is None or not token.text:
            i += 1
            continue
        columns = recognise.T2_COLUMNS[block]
        if label_key(token.text) == label_key("信息内容") or columns.find(token.text):
            j = i + 1 if label_key(token.text) == label_key("信息内容") else i
            cells: list[str] = []
            while j < len(tokens) and not (
                    tokens[j].text and (recognise.T2_ROWS[block].find(tokens[j].text)
                                        or recognise.BLOCKS.find(tokens[j].text))) \
                    and (not run.rows_known or tokens[j].row == token.row):
                cells.append(tokens[j].text)
                j += 1
            header = _merge_header(cells, columns)
            recognise._formats(found, [h for h in header if h not in ("", "?")])
            i = j
            continue
        row = recognise.T2_ROWS[block].find(token.text)
        if row is None:
            i += 1
            continue
        values, i = _values(tokens, i + 1, run, token.row)
        recognise.slip(found, recognise.T2_ROWS[block], token.text, row)
        _place2(found, block, row, token.text, values, header, run)
    found.block = block or ""


def _place2(found: Found, block: str, row: str, written: str, values: list[str],
            header: list[str] | None, run: CellRun) -> None:
    fmt = _block_format(block, header, row, len(values))
    if fmt is None:
        _ambiguous(found, written, values, 0, run)
        return
    own = _columns(fmt, block) or ()
    recognise._formats(found, [row])
    if header and len(header) == len(values) and any(h in own for h in header):
        for label, value in zip(header, values, strict=True):
            if label in own:
                recognise._figure(found, (block, row, label), value, written, label, False)
            elif not not_stated(figure_text(value)):
                found.warnings.append(f"{_where(found.kind, written, run)}: “{value}” stands "
                                      "under no column label; left out")
        return
    if len(values) == len(own):
        for label, value in zip(own, values, strict=True):
            recognise._figure(found, (block, row, label), value, written, label, False)
        return
    if values:
        _ambiguous(found, written, values, len(own), run)


def _read3(found: Found, tokens: list[Token], run: CellRun) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        row = recognise.T3_ROWS.find(token.text) if token.text else None
        if row is None:
            i += 1
            continue
        values, i = _values(tokens, i + 1, run, token.row)
        if not values:
            continue
        recognise._formats(found, [row])
        recognise.slip(found, recognise.T3_ROWS, token.text, row)
        if len(values) == len(st.T3_COLUMNS):
            for column, value in zip(st.T3_COLUMNS, values, strict=True):
                recognise._figure(found, (row, column), value, token.text, column, True)
        else:
            _ambiguous(found, token.text, values, len(st.T3_COLUMNS), run)


def _read4(found: Found, tokens: list[Token], run: CellRun) -> None:
    """The 15 figures of table 四 follow its header labels in the official order."""
    width = len(st.T4_GROUPS) * len(st.T4_COLUMNS)
    rows: dict[int, list[str]] = {}
    for token in tokens:
        rows.setdefault(token.row, []).append(token.text)
    data = [cells for cells in rows.values()
            if any(cells) and all(is_value(c) for c in cells if c)]
    if run.rows_known and len(data) == 1 and len(data[0]) == width:
        values = data[0]
    else:
        values = [t.text for t in tokens if t.text and is_value(t.text)]
    if len(values) == width:
        keys = [(g, c) for g in st.T4_GROUPS for c in st.T4_COLUMNS]
        for (group, column), value in zip(keys, values, strict=True):
            recognise._figure(found, (group, column), value, group, column, True)
    elif values:
        _ambiguous(found, "行政复议 · 行政诉讼", values, width, run)


def is_header_word(text: str) -> bool:
    return label_key(text) in _HEADER_WORDS
