"""Word's automatic numbering rendered as Word shows it: a paragraph in a
numbered list (w:numPr, directly or through its style) gets its number text
(「一、」, 「（二）」, 「3.」) from the level's format and counter, so that headings
numbered by Word are recognised like typed ones."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

_CN = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (counting form, as Word writes it)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt in ("ideographTraditional", "japaneseCounting",
                                             "taiwaneseCounting", "ideographDigital"):
        return chinese_number(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)


def _value(element: Any, tag: str, default: str) -> str:
    found = element.find(qn(tag))
    return found.get(qn("w:val"), default) if found is not None else default


class Numbering:
    """Counters of one document's lists, advanced paragraph by paragraph."""

    def __init__(self, document: Any) -> None:
        try:
            self.root: Any = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            self.root = None
        self.counters: dict[str, dict[int, int]] = {}

    def _levels(self, num_id: str) -> dict[int, tuple[str, str, int]]:
        """ilvl → (numFmt, lvlText, start) for a list instance."""
        if self.root is None:
            return {}
        num = next((n for n in self.root.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id),
                   None)
        abstract = num.find(qn("w:abstractNumId")) if num is not None else None
        if abstract is None:
            return {}
        definition = next((a for a in self.root.findall(qn("w:abstractNum"))
                           if a.get(qn("w:abstractNumId")) == abstract.get(qn("w:val"))), None)
        levels: dict[int, tuple[str, str, int]] = {}
        for lvl in definition.findall(qn("w:lvl")) if definition is not None else []:
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                _value(lvl, "w:numFmt", "decimal"), _value(lvl, "w:lvlText", ""),
                int(_value(lvl, "w:start", "1")))
        return levels

    @staticmethod
    def _num_pr(paragraph: Any) -> Any:
        found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style = paragraph.style
        while found is None and style is not None:
            found = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            style = style.base_style
        return found

    def label(self, paragraph: Any) -> tuple[str, str, int] | None:
        """(kind, number text, number) for a paragraph Word numbers, else None;
        kind is "bullet" or "ordered"."""
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return None
        num_id_el, ilvl_el = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        num_id = num_id_el.get(qn("w:val"), "0") if num_id_el is not None else "0"
        if num_id == "0":
            return None
        ilvl = int(ilvl_el.get(qn("w:val"), "0")) if ilvl_el is not None else 0
        levels = self._levels(num_id)
        fmt, text, start = levels.get(ilvl, ("bullet", "", 1))
        if fmt in ("bullet", "none") or not levels:
            return "bullet", "", 0
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        rendered = text
        for level in range(ilvl, -1, -1):
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            rendered = rendered.replace(f"%{level + 1}",
                                        format_number(counters.get(level, level_start), level_fmt))
        return "ordered", rendered, counters[ilvl]
