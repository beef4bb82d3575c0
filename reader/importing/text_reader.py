"""Text (.txt, or a .md that is not a content file): a portal page copied or
saved as text, a crawler's dump of one, OCR output. Read line by line: a
crawler's header block (标题: / 发布时间: / 原文链接: …) gives metadata, a page
flattened onto one line (breadcrumb, title, metadata line, toolbar, text) is
cut apart, tables are read as cell runs (``text_tables``), and the rest goes
through ``portal`` like a saved page."""

from __future__ import annotations

import re

from reader.importing import portal, text_tables
from reader.importing.decoding import decode
from reader.importing.source import Item, Para, Refused, Source
from reader.importing.text import clean_space, strip_readings

# Header lines a crawler writes above the page's text, and the content file key each gives.
CRAWLER_KEYS = {
    "标题": "title", "名称": "title", "发布时间": "published", "发布日期": "published",
    "公开日期": "published", "时间": "published", "发布机构": "organisation", "来源": "source",
    "索引号": "index_number", "作者": "author", "文号": "", "栏目": "", "原文链接": "", "链接": "",
    "网址": "", "url": "", "本地目录": "", "抓取时间": "",
}
_HEADER_LINE = re.compile(r"^\s*([\u4e00-\u9fff]{2,4}|url|URL)\s*[:：]\s*(.*)$")
_SEPARATOR = re.compile(r"^\s*[=\-*#_]{3,}.*[=\-*#_]{3,}\s*$|^\s*[=\-*#_]{6,}\s*$")
_TOOLBAR_TOKEN = 8  # tokens up to this long between a page's metadata and its text are controls


def crawler_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """(metadata, body lines) for a dump that opens with ``key: value`` lines."""
    meta: dict[str, str] = {}
    known = 0
    end = 0
    for i, line in enumerate(lines[:20]):
        if not line.strip():
            continue
        if _SEPARATOR.match(line):
            end = i + 1
            break
        match = _HEADER_LINE.match(line) if "|" not in line else None  # a row of an info table
        if match and match.group(1) in CRAWLER_KEYS:
            known += 1
            key, value = CRAWLER_KEYS[match.group(1)], clean_space(match.group(2))
            if key and value and key not in meta:
                meta[key] = value
            end = i + 1
        elif known >= 2 and not match:
            # a note of the crawler's own between its fields and a separator
            if any(_SEPARATOR.match(rest) for rest in lines[i + 1:i + 4]):
                continue
            break
        elif known < 2:
            break
    if known < 2:
        return {}, lines
    return meta, lines[end:]


def unflatten(line: str, title: str) -> list[str]:
    """A page whose breadcrumb, title, metadata line, toolbar and text a
    crawler wrote on one line, as those lines."""
    if not title or title not in line or not portal.BREADCRUMB.search(line[:line.index(title)]):
        return [line]
    at = line.index(title)
    rest = line[at + len(title):].split()
    meta: list[str] = []
    i = 0
    while i < len(rest):
        token = rest[i]
        if portal.meta_fields(token):
            meta.append(token)
        elif meta and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", token):
            meta[-1] += " " + token
        elif len(token) > _TOOLBAR_TOKEN and not token.endswith(("：", ":")):
            break
        i += 1
    return [line[:at].strip(), title, " ".join(meta), " ".join(rest[i:])]


def split_title(line: str, title: str) -> list[str]:
    """The title repeated at the start of the text, cut off it."""
    head, _, tail = line.partition(" ")
    if tail and 8 <= len(head) <= 60 and head.endswith("报告") and re.search(r"\d{4}\s*年", head) \
            and (not title or head[:4] == title[:4]):
        return [head, tail]
    return [line]


def read(raw: bytes) -> Source:
    text = decode(raw, html=False)
    if "\x00" in text:
        raise Refused("binary data, not text")
    lines = [strip_readings(line.rstrip()) for line in text.splitlines()]
    meta, lines = crawler_header(lines)
    title = meta.get("title", "")
    body: list[str] = []
    for line in lines:
        if not body and not line.strip():
            continue
        parts = unflatten(line, title) if not body else [line]
        if not body and len(parts) == 1:
            parts = split_title(line, title)
        body.extend(parts)
    items: list[Item] = text_tables.items(body)
    if not any(isinstance(item, Para) and item.text for item in items) and not items:
        raise Refused("the file holds no text")
    source = portal.read(items)
    for key, value in meta.items():
        if key == "title" or key not in source.meta:
            source.meta[key] = value
    return source
