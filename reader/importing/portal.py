"""A portal page read as lines (and tables) → metadata and body: the
breadcrumb (当前位置 … >> 正文) gives the category, the metadata line gives
索引号, 发布时间, 来源 and 作者, the title is the article's own; the site's
header, toolbars (字号, 下载, 打印, 分享), navigation and footer registration
lines are left out. Saved HTML pages and plain-text copies share it."""

from __future__ import annotations

import re

from reader.content import document as d
from reader.content import fields
from reader.importing.source import Item, Para, Source

BREADCRUMB = re.compile(r"(当前|您的|所在)位置\s*[:：]?")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|＞＞|>|＞|»|›|→|/)\s*")
_CRUMB_SKIP = {"首页", "网站首页", "正文", "主页", "返回首页", ""}
_LABEL = re.compile(r"([\u4e00-\u9fff]{1,6})\s*[:：]")
META_KEYS = fields.PORTAL_LABELS  # a metadata line's label → the content file's key
_META_LINE = re.compile(r"(索引号|发布时间|发布日期|时间|来源)\s*[:：]")
# words of a page's controls: a line made only of them is a toolbar, not text
_CONTROLS = re.compile(
    r"字号|[大中小]|默认|打印(本页)?|关闭(窗口|本页)?|收藏|分享到?|下载(Word|PDF|WPS)?|简体|繁[体體]|"
    r"无障碍(浏览)?|长者模式|适老化|返回顶部|返回|微信|微博|QQ空间|扫一扫|[【】\[\]（）()|:：\s]",
    re.I)
# registration and contact lines that open a portal's footer
_FOOTER = re.compile(r"网站标识码|ICP备|公网安备|版权所有|主办单位|主办\s*[:：]|承办\s*[:：]|"
                     r"技术支持|投稿邮箱|网站地图|上一篇|下一篇|相关(链接|文章|阅读)|【关闭】")
_ORGANISATION = re.compile(r"(人民政府|政府|委员会|管委会|办事处|局|办公室|厅|中心)$")
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def is_chrome(text: str) -> bool:
    return not _HAS_WORDS.search(text) or not _CONTROLS.sub("", text)


def crumbs(text: str) -> list[str]:
    after = BREADCRUMB.split(text, maxsplit=1)[-1]
    return [part for part in (p.strip() for p in _CRUMB_SPLIT.split(after))
            if part not in _CRUMB_SKIP]


def meta_fields(text: str) -> dict[str, str]:
    """Label: value pairs of a metadata line, under the content file's keys."""
    found: dict[str, str] = {}
    marks = list(_LABEL.finditer(text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        key = META_KEYS.get(mark.group(1))
        value = text[mark.end():end].strip()
        if key and key not in found:
            found[key] = value
    return found


def _table_text(table: d.Table) -> str:
    from reader.importing.grid import rows_of, texts

    return " ".join(f"{t}：" if t.strip() in META_KEYS else t for t in texts(rows_of(table)))


def read(items: list[Item], page_title: str = "") -> Source:
    source = Source()
    crumb_at = next((i for i, item in enumerate(items)
                     if isinstance(item, Para) and BREADCRUMB.search(item.text)), None)
    start = 0 if crumb_at is None else crumb_at + 1
    meta_at = None
    for i in range(start, len(items)):
        item = items[i]
        text = item.text if isinstance(item, Para) else _table_text(item)
        if _META_LINE.search(text) and meta_fields(text):
            meta_at = i
            source.meta.update(meta_fields(text))
            break
    # the metadata may go on over the next lines (one field per table cell)
    while meta_at is not None and meta_at + 1 < len(items):
        following = items[meta_at + 1]
        if not isinstance(following, Para) or not _LABEL.match(following.text):
            break
        fields = meta_fields(following.text)
        if not fields:
            break
        meta_at += 1
        for key, value in fields.items():
            source.meta.setdefault(key, value)
    crumb = items[crumb_at] if crumb_at is not None else None
    if isinstance(crumb, Para):
        source.category = crumbs(crumb.text)
    header = items[:crumb_at] if crumb_at is not None else []
    portal = next((item.text for item in header if isinstance(item, Para)
                   and _ORGANISATION.search(item.text) and len(item.text) <= 30), "")
    if portal:
        source.meta["portal_organisation"] = portal
    title_end = meta_at if meta_at is not None else len(items)
    # a title is a line of its own: not chrome, not a sentence
    candidates = [(i, item) for i, item in enumerate(items[start:title_end], start)
                  if isinstance(item, Para) and not is_chrome(item.text)
                  and not re.search(r"[。；：:;]$", item.text)]
    if meta_at is None:
        candidates = [(i, p) for i, p in candidates if p.style_level][:1] or candidates[:1]
    titled = [(i, p) for i, p in candidates if p.style_level]
    chosen = (titled or sorted(candidates, key=lambda c: -len(c[1].text)))[:1]
    body_start = start
    if chosen:
        source.meta["title"] = chosen[0][1].text
        body_start = chosen[0][0] + 1
    elif page_title:
        source.meta["title"] = re.split(r"\s*[-_|—–]+\s*", page_title)[0]
    if meta_at is not None:
        body_start = max(body_start, meta_at + 1)
    for item in items[body_start:]:
        if isinstance(item, Para):
            if _FOOTER.search(item.text):
                break
            if is_chrome(item.text):
                continue
        source.items.append(item)
    return source
