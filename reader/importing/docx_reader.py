"""Word files (.docx) → a Source: paragraphs with the formatting that marks
headings (heading styles, outline levels, bold 黑体/楷体 type), tables with
their merged cells (gridSpan, vMerge, gridBefore), the title, and the
document properties a Word file may carry."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, timedelta, timezone
from typing import Any, cast

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from reader.content import document as d
from reader.importing.source import Para, Refused, Source, Span
from reader.importing.structure import numbering, signature_date
from reader.importing.text import clean_space
from reader.importing.word_numbering import Numbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_TITLE_STYLES = {"title", "标题"}
_CAPTION_STYLES = {"caption", "题注"}
_TOC_STYLE = re.compile(r"^(toc|目录)\s*\d|^toc heading$|^目录标题$", re.I)
_HEADING_FACES = re.compile(r"黑|楷|hei|kai", re.I)
_CHINA = timezone(timedelta(hours=8))
_MARKER = re.compile(r"^(?:(\d{1,3})[.)]|[•·●▪■◆-])\s+")


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


def _style_level(paragraph: Any) -> int:
    outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    for style in _style_chain(paragraph.style):
        name = (style.name or "").strip()
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
        if name.lower() in _TITLE_STYLES:
            return 1
        if outline is None:
            outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if outline is not None:
        level = int(outline.get(qn("w:val"), "9")) + 1
        return level if level <= 6 else 0
    return 0


def _run_marked(run: Any, style_bold: bool, style_face: bool) -> bool:
    """A run set in bold, 黑体 or 楷体 (directly or by its paragraph style)."""
    if run.bold or (run.bold is None and style_bold):
        return True
    fonts = run._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        names = " ".join(v for k, v in fonts.attrib.items() if k.endswith(("eastAsia", "ascii")))
        return bool(_HEADING_FACES.search(names))
    return style_face


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# the text a reader sees: runs anywhere in the paragraph (hyperlinks, fields,
# tracked insertions), not deleted text (w:delText), not text boxes anchored in it
_VISIBLE = etree.XPath("(.//w:r[not(ancestor::w:txbxContent) and not(ancestor::mc:Fallback)])"
                       "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]",
                       namespaces={"w": _W, "mc": _MC})


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _on(rpr: Any, tag: str) -> bool:
    found = rpr.find(qn(tag)) if rpr is not None else None
    return found is not None and found.get(qn("w:val"), "true") not in ("0", "false", "off")


def _spans(paragraph: Any) -> list[Span]:
    """The paragraph's visible text in stretches of one formatting."""
    spans: list[Span] = []
    for node in cast(list[Any], _VISIBLE(paragraph._p)):
        text = node.text or "" if node.tag == qn("w:t") else " " if node.tag == qn("w:tab") else ""
        run = node.getparent()
        rpr = run.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        kai = fonts is not None and any("楷" in v or "kai" in v.lower() for v in fonts.attrib.values())
        href = ""
        parent = run.getparent()
        while parent is not None and parent.tag != qn("w:p"):
            if parent.tag == qn("w:hyperlink") and parent.get(_R_ID):
                rel = paragraph.part.rels.get(parent.get(_R_ID))
                href = rel.target_ref if rel is not None and rel.is_external else ""
            parent = parent.getparent()
        span = Span(text, _on(rpr, "w:b"), kai or _on(rpr, "w:i"), href)
        if spans and (spans[-1].strong, spans[-1].emphasis, spans[-1].href) == \
                (span.strong, span.emphasis, span.href):
            spans[-1].text += text
        else:
            spans.append(span)
    return spans


def _text(element: Any) -> str:
    parts = []
    nodes = cast(list[Any], _VISIBLE(element))  # a node-set expression: always a list
    for node in nodes:
        parts.append(node.text or "" if node.tag == qn("w:t") else
                     " " if node.tag == qn("w:tab") else "\n")
    return "".join(parts)


def _blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, inside content controls (w:sdt) too."""
    for child in container.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _para(paragraph: Any, numbers: Numbering) -> Para:
    text = _text(paragraph._p)
    style_bold = any(s.font.bold for s in _style_chain(paragraph.style))
    style_face = any(_HEADING_FACES.search(s.font.name or "") for s in _style_chain(paragraph.style))
    runs = [(run.text, _run_marked(run, style_bold, style_face)) for run in paragraph.runs
            if run.text.strip()]
    marked = [m for _, m in runs]
    lead = ""
    if runs and marked[0] and not all(marked):
        lead = "".join(t for t, _ in runs[:marked.index(False)])
    names = {(s.name or "").lower() for s in _style_chain(paragraph.style)}
    jc = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    centred = jc is not None and jc.get(qn("w:val")) == "center"
    text = clean_space(text.replace("\n", "").replace("\t", " "))
    list_item, number = "", 0
    hanging = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    if hanging is not None and hanging.get(qn("w:hanging")):
        marker = _MARKER.match(text)
        if marker:  # a list item whose marker is typed, set off by a hanging indent
            list_item = "ordered" if marker.group(1) else "bullet"
            number = int(marker.group(1) or 0)
            text = text[marker.end():]
    label = numbers.label(paragraph)
    if label is not None and not list_item:
        kind, prefix, counted = label
        if kind == "ordered" and numbering(prefix + text):
            text = prefix + text  # numbered as a heading is: Word typed the number for us
        else:
            list_item, number = kind, counted
    spans = _spans(paragraph) if not list_item else []
    level = _style_level(paragraph)
    para = Para(text, spans=spans,
                style_level=level, emphasised=bool(runs) and all(marked),
                lead=clean_space(lead), caption=bool(names & _CAPTION_STYLES), centred=centred,
                list_item=list_item if not level else "", list_number=number)
    return para


def _cell_text(tc: Any) -> str:
    lines = [_text(p) for p in tc.iter(qn("w:p"))]
    return "\n".join(line for line in lines if line.strip())


def _table(tbl: Any) -> d.Table:
    """A Word table with its spans as a document table (rowspan from vMerge)."""
    grid_rows: list[list[tuple[int, int, str | None, str, bool]]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        col = 0
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        cells: list[tuple[int, int, str | None, str, bool]] = []
        if before is not None:
            col = int(before.get(qn("w:val"), "0"))
            if col:
                cells.append((0, col, None, "", header))
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val"), "1")))
                v_merge = props.find(qn("w:vMerge"))
                if v_merge is not None:
                    merge = v_merge.get(qn("w:val"), "continue")
            cells.append((col, span, merge, _cell_text(tc), header))
            col += span
        grid_rows.append(cells)
    rows: list[d.Row] = []
    for r, cells in enumerate(grid_rows):
        out: list[d.Cell] = []
        for col, span, merge, text, header in cells:
            if merge == "continue":
                continue
            rowspan = 1
            if merge == "restart":
                for below in grid_rows[r + 1:]:
                    if any(c == col and m == "continue" for c, _, m, _, _ in below):
                        rowspan += 1
                    else:
                        break
            out.append(d.Cell([d.Text(text)], header=header, colspan=span, rowspan=rowspan))
        rows.append(d.Row(out))
    props = tbl.find(qn("w:tblPr"))
    caption = props.find(qn("w:tblCaption")) if props is not None else None
    described = props.find(qn("w:tblDescription")) if props is not None else None
    return d.Table(caption.get(qn("w:val"), "") if caption is not None else "", [], [rows],
                   note=described.get(qn("w:val"), "") if described is not None else "")


def _open(raw: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise Refused("a zip archive but not a Word document (no word/document.xml)")
        return docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise Refused(f"damaged Word file ({exc}); open it in Word or WPS and save it again "
                      "as .docx") from None
    except ValueError as exc:
        raise Refused(f"damaged Word file ({exc})") from None
    except Exception as exc:  # lxml raises its own XML errors on a broken part
        if type(exc).__module__.startswith("lxml"):
            raise Refused(f"damaged Word file ({exc})") from None
        raise


def read(raw: bytes) -> Source:
    document = _open(raw)
    source = Source()
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    numbers = Numbering(document)
    for child in _blocks(document.element.body):
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if paragraph.style is not None and _TOC_STYLE.match(paragraph.style.name or ""):
                continue  # a table of contents repeats the headings with page numbers
            para = _para(paragraph, numbers)
            if para.text:
                source.items.append(para)
        elif child.tag == qn("w:tbl"):
            source.items.append(_table(DocxTable(child, document)._tbl))
    _title(source)
    props = document.core_properties
    if not source.meta.get("title") and (props.title or "").strip():
        source.meta["title"] = clean_space(props.title)
    if (props.identifier or "").strip():
        source.meta["index_number"] = props.identifier.strip()
    category = [part.strip() for part in re.split(r"\s*[>›»]\s*", props.category or "") if
                part.strip()]
    if len(category) > 1:
        source.category = category
    last = next((item for item in reversed(source.items) if isinstance(item, Para)), None)
    signed = signature_date(last.text) if last is not None else ""
    if signed and props.created is not None:
        created = props.created.replace(tzinfo=props.created.tzinfo or UTC)
        local = created.astimezone(_CHINA)
        if local.date().isoformat() == signed:  # the file was made the day it was signed
            source.meta["published"] = local.strftime("%Y-%m-%d %H:%M:%S +08:00")
    return source


def _title(source: Source) -> None:
    """The document's own title: its first paragraph when styled as a title or
    heading 1, or centred and set apart, before any numbered heading."""
    for i, item in enumerate(source.items[:3]):
        if not isinstance(item, Para):
            return
        if numbering(item.text):
            return
        if item.style_level == 1 or item.centred or (item.emphasised and "报告" in item.text):
            # a long title is often typed as two or three centred lines (梯形)
            end = i + 1
            while end < min(len(source.items), i + 3):
                line = source.items[end]
                if not (isinstance(line, Para) and line.centred and line.style_level ==
                        item.style_level and len(line.text) <= 30 and not numbering(line.text)
                        and not re.search(r"\d+\s*年\s*\d+\s*月|[（(]", line.text)):
                    break
                end += 1
            source.meta["title"] = "".join(p.text for p in source.items[i:end]
                                           if isinstance(p, Para))
            del source.items[i:end]
            return
