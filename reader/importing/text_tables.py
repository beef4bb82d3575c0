"""Lines of text (a crawler dump, OCR output, a page copied as text) → body
items: paragraphs, and the stretches of lines that hold a table as cell runs
(``source.CellRun``): Markdown pipe rows, tab- or space-separated rows, and
tables written one cell per line. A paragraph in which a standard table's
cells have run together (规章 000行政规范性文件693665) is cut out and marked
(``glued``): nobody can tell its cells apart, so its figures are not read.
Official section headings that a dump ran into the text are put on lines of
their own first.
"""

from __future__ import annotations

import re
import unicodedata

from reader.importing import cell_runs, recognise
from reader.importing.source import CellRun, Item, Para
from reader.importing.text import clean_space, label_key, simplified

# The six sections, as the two formats name them and as offices commonly rename them.
SECTION_TITLES = {
    "一": ("总体情况", "概述"),
    "二": ("主动公开政府信息情况",),
    "三": ("收到和处理政府信息公开申请情况",),
    "四": ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
          "政府信息公开行政复议及行政诉讼情况", "因政府信息公开申请行政复议、提起行政诉讼的情况",
          "因政府信息公开工作被申请行政复议和提起行政诉讼情况"),
    "五": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况",
          "存在的主要问题及整改措施", "存在问题及改进情况", "存在的主要问题和改进情况"),
    "六": ("其他需要报告的事项",),
}
_INLINE_SECTION = re.compile("|".join(
    f"{number}\\s*[、.．]\\s*(?:{'|'.join(re.escape(t) for t in titles)})"
    for number, titles in SECTION_TITLES.items()))
_SENTENCE = re.compile(r"[。；;，,：:！？]")
_MD_RULE = re.compile(r"^:?-{2,}:?$")
_SPACED = re.compile(r"\t+| {2,}|\u3000+")
_URL = re.compile(r"https?://")
# a table label with its figures run straight on, as no sentence writes them
# (行政规范性文件693665, 结果维持10203…: no unit such as 件 or 条 after the digits)
_GLUED = re.compile(r"(?:规章|规范性文件|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|"
                    r"政府集中采购|申请数量|予以公开|其他情形[)）]|国家秘密|禁止公开|一稳定”|合法权益|事务信息|"
                    r"过程性信息|执法案卷|查询事项|政府信息|另行制作|仍不明确|投诉类申请|重复申请|"
                    r"出版物|反复申请|已获取信息|其他处理|总计|继续办理|审结)\s?\d+(?![\d.,])"
                    r"(?!\s*[件条个次人项份名家期万元%])")
FRAGMENT = 12  # a line this short, without sentence punctuation, may be a piece of a label


def split_sections(line: str) -> list[str]:
    """A long line with official section headings run into it, cut before and
    after each heading."""
    if len(line) < 40:
        return [line]
    plain = simplified(unicodedata.normalize("NFKC", line))
    if len(plain) != len(line):
        return [line]
    out: list[str] = []
    last = 0
    for match in _INLINE_SECTION.finditer(plain):
        if match.start() == 0 and match.end() == len(line):
            return [line]
        out.append(line[last:match.start()])
        out.append(line[match.start():match.end()])
        last = match.end()
    out.append(line[last:])
    return [part.strip() for part in out if part.strip()]


def cells_of(line: str) -> list[str] | None:
    """A row's cells when the line is a table row (pipes, tabs or wide
    spaces between cells), [] for a Markdown rule row, None otherwise."""
    text = line.strip()
    if "|" in text and not _URL.search(text):
        parts = text.split("|")
        if text.endswith("|"):
            parts = parts[:-1]
        if text.startswith("|") and len(parts) > 1:
            parts = parts[1:]
        cells = [clean_space(p) for p in parts]
        if cells and all(_MD_RULE.match(c) for c in cells if c) and any(cells):
            return []
        return cells
    if _SPACED.search(text):
        cells = [c for c in _SPACED.split(text) if c.strip()]
        if len(cells) >= 2 and any(cell_runs.is_value(c) for c in cells[1:]) \
                and not _SENTENCE.search(cells[0]):
            return [clean_space(c) for c in cells]
    return None


def is_label(text: str) -> bool:
    """Any label of the standard tables, or a word of their headers."""
    if not text:
        return False
    if cell_runs._strong_kind(text) or cell_runs.is_header_word(text):
        return True
    if any(labels.find(text) for labels in (*recognise.T2_COLUMNS.values(),
                                            *recognise.T2_ROWS.values())):
        return True
    return bool(recognise.T3_COLUMNS.find(text) or recognise.T4_COLUMNS.find(text)
                or recognise.T3_GROUPS.find(text))


def _starts_table(cells: list[str]) -> bool:
    return bool(cells) and bool(cell_runs._strong_kind(cells[0]))


def _table_like(cells: list[str] | None, text: str) -> bool:
    if cells is not None:
        return True
    text = text.strip()
    if cell_runs.is_value(text) or is_label(text):
        return True
    return len(text) <= FRAGMENT and not _SENTENCE.search(text) and not _INLINE_SECTION.match(
        simplified(unicodedata.normalize("NFKC", text)))


def glued_kinds(text: str) -> list[str]:
    """The standard tables whose cells have run together in this paragraph."""
    key = label_key(text)
    kinds = []
    if re.search(r"第二十条第?\(?[一五六八九]\)?项", key):
        kinds.append("二")
    if "本列数据的勾稽关系" in key or "本年新收政府信息公开申请数量" in key:
        kinds.append("三")
    if "行政复议" in key and "行政诉讼" in key and "结果维持" in key:
        kinds.append("四")
    plain = simplified(unicodedata.normalize("NFKC", text))
    runs = [m.group() for m in _GLUED.finditer(plain)]
    # two labels with figures run on, or one with a run of digits no figure has
    glued = len(runs) >= 2 or any(len(re.sub(r"\D", "", r)) >= 8 for r in runs)
    return kinds if kinds and glued else []


def _glued_start(text: str) -> int:
    """Where the first table label of a glued paragraph starts."""
    plain = simplified(unicodedata.normalize("NFKC", text))
    starts = [m.start() for m in (re.search(r"第二十条\s*第?[(（]?[一五六八九]", plain),
                                   re.search(r"[(（]?本列数据的勾稽关系", plain),
                                   re.search(r"行政复议\s*行政诉讼", plain)) if m]
    return min(starts) if starts and len(plain) == len(text) else 0


def items(lines: list[str]) -> list[Item]:
    """The lines as paragraphs and cell runs."""
    expanded: list[str] = []
    for line in lines:
        spaced = "|" in line or _SPACED.search(line.strip())
        expanded.extend([line] if spaced else split_sections(clean_space(line)))
    out: list[Item] = []
    i = 0
    while i < len(expanded):
        line = expanded[i]
        if not line.strip():
            i += 1
            continue
        cells = cells_of(line)
        first = cells if cells else [clean_space(line)]
        if cells is None and glued_kinds(clean_space(line)):
            first = []
        if _starts_table(first) or (cells is not None and len(cells) >= 2):
            j, rows, multi = i, [], 0
            while j < len(expanded):
                candidate = expanded[j]
                if not candidate.strip():
                    j += 1
                    continue
                row = cells_of(candidate)
                if not _table_like(row, candidate) or (
                        j > i and row is None and _INLINE_SECTION.match(
                            simplified(unicodedata.normalize("NFKC", candidate.strip())))):
                    break
                if row == []:
                    j += 1
                    continue
                row = row if row is not None else [clean_space(candidate)]
                multi += len(row) >= 2
                rows.append(row)
                j += 1
            known = multi >= 0.6 * len(rows)
            if not known and not any("|" in line for line in expanded[i:j]
                                     if line.strip() and line.strip() != "|"):
                # a “|” on its own line after each cell ends that cell: it is no cell itself
                rows = [row for row in rows if row != [""]]
            out.append(CellRun(rows, rows_known=known, where=f"lines {i + 1}–{j}"))
            i = j
            continue
        text = clean_space(line)
        kinds = glued_kinds(text)
        if kinds:
            start = _glued_start(text)
            if text[:start].strip():
                out.append(Para(text[:start].strip()))
            out.append(CellRun([[text[start:]]], rows_known=True, where=f"line {i + 1}",
                               glued=kinds))
        else:
            out.append(Para(text))
        i += 1
    return out
