"""One set of file metadata for Word, PDF and the print page."""

from __future__ import annotations

from dataclasses import replace

from reader.content.reports import load
from reader.render.properties import metadata
from tests.served_files import CONTENT


def test_metadata_of_the_bundled_report() -> None:
    report = load(CONTENT).reports[0]
    meta = metadata(report)
    assert meta.title == report.title
    assert meta.author == (report.author or report.organisation)
    assert meta.keywords.split("，") == list(dict.fromkeys(
        [report.organisation, *report.category[-2:], f"{report.year}年度"]))
    assert meta.category == " > ".join(report.category)
    assert meta.subject == report.category[-1]


def test_fallbacks_when_the_report_leaves_fields_out() -> None:
    report = replace(load(CONTENT).reports[0], author="", summary="", category=())
    meta = metadata(report)
    assert meta.author == report.organisation
    assert meta.description == report.title and meta.subject == report.title
    assert meta.category == ""
