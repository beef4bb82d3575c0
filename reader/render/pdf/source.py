"""A report as the PDF template reads it: plain data, never markup.

The PDF is typeset by Typst from ``templates/print.typ``. Typst reads a
markup language, so nothing of a report is ever written into Typst source:
the template is fixed, and the report reaches it as one JSON document in
``sys.inputs`` (``source``), which the template turns into content with
Typst's own functions. A title holding ``#``, ``$``, ``]`` or ``//`` is just
text there.

The text is script-converted here, in the server, exactly as the Word file's
is (``reader.render.runs``: every block's runs in one converter call,
protected passages and code left alone), so the PDF says what the page says;
the template gets converted text only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from reader.content import document as d
from reader.content.reports import Report
from reader.content.site import Site
from reader.language import i18n
from reader.language.convert import Converter
from reader.language.variants import Variant
from reader.render import layout
from reader.render.properties import metadata
from reader.render.runs import Run, Texts, runs_of

# The faces each script is printed in (see print.typ): the free fonts that
# stand in for the office fonts, each in the regional form of its script.
# There is no free 仿宋 for simplified text, so the body is a 宋体-style serif.
FACES: dict[str, dict[str, str]] = {
    "zh-Hans-CN": {"song": "Noto Serif CJK SC", "hei": "Noto Sans CJK SC", "kai": "AR PL UKai"},
    "zh-Hant-TW": {"song": "Noto Serif CJK TC", "hei": "Noto Sans CJK TC", "kai": "AR PL UKai TW"},
    "zh-Hant-HK": {"song": "Noto Serif CJK HK", "hei": "Noto Sans CJK HK", "kai": "AR PL UKai HK"},
}
_LINKABLE = ("http://", "https://", "mailto:", "tel:")


@dataclass
class _Collector:
    """Walks the document tree; every piece of text goes into ``texts`` and
    the tree's nodes refer to it by index until it is converted."""

    texts: Texts = field(default_factory=Texts)

    def runs(self, nodes: list[d.Inline]) -> int:
        return self.texts.add(runs_of(nodes))

    def text(self, value: str) -> int:
        return self.texts.add_text(value)

    def blocks(self, nodes: list[d.Block]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in layout.with_landscape(nodes):
            if isinstance(node, layout.Landscape):
                out.append({"kind": "landscape",
                            "blocks": [*(self.heading(h) for h in node.headings),
                                       self.table(node.table)]})
            elif isinstance(node, d.Heading):
                out.append(self.heading(node))
            elif isinstance(node, d.Paragraph):
                out.append({"kind": "par", "runs": self.runs(node.children)})
            elif isinstance(node, d.ListBlock):
                out.append({"kind": "list", "ordered": node.ordered, "start": node.start,
                            "items": [self.blocks(item) for item in node.items]})
            elif isinstance(node, d.Quote):
                out.append({"kind": "quote", "blocks": self.blocks(node.children)})
            elif isinstance(node, d.Rule):
                out.append({"kind": "rule"})
            elif isinstance(node, d.Table):
                out.append(self.table(node))
        return out

    def heading(self, node: d.Heading) -> dict[str, Any]:
        return {"kind": "heading", "level": node.level, "face": layout.heading_face(node),
                "runs": self.runs(node.children)}

    def table(self, node: d.Table) -> dict[str, Any]:
        """The table on its grid: each cell once, at its row and column, with
        its spans; the head's rows repeat on every page the table crosses."""
        weights = layout.column_weights(node)
        cells = []
        for r, slots in enumerate(node.grid()):
            for c, placed in enumerate(slots):
                if placed is None or placed.row != r or placed.col != c:
                    continue
                cell = placed.cell
                cells.append({"x": c, "y": r, "colspan": placed.colspan,
                              "rowspan": placed.rowspan, "header": cell.header,
                              "row_header": cell.header and cell.scope in ("row", "rowgroup"),
                              # for the tags (tags.py): the page's names for the cell
                              "id": cell.id, "scope": cell.scope, "headers": cell.headers,
                              "runs": self.runs(cell.children)})
        # no caption: the interface's word, localised by the conversion (not converted)
        caption = node.caption or i18n.message(layout.DEFAULT_CAPTION)
        return {"kind": "table", "caption": self.text(caption),
                "note": self.text(node.note) if node.note else None,
                "wide": layout.is_wide(node), "columns": [round(w, 3) for w in weights],
                "head": len(node.head), "cells": cells}


def _runs(runs: list[Run], base_url: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for run in runs:
        if run.line_break:
            out.append({"break": True})
            continue
        item: dict[str, Any] = {"text": run.text}
        if run.bold:
            item["bold"] = True
        if run.kai:
            item["kai"] = True
        href = base_url + run.href if run.href.startswith("/") and base_url else run.href
        if href.lower().startswith(_LINKABLE):
            item["link"] = href
        out.append(item)
    return out


def _resolve(value: Any, texts: list[list[dict[str, Any]]]) -> Any:
    """Text indices replaced by their converted runs (``runs``) or text
    (``caption``, ``note``)."""
    if isinstance(value, list):
        return [_resolve(item, texts) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "runs":
            out[key] = texts[item]
        elif key in ("caption", "note") and isinstance(item, int):
            out[key] = "".join(run.get("text", "") for run in texts[item])
        else:
            out[key] = _resolve(item, texts)
    return out


def build(report: Report, variant: Variant, converter: Converter, site: Site) -> dict[str, Any]:
    """The report, converted to the variant's script, as the template's data."""
    collector = _Collector()
    meta = metadata(report)
    title = collector.text(meta.title)
    description = collector.text(meta.description)
    keywords = collector.text(meta.keywords)
    organisation = collector.text(report.organisation)
    blocks = collector.blocks(report.blocks)
    collector.texts.convert(converter, variant, report.script)
    base_url = site.base_url.rstrip("/")
    texts = [_runs(runs, base_url) for runs in collector.texts.blocks]
    converted_title = collector.texts.text(title)
    return {
        "lang": variant.speech_lang.split("-")[0],
        "region": variant.speech_lang.split("-")[1],
        "faces": FACES[variant.code],
        "title": converted_title,
        "title_lines": layout.title_lines(converted_title),
        "author": converter.convert_author(meta.author, variant, report.script),
        "description": collector.texts.text(description),
        "keywords": collector.texts.text(keywords),
        "published": report.published.isoformat(),  # the file's creation date
        "organisation": collector.texts.text(organisation),
        "signed": layout.chinese_date(report.published),
        "blocks": _resolve(blocks, texts),
    }


def dumps(report: Report, variant: Variant, converter: Converter, site: Site) -> str:
    """``build`` as the JSON text the template reads from ``sys.inputs``."""
    return json.dumps(build(report, variant, converter, site), ensure_ascii=False,
                      separators=(",", ":"))


def tables(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tables of ``build(...)["blocks"]`` in document order."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        if block["kind"] == "table":
            out.append(block)
        for key in ("blocks",):
            if key in block:
                out.extend(tables(block[key]))
        for item in block.get("items", ()):
            out.extend(tables(item))
    return out
