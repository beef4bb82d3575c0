"""Document tree → HTML.

Everything is escaped here; content never reaches the page as raw HTML.
Protected passages (-{…}-) are wrapped in ``<span data-nc>`` so that script
conversion leaves them alone, and ``translate="no"`` tells browsers the same.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import document as d

NOT_REPORTED_CLASS = "cell-nr"


def inlines(nodes: list[d.Inline]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(str(escape(node.text)))
        elif isinstance(node, d.Protected):
            out.append(f'<span data-nc translate="no">{escape(node.text)}</span>')
        elif isinstance(node, d.Emphasis):
            out.append(f"<em>{inlines(node.children)}</em>")
        elif isinstance(node, d.Strong):
            out.append(f"<strong>{inlines(node.children)}</strong>")
        elif isinstance(node, d.Code):
            out.append(f"<code>{escape(node.text)}</code>")
        elif isinstance(node, d.Link):
            out.append(f'<a href="{escape(node.href)}">{inlines(node.children)}</a>')
        elif isinstance(node, d.LineBreak):
            out.append("<br>")
    return "".join(out)


def _cell(cell: d.Cell) -> str:
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
    classes = [cls for cls in (cell.css, NOT_REPORTED_CLASS if cell.not_reported else "",
                               "num" if cell.numeric else "") if cls]
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    attr_text = (" " + " ".join(attrs)) if attrs else ""
    return f"<{tag}{attr_text}>{inlines(cell.children)}</{tag}>"


def table(node: d.Table) -> str:
    caption_id = f"{node.id}-caption"
    caption = node.caption or "表格"
    parts = [f'<div class="table-wrap" role="region" aria-labelledby="{caption_id}" tabindex="0">',
             f'<table id="{escape(node.id)}" class="data-table {node.kind}">',
             f'<caption id="{caption_id}">{escape(caption)}</caption>']
    if node.head:
        parts.append("<thead>")
        parts.extend("<tr>" + "".join(_cell(c) for c in row.cells) + "</tr>" for row in node.head)
        parts.append("</thead>")
    for body in node.bodies:
        parts.append("<tbody>")
        parts.extend("<tr>" + "".join(_cell(c) for c in row.cells) + "</tr>" for row in body)
        parts.append("</tbody>")
    parts.append("</table></div>")
    if node.note:
        parts.append(f'<p class="table-note">{escape(node.note)}</p>')
    return "".join(parts)


def blocks(nodes: list[d.Block]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, d.Heading):
            out.append(f'<h{node.level} id="{escape(node.anchor)}">'
                       f"{inlines(node.children)}</h{node.level}>")
        elif isinstance(node, d.Paragraph):
            out.append(f"<p>{inlines(node.children)}</p>")
        elif isinstance(node, d.ListBlock):
            tag = "ol" if node.ordered else "ul"
            start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
            items = "".join(f"<li>{blocks(item)}</li>" for item in node.items)
            out.append(f"<{tag}{start}>{items}</{tag}>")
        elif isinstance(node, d.Quote):
            out.append(f"<blockquote>{blocks(node.children)}</blockquote>")
        elif isinstance(node, d.Rule):
            out.append("<hr>")
        elif isinstance(node, d.Table):
            out.append(table(node))
    return "\n".join(out)


def render(nodes: list[d.Block]) -> Markup:
    return Markup(blocks(nodes))
