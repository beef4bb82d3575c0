"""WordprocessingML written as text: runs and paragraph properties.

The report body is written as XML text and parsed once per block (see
writer.py): python-docx's element-by-element API costs about 100 times as much.
These helpers also set fonts and languages on elements python-docx made.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

NS = f'xmlns:w="{nsmap["w"]}" xmlns:r="{nsmap["r"]}"'
# theme font references win over font names in Word: every one goes
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def attr(text: str) -> str:
    """Text for an XML attribute value in double quotes."""
    return xml_escape(text, {'"': "&quot;"})


def twips(points: float) -> int:
    """Points → twentieths of a point (Word's twips)."""
    return int(round(points * 20))


def run(text: str, font: str, size: float | None, bold: bool, underline: bool = False) -> str:
    name = attr(font)
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


def ppr(*, style: str = "", keep_next: bool = False, rule: bool = False, single: bool = False,
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


def child(parent: _Element, tag: str, first: bool = False) -> _Element:
    """The element's child ``tag`` ("w:lang"), added if missing: at the end,
    or ``first`` where the schema wants it first (a run's w:rPr)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def set_fonts(rpr: _Element, name: str) -> None:
    """Name the font for every script on a w:rPr, theme references removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, fonts)  # schema order
    drop_theme_fonts(fonts)
    for name_attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(name_attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def drop_theme_fonts(fonts: _Element) -> None:
    """Remove a w:rFonts' theme font references (they win over font names)."""
    for name in THEME_ATTRS:
        if qn(name) in fonts.attrib:
            del fonts.attrib[qn(name)]


def set_lang(rpr: _Element, lang: str) -> None:
    element = child(rpr, "w:lang")
    element.set(qn("w:val"), lang)
    element.set(qn("w:eastAsia"), lang)
    element.set(qn("w:bidi"), "ar-SA")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A field (PAGE …) whose result Word computes; ``placeholder`` until it does."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        added = paragraph.add_run()
        if kind == "text":
            added.text = placeholder
            continue
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        added.element.append(element)
