"""Table tags Typst cannot write yet: row headers, and the page's header ids.

Typst tags a table as PDF/UA-1 asks by itself — one /Table however many
pages it crosses, its /Caption inside, the head's rows in /THead as /TH with
/Scope /Column, its repetitions on later pages marked as pagination
artifacts, every /TD with /Headers. What it cannot say yet (its
``pdf.header-cell`` needs a compiler feature that the Python package does
not enable) is that a cell outside the head is a header: the row labels of
table 三 (一、本年新收政府信息公开申请数量 …) and the group and column labels
of table 二 would be data cells, and no figure would be tied to its row.

So each table's cells are named once more, from the same data the template
was given (``source.py``: each cell's role, id, scope and ``headers``, the
ones the web page writes): every header cell becomes /TH with the page's id
and its /Scope (/Row for row headers), every data cell /TD with the page's
``headers`` as /Headers, and the /IDTree lists the new ids. Only roles and
attributes change; the content, its marked-content ids and the parent tree
stay as Typst wrote them. Cells are matched by their row and their spans;
if the PDF and the data ever disagree, the file is left as Typst tagged it
and a warning logged.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

log = logging.getLogger("reader.render.pdf.tags")

SCOPES = {"col": Name.Column, "colgroup": Name.Column, "row": Name.Row, "rowgroup": Name.Row}
_SECTIONS = ("/THead", "/TBody", "/TFoot")


class Mismatch(Exception):
    """The PDF's tables are not the tables of the data."""


def _elements(elem: Dictionary) -> list[Dictionary]:
    k = elem.get("/K")
    kids = list(k) if isinstance(k, Array) else ([] if k is None else [k])
    return [kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid]


def find(elem: Dictionary, role: str) -> list[Dictionary]:
    """Structure elements of a role under ``elem``, in document order (not
    inside one another)."""
    out: list[Dictionary] = []
    for kid in _elements(elem):
        if str(kid.S) == role:
            out.append(kid)
        else:
            out.extend(find(kid, role))
    return out


def rows(table: Dictionary) -> list[Dictionary]:
    """A /Table's rows in order, whether or not they sit in /THead, /TBody, /TFoot."""
    out: list[Dictionary] = []
    for kid in _elements(table):
        role = str(kid.S)
        if role == "/TR":
            out.append(kid)
        elif role in _SECTIONS:
            out.extend(tr for tr in _elements(kid) if str(tr.S) == "/TR")
    return out


def _table_attributes(cell: Dictionary) -> Dictionary:
    """The cell's attribute dictionary owned by /Table (made if missing)."""
    attrs = cell.get("/A")
    items = list(attrs) if isinstance(attrs, Array) else ([] if attrs is None else [attrs])
    for item in items:
        if isinstance(item, Dictionary) and item.get("/O") == Name.Table:
            return item
    table_attrs = Dictionary(O=Name.Table)
    cell.A = Array([*items, table_attrs])
    return table_attrs


def _span(attrs: Dictionary, key: str) -> int:
    value = attrs.get(key)
    return int(value) if value is not None else 1


def _name_table(table: Dictionary, data: dict[str, Any]) -> None:
    found = rows(table)
    by_row: dict[int, list[dict[str, Any]]] = {}
    for cell in data["cells"]:
        by_row.setdefault(cell["y"], []).append(cell)
    if len(found) != len(by_row) or sorted(by_row) != list(range(len(found))):
        raise Mismatch(f"a table of {len(found)} rows in the PDF, {len(by_row)} in the data")
    for r, tr in enumerate(found):
        elems = [e for e in _elements(tr) if str(e.S) in ("/TH", "/TD")]
        cells = sorted(by_row[r], key=lambda c: c["x"])
        if len(elems) != len(cells):
            raise Mismatch(f"row {r}: {len(elems)} cells in the PDF, {len(cells)} in the data")
        for elem, cell in zip(elems, cells, strict=True):
            attrs = _table_attributes(elem)
            if (_span(attrs, "/ColSpan"), _span(attrs, "/RowSpan")) != (cell["colspan"],
                                                                         cell["rowspan"]):
                raise Mismatch(f"row {r}: a cell's spans differ")
            for key in ("/Scope", "/Headers"):
                if key in attrs:
                    del attrs[key]
            if "/ID" in elem:
                del elem["/ID"]
            if cell["header"]:
                elem.S = Name.TH
                attrs.Scope = SCOPES.get(cell["scope"], Name.Both)
                if cell["id"]:
                    elem.ID = String(cell["id"])
            else:
                elem.S = Name.TD
                attrs.Headers = Array([String(h) for h in cell["headers"]])


def _id_tree(root: Dictionary) -> None:
    """An /IDTree of every element with an /ID, so /Headers resolve."""
    found: dict[str, Dictionary] = {}

    def collect(elem: Dictionary) -> None:
        for kid in _elements(elem):
            if "/ID" in kid and kid.is_indirect:
                found[str(kid.ID)] = kid
            collect(kid)

    collect(root)
    names: list[Any] = []
    for key in sorted(found):
        names += [String(key), found[key]]
    root.IDTree = Dictionary(Names=Array(names))


def name_cells(pdf_bytes: bytes, tables: list[dict[str, Any]]) -> bytes:
    """The PDF with every table cell tagged as the data names it, saved with
    object streams (the structure tree is most of a file's objects)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if isinstance(root, Dictionary) and tables:
            found = find(root, "/Table")
            try:
                if len(found) != len(tables):
                    raise Mismatch(f"{len(found)} tables in the PDF, {len(tables)} in the data")
                for table, data in zip(found, tables, strict=True):
                    _name_table(table, data)
                _id_tree(root)
            except Mismatch as problem:
                log.warning("PDF tables left as Typst tagged them: %s", problem)
                return pdf_bytes
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True)
        return out.getvalue()
