"""One table of metadata fields serves the loader, the portal reader and the writer."""

from __future__ import annotations

import dataclasses

from reader.content import fields
from reader.content.reports import Report
from reader.importing import portal, writer


def test_every_field_is_a_report_attribute_and_every_required_one_is_listed() -> None:
    attributes = {f.name for f in dataclasses.fields(Report)}
    assert {f.key for f in fields.FIELDS} <= attributes
    assert set(fields.REQUIRED) <= set(fields.KEYS)


def test_no_spelling_or_label_names_two_fields() -> None:
    spellings = [s for aliases in fields.KEYS.values() for s in aliases]
    assert len(spellings) == len(set(spellings))
    labels = [label for f in fields.FIELDS for label in f.portal]
    assert len(labels) == len(set(labels))


def test_the_importer_reads_and_writes_by_the_same_table() -> None:
    assert portal.meta_fields("索引号：zmyx/2023-00029 发布日期：2020-01-15 信息来源：本站") == {
        "index_number": "zmyx/2023-00029", "published": "2020-01-15", "source": "本站"}
    written = writer.metadata({"year": "2019", "title": "标题", "published": "2020-01-15"}, ["栏目"])
    assert written.splitlines() == ["---", "title: 标题", "published: 2020-01-15",
                                    "category: [栏目]", "year: 2019", "---"]
