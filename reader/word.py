"""Report → Word (.docx), laid out as an official document (see layout.py).

The document tree is walked once: every block's inline runs are collected
(protected passages and code marked), all of them script-converted in one
call, and written out. Metadata (title, author, keywords …) goes through the
same call, so a Taiwan reader's file is 繁體（臺灣） throughout.

What Word needs spelled out (python-docx 1.2 leaves it to us):
- fonts by name on every run with ``w:eastAsia`` set, theme font attributes
  removed (they win over names), and the office fonts named per region;
- the East Asian language in ``w:lang``, settings and core properties;
- created/modified set to the report's publication time, not "now";
- built-in Heading 1–4 (outline levels: Word's navigation pane, PDF export);
- table header rows marked ``w:tblHeader`` (repeated on every page) and
  ``w:tblCaption`` / ``w:tblDescription`` for assistive technology.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from datetime import UTC
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Mm, Pt

from . import document as d
from . import layout
from .content import Report
from .convert import Converter
from .table_headers import table_width
from .variants import Variant

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Word's language tags for the East Asian text of each variant
WORD_LANG = {"zh-Hans-CN": "zh-CN", "zh-Hant-TW": "zh-TW", "zh-Hant-HK": "zh-HK"}
# fontTable entries: the English name Word and WPS fall back on, and the charset
ALT_NAMES = {"仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi", "宋体": "SimSun",
             "新細明體": "PMingLiU", "細明體": "MingLiU", "標楷體": "DFKai-SB",
             "微軟正黑體": "Microsoft JhengHei"}
FIXED_PITCH = ("仿宋", "黑体", "楷体", "宋体", "細明體")
CHARSET = {"zh-Hans-CN": "86", "zh-Hant-TW": "88", "zh-Hant-HK": "88"}  # GB2312, Big5
KEEP_STYLES = frozenset([
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Caption", "Title",
    "TitleChar", "Header", "HeaderChar", "Footer", "FooterChar",
    *(f"Heading{n}" for n in range(1, 7)), *(f"Heading{n}Char" for n in range(1, 7))])
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_LINE = Pt(layout.LINE_PT)
_BODY_INDENT = Pt(2 * layout.BODY_PT)  # 首行缩进两字
_LINKABLE = re.compile(r"^(https?:|mailto:|tel:)", re.I)


# --- collecting text ------------------------------------------------------------------


@dataclass
class Run:
    text: str
    protected: bool = False  # -{…}- or code: never converted
    bold: bool = False
    kai: bool = False  # emphasis: 楷体, as Chinese print sets it (never italic)
    code: bool = False
    href: str = ""
    line_break: bool = False


def runs_of(nodes: list[d.Inline], base: Run | None = None) -> list[Run]:
    base = base or Run("")
    out: list[Run] = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(replace(base, text=node.text))
        elif isinstance(node, d.Protected):
            out.append(replace(base, text=node.text, protected=True))
        elif isinstance(node, d.Code):
            out.append(replace(base, text=node.text, protected=True, code=True))
        elif isinstance(node, d.Strong):
            out.extend(runs_of(node.children, replace(base, bold=True)))
        elif isinstance(node, d.Emphasis):
            out.extend(runs_of(node.children, replace(base, kai=True)))
        elif isinstance(node, d.Link):
            out.extend(runs_of(node.children, replace(base, href=node.href)))
        elif isinstance(node, d.LineBreak):
            out.append(replace(base, text="\n", line_break=True))
    return [run for run in out if run.text]


@dataclass
class Texts:
    """Every piece of text in the file, converted together in one call."""

    blocks: list[list[Run]] = field(default_factory=list)

    def add(self, runs: list[Run]) -> int:
        self.blocks.append(runs)
        return len(self.blocks) - 1

    def add_text(self, text: str) -> int:
        return self.add([Run(text)] if text else [])

    def convert(self, converter: Converter, variant: Variant, script: str) -> None:
        converted = converter.convert_runs(
            [[(run.text, run.protected) for run in runs] for runs in self.blocks], variant, script)
        self.blocks = [[replace(run, text=text) for run, text in zip(runs, texts, strict=True)]
                       for runs, texts in zip(self.blocks, converted, strict=True)]

    def text(self, index: int) -> str:
        return "".join(run.text for run in self.blocks[index])


# The report as a flat list of things to write, each pointing into Texts.
@dataclass
class _Para:
    text: int
    kind: str = "body"  # body, heading, list, quote, rule
    level: int = 0
    face: str = "fang"
    marker: str = ""
    depth: int = 0


@dataclass
class _Table:
    node: d.Table
    caption: int
    note: int
    cells: dict[int, int]  # id(cell) → text index


@dataclass
class _Landscape:
    items: list[_Para | _Table]


Item = _Para | _Table | _Landscape


def _collect(blocks: list[d.Block], texts: Texts, depth: int = 0) -> list[Item]:
    items: list[Item] = []
    pending: list[_Para] = []  # headings that travel with a wide table to its page
    for node in blocks:
        if isinstance(node, d.Heading):
            pending.append(_Para(texts.add(runs_of(node.children)), "heading", node.level,
                                 layout.heading_face(node)))
            continue
        if isinstance(node, d.Table):
            table = _Table(node, texts.add_text(node.caption or "表格"), texts.add_text(node.note),
                           {id(cell): texts.add(runs_of(cell.children))
                            for row in node.head + [r for body in node.bodies for r in body]
                            for cell in row.cells})
            if layout.is_wide(node):
                items.append(_Landscape([*pending, table]))
            else:
                items.extend(pending)
                items.append(table)
            pending = []
            continue
        items.extend(pending)
        pending = []
        if isinstance(node, d.Paragraph):
            items.append(_Para(texts.add(runs_of(node.children)), depth=depth))
        elif isinstance(node, d.ListBlock):
            for number, item in enumerate(node.items, node.start):
                marker = f"{number}." if node.ordered else "•"
                for i, child in enumerate(_collect(item, texts, depth + 1)):
                    if i == 0 and isinstance(child, _Para) and child.kind == "body":
                        child.kind, child.marker = "list", marker
                    items.append(child)
        elif isinstance(node, d.Quote):
            for child in _collect(node.children, texts, depth + 1):
                if isinstance(child, _Para) and child.kind == "body":
                    child.kind = "quote"
                items.append(child)
        elif isinstance(node, d.Rule):
            items.append(_Para(texts.add([]), "rule"))
    items.extend(pending)
    return items


# --- low-level Word helpers ---------------------------------------------------------


def _set_fonts(rpr: OxmlElement, name: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_lang(rpr: OxmlElement, lang: str) -> None:
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.append(element)
    element.set(qn("w:val"), lang)
    element.set(qn("w:eastAsia"), lang)
    element.set(qn("w:bidi"), "ar-SA")


_NS = (f'xmlns:w="{nsmap["w"]}" xmlns:r="{nsmap["r"]}"')


def _attr(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def _pt(points: float) -> int:
    """Points → twentieths of a point (Word's twips)."""
    return int(round(points * 20))


def _run(text: str, font: str, size: float | None, bold: bool, underline: bool = False) -> str:
    name = _attr(font)
    props = (f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" '
             'w:hint="eastAsia"/>')
    if bold:
        props += "<w:b/><w:bCs/>"
    if size is not None:
        half = int(round(size * 2))
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    if underline:
        props += '<w:u w:val="single"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>'


def _ppr(*, style: str = "", keep_next: bool = False, rule: bool = False, single: bool = False,
         before: int | None = None, first_line: int | None = None, left: int | None = None,
         right: int | None = None, hanging: int | None = None, jc: str = "") -> str:
    """A w:pPr, its children in the order the schema requires."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if rule:
        parts.append('<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/>'
                     "</w:pBdr>")
    spacing = {}
    if before is not None:
        spacing["before"] = str(before)
    if single:
        spacing.update(line="240", lineRule="auto")
    if spacing:
        parts.append("<w:spacing " + " ".join(f'w:{k}="{v}"' for k, v in spacing.items()) + "/>")
    ind = {}
    if left is not None:
        ind["left"] = str(left)
    if right is not None:
        ind["right"] = str(right)
    if hanging is not None:
        ind["hanging"] = str(hanging)
    elif first_line is not None:
        ind["firstLine"] = str(first_line)
    if ind:
        parts.append("<w:ind " + " ".join(f'w:{k}="{v}"' for k, v in ind.items()) + "/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def _add_field(paragraph: object, instruction: str, placeholder: str) -> None:
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        elif kind == "text":
            run.text = placeholder
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


# --- the writer -------------------------------------------------------------------


class _Writer:
    def __init__(self, report: Report, variant: Variant, texts: Texts, base_url: str) -> None:
        self.report = report
        self.variant = variant
        self.texts = texts
        self.base_url = base_url.rstrip("/")
        self.fonts = layout.WORD_FONTS[variant.code]
        self.lang = WORD_LANG[variant.code]
        self.doc = docx.Document()
        self.body_width = Mm(layout.BLOCK_MM[0])

    # document-wide settings -----------------------------------------------------------

    def setup(self) -> None:
        doc = self.doc
        self._drop_template_leftovers()
        styles = doc.styles.element
        # every theme font reference goes: the names below are what Word uses
        for fonts in styles.iter(qn("w:rFonts")):
            for attr in _THEME_ATTRS:
                fonts.attrib.pop(qn(attr), None)
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr, self.fonts["fang"])
        _set_lang(rpr, self.lang)
        for size in ("w:sz", "w:szCs"):
            rpr.find(qn(size)).set(qn("w:val"), str(int(layout.BODY_PT * 2)))
        ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = ppr_default.find(qn("w:spacing"))
        spacing.attrib.clear()
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), str(int(layout.LINE_PT * 20)))
        spacing.set(qn("w:lineRule"), "exact")

        theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), self.lang)
            theme_lang.set(qn("w:eastAsia"), self.lang)
        doc.settings.odd_and_even_pages_header_footer = True

        normal = doc.styles["Normal"]
        _set_fonts(normal.element.get_or_add_rPr(), self.fonts["fang"])
        normal.font.size = Pt(layout.BODY_PT)
        fmt = normal.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = _LINE
        fmt.first_line_indent = _BODY_INDENT
        fmt.widow_control = True

        faces = {1: "song", 2: "hei", 3: "kai", 4: "fang", 5: "fang", 6: "fang"}
        for level, face in faces.items():
            style = doc.styles[f"Heading {level}"]
            rpr = style.element.get_or_add_rPr()
            for tag in ("w:color", "w:i", "w:iCs"):
                for element in rpr.findall(qn(tag)):
                    rpr.remove(element)
            _set_fonts(rpr, self.fonts[face])
            style.font.size = Pt(layout.TITLE_PT if level == 1 else layout.BODY_PT)
            style.font.bold = level in (1, 4)
            fmt = style.paragraph_format
            fmt.space_before = Pt(0)
            fmt.space_after = _LINE if level == 1 else Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(layout.TITLE_PT * 1.5) if level == 1 else _LINE
            fmt.keep_with_next = True
            if level == 1:
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.first_line_indent = Pt(0)
            else:
                fmt.first_line_indent = _BODY_INDENT

        caption = doc.styles["Caption"]
        crpr = caption.element.get_or_add_rPr()
        for tag in ("w:color", "w:b", "w:bCs"):
            for element in crpr.findall(qn(tag)):
                crpr.remove(element)
        _set_fonts(crpr, self.fonts["hei"])
        caption.font.size = Pt(layout.PAGE_NUMBER_PT)
        cfmt = caption.paragraph_format
        cfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cfmt.first_line_indent = Pt(0)
        cfmt.space_before = Pt(layout.TABLE_PT)
        cfmt.space_after = Pt(layout.TABLE_PT / 2)
        cfmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        cfmt.keep_with_next = True
        self._font_table()
        self.table_style = doc.styles["Table Grid"].style_id

    def _drop_template_leftovers(self) -> None:
        """python-docx's template carries a thumbnail of an empty page, a Word
        2010 copy of the styles that would contradict ours, and 160 styles we
        never use (they make every style lookup slow)."""
        styles = self.doc.styles.element
        for style in styles.findall(qn("w:style")):
            if style.get(qn("w:styleId")) not in KEEP_STYLES:
                styles.remove(style)
        part = self.doc.part
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                del part.rels[rel_id]
        package = part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rel_id]

    def _font_table(self) -> None:
        """List the fonts used, with the names and charset Word falls back on."""
        for rel in self.doc.part.rels.values():
            if rel.reltype == RT.FONT_TABLE:
                part = rel.target_part
                break
        else:
            return
        entries = "".join(
            f'<w:font w:name="{xml_escape(name)}"><w:altName w:val="{ALT_NAMES.get(name, name)}"/>'
            f'<w:charset w:val="{CHARSET[self.variant.code]}"/><w:family w:val="modern"/>'
            f'<w:pitch w:val="{"fixed" if name in FIXED_PITCH else "variable"}"/></w:font>'
            for name in dict.fromkeys(self.fonts.values()))
        blob = part.blob.decode("utf-8")
        part._blob = blob.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")

    def page_setup(self, section: object, landscape: bool = False) -> None:
        s = section
        if landscape:
            s.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
            s.page_width, s.page_height = Mm(layout.PAGE_MM[1]), Mm(layout.PAGE_MM[0])  # type: ignore[attr-defined]
            s.top_margin, s.bottom_margin = Mm(layout.LEFT_MM), Mm(layout.RIGHT_MM)  # type: ignore[attr-defined]
            s.left_margin, s.right_margin = Mm(layout.BOTTOM_MM), Mm(layout.TOP_MM)  # type: ignore[attr-defined]
        else:
            s.orientation = WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
            s.page_width, s.page_height = Mm(layout.PAGE_MM[0]), Mm(layout.PAGE_MM[1])  # type: ignore[attr-defined]
            s.top_margin, s.bottom_margin = Mm(layout.TOP_MM), Mm(layout.BOTTOM_MM)  # type: ignore[attr-defined]
            s.left_margin, s.right_margin = Mm(layout.LEFT_MM), Mm(layout.RIGHT_MM)  # type: ignore[attr-defined]
        s.header_distance = Mm(15)  # type: ignore[attr-defined]
        s.footer_distance = Mm(layout.BOTTOM_MM - 7 - 6)  # type: ignore[attr-defined]
        sect = s._sectPr  # type: ignore[attr-defined]
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect.append(grid)
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(int(layout.LINE_PT * 20)))

    def page_numbers(self, section: object) -> None:
        """— 1 —, 四号: odd pages on the right, even pages on the left, a
        character in from the edge (GB/T 9704-2012 7.5)."""
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),  # type: ignore[attr-defined]
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):  # type: ignore[attr-defined]
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.alignment = align
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            indent = Pt(layout.PAGE_NUMBER_PT)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = indent
            else:
                fmt.left_indent = indent
            paragraph.add_run("— ")
            _add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" —")
            for run in paragraph.runs:
                _set_fonts(run._r.get_or_add_rPr(), self.fonts["song"])
                run.font.size = Pt(layout.PAGE_NUMBER_PT)

    # content ----------------------------------------------------------------------
    # Paragraphs and tables are written as XML text and parsed once per block:
    # python-docx's element-by-element API costs about 100 times as much.

    def _append(self, xml: str) -> None:
        element = parse_xml(xml)
        self.doc.element.body.sectPr.addprevious(element)

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
            xml = _run(run.text, font, size, run.bold or bold, underline=link)
            if link:
                rel_id = self.doc.part.relate_to(href, RT.HYPERLINK, is_external=True)
                xml = f'<w:hyperlink r:id="{rel_id}">{xml}</w:hyperlink>'
            out.append(xml)
        return "".join(out)

    def _paragraph(self, runs: list[Run], face: str, *, style: str = "", size: float | None = None,
                   bold: bool = False, **ppr: object) -> str:
        return f"<w:p {_NS}>{_ppr(style=style, **ppr)}{self._runs(runs, face, size, bold)}</w:p>"

    def title(self) -> None:
        """The title, broken into lines where its words allow (see layout.title_lines)."""
        runs: list[Run] = []
        for line in layout.title_lines(self.texts.text(0)):
            if runs:
                runs.append(Run("\n", line_break=True))
            runs.append(Run(line))
        self._append(self._paragraph(runs, "song", style="Heading1"))

    def para(self, item: _Para) -> None:
        runs = self.texts.blocks[item.text]
        if item.kind == "heading":
            level = min(item.level, 6)
            self._append(self._paragraph(runs, item.face, style=f"Heading{level}",
                                         bold=item.face == "fang"))
        elif item.kind == "rule":
            self._append(self._paragraph([], "fang", first_line=0, rule=True))
        elif item.kind == "list":
            marker = [Run(item.marker + " ")]
            self._append(self._paragraph(marker + runs, "fang",
                                         left=_pt(layout.BODY_PT * (2 * item.depth + 1)),
                                         hanging=_pt(layout.BODY_PT * 1.5)))
        elif item.kind == "quote" or item.depth:
            self._append(self._paragraph(runs, "fang", left=_pt(layout.BODY_PT * 2 * item.depth)))
        else:
            self._append(self._paragraph(runs, "fang"))

    def table(self, item: _Table) -> None:
        """A real Word table with spans (gridSpan / vMerge), header rows marked."""
        node = item.node
        caption = self.texts.text(item.caption)
        note = self.texts.text(item.note)
        self._append(self._paragraph([Run(caption)], "hei", style="Caption"))
        rows = node.head + [row for body in node.bodies for row in body]
        width = table_width(node)
        weights = layout.column_weights(node)
        total = Mm(layout.BLOCK_MM[1] if layout.is_wide(node) else layout.BLOCK_MM[0]).twips
        widths = [int(total * w / sum(weights)) for w in weights]

        # lay the cells on the grid: origin[(r, c)] = (cell, is_the_cell's_first_row)
        origin: dict[tuple[int, int], tuple[d.Cell, bool]] = {}
        for r, row in enumerate(rows):
            c = 0
            for cell in row.cells:
                while (r, c) in origin:
                    c += 1
                for dr in range(min(cell.rowspan, len(rows) - r)):
                    for dc in range(cell.colspan):
                        origin[(r + dr, c + dc)] = (cell, dr == 0)
                c += cell.colspan

        parts = [
            f"<w:tbl {_NS}><w:tblPr>",
            f'<w:tblStyle w:val="{self.table_style}"/>',
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
            '<w:tblLayout w:type="fixed"/>',
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
            "</w:tblCellMar>",
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
            f'<w:tblCaption w:val="{_attr(caption[:255])}"/>',
            f'<w:tblDescription w:val="{_attr((note or caption)[:255])}"/>',
            "</w:tblPr><w:tblGrid>",
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for r in range(len(rows)):
            # cantSplit keeps a row on one page; tblHeader repeats the head on every page
            parts.append("<w:tr><w:trPr><w:cantSplit/>"
                         + ("<w:tblHeader/>" if r < len(node.head) else "") + "</w:trPr>")
            c = 0
            while c < width:
                found = origin.get((r, c))
                if found is None:
                    parts.append(self._tc(widths[c], 1, "", None))
                    c += 1
                    continue
                cell, first = found
                span = min(cell.colspan, width - c)
                merge = "" if cell.rowspan == 1 else ("restart" if first else "continue")
                runs = self.texts.blocks[item.cells[id(cell)]] if first else None
                parts.append(self._tc(sum(widths[c:c + span]), span, merge, cell, runs))
                c += span
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._append("".join(parts))
        if note:
            self._append(self._paragraph([Run(note)], "fang", size=layout.TABLE_PT, first_line=0,
                                         single=True, before=80))

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
        ppr = _ppr(first_line=0, single=True, jc=align)
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{content}</w:p></w:tc>"

    def signature(self, organisation: int, date: str) -> None:
        """落款: the issuing body and the date, right-aligned, 空四字, and
        never alone on the last page: the paragraph before it comes along."""
        last = self.doc.element.body.sectPr.getprevious()
        if last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True
        indent = _pt(4 * layout.BODY_PT)
        self._append(self._paragraph(self.texts.blocks[organisation], "fang", first_line=0,
                                     right=indent, jc="right", keep_next=True,
                                     before=int(layout.LINE_PT * 20)))
        self._append(self._paragraph([Run(date)], "fang", first_line=0, right=indent, jc="right"))

    def metadata(self, fields: dict[str, int]) -> None:
        props = self.doc.core_properties
        published = self.report.published.astimezone(UTC).replace(tzinfo=None)
        props.title = self.texts.text(fields["title"])
        props.author = self.texts.text(fields["author"])
        props.last_modified_by = self.texts.text(fields["organisation"])
        props.subject = self.texts.text(fields["subject"])
        props.keywords = self.texts.text(fields["keywords"])
        props.comments = self.texts.text(fields["comments"])
        props.category = self.texts.text(fields["category"])
        props.identifier = self.report.index_number
        props.language = self.lang
        props.created = published
        props.modified = published
        props.revision = 1
        props.version = self.report.version
        self._app_properties(self.texts.text(fields["organisation"]))

    def _app_properties(self, company: str) -> None:
        for rel in self.doc.part.package.rels.values():
            if rel.reltype == RT.EXTENDED_PROPERTIES:
                rel.target_part._blob = (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'extended-properties"><Template>Normal.dotm</Template>'
                    f"<Company>{xml_escape(company)}</Company><DocSecurity>0</DocSecurity>"
                    "<LinksUpToDate>false</LinksUpToDate></Properties>").encode()


def build(report: Report, variant: Variant, converter: Converter, base_url: str = "") -> bytes:
    """The report as a .docx file in the given script variant."""
    texts = Texts()
    texts.add_text(report.title)  # block 0: the title
    fields = {
        "title": 0,
        "author": texts.add_text(report.author or report.organisation),
        "organisation": texts.add_text(report.organisation),
        "subject": texts.add_text(report.category[-1] if report.category else report.title),
        "keywords": texts.add_text("，".join(dict.fromkeys(
            [report.organisation, *report.category[-2:], f"{report.year}年度"]))),
        "comments": texts.add_text(report.summary or report.title),
        "category": texts.add_text(" > ".join(report.category)),
    }
    items = _collect(report.blocks, texts)
    texts.convert(converter, variant, report.script)

    writer = _Writer(report, variant, texts, base_url)
    writer.setup()
    section = writer.doc.sections[0]
    writer.page_setup(section)
    writer.page_numbers(section)
    writer.title()
    for item in items:
        if isinstance(item, _Landscape):
            writer.page_setup(writer.doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
            for inner in item.items:
                if isinstance(inner, _Table):
                    writer.table(inner)
                else:
                    writer.para(inner)
            writer.page_setup(writer.doc.add_section(WD_SECTION.NEW_PAGE))
        elif isinstance(item, _Table):
            writer.table(item)
        else:
            writer.para(item)
    writer.signature(fields["organisation"], layout.chinese_date(report.published))
    writer.metadata(fields)
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()
