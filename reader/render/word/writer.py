"""Report → Word (.docx), laid out as an official document (see layout.py).

The report's text is collected and script-converted first (text.py), the
file's styles and pages set up (styles.py), then every block is written
as WordprocessingML (wordml.py) into python-docx's document:
- headings in the built-in Heading styles, lists and quotes indented;
- real tables with spans (gridSpan / vMerge) on the table's grid, header rows
  marked ``w:tblHeader`` (repeated on every page), ``w:tblCaption`` /
  ``w:tblDescription`` for assistive technology;
- a wide table and its headings on a landscape page;
- the signature (落款) and the document properties: title, author, keywords …
  in the reader's script, created/modified set to the publication time.
"""

from __future__ import annotations

import io
import re
from dataclasses import asdict, replace
from datetime import UTC

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm

from reader.content import document as d
from reader.content.reports import Report
from reader.language.convert import Converter
from reader.language.variants import Variant
from reader.render import layout
from reader.render.properties import Metadata, metadata
from reader.render.runs import Run, Texts
from reader.render.word import styles as word_styles
from reader.render.word import wordml as word_xml
from reader.render.word.text import Item, LandscapeItem, Para, TableItem, collect

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_LINKABLE = re.compile(r"^(https?:|mailto:|tel:)", re.I)


class _Writer:
    def __init__(self, report: Report, variant: Variant, texts: Texts, base_url: str) -> None:
        self.report = report
        self.texts = texts
        self.base_url = base_url.rstrip("/")
        self.fonts = layout.WORD_FONTS[variant.code]
        self.lang = variant.speech_lang
        self.doc: Document = docx.Document()
        self.table_style = word_styles.setup(self.doc, self.fonts, self.lang,
                                             word_styles.CHARSET[variant.code])
        section = self.doc.sections[0]
        word_styles.page_setup(section)
        word_styles.page_numbers(section, self.fonts["song"])

    # Paragraphs and tables are written as XML text and parsed once per block:
    # python-docx's element-by-element API costs about 100 times as much.

    def _append(self, xml: str) -> None:
        body = self.doc.element.body
        body.sectPr.addprevious(parse_xml(xml))

    def _runs(self, runs: list[Run], face: str, size: float | None = None,
              bold: bool = False) -> str:
        out: list[str] = []
        for run in runs:
            if run.line_break:
                out.append("<w:r><w:br/></w:r>")
                continue
            href = run.href
            if href.startswith("/") and self.base_url:
                href = self.base_url + href
            link = bool(href) and bool(_LINKABLE.match(href))
            font = self.fonts["mono" if run.code else "kai" if run.kai else face]
            xml = word_xml.run(run.text, font, size, run.bold or bold, underline=link)
            if link:
                rel_id = self.doc.part.relate_to(href, RT.HYPERLINK, is_external=True)
                xml = f'<w:hyperlink r:id="{rel_id}">{xml}</w:hyperlink>'
            out.append(xml)
        return "".join(out)

    def _paragraph(self, runs: list[Run], face: str, props: str = "", size: float | None = None,
                   bold: bool = False) -> str:
        return f"<w:p {word_xml.NS}>{props}{self._runs(runs, face, size, bold)}</w:p>"

    def items(self, items: list[Item]) -> None:
        for item in items:
            if isinstance(item, LandscapeItem):
                word_styles.page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                self.items(list(item.items))
                word_styles.page_setup(self.doc.add_section(WD_SECTION.NEW_PAGE))
            elif isinstance(item, TableItem):
                self.table(item)
            else:
                self.para(item)

    def title(self) -> None:
        """The title, broken into lines where its words allow (see layout.title_lines)."""
        runs: list[Run] = []
        for line in layout.title_lines(self.texts.text(0)):
            if runs:
                runs.append(Run("\n", line_break=True))
            runs.append(Run(line))
        self._append(self._paragraph(runs, "song", word_xml.ppr(style="Heading1")))

    def para(self, item: Para) -> None:
        runs = self.texts.blocks[item.text]
        body = layout.BODY_PT
        if item.kind == "heading":
            self._append(self._paragraph(runs, item.face,
                                         word_xml.ppr(style=f"Heading{min(item.level, 6)}"),
                                         bold=item.face == "fang"))
        elif item.kind == "rule":
            self._append(self._paragraph([], "fang", word_xml.ppr(first_line=0, rule=True)))
        elif item.kind == "list":
            props = word_xml.ppr(left=word_xml.twips(body * (2 * item.depth + 1)),
                                 hanging=word_xml.twips(body * 1.5))
            self._append(self._paragraph([Run(item.marker + " "), *runs], "fang", props))
        elif item.kind == "quote" or item.depth:
            props = word_xml.ppr(left=word_xml.twips(body * 2 * item.depth))
            self._append(self._paragraph(runs, "fang", props))
        else:
            self._append(self._paragraph(runs, "fang"))

    def table(self, item: TableItem) -> None:
        """A real Word table with spans (gridSpan / vMerge), header rows marked."""
        node = item.node
        caption = self.texts.text(item.caption)
        note = self.texts.text(item.note)
        self._append(self._paragraph([Run(caption)], "hei", word_xml.ppr(style="Caption")))
        weights = layout.column_weights(node)
        total = Mm(layout.BLOCK_MM[1] if layout.is_wide(node) else layout.BLOCK_MM[0]).twips
        widths = [int(total * w / sum(weights)) for w in weights]
        parts = [
            f"<w:tbl {word_xml.NS}><w:tblPr>",
            f'<w:tblStyle w:val="{self.table_style}"/>',
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
            '<w:tblLayout w:type="fixed"/>',
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
            "</w:tblCellMar>",
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
            f'<w:tblCaption w:val="{word_xml.attr(caption[:255])}"/>',
            f'<w:tblDescription w:val="{word_xml.attr((note or caption)[:255])}"/>',
            "</w:tblPr><w:tblGrid>",
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for r, slots in enumerate(node.grid()):
            # cantSplit keeps a row on one page; tblHeader repeats the head on every page
            parts.append("<w:tr><w:trPr><w:cantSplit/>"
                         + ("<w:tblHeader/>" if r < len(node.head) else "") + "</w:trPr>")
            c = 0
            while c < len(slots):
                placed = slots[c]
                if placed is None:
                    parts.append(self._tc(widths[c], 1, "", None))
                    c += 1
                    continue
                merge = "" if placed.rowspan == 1 else ("restart" if placed.row == r
                                                        else "continue")
                runs = self.texts.blocks[item.cells[id(placed.cell)]] if placed.row == r else None
                parts.append(self._tc(sum(widths[c:c + placed.colspan]), placed.colspan, merge,
                                      placed.cell, runs))
                c += placed.colspan
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._append("".join(parts))
        if note:
            self._append(self._paragraph([Run(note)], "fang", word_xml.ppr(
                first_line=0, single=True, before=80), size=layout.TABLE_PT))

    def _tc(self, width: int, span: int, merge: str, cell: d.Cell | None,
            runs: list[Run] | None = None) -> str:
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if merge == "restart":
            props += '<w:vMerge w:val="restart"/>'
        elif merge == "continue":
            props += "<w:vMerge/>"
        props += '<w:vAlign w:val="center"/>'
        align = "center"
        content = ""
        if cell is not None and runs is not None:
            if cell.header and cell.scope in ("row", "rowgroup"):
                align = "left"
            content = self._runs(runs, "fang", layout.TABLE_PT, cell.header)
        ppr = word_xml.ppr(first_line=0, single=True, jc=align)
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{content}</w:p></w:tc>"

    def signature(self, organisation: int, date: str) -> None:
        """落款: the issuing body and the date, right-aligned, 空四字, and
        never alone on the last page: the paragraph before it comes along."""
        last = self.doc.element.body.sectPr.getprevious()
        if last is not None and last.tag == qn("w:p"):
            ppr = word_xml.child(last, "w:pPr", first=True)
            if ppr.find(qn("w:keepNext")) is None:  # after a w:pStyle, else first
                ppr.insert(0 if ppr.find(qn("w:pStyle")) is None else 1, OxmlElement("w:keepNext"))
        indent = word_xml.twips(4 * layout.BODY_PT)
        self._append(self._paragraph(self.texts.blocks[organisation], "fang", word_xml.ppr(
            first_line=0, right=indent, jc="right", keep_next=True,
            before=int(layout.LINE_PT * 20))))
        self._append(self._paragraph([Run(date)], "fang", word_xml.ppr(
            first_line=0, right=indent, jc="right")))

    def properties(self, meta: Metadata) -> None:
        props = self.doc.core_properties
        published = self.report.published.astimezone(UTC).replace(tzinfo=None)
        props.title = meta.title
        props.author = meta.author
        props.last_modified_by = meta.organisation
        props.subject = meta.subject
        props.keywords = meta.keywords
        props.comments = meta.description
        props.category = meta.category
        props.identifier = self.report.index_number
        props.language = self.lang
        props.created = published
        props.modified = published
        props.revision = 1
        props.version = self.report.version
        word_styles.app_properties(self.doc, meta.organisation)


def build(report: Report, variant: Variant, converter: Converter, base_url: str = "") -> bytes:
    """The report as a .docx file in the given script variant."""
    texts = Texts()
    meta = metadata(report)
    fields = {name: texts.add_text(value) for name, value in asdict(meta).items()}
    assert fields["title"] == 0  # block 0: the title, as _Writer.title reads it
    items = collect(report.blocks, texts)
    texts.convert(converter, variant, report.script)
    converted = Metadata(**{name: texts.text(index) for name, index in fields.items()})
    converted = replace(converted, author=converter.convert_author(meta.author, variant, report.script))

    writer = _Writer(report, variant, texts, base_url)
    writer.title()
    writer.items(items)
    writer.signature(fields["organisation"], layout.chinese_date(report.published))
    writer.properties(converted)
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()
