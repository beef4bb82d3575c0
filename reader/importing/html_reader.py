"""A saved portal page (.html/.htm, UTF-8, GBK or GB18030) → a Source.

The page is parsed by lxml and read as lines: every block element (p, div,
li, h1–h6, br …) ends a line, data tables (rows and columns, no nested
table) become tables with their rowspan/colspan, and layout tables are read
through. Scripts, styles and form controls are dropped; ``portal`` then
finds the breadcrumb, the metadata line, the title and the body."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

from reader.content import document as d
from reader.importing import portal
from reader.importing.decoding import decode
from reader.importing.source import Item, Para, Refused, Source, Span
from reader.importing.text import clean_space, strip_readings

_DROP = ("script", "style", "noscript", "template", "svg", "button", "select", "input",
         "textarea", "object", "embed", "iframe", "head")
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
           "article", "header", "footer", "main", "aside", "blockquote", "pre", "dl", "dt", "dd",
           "tr", "td", "th", "table", "tbody", "thead", "center", "form", "address", "hr",
           "figure", "figcaption", "body", "caption"}
_MARKED = re.compile(r"bold|font-weight\s*:\s*[6-9]00|黑体|楷体|SimHei|KaiTi", re.I)


class _Lines:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self.parts: list[tuple[str, bool]] = []
        self.spans: list[Span] = []
        self.level = 0
        self.list_item = ""
        self.attachments: list[str] = []

    def text(self, text: str | None, marked: bool, emphasis: bool = False, href: str = "") -> None:
        if text:
            self.parts.append((text, marked))
            self.spans.append(Span(text, marked, emphasis, href))

    def flush(self) -> None:
        text = strip_readings(clean_space("".join(t for t, _ in self.parts)))
        if text:
            words = [(t, m) for t, m in self.parts if t.strip()]
            self.items.append(Para(text, style_level=self.level,
                                   emphasised=all(m for _, m in words), list_item=self.list_item,
                                   spans=self.spans))
        self.parts = []
        self.spans = []
        self.level = 0


def _marked(el: Any) -> bool:
    return el.tag in ("b", "strong") or bool(_MARKED.search(el.get("style", "") or "")) or \
        bool(_MARKED.search(el.get("face", "") or ""))


LAYOUT_CELL = 150  # a cell holding this much text is a page region, not a figure or label


def _is_data_table(table: Any) -> bool:
    """A table of rows and columns, not one that lays out the page (nested
    tables, headings, or cells that hold whole passages)."""
    if table.xpath(".//table|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        return False
    if any(len(clean_space(cell.text_content())) > LAYOUT_CELL for cell in table.xpath(".//td|.//th")):
        return False
    rows = table.xpath("./tr|./*/tr")
    return len(rows) >= 2 and max((len(r.xpath("./td|./th")) for r in rows), default=0) >= 2


def _cell_text(cell: Any) -> str:
    lines: list[str] = []
    for el in cell.iter():
        if el is not cell and isinstance(el.tag, str) and el.tag in ("p", "div", "br", "li"):
            lines.append("\n")
        if el.text and isinstance(el.tag, str):
            lines.append(el.text)
        if el is not cell and el.tail:
            lines.append(el.tail)
    return "\n".join(clean_space(x) for x in "".join(lines).split("\n") if clean_space(x))


def _span(cell: Any, name: str) -> int:
    match = re.match(r"\s*(\d+)", cell.get(name, "") or "")
    return max(1, min(1000, int(match.group(1)))) if match else 1


def _table(table: Any) -> d.Table:
    rows = []
    for tr in table.xpath("./tr|./*/tr"):
        rows.append(d.Row([d.Cell([d.Text(_cell_text(cell))], header=cell.tag == "th",
                                  colspan=_span(cell, "colspan"), rowspan=_span(cell, "rowspan"))
                           for cell in tr.xpath("./td|./th")]))
    caption = table.xpath("./caption")
    return d.Table(clean_space(caption[0].text_content()) if caption else "", [], [rows])


_ATTACHMENT = re.compile(r"\.(docx?|pdf|wps)(\?.*)?$", re.I)
# the metadata tags Chinese government CMSs put in a page's head, and the key each gives
CMS_META = {"articletitle": "article_title", "pubdate": "published", "contentsource": "source",
            "columnname": "column", "author": "author"}


def _walk(el: Any, lines: _Lines, marked: bool, emphasis: bool = False, href: str = "") -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "img":
        lines.flush()
        lines.items.append(Para("", image=(el.get("src") or "").strip() or "(no address)"))
    if tag == "a" and _ATTACHMENT.search((el.get("href") or "").strip()):
        lines.attachments.append((el.get("href") or "").strip())
    if tag == "table" and _is_data_table(el):
        lines.flush()
        lines.items.append(_table(el))
        lines.text(el.tail, marked, emphasis, href)
        return
    block = tag in _BLOCKS
    if block or tag == "br":
        lines.flush()
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        lines.level = int(tag[1])
    if tag == "li":
        parent = el.getparent()
        lines.list_item = "ordered" if parent is not None and parent.tag == "ol" else "bullet"
    inner = marked or (bool(tag) and _marked(el))
    inner_em = emphasis or tag in ("em", "i")
    inner_href = (el.get("href") or "").strip() if tag == "a" else href
    lines.text(el.text if tag else None, inner, inner_em, inner_href)
    for child in el:
        _walk(child, lines, inner, inner_em, inner_href)
    if block:
        level = lines.level
        lines.flush()
        lines.level = 0 if tag.startswith("h") and len(tag) == 2 else level
        if tag == "li":
            lines.list_item = ""
    lines.text(el.tail, marked, emphasis, href)


def read(raw: bytes) -> Source:
    text = decode(raw, html=True)
    if "\x00" in text:
        raise Refused("binary data, not a web page")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a declaration in a str
    try:
        root: Any = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise Refused(f"not a readable web page ({exc})") from None
    page_title = clean_space(root.findtext(".//title") or "")
    cms: dict[str, str] = {}
    for tag in root.xpath("//meta[@name]"):
        key = CMS_META.get((tag.get("name") or "").strip().lower())
        value = clean_space(tag.get("content") or "")
        if key and value and key not in cms:
            cms[key] = value
    for el in root.xpath("|".join(f"//{tag}" for tag in _DROP)):
        el.drop_tree()
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    for menu in root.xpath("//nav"):  # menus, but a breadcrumb may be marked up as one
        if not portal.BREADCRUMB.search(menu.text_content()):
            menu.drop_tree()
    lines = _Lines()
    _walk(root, lines, False)
    lines.flush()
    if not any(isinstance(item, d.Table) or (isinstance(item, Para) and item.text)
               for item in lines.items):
        raise Refused("the page holds no text")
    source = portal.read(lines.items, page_title, cms)
    source.attachments = list(dict.fromkeys(lines.attachments))
    return source
