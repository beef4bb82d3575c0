"""What a file says about itself (Word's document properties, the PDF's
metadata, the print page's <meta> tags), worked out once for every format.

The values are in the report's own script: each format converts them with
its text."""

from __future__ import annotations

from dataclasses import dataclass

from reader.content.reports import Report


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str  # the report's author, else the issuing body
    organisation: str
    subject: str  # the report's own category (its last level)
    description: str  # the summary, else the title
    keywords: str  # the issuing body, the last two category levels and the year, each once
    category: str  # the whole category path


def metadata(report: Report) -> Metadata:
    return Metadata(
        title=report.title,
        author=report.author or report.organisation,
        organisation=report.organisation,
        subject=report.category[-1] if report.category else report.title,
        description=report.summary or report.title,
        keywords="，".join(dict.fromkeys([report.organisation, *report.category[-2:],
                                         f"{report.year}年度"])),
        category=" > ".join(report.category),
    )
