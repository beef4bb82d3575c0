"""A portal page read as lines (and tables) → metadata and body: the
breadcrumb (当前位置 … >> 正文) gives the category, the metadata line gives
索引号, 发布时间, 来源 and 作者, the title is the article's own; the site's
header, toolbars (字号, 下载, 打印, 分享), navigation and footer registration
lines are left out. Saved HTML pages and plain-text copies share it."""

from __future__ import annotations

import re

from reader.content import document as d
from reader.content import fields
from reader.importing.source import CellRun, Item, Para, Source
from reader.importing.text import simplified

BREADCRUMB = re.compile(r"(当前|當前|您的|所在)位置\s*[:：]?")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|＞＞|>|＞|»|›|→|/)\s*")
_CRUMB_SKIP = {"首页", "网站首页", "正文", "主页", "返回首页", ""}
_LABEL = re.compile(r"((?:[\u4e00-\u9fff] ?){1,6})\s*[:：]")
# Labels of a page's metadata line or info table and the content file key each
# gives: the shared table's portal labels, and the labels of info tables only
# the importer reads ("" for labels known but not kept: they end the value
# before them; written and info_title are fallbacks for the date and title).
META_KEYS = {
    **fields.PORTAL_LABELS,
    "公开日期": "published", "成文日期": "written", "发文机关": "organisation",
    "发布单位": "organisation", "发文单位": "organisation", "标题": "info_title",
    "名称": "info_title",
    "文号": "", "发文字号": "", "分类": "", "主题分类": "", "主题词": "", "关键词": "",
    "内容概述": "", "摘要": "", "时效": "", "有效性": "", "效力状态": "", "公开方式": "",
    "公开范围": "", "体裁分类": "", "组配分类": "", "生效日期": "", "废止日期": "",
    "所属主题": "", "信息分类": "", "浏览次数": "", "访问量": "", "字号": "",
}
_META_LINE = re.compile(r"(索\s?引\s?[号號]|[发發]布[时時][间間]|[发發]布日期|公[开開]日期|[发發]文日期|"
                        r"[发發]布[机機][构構]|[时時][间間]|[来來]源)\s*[:：]")
# words of a page's controls: a line made only of them is a toolbar, not text
_CONTROLS = re.compile(
    r"网站首页|首页|主页|繁体版|简体版|智能问答|移动版|手机版|English|登录|注册|网站导航|站内搜索|搜索|"
    r"全真版|文字版|"
    r"文件下载|相关链接|视力保护色|关怀版|"
    r"字号|[大中小]|默认|打印(本页)?|关闭(窗口|本页)?|收藏|分享到?|下载(Word|PDF|WPS)?|简体|繁[体體]|"
    r"无障碍(浏览)?|长者模式|适老化|返回顶部|返回|微信|微博|QQ空间|扫一扫|"
    r"[【】\[\]（）()|:：>\-\s]",
    re.I)
# registration and contact lines that open a portal's footer
_FOOTER = re.compile(r"网站标识码|ICP备|公网安备|版权所有|主办单位|主办\s*[:：]|承办\s*[:：]|"
                     r"技术支持|投稿邮箱|网站地图|上一篇|下一篇|相关(链接|文章|阅读)|【关闭】")
_ORGANISATION = re.compile(r"(人民政府|政府|委员会|管委会|办事处|局|办公室|厅|中心)$")
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def is_chrome(text: str) -> bool:
    """A line made only of a page's controls (in either script)."""
    return not _HAS_WORDS.search(text) or not _CONTROLS.sub("", simplified(text))


_NOT_TITLES = re.compile(r"^(正文|附件|打印|关闭|分享|字号.*|访问量.*|浏览次数.*)$")
_PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d+\s*[-—–－]$|^第\s*\d+\s*页(共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]|^[（(][一二三四五六七八九十]+[）)]")


def could_be_title(text: str) -> bool:
    """A line that may be the report's title: not a section heading, a label,
    a page number, a date, a control of the page or a sentence."""
    text = text.strip()
    return len(text) >= 6 and not is_chrome(text) and not re.search(r"[。；：:;.]$", text) \
        and not re.search(r"[，,；;。！？]", text) \
        and not _NOT_TITLES.match(text) and not _PAGE_NUMBER.match(text) \
        and not _SECTION.match(text) and not re.fullmatch(r"[\d\s\-/.:年月日时分]+", text) \
        and not meta_fields(text)


def _dated(following: list[Item]) -> bool:
    """Whether the line after a candidate title is a date: then the candidate
    is the issuing body printed above the text, not a title."""
    if not following or not isinstance(following[0], Para):
        return False
    plain = re.sub(r"\s+", "", following[0].text)
    return bool(re.fullmatch(r"(\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月"
                             r"([\d一二三四五六七八九十]{1,3}日)?", plain))


def crumbs(text: str) -> list[str]:
    after = BREADCRUMB.split(text, maxsplit=1)[-1]
    return [part for part in (p.strip() for p in _CRUMB_SPLIT.split(after))
            if part not in _CRUMB_SKIP]


def _label(text: str) -> str:
    return re.sub(r"\s+", "", text)


_FIELD = re.compile("(" + "|".join(r"\s?".join(map(re.escape, key)) for key in
                                   sorted(META_KEYS, key=len, reverse=True)) + r")\s*[:：]")


def meta_fields(text: str) -> dict[str, str]:
    """Label: value pairs of a metadata line (索引号：… 发布时间：…), under the
    content file's keys; a label may be spaced out (索 引 号)."""
    found: dict[str, str] = {}
    plain = simplified(text)  # labels in traditional script (發布機構) found in simplified form
    marks = list(_FIELD.finditer(plain if len(plain) == len(text) else text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        key = META_KEYS.get(_label(mark.group(1)))
        value = text[mark.end():end].strip().strip("|").strip()
        if key and key not in found:
            found[key] = value
    return found


def _table_text(table: d.Table | CellRun) -> str:
    """An info table's cells as a metadata line: “索 引 号 | X | 发布机构 | Y” →
    “索引号：X 发布机构：Y”."""
    if isinstance(table, CellRun):
        cells = [c for row in table.rows for c in row]
    else:
        seen: set[int] = set()
        cells = []
        for line in table.grid():
            for placed in line:
                if placed is not None and id(placed) not in seen:
                    seen.add(id(placed))
                    cells.append(d.plain_text(placed.cell.children))
    return " ".join(f"{_label(c)}：" if simplified(_label(c).rstrip(":：")) in META_KEYS else c
                    for c in (c.strip() for c in cells) if c)


def read(items: list[Item], page_title: str = "", cms: dict[str, str] | None = None) -> Source:
    """Metadata and body of a page read as lines. ``cms``: what the page's
    metadata tags say (ArticleTitle, PubDate, ContentSource, ColumnName)."""
    source = Source()
    cms = cms or {}
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
    first_section = next((i for i, item in enumerate(items) if i >= start and isinstance(item, Para)
                          and _SECTION.match(item.text.strip())), len(items))
    title_end = meta_at if meta_at is not None else first_section
    # a title is a line of its own: not chrome, not a sentence
    candidates = [(i, item) for i, item in enumerate(items[start:title_end], start)
                  if isinstance(item, Para) and could_be_title(item.text)
                  and not _dated(items[i + 1:i + 2])]
    if meta_at is None:
        reports = [(i, p) for i, p in candidates if re.search(r"报告|年报|報告|年報", p.text)]
        candidates = [(i, p) for i, p in candidates if p.style_level][:1] or reports[:1] \
            or candidates[:1]
    titled = [(i, p) for i, p in candidates if p.style_level]
    chosen = (titled or sorted(candidates, key=lambda c: -len(c[1].text)))[:1]
    body_start = start
    article = cms.get("article_title", "")
    if chosen:
        source.meta["title"] = chosen[0][1].text
        body_start = chosen[0][0] + 1
    if article and could_be_title(article) and (
            not chosen or not re.search(r"报告|年报|報告|年報", chosen[0][1].text)):
        source.meta["title"] = article  # the CMS's own record of the article's title
    elif not chosen and source.meta.get("info_title"):
        source.meta["title"] = source.meta["info_title"]
    elif not chosen and page_title:
        # the page's <title>, without the site's and the column's names after it
        source.meta["title"] = re.split(r"\s*[-_|—–]+\s*", page_title)[0]
    for key in ("published", "source", "author"):
        if cms.get(key) and not source.meta.get(key):
            source.meta[key] = cms[key]
    if not source.category and cms.get("column"):
        source.category = [cms["column"]]
    if meta_at is not None:
        body_start = max(body_start, meta_at + 1)
    for item in items[body_start:]:
        if isinstance(item, Para) and not item.image:
            if _FOOTER.search(simplified(item.text)):
                break
            if is_chrome(item.text):
                continue
        source.items.append(item)
    return source
