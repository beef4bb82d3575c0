"""One imported report → the text of a content file (content/reports/*.md):
the metadata block, the body in Markdown, and each standard table as an
``annual-table`` block of its figures in the official order."""

from __future__ import annotations

import json
import re

from reader.content import document as d
from reader.content import fields
from reader.content import standard_tables as st
from reader.importing.recognise import Found, rows_of

ORDER = fields.ORDER  # metadata keys in the order the bundled reports write them
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*")


def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this string."""
    if value and _PLAIN.fullmatch(value) and ": " not in value and not value.endswith((":", " ")) \
            and value.lower() not in ("null", "true", "false", "yes", "no", "on", "off", "~"):
        return value
    return json.dumps(value, ensure_ascii=False)


def metadata(meta: dict[str, str], category: list[str]) -> str:
    lines = ["---"]
    for key in ORDER:
        if key == "category":
            lines.append("category: [" + ", ".join(_flow(part) for part in category) + "]")
        elif key in meta:
            value = meta[key]
            lines.append(f"{key}: {value if key in ('published', 'year') else scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _flow(value: str) -> str:
    text = scalar(value)
    return json.dumps(value, ensure_ascii=False) if re.search(r"[,\[\]{}]", text) and \
        not text.startswith('"') else text


# --- Markdown body -----------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|])")


def escape(text: str) -> str:
    """Text that Markdown shows exactly as written (no emphasis, links, HTML, lists)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^([#+=>-])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return text


def _wrapped(mark: str, node: d.Inline) -> str:
    """Emphasis whose marks touch letters, never punctuation (CommonMark only
    opens and closes emphasis there when Chinese text surrounds it)."""
    if isinstance(node, d.Text):
        match = re.match(r"^(\W*)(.*?)(\W*)$", node.text, re.S)
        assert match is not None
        lead, core, trail = match.groups()
        if not core:
            return escape(node.text)
        return escape(lead) + mark + escape(core) + mark + escape(trail)
    return mark + inline(node) + mark


def inline(node: d.Inline) -> str:
    if isinstance(node, d.Text):
        return escape(node.text)
    if isinstance(node, d.Strong):
        return "".join(_wrapped("**", child) for child in node.children)
    if isinstance(node, d.Emphasis):
        return "".join(_wrapped("*", child) for child in node.children)
    if isinstance(node, d.Link):
        target = re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group()):02X}", node.href)
        return "[" + "".join(inline(child) for child in node.children) + f"]({target})"
    return escape(d.plain_text([node]))


def _markdown_table(table: d.Table) -> str:
    grid = rows_of(table)
    if not grid:
        return ""
    width = max(len(line) for line in grid)
    lines = []
    for r, line in enumerate(grid):
        cells = [escape(" ".join(slot.text.split())) if slot is not None and slot.origin else ""
                 for slot in line]
        cells += [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if r == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


def _annual_table(found: Found, fmt: str) -> str:
    lines = [f"```annual-table {found.kind}"]
    figures = found.figures
    if found.kind == "二":
        for block in st.TABLE2[fmt]:
            rows = [(row, [(col, figures[(block.title, row, col)]) for col in block.columns
                           if (block.title, row, col) in figures]) for row in block.rows]
            rows = [(row, cols) for row, cols in rows if cols]
            if not rows:
                continue
            lines.append(f"{block.title}:")
            for row, cols in rows:
                lines.append(f"  {row}:")
                lines.extend(f"    {col}: {scalar(value)}" for col, value in cols)
    elif found.kind == "三":
        for row in st.t3_keys(fmt):
            cols = [(col, figures[(row, col)]) for col in st.T3_COLUMNS if (row, col) in figures]
            if cols:
                lines.append(f"{row}:")
                lines.extend(f"  {col}: {value}" for col, value in cols)
    else:
        for group in st.T4_GROUPS:
            cols = [(col, figures[(group, col)]) for col in st.T4_COLUMNS
                    if (group, col) in figures]
            if cols:
                lines.append(f"{group}:")
                lines.extend(f"  {col}: {value}" for col, value in cols)
    lines.append("```")
    return "\n".join(lines)


# rows the two formats name differently: the same row of table 二
_RENAMED = {"规范性文件": "行政规范性文件", "行政规范性文件": "规范性文件"}


def renamed(key: tuple[str, ...], fmt: str) -> tuple[str, ...]:
    """A figure key with a row label of the other format (规范性文件 in a 2021
    table) as this format names that row."""
    if len(key) == 3 and key[1] in _RENAMED:
        return (key[0], _RENAMED[key[1]], key[2])
    return key


def placed(found: Found, fmt: str) -> set[tuple[str, ...]]:
    """The figure keys that the format has a cell for."""
    if found.kind == "二":
        return {(b.title, r, c) for b in st.TABLE2[fmt] for r in b.rows for c in b.columns}
    if found.kind == "三":
        return {(r, c) for r in st.t3_keys(fmt) for c in st.T3_COLUMNS}
    return {(g, c) for g in st.T4_GROUPS for c in st.T4_COLUMNS}


def body(blocks: list[d.Block | Found], fmt: str) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Found):
            parts.append(_annual_table(block, fmt))
        elif isinstance(block, d.Heading):
            parts.append("#" * block.level + " " + escape(d.plain_text(block.children)))
        elif isinstance(block, d.Paragraph):
            text = "".join(inline(node) for node in block.children)
            parts.append(re.sub(r"^(\d+)([.)])", r"\1\\\2", text))
        elif isinstance(block, d.ListBlock):
            parts.append("\n".join(
                (f"{block.start + i}. " if block.ordered else "- ")
                + escape(" ".join(d.plain_text(b.children) for b in item
                                  if isinstance(b, d.Paragraph)))
                for i, item in enumerate(block.items)))
        elif isinstance(block, d.Table):
            table = _markdown_table(block)
            if table:
                parts.append(table)
    return "\n\n".join(parts) + "\n"
