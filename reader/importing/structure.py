"""Raw paragraphs and tables → the report body: headings recognised from the
official numbering (一、 （一） 1． （1）) whether the source marks them with
heading styles, with bold 黑体/楷体 type, or not at all; the closing signature
(落款) taken out; the standard tables recognised by their labels."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from reader.content import document as d
from reader.importing import cell_runs, recognise
from reader.importing.source import CellRun, Item, Para
from reader.importing.text import marks, punctuation, simplified, squeeze, tighten

_CN = "[一二三四五六七八九十]+"
NUMBERING = (
    ("cn", re.compile(rf"^({_CN})\s*[、.．]\s*")),
    ("paren-cn", re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、.．]?\s*")),
    ("num", re.compile(r"^([0-9０-９]{1,2})\s*[．.、](?![0-9０-９])\s*")),
    ("paren-num", re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*")),
)
_CANONICAL = {"cn": "{}、", "paren-cn": "（{}）", "num": "{}．", "paren-num": "（{}）"}
SHORT_HEADING = 30  # a numbered line this short, with no sentence end, is a heading
_SEE_TABLE = re.compile(r"(详见|见|如)下表")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_DATE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                   r"(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
_MONTH = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月$")
ORGANISATION_END = re.compile(r"(人民政府|政府|办公室|办公厅|委员会|管委会|办事处|街道|局|厅|委|办|"
                              r"乡|镇|中心|院|处|所|站|队)$")


@dataclass
class Body:
    blocks: list[d.Block | recognise.Found] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    organisation: str = ""
    date: str = ""  # ISO date of the signature, if any
    formats: set[str] = field(default_factory=set)


def numbering(text: str) -> tuple[str, str, str] | None:
    """(kind, canonical prefix, rest) for a text that opens with official numbering."""
    for kind, pattern in NUMBERING:
        match = pattern.match(text)
        if match:
            number = unicodedata.normalize("NFKC", match.group(1))
            return kind, _CANONICAL[kind].format(number), text[match.end():]
    return None


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # a year written digit by digit: 二〇二一
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def signature_date(text: str) -> str:
    """2021年1月25日 or 二〇二一年一月二十五日 → 2021-01-25; "" if not a date."""
    match = _DATE.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
    if not match:
        return ""
    try:
        year, month, day = (_cn_number(g) for g in match.groups())
    except KeyError:
        return ""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_name_line(text: str) -> bool:
    return 2 <= len(text) <= 40 and not re.search(r"[，。；：,;:！？]", text)


def _split_heading(para: Para) -> tuple[str, str] | None:
    """(heading, rest of the paragraph) when the paragraph is, or opens with, a
    numbered heading; None when it is an ordinary paragraph."""
    text = para.text
    found = numbering(text)
    if found is None:
        return None
    ends_sentence = bool(re.search(r"[。；;]$", text))
    if para.style_level or (para.emphasised and len(text) <= 2 * SHORT_HEADING
                            and not ends_sentence):
        return text, ""
    if para.lead and numbering(para.lead) and len(para.lead) < len(text):
        return para.lead.rstrip("：:。. "), text[len(para.lead):].lstrip("：:。. ")
    if len(text) <= SHORT_HEADING and not ends_sentence:
        return text, ""
    match = re.match(r"^(.{2,24}?)[：:](.+)$", text)
    if match and not re.search(r"[，,。；;]", match.group(1)):
        return match.group(1), match.group(2)
    return None


def _heading_text(text: str) -> str:
    found = numbering(text)
    if found is None:
        return punctuation(tighten(text))
    _, prefix, rest = found
    return prefix + punctuation(tighten(rest))


def _add_found(body: Body, found: recognise.Found) -> None:
    body.formats |= found.formats
    body.warnings.extend(found.warnings)
    earlier = next((b for b in body.blocks
                    if isinstance(b, recognise.Found) and b.kind == found.kind), None)
    if earlier is None:
        body.blocks.append(found)
    else:  # one standard table split over several source tables
        for key, value in found.figures.items():
            earlier.figures.setdefault(key, value)


def _glued(body: Body, run: CellRun) -> None:
    said = run.rows[0][0] if run.rows and run.rows[0] else ""
    said = said if len(said) <= 40 else said[:39] + "…"
    for kind in run.glued:
        _add_found(body, recognise.Found(kind))
        body.warnings.append(
            f"table {kind} ({run.where}): its cells have run together in the source "
            f"(“{said}”), so its figures cannot be assigned to cells without guessing; "
            "left not reported (write them into its annual-table block)")


def _cells_as_items(run: CellRun) -> list[Item]:
    """A cell run that holds no standard table: a table where the text kept
    its rows, else the lines it was read from."""
    if run.rows_known and max((len(row) for row in run.rows), default=0) >= 2:
        width = max(len(row) for row in run.rows)
        rows = [d.Row([d.Cell([d.Text(c)]) for c in row + [""] * (width - len(row))])
                for row in run.rows]
        return [d.Table("", [], [rows])]
    return [Para(" ".join(c for c in row if c)) for row in run.rows if any(row)]


def _cell_run(table: d.Table) -> CellRun:
    """A table's cells row by row (each spanned cell once), for reading it as
    the continuation of a standard table that has no labels of its own."""
    rows = []
    for r, line in enumerate(table.grid()):
        seen: dict[int, d.Placed] = {}
        for placed in line:
            if placed is not None and placed.row == r:
                seen.setdefault(id(placed), placed)
        rows.append([d.plain_text(p.cell.children) for p in seen.values()])
    return CellRun(rows, rows_known=True)


def expand(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        if isinstance(item, CellRun) and not item.glued and not cell_runs.read(item):
            out.extend(_cells_as_items(item))
        else:
            out.append(item)
    return out


def build(items: list[Item]) -> Body:
    body = Body()
    items = _take_heading_signature(_take_signature(expand(items), body), body)
    stack: list[str] = []
    pending_see: tuple[str, str] | None = None  # (section, paragraph) that promised a table
    section = ""
    for i, item in enumerate(items):
        if isinstance(item, CellRun):
            pending_see = None
            if item.glued:
                _glued(body, item)
                continue
            for run_found in cell_runs.read(item):
                _add_found(body, run_found)
            continue
        if isinstance(item, d.Table):
            pending_see = None
            before = body.blocks[-1] if body.blocks and isinstance(
                body.blocks[-1], recognise.Found) else None
            found = recognise.read(item, before)
            if found is None and before is not None:
                continued = cell_runs.read(_cell_run(item), context=before)
                if any(f.figures or f.warnings for f in continued):
                    for run_found in continued:
                        _add_found(body, run_found)
                    continue
            if found is None:
                body.blocks.append(item)
            else:
                _add_found(body, found)
            continue
        if item.image:
            if re.match(r"^[二三四]、", section) and not any(
                    isinstance(b, recognise.Found) and b.kind == section[0] for b in body.blocks):
                body.warnings.append(
                    f"section “{section}” shows a picture where its table stands ({item.image}): "
                    "figures in pictures are not read, so table "
                    f"{section[0]} is not reported (type its figures into its annual-table block)")
            continue
        if item.caption and i + 1 < len(items) and isinstance(items[i + 1], d.Table):
            continue
        if i and isinstance(previous := items[i - 1], d.Table) and previous.note \
                and item.text == previous.note:
            continue  # the table's own description, printed under it
        if pending_see is not None:
            body.warnings.append(_no_table(*pending_see))
            pending_see = None
        if item.list_item and not item.style_level:
            _add_item(body, item)
            continue
        split = _split_heading(item)
        if split is None and item.style_level:
            split = (item.text, "")
        if split is not None:
            heading, rest = split
            numbered = numbering(heading)
            kind = numbered[0] if numbered else f"style-{item.style_level}"
            if kind in stack:
                del stack[stack.index(kind) + 1:]
            else:
                stack.append(kind)
            level = min(6, 1 + len(stack))
            text = _heading_text(heading)
            body.blocks.append(d.Heading(level, [d.Text(text)]))
            if level == 2:
                section = text
            if not rest.strip():
                continue
            item = Para(rest)
        text = punctuation(tighten(item.text))
        if text:
            body.blocks.append(d.Paragraph(_inlines(item, text)))
            if _SEE_TABLE.search(text):
                pending_see = (section, text)
    if pending_see is not None:
        body.warnings.append(_no_table(*pending_see))
    return body


_LINKABLE = re.compile(r"^(https?://|mailto:|tel:)", re.I)


def _inlines(item: Para, text: str) -> list[d.Inline]:
    """The paragraph's runs of bold, emphasis and links, where its spans
    still spell its text (a paragraph bold or emphasised throughout is
    left plain: that is its style, not an emphasis)."""
    spans = [s for s in item.spans if s.text]
    if not spans or re.sub(r"\s+", "", "".join(s.text for s in spans)) != \
            re.sub(r"\s+", "", item.text):
        return [d.Text(text)]
    worded = [s for s in spans if s.text.strip()]
    all_strong = all(s.strong for s in worded)
    all_emphasis = all(s.emphasis for s in worded)
    out: list[d.Inline] = []
    marked = marks("".join(s.text for s in spans))  # one mark per character: offsets hold
    start = 0
    for i, span in enumerate(spans):
        piece = squeeze(tighten(marked[start:start + len(span.text)]))
        start += len(span.text)
        if i == 0:
            piece = piece.lstrip()
        if i == len(spans) - 1:
            piece = piece.rstrip()
        if not piece:
            continue
        node: d.Inline = d.Text(piece)
        if span.strong and not all_strong and piece.strip():
            node = d.Strong([node])
        if span.emphasis and not all_emphasis and piece.strip():
            node = d.Emphasis([node])
        if span.href and _LINKABLE.match(span.href):
            node = d.Link(span.href, [node])
        if isinstance(node, d.Text) and out and isinstance(out[-1], d.Text):
            out[-1] = d.Text(out[-1].text + node.text)
        else:
            out.append(node)
    if "".join(d.plain_text([n]) for n in out) != text:
        return [d.Text(text)]  # the runs normalise differently from the whole: keep the whole
    return out


def _add_item(body: Body, item: Para) -> None:
    """A list item: joins the list just before it when of the same kind."""
    paragraph: list[d.Block] = [d.Paragraph([d.Text(punctuation(tighten(item.text)))])]
    ordered = item.list_item == "ordered"
    last = body.blocks[-1] if body.blocks else None
    if isinstance(last, d.ListBlock) and last.ordered == ordered:
        last.items.append(paragraph)
    else:
        body.blocks.append(d.ListBlock(ordered, [paragraph], item.list_number or 1))


def _no_table(section: str, paragraph: str) -> str:
    where = f"section “{section}”" if section else "the body"
    said = paragraph if len(paragraph) <= 30 else "…" + paragraph[-29:]
    return (f"{where} says “{said}” but no table follows in the source: its figures are "
            "missing (add them as an annual-table block)")


def _take_heading_signature(items: list[Item], body: Body) -> list[Item]:
    """The issuing body and date printed above the text (廣州市人民政府 /
    2013年3月), as some offices set them under the title: the body is taken;
    the date only when it gives the day."""
    for i in range(min(3, len(items) - 1)):
        name, when = items[i], items[i + 1]
        if not (isinstance(name, Para) and isinstance(when, Para)):
            return items
        if numbering(name.text):
            return items
        plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", when.text))
        if _is_name_line(name.text) and ORGANISATION_END.search(simplified(name.text.strip())) \
                and (signature_date(plain) or _MONTH.match(plain)):
            body.organisation = body.organisation or name.text.strip()
            body.date = body.date or signature_date(plain)
            return items[:i] + items[i + 2:]
    return items


def _take_signature(items: list[Item], body: Body) -> list[Item]:
    """Remove the 落款 (issuing body, then date) from the end of the body."""
    end = len(items)
    if not end or not isinstance(last := items[end - 1], Para):
        return items
    date = signature_date(last.text)
    if not date:
        return items
    body.date = date
    end -= 1
    before = items[end - 1] if end else None
    if isinstance(before, Para) and _is_name_line(before.text) and not numbering(before.text):
        body.organisation = before.text.strip()
        end -= 1
    return items[:end]
