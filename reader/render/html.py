"""Document tree → HTML.

Everything is escaped here; content never reaches the page as raw HTML.
Protected passages (-{…}-) are wrapped in ``<span data-nc>`` so that script
conversion leaves them alone, and ``translate="no"`` tells browsers the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from markupsafe import Markup, escape

from reader.content import document as d
from reader.content.table_headers import column_labels
from reader.language import i18n
from reader.render import layout

# simplified text → one reading per character (None where there is none)
Readings = Callable[[str], tuple[str | None, ...]]

NOT_REPORTED_CLASS = "cell-nr"


class _Ruby:
    """Hands out the readings of one block, character by character."""

    def __init__(self, readings: tuple[str | None, ...]) -> None:
        self.readings = readings
        self.pos = 0

    def text(self, text: str) -> str:
        out = []
        for ch in text:
            reading = self.readings[self.pos] if self.pos < len(self.readings) else None
            self.pos += 1
            out.append(f"<ruby>{escape(ch)}<rt>{escape(reading)}</rt></ruby>" if reading
                       else str(escape(ch)))
        return "".join(out)

    def skip(self, text: str) -> str:
        self.pos += len(text)
        return str(escape(text))


def inlines(nodes: list[d.Inline], ruby: _Ruby | None = None) -> str:
    text = ruby.text if ruby else (lambda t: str(escape(t)))
    out: list[str] = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(text(node.text))
        elif isinstance(node, d.Protected):
            out.append(f'<span data-nc translate="no">{text(node.text)}</span>')
        elif isinstance(node, d.Emphasis):
            out.append(f"<em>{inlines(node.children, ruby)}</em>")
        elif isinstance(node, d.Strong):
            out.append(f"<strong>{inlines(node.children, ruby)}</strong>")
        elif isinstance(node, d.Code):
            out.append(f"<code>{ruby.skip(node.text) if ruby else escape(node.text)}</code>")
        elif isinstance(node, d.Link):
            out.append(f'<a href="{escape(node.href)}">{inlines(node.children, ruby)}</a>')
        elif isinstance(node, d.LineBreak):
            if ruby:
                ruby.skip("\n")
            out.append("<br>")
    return "".join(out)


def _ruby(children: list[d.Inline], readings: Readings | None) -> _Ruby | None:
    return _Ruby(readings(d.plain_text(children))) if readings else None


def ruby_text(text: str, readings: Readings | None) -> Markup:
    """Plain text (a title) as HTML, with pinyin when readings are given."""
    return Markup(inlines([d.Text(text)], _ruby([d.Text(text)], readings)))


def _cell(cell: d.Cell, label: list[d.Cell] | None = None, readings: Readings | None = None) -> str:
    """One cell. A data cell carries its column labels, hidden from screen
    readers (they announce the real headers) and shown only where a narrow
    screen lays the table out row by row."""
    tag = "th" if cell.header else "td"
    attrs: list[str] = []
    if cell.id:
        attrs.append(f'id="{escape(cell.id)}"')
    if cell.header and cell.scope:
        attrs.append(f'scope="{cell.scope}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.headers:
        attrs.append(f'headers="{" ".join(cell.headers)}"')
    classes = [cls for cls in (NOT_REPORTED_CLASS if cell.not_reported else "",
                               "num" if cell.numeric else "") if cls]
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    attr_text = (" " + " ".join(attrs)) if attrs else ""
    shown = ""
    if label:
        text = " · ".join(f"<span>{ruby_text(d.plain_text(h.children), readings)}</span>" for h in label)
        shown = f'<span class="cell-label" aria-hidden="true">{text}</span>'
    return f"<{tag}{attr_text}>{shown}{inlines(cell.children, _ruby(cell.children, readings))}</{tag}>"


def _group_rows(rows: list[d.Row], width: int) -> list[d.Row]:
    """A row group that opens with one header across the whole table, then a
    row of column headers, is drawn with that header over the figure columns
    and the first column header beside it, spanning both rows. Same headers,
    same associations; but the table no longer opens with a row that looks
    like a caption (a screen reader's table-fake-caption)."""
    if len(rows) < 2 or len(rows[0].cells) != 1 or width < 2:
        return rows
    group, columns = rows[0].cells[0], rows[1].cells
    first = columns[0] if columns else None
    if (not group.header or group.colspan != width or group.rowspan != 1 or first is None
            or not all(c.header for c in columns) or first.colspan != 1 or first.rowspan != 1):
        return rows
    return [d.Row([replace(first, rowspan=2), replace(group, colspan=width - 1)]),
            d.Row(columns[1:]), *rows[2:]]


def table(node: d.Table, widths: Sequence[float] = (), readings: Readings | None = None) -> str:
    """The table in its labelled, scrollable region; ``widths`` (percentages of
    the table's width, one per column) adds a <colgroup>, for paper."""
    caption_id = f"{node.id}-caption"
    # a table without a caption is named in the interface's words (localised, not converted)
    caption = ruby_text(node.caption, readings) if node.caption else i18n.message(layout.DEFAULT_CAPTION)
    labels = column_labels(node)
    width = node.width

    def row_html(row: d.Row) -> str:
        return "<tr>" + "".join(_cell(c, labels.get(id(c)), readings) for c in row.cells) + "</tr>"

    parts = [f'<div class="table-wrap" role="region" aria-labelledby="{caption_id}" tabindex="0">',
             f'<table id="{escape(node.id)}" class="data-table {node.kind}">',
             f'<caption id="{caption_id}">{caption}</caption>']
    if widths:
        parts.append("<colgroup>" + "".join(f'<col style="width: {w:.2f}%">' for w in widths)
                     + "</colgroup>")
    if node.head:
        parts.append("<thead>")
        parts.extend(row_html(row) for row in node.head)
        parts.append("</thead>")
    for body in node.bodies:
        parts.append("<tbody>")
        parts.extend(row_html(row) for row in _group_rows(body, width))
        parts.append("</tbody>")
    parts.append("</table></div>")
    if node.note:
        parts.append(f'<p class="table-note">{ruby_text(node.note, readings)}</p>')
    return "".join(parts)


def blocks(nodes: list[d.Block], readings: Readings | None = None) -> str:
    """Blocks as HTML; with ``readings``, prose carries pinyin in <ruby>."""

    def prose(children: list[d.Inline]) -> str:
        ruby = _Ruby(readings(d.plain_text(children))) if readings else None
        return inlines(children, ruby)

    out: list[str] = []
    for node in nodes:
        if isinstance(node, d.Heading):
            out.append(f'<h{node.level} id="{escape(node.anchor)}">'
                       f"{prose(node.children)}</h{node.level}>")
        elif isinstance(node, d.Paragraph):
            out.append(f"<p>{prose(node.children)}</p>")
        elif isinstance(node, d.ListBlock):
            tag = "ol" if node.ordered else "ul"
            start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
            items = "".join(f"<li>{blocks(item, readings)}</li>" for item in node.items)
            out.append(f"<{tag}{start}>{items}</{tag}>")
        elif isinstance(node, d.Quote):
            out.append(f"<blockquote>{blocks(node.children, readings)}</blockquote>")
        elif isinstance(node, d.Rule):
            out.append("<hr>")
        elif isinstance(node, d.Table):
            out.append(table(node, readings=readings))
    return "\n".join(out)


def render(nodes: list[d.Block], readings: Readings | None = None) -> Markup:
    return Markup(blocks(nodes, readings))
