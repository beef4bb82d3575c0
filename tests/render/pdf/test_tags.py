"""The PDF's tables, read back as a screen reader in a PDF reader meets them:
one /Table per table of the page even where it runs over a page break, its
caption inside it, every header cell a /TH with its /Scope (row headers
included) and the page's id, every data cell a /TD with exactly the headers
the page gives it, resolvable through the /IDTree, and the header rows drawn
again on the next page marked as a pagination artifact. PyPI's pdfua finds
nothing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from reader.render.pdf import tags
from tests.served_files import VARIANT_IDS, served


class PageCells(HTMLParser):
    """The page's tables: each header cell's (id, scope), each data cell's
    headers, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[object]]] = []

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "table":
            self.tables.append({"th": [], "td": []})
        elif tag == "th":
            self.tables[-1]["th"].append((attrs.get("id", ""), attrs.get("scope", "")))
        elif tag == "td":
            self.tables[-1]["td"].append(attrs.get("headers", "").split())


def page_cells(code: str) -> list[dict[str, list[object]]]:
    parser = PageCells()
    parser.feed(served().pages_html[code])
    return parser.tables


def cells(table: pikepdf.Dictionary, role: str) -> list[pikepdf.Dictionary]:
    return [cell for tr in tags.rows(table) for cell in tr.K if str(cell.S) == role]


def table_attributes(cell: pikepdf.Dictionary) -> pikepdf.Dictionary:
    return next(a for a in cell.A if a.get("/O") == pikepdf.Name.Table)


def pages_of(elem: pikepdf.Dictionary, pages: set[tuple[int, int]]) -> set[tuple[int, int]]:
    if "/Pg" in elem:
        pages.add(elem.Pg.objgen)
    k = elem.get("/K")
    for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
        if isinstance(kid, pikepdf.Dictionary):
            if "/Pg" in kid:
                pages.add(kid.Pg.objgen)
            if "/S" in kid:
                pages_of(kid, pages)
    return pages


SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_every_table_cell_is_tied_to_the_headers_the_page_gives_it(code: str) -> None:
    expected = page_cells(code)
    with pikepdf.open(io.BytesIO(served().body(code, "pdf"))) as pdf:
        root = pdf.Root.StructTreeRoot
        tables = tags.find(root, "/Table")
        assert len(tables) == len(expected) == 3
        names = root.IDTree.Names
        ids = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        for table, page in zip(tables, expected, strict=True):
            assert str(table.K[0].S) == "/Caption"  # the caption is the table's
            headers = cells(table, "/TH")
            found = sorted((str(th.ID), str(table_attributes(th).Scope)) for th in headers)
            assert found == sorted((i, SCOPES[s]) for i, s in page["th"])  # type: ignore[misc]
            assert all(ids[str(th.ID)].objgen == th.objgen for th in headers)
            data = [[str(h) for h in table_attributes(td).Headers] for td in cells(table, "/TD")]
            assert data == page["td"]
            assert all(all(str(ids[h].S) == "/TH" for h in cell) for cell in data)
        # the row headers are headers: table 三's rows and table 二's are labelled
        assert sum(1 for th in cells(tables[1], "/TH")
                   if str(table_attributes(th).Scope) == "/Row") > 20


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_a_table_over_a_page_break_is_one_table_its_repeated_head_an_artifact(code: str) -> None:
    with pikepdf.open(io.BytesIO(served().body(code, "pdf"))) as pdf:
        table = tags.find(pdf.Root.StructTreeRoot, "/Table")[1]  # table 三
        assert len(tags.find(table, "/THead")) == 1
        spread = sorted(pages_of(table, set()))
        assert len(spread) >= 2
        later = [p for p in pdf.pages if p.obj.objgen in spread[1:]]
        marks = [operands for p in later for operands, op in pikepdf.parse_content_stream(p)
                 if str(op) == "BDC" and str(operands[0]) == "/Artifact"
                 and isinstance(operands[1], pikepdf.Dictionary)
                 and operands[1].get("/Type") == pikepdf.Name.Pagination
                 and "/Subtype" not in operands[1]]  # not the page number (a /Footer)
        assert marks, "the repeated header rows are not marked as an artifact"


def test_pdfua_finds_nothing(tmp_path: Path) -> None:
    tool = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    files = []
    for code in VARIANT_IDS:
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(served().body(code, "pdf"))
        files.append(str(path))
    result = subprocess.run([tool, "check", *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(re.findall(r"result: PASS", result.stdout)) == len(files), result.stdout


def test_tables_that_do_not_match_are_left_as_they_were() -> None:
    """Data that disagrees with the PDF's tables names nothing (and says so)."""
    original = served().body(VARIANT_IDS[0], "pdf")
    one_cell = {"cells": [{"x": 0, "y": 0, "colspan": 1, "rowspan": 1, "header": True,
                           "id": "x", "scope": "col", "headers": []}]}
    assert tags.name_cells(original, [one_cell]) == original
    assert tags.name_cells(original, [one_cell] * 3) == original
