"""Tie the PDF's tables together, as the page's tables are.

WeasyPrint tags a table as /Table, /TR, /TH and /TD, but gives a header cell
no /Scope, gives a data cell at most its row header in /Headers, and writes
a table that runs over a page break as two /Table elements, the second with
its repeated header rows tagged as if they were new content. A screen reader
in a PDF reader then cannot tie a figure to its row and column.

This module reads the tags back with pikepdf and corrects them from the
print page's own markup (every table there has ``scope`` on its header cells
and ``headers`` on its data cells): each /TH gets the page's id as its /ID
and its /Scope, each /TD the page's ``headers`` as /Headers, the fragments of
a split table become one /Table again, and the repeated header rows become a
pagination artifact. The cells are matched in order, row by row; if the two
ever disagree, the file is left as WeasyPrint wrote it and a warning logged.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pikepdf
from pikepdf import Array, Dictionary, Name, String

log = logging.getLogger("reader.render.pdf.tags")

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


# --- the print page's tables -----------------------------------------------------------


@dataclass
class PageCell:
    header: bool
    id: str
    scope: str
    headers: list[str]


@dataclass
class PageSection:
    head: bool
    rows: list[list[PageCell]] = field(default_factory=list)


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[PageSection]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        if self._depth != 1 or not self.tables:
            return
        sections = self.tables[-1]
        if tag in ("thead", "tbody", "tfoot"):
            sections.append(PageSection(head=tag == "thead"))
        elif tag == "tr":
            if not sections:
                sections.append(PageSection(head=False))
            sections[-1].rows.append([])
        elif tag in ("th", "td") and sections and sections[-1].rows:
            sections[-1].rows[-1].append(PageCell(
                header=tag == "th", id=attrs.get("id", ""), scope=attrs.get("scope", ""),
                headers=attrs.get("headers", "").split()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth = max(0, self._depth - 1)


def page_tables(page: str) -> list[list[PageSection]]:
    """The tables of an HTML page: sections, rows and cells, in order."""
    parser = _Tables()
    parser.feed(page)
    return parser.tables


# --- the PDF's structure tree -----------------------------------------------------------


def _kids(elem: Dictionary) -> list[object]:
    """A structure element's kids: elements, marked-content ids (ints) and
    references, as pikepdf gives them."""
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _elements(elem: Dictionary) -> list[Dictionary]:
    return [k for k in _kids(elem) if isinstance(k, Dictionary) and "/S" in k]


def _role(elem: Dictionary) -> str:
    return str(elem.get("/S", ""))


def _walk(elem: Dictionary, role: str, out: list[Dictionary]) -> list[Dictionary]:
    for kid in _elements(elem):
        if _role(kid) == role:
            out.append(kid)
        else:
            _walk(kid, role, out)
    return out


def _set_kids(elem: Dictionary, kids: list[object]) -> None:
    elem.K = Array(kids)


def _detach(elem: Dictionary) -> None:
    """Remove a structure element from its parent, and any parent left empty."""
    parent = elem.get("/P")
    if not isinstance(parent, Dictionary) or "/S" not in parent:
        return
    kept = [k for k in _kids(parent) if not (isinstance(k, Dictionary) and k.same_owner_as(elem)
                                                 and k.objgen == elem.objgen)]
    _set_kids(parent, kept)
    if not kept:
        _detach(parent)


def _adopt(parent: Dictionary, kids: list[Dictionary]) -> None:
    for kid in kids:
        kid.P = parent
    _set_kids(parent, _kids(parent) + list(kids))


def _attributes(cell: Dictionary) -> Dictionary:
    attrs = cell.get("/A")
    if isinstance(attrs, Array):
        for item in attrs:
            if isinstance(item, Dictionary) and item.get("/O") == Name.Table:
                return item
    if isinstance(attrs, Dictionary) and attrs.get("/O") == Name.Table:
        return attrs
    table_attrs = Dictionary(O=Name.Table)
    cell.A = table_attrs if attrs is None else Array([attrs, table_attrs])
    return table_attrs


def _marked_content(elem: Dictionary, page: pikepdf.Object | None,
                    out: list[tuple[pikepdf.Object, int]]) -> None:
    page = elem.get("/Pg") or page
    for kid in _kids(elem):
        if isinstance(kid, int) and page is not None:
            out.append((page, int(kid)))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            kid_page = kid.get("/Pg") or page
            if kid_page is not None:
                out.append((kid_page, int(kid.MCID)))
        elif isinstance(kid, Dictionary) and "/S" in kid:
            _marked_content(kid, page, out)


class _Mismatch(Exception):
    pass


class _Fixer:
    def __init__(self, pdf: pikepdf.Pdf, tables: list[list[PageSection]]) -> None:
        self.pdf = pdf
        self.tables = tables
        self.artifacts: list[tuple[pikepdf.Object, int]] = []

    def run(self) -> None:
        root = self.pdf.Root.StructTreeRoot
        assert isinstance(root, Dictionary)
        fragments = _walk(root, "/Table", [])
        pending = iter(self.tables)
        table: list[PageSection] | None = None
        rows: list[tuple[int, list[PageCell]]] = []  # (section index, row) still to match
        master: Dictionary | None = None
        section_elems: dict[int, Dictionary] = {}
        for fragment in fragments:
            continuing = bool(rows)
            if not continuing:
                table = next(pending, None)
                if table is None:
                    raise _Mismatch("more tables in the PDF than on the page")
                rows = [(n, row) for n, section in enumerate(table) for row in section.rows]
                master, section_elems = fragment, {}
            assert table is not None and master is not None
            for part in _elements(fragment):
                if _role(part) not in ("/THead", "/TBody", "/TFoot"):
                    continue
                if continuing and _role(part) == "/THead":
                    self._repeated(part)  # a header row drawn again on the next page
                    continue
                for tr in _elements(part):
                    if not rows:
                        raise _Mismatch("more rows in a PDF table than on the page")
                    n, row = rows.pop(0)
                    self._match_row(tr, row)
                    if n not in section_elems:
                        section_elems[n] = part
                        if continuing:
                            _detach(part)
                            _adopt(master, [part])
                    elif section_elems[n] is not part:
                        _detach(tr)
                        _adopt(section_elems[n], [tr])
            if continuing and fragment.objgen != master.objgen:
                _detach(fragment)
        if rows or next(pending, None) is not None:
            raise _Mismatch("fewer table rows in the PDF than on the page")
        self._artifacts()
        self._id_tree()

    def _match_row(self, tr: Dictionary, row: list[PageCell]) -> None:
        cells = [c for c in _elements(tr) if _role(c) in ("/TH", "/TD")]
        if len(cells) != len(row):
            raise _Mismatch(f"a row of {len(cells)} cells in the PDF, {len(row)} on the page")
        for elem, cell in zip(cells, row, strict=True):
            if (_role(elem) == "/TH") != cell.header:
                raise _Mismatch("a header cell in one is a data cell in the other")
            attrs = _attributes(elem)
            if cell.header:
                if cell.id:
                    elem.ID = String(cell.id)
                attrs.Scope = Name(SCOPES.get(cell.scope, "/Both"))
                if "/Headers" in attrs:
                    del attrs["/Headers"]
            else:
                attrs.Headers = Array([String(h) for h in cell.headers])

    def _repeated(self, part: Dictionary) -> None:
        _marked_content(part, None, self.artifacts)
        _detach(part)

    def _artifacts(self) -> None:
        """Mark the repeated header rows' content as pagination artifacts and
        drop them from the parent tree."""
        by_page: dict[tuple[int, int], tuple[pikepdf.Object, set[int]]] = {}
        for page_ref, mcid in self.artifacts:
            by_page.setdefault(page_ref.objgen, (page_ref, set()))[1].add(mcid)
        root = self.pdf.Root.StructTreeRoot
        nums = root.ParentTree.get("/Nums") if "/ParentTree" in root else None
        for page_obj, mcids in by_page.values():
            page = pikepdf.Page(page_obj)
            ops: list[tuple[list[pikepdf.Object], pikepdf.Operator]] = []
            for instruction in pikepdf.parse_content_stream(page):
                if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                    ops.append((list(instruction.operands), instruction.operator))
                    continue
                operands, operator = list(instruction.operands), instruction.operator
                if (str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary)
                        and int(operands[1].get("/MCID", -1)) in mcids):
                    operands = [Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Header)]
                ops.append((operands, operator))
            page.obj.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(ops))
            key = page_obj.get("/StructParents")
            if nums is None or key is None:
                continue
            for i in range(0, len(nums), 2):
                if int(nums[i]) == int(key):
                    entries = nums[i + 1]
                    for mcid in mcids:
                        if mcid < len(entries):
                            entries[mcid] = pikepdf.Object.parse(b"null")

    def _id_tree(self) -> None:
        """An /IDTree, so that /Headers can be resolved to their header cells."""
        root = self.pdf.Root.StructTreeRoot
        assert isinstance(root, Dictionary)
        found: dict[str, Dictionary] = {}

        def collect(elem: Dictionary) -> None:
            for kid in _elements(elem):
                if "/ID" in kid and kid.is_indirect:
                    found[str(kid.ID)] = kid
                collect(kid)

        collect(root)
        names: list[pikepdf.Object] = []
        for key in sorted(found):
            names += [String(key), found[key]]
        root.IDTree = Dictionary(Names=Array(names))


def tie_tables(pdf_bytes: bytes, page: str) -> bytes:
    """The PDF with its tables tagged as the print page's tables are."""
    tables = page_tables(page)
    if not tables:
        return pdf_bytes
    try:
        with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
            if "/StructTreeRoot" not in pdf.Root:
                return pdf_bytes
            _Fixer(pdf, tables).run()
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except _Mismatch as problem:
        log.warning("PDF tables left as WeasyPrint tagged them: %s", problem)
        return pdf_bytes
