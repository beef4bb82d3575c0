"""Document-wide settings of a Word file: styles, fonts, page layout.

What Word needs spelled out (python-docx 1.2 leaves it to us):
- fonts by name with ``w:eastAsia`` set, theme font attributes removed (they
  win over names), and the fonts listed with the names and charset Word and
  WPS fall back on;
- the East Asian language in ``w:lang`` and the settings;
- built-in Heading 1–4 (outline levels: Word's navigation pane, PDF export)
  in the faces of GB/T 9704-2012;
- A4 pages with the official margins and line grid, page numbers "— 1 —".

Only python-docx's public objects are used; parts it has no object for (the
font table, the extended properties) are replaced by new parts.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.opc.rel import Relationships
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from lxml.etree import _Element

from reader.render import layout
from reader.render.word.wordml import add_field, child, drop_theme_fonts, set_fonts, set_lang

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
LINE = Pt(layout.LINE_PT)
BODY_INDENT = Pt(2 * layout.BODY_PT)  # 首行缩进两字
HEADING_FACES = {1: "song", 2: "hei", 3: "kai", 4: "fang", 5: "fang", 6: "fang"}


def _find(parent: _Element, *path: str) -> _Element:
    """A descendant python-docx's template always has."""
    found = parent
    for tag in path:
        step = found.find(qn(tag))
        if step is None:
            raise ValueError(f"the Word template has no {tag}")
        found = step
    return found


def _paragraph_style(doc: Document, name: str) -> ParagraphStyle:
    style = doc.styles[name]
    if not isinstance(style, ParagraphStyle):
        raise ValueError(f"the Word template's {name} is not a paragraph style")
    return style


def _style_rpr(style: ParagraphStyle) -> _Element:
    return child(style.element, "w:rPr")


def _remove(parent: _Element, *tags: str) -> None:
    for tag in tags:
        for element in parent.findall(qn(tag)):
            parent.remove(element)


def setup(doc: Document, fonts: dict[str, str], lang: str, charset: str) -> str:
    """Styles, defaults and settings for the whole file; returns the table style's id."""
    drop_template_leftovers(doc)
    styles = doc.styles.element
    for found in styles.iter(qn("w:rFonts")):
        drop_theme_fonts(found)
    rpr = _find(styles, "w:docDefaults", "w:rPrDefault", "w:rPr")
    set_fonts(rpr, fonts["fang"])
    set_lang(rpr, lang)
    for size in ("w:sz", "w:szCs"):
        child(rpr, size).set(qn("w:val"), str(int(layout.BODY_PT * 2)))
    spacing = _find(styles, "w:docDefaults", "w:pPrDefault", "w:pPr", "w:spacing")
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(int(layout.LINE_PT * 20)))
    spacing.set(qn("w:lineRule"), "exact")

    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)
        theme_lang.set(qn("w:eastAsia"), lang)
    doc.settings.odd_and_even_pages_header_footer = True

    normal = _paragraph_style(doc, "Normal")
    set_fonts(_style_rpr(normal), fonts["fang"])
    normal.font.size = Pt(layout.BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.first_line_indent = BODY_INDENT
    fmt.widow_control = True

    for level, face in HEADING_FACES.items():
        style = _paragraph_style(doc, f"Heading {level}")
        style_rpr = _style_rpr(style)
        _remove(style_rpr, "w:color", "w:i", "w:iCs")
        set_fonts(style_rpr, fonts[face])
        style.font.size = Pt(layout.TITLE_PT if level == 1 else layout.BODY_PT)
        style.font.bold = level in (1, 4)
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = LINE if level == 1 else Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(layout.TITLE_PT * 1.5) if level == 1 else LINE
        fmt.keep_with_next = True
        if level == 1:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.first_line_indent = Pt(0)
        else:
            fmt.first_line_indent = BODY_INDENT

    caption = _paragraph_style(doc, "Caption")
    caption_rpr = _style_rpr(caption)
    _remove(caption_rpr, "w:color", "w:b", "w:bCs")
    set_fonts(caption_rpr, fonts["hei"])
    caption.font.size = Pt(layout.PAGE_NUMBER_PT)
    fmt = caption.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.space_before = Pt(layout.TABLE_PT)
    fmt.space_after = Pt(layout.TABLE_PT / 2)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = True
    font_table(doc, fonts, charset)
    line_grid(doc)
    return str(doc.styles["Table Grid"].style_id)


def drop_template_leftovers(doc: Document) -> None:
    """python-docx's template carries a thumbnail of an empty page, a Word
    2010 copy of the styles that would contradict ours, and 160 styles we
    never use (they make every style lookup slow)."""
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rel_id]
    package = part.package
    if package is not None:
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rel_id]


def _related(rels: Relationships, reltype: str) -> tuple[str, Part] | None:
    """The id and part of the first relationship of a type."""
    return next(((rel_id, rel.target_part) for rel_id, rel in rels.items()
                 if rel.reltype == reltype), None)


def font_table(doc: Document, fonts: dict[str, str], charset: str) -> None:
    """List the fonts used, with the names and charset Word falls back on."""
    found = _related(doc.part.rels, RT.FONT_TABLE)
    if found is None:
        return
    rel_id, old = found
    entries = "".join(
        f'<w:font w:name="{xml_escape(name)}"><w:altName w:val="{ALT_NAMES.get(name, name)}"/>'
        f'<w:charset w:val="{charset}"/><w:family w:val="modern"/>'
        f'<w:pitch w:val="{"fixed" if name in FIXED_PITCH else "variable"}"/></w:font>'
        for name in dict.fromkeys(fonts.values()))
    blob = old.blob.decode("utf-8").replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")
    del doc.part.rels[rel_id]
    doc.part.relate_to(Part(old.partname, old.content_type, blob, old.package), RT.FONT_TABLE)


def app_properties(doc: Document, company: str) -> None:
    """docProps/app.xml: the issuing body as the company, and nothing of the
    template's (its word counts describe an empty page)."""
    package = doc.part.package
    if package is None:
        return
    found = _related(package.rels, RT.EXTENDED_PROPERTIES)
    if found is None:
        return
    rel_id, old = found
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Template>Normal.dotm</Template>'
            f"<Company>{xml_escape(company)}</Company><DocSecurity>0</DocSecurity>"
            "<LinksUpToDate>false</LinksUpToDate></Properties>").encode()
    del package.rels[rel_id]
    package.relate_to(Part(old.partname, old.content_type, blob, package),
                      RT.EXTENDED_PROPERTIES)


def line_grid(doc: Document) -> None:
    """22 lines a page: the line grid, set on the first section before any
    other is added (a new section starts as a copy of the one before)."""
    grid = child(_find(doc.element, "w:body", "w:sectPr"), "w:docGrid")
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(layout.LINE_PT * 20)))


def page_setup(section: Section, landscape: bool = False) -> None:
    """A4 with the official margins; a landscape page turns them with it."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(layout.PAGE_MM[1]), Mm(layout.PAGE_MM[0])
        section.top_margin, section.bottom_margin = Mm(layout.LEFT_MM), Mm(layout.RIGHT_MM)
        section.left_margin, section.right_margin = Mm(layout.BOTTOM_MM), Mm(layout.TOP_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(layout.PAGE_MM[0]), Mm(layout.PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(layout.TOP_MM), Mm(layout.BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(layout.LEFT_MM), Mm(layout.RIGHT_MM)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(layout.BOTTOM_MM - 7 - 6)


def page_numbers(section: Section, font: str) -> None:
    """— 1 —, 四号: odd pages on the right, even pages on the left, a
    character in from the edge (GB/T 9704-2012 7.5)."""
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
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
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" —")
        for run in paragraph.runs:
            set_fonts(child(run.element, "w:rPr", first=True), font)
            run.font.size = Pt(layout.PAGE_NUMBER_PT)
