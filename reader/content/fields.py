"""The metadata fields of a report, in one table: the key a content file uses,
its Chinese spellings (a content file may use either), the labels portal pages
put before it (read by `reader import`), in the order a content file writes
them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str  # as a content file and the Report dataclass name it
    chinese: tuple[str, ...] = ()  # other spellings accepted in a content file
    portal: tuple[str, ...] = ()  # labels of a portal page's metadata line (索引号：…)


FIELDS: tuple[Field, ...] = (
    Field("title", ("标题",)),
    Field("index_number", ("索引号",), ("索引号",)),
    Field("published", ("发布时间", "时间"), ("发布时间", "时间", "发布日期", "发文日期", "日期")),
    Field("source", ("来源",), ("来源", "信息来源")),
    Field("author", ("作者",), ("作者",)),
    Field("organisation", ("发布机构",), ("发布机构",)),
    Field("category", ("栏目",)),
    Field("year", ("年度",)),
    Field("script", ("文字",)),
    Field("table_format", ("表格格式",)),
    Field("slug"),
    Field("summary", ("摘要",)),
)
REQUIRED = ("title", "published", "organisation", "category", "year")

# canonical key → every accepted spelling, the key first
KEYS: dict[str, tuple[str, ...]] = {f.key: (f.key, *f.chinese) for f in FIELDS}
# a spelling → its canonical key
ALIASES: dict[str, str] = {alias: key for key, aliases in KEYS.items() for alias in aliases}
# a portal page's label → the key
PORTAL_LABELS: dict[str, str] = {label: f.key for f in FIELDS for label in f.portal}
# the order a written content file has
ORDER: tuple[str, ...] = tuple(f.key for f in FIELDS)
