"""Markdown body → document tree.

Parsing is markdown-it-py (CommonMark plus tables). Raw HTML is not trusted
and is rejected with its line; so are images (not supported yet) and link
targets other than web, mail, phone and site-relative addresses. A fenced
block ```annual-table 二``` holds the figures of a standard table.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.content import document as d
from reader.content.problems import ContentError
from reader.content.table_headers import assign_headers

_md = MarkdownIt("commonmark", {"html": True}).enable("table")

PROTECTED = re.compile(r"-\{(.+?)\}-", re.S)
SAFE_HREF = re.compile(r"^(https?://|mailto:|tel:|/(?!/)|#|\./|\.\./|[\w\-./]+(?:#[\w\-]*)?$)",
                       re.I)
TABLE_FENCE = "annual-table"

# Given the kind (二, 三, 四), the YAML text and its first line, returns a table.
StandardTableHook = Callable[[str, str, int], d.Table]


class _Parser:
    def __init__(self, first_line: int, standard_table: StandardTableHook) -> None:
        self.first_line = first_line
        self.standard_table = standard_table
        self.anchors: set[str] = set()
        self.table_count = 0

    def line(self, token: Token) -> int:
        return self.first_line + (token.map[0] if token.map else 0)

    def blocks(self, tokens: list[Token], pos: int, close: str | None) -> tuple[list[d.Block], int]:
        out: list[d.Block] = []
        while pos < len(tokens):
            tok = tokens[pos]
            if close is not None and tok.type == close:
                return out, pos + 1
            if tok.type == "heading_open":
                inline = self.inlines(tokens[pos + 1])
                level = int(tok.tag[1])
                out.append(d.Heading(level, inline, self.anchor(d.plain_text(inline)),
                                     self.line(tok)))
                pos += 3
            elif tok.type == "paragraph_open":
                out.append(d.Paragraph(self.inlines(tokens[pos + 1]), self.line(tok)))
                pos += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                items: list[list[d.Block]] = []
                start = int(tok.attrGet("start") or 1)
                close_type = tok.type.replace("_open", "_close")
                pos += 1
                while tokens[pos].type != close_type:
                    item, pos = self.blocks(tokens, pos + 1, "list_item_close")
                    items.append(item)
                out.append(d.ListBlock(tok.type.startswith("ordered"), items, start))
                pos += 1
            elif tok.type == "blockquote_open":
                children, pos = self.blocks(tokens, pos + 1, "blockquote_close")
                out.append(d.Quote(children))
            elif tok.type == "hr":
                out.append(d.Rule())
                pos += 1
            elif tok.type in ("fence", "code_block"):
                info = tok.info.strip().split()
                if info and info[0] == TABLE_FENCE:
                    kind = info[1] if len(info) > 1 else ""
                    out.append(self.standard_table(kind, tok.content, self.line(tok) + 1))
                else:
                    out.append(d.Paragraph([d.Code(tok.content.rstrip("\n"))]))
                pos += 1
            elif tok.type == "table_open":
                table, pos = self.table(tokens, pos)
                out.append(table)
            elif tok.type == "html_block":
                raise ContentError(self.line(tok), "raw HTML is not allowed in content",
                                   "write it in Markdown; tables use | pipes |")
            else:
                pos += 1
        return out, pos

    def anchor(self, text: str) -> str:
        base = re.sub(r"[\s\W_]+", "", text, flags=re.U)[:40] or "section"
        anchor, n = base, 1
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
        return anchor

    def table(self, tokens: list[Token], pos: int) -> tuple[d.Table, int]:
        head: list[d.Row] = []
        body: list[d.Row] = []
        target = body
        row: list[d.Cell] = []
        pos += 1
        while tokens[pos].type != "table_close":
            tok = tokens[pos]
            if tok.type == "thead_open":
                target = head
            elif tok.type == "tbody_open":
                target = body
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                target.append(d.Row(row))
            elif tok.type in ("th_open", "td_open"):
                header = tok.type == "th_open"
                row.append(d.Cell(self.inlines(tokens[pos + 1]), header=header,
                                  scope="col" if header else ""))
                pos += 1
            pos += 1
        self.table_count += 1
        table = d.Table("", head, [body])
        return table, pos + 1

    def inlines(self, token: Token) -> list[d.Inline]:
        children = token.children or []
        nodes, _ = self._inline_seq(children, 0, None, self.line(token))
        return _split_protected(_merge_text(nodes))

    def _inline_seq(self, toks: list[Token], pos: int, close: str | None,
                    line: int) -> tuple[list[d.Inline], int]:
        out: list[d.Inline] = []
        while pos < len(toks):
            tok = toks[pos]
            if close is not None and tok.type == close:
                return out, pos + 1
            if tok.type in ("text", "text_special"):
                out.append(d.Text(tok.content))
            elif tok.type in ("softbreak",):
                out.append(d.Text("\n"))
            elif tok.type == "hardbreak":
                out.append(d.LineBreak())
            elif tok.type == "code_inline":
                out.append(d.Code(tok.content))
            elif tok.type == "em_open":
                children, pos = self._inline_seq(toks, pos + 1, "em_close", line)
                out.append(d.Emphasis(children))
                continue
            elif tok.type == "strong_open":
                children, pos = self._inline_seq(toks, pos + 1, "strong_close", line)
                out.append(d.Strong(children))
                continue
            elif tok.type == "link_open":
                href = str(tok.attrGet("href") or "")
                if not SAFE_HREF.match(href):
                    raise ContentError(line, f"link target “{href[:80]}” is not allowed",
                                       "use an http(s), mailto: or tel: address or a site path")
                children, pos = self._inline_seq(toks, pos + 1, "link_close", line)
                out.append(d.Link(href, children))
                continue
            elif tok.type == "image":
                raise ContentError(line, "images are not supported in reports yet",
                                   "describe the content in text or a table")
            elif tok.type == "html_inline":
                raise ContentError(line, f"raw HTML “{tok.content[:40]}” is not allowed in content",
                                   "write it in Markdown instead")
            pos += 1
        return out, pos


def _merge_text(nodes: list[d.Inline]) -> list[d.Inline]:
    out: list[d.Inline] = []
    for node in nodes:
        if isinstance(node, (d.Emphasis, d.Strong, d.Link)):
            node.children = _split_protected(_merge_text(node.children))
        if isinstance(node, d.Text) and out and isinstance(out[-1], d.Text):
            out[-1] = d.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out


def _split_protected(nodes: list[d.Inline]) -> list[d.Inline]:
    out: list[d.Inline] = []
    for node in nodes:
        if not isinstance(node, d.Text) or "-{" not in node.text:
            out.append(node)
            continue
        last = 0
        for match in PROTECTED.finditer(node.text):
            if match.start() > last:
                out.append(d.Text(node.text[last:match.start()]))
            out.append(d.Protected(match.group(1)))
            last = match.end()
        if last < len(node.text):
            out.append(d.Text(node.text[last:]))
    return out


def parse(text: str, first_line: int, standard_table: StandardTableHook) -> list[d.Block]:
    """Parse a Markdown body whose first line is line ``first_line`` of its file."""
    parser = _Parser(first_line, standard_table)
    blocks, _ = parser.blocks(_md.parse(text), 0, None)
    number = 0
    for block in d.iter_blocks(blocks):
        if isinstance(block, d.Table):
            number += 1
            block.id = block.id or f"table-{number}"
            assign_headers(block, block.id)
    return blocks
