"""The PDF's tables, read back as a screen reader in a PDF reader meets them:
one /Table per table of the page even where it runs over a page break, every
header cell with its /Scope, every data cell with the /Headers the page gives
it, resolvable through the /IDTree, and the header rows drawn again on the
next page marked as a pagination artifact. PyPI's pdfua finds nothing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from reader.render.pdf import tags as pdf_tags
from tests.served_files import VARIANT_IDS, served

STRUCTURE_ROLES = ("/THead", "/TBody", "/TFoot")


def elements(elem: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    k = elem.get("/K")
    kids = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def find(elem: pikepdf.Dictionary, role: str) -> list[pikepdf.Dictionary]:
    out: list[pikepdf.Dictionary] = []
    for kid in elements(elem):
        if str(kid.S) == role:
            out.append(kid)
        else:
            out.extend(find(kid, role))
    return out


def pages_of(elem: pikepdf.Dictionary, pages: set[tuple[int, int]]) -> set[tuple[int, int]]:
    if "/Pg" in elem:
        pages.add(elem.Pg.objgen)
    for kid in elements(elem):
        pages_of(kid, pages)
    return pages


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_every_table_cell_is_tied_to_its_headers(code: str) -> None:
    page_tables = pdf_tags.page_tables(served().pages_html[code])
    with pikepdf.open(io.BytesIO(served().body(code, "pdf"))) as pdf:
        root = pdf.Root.StructTreeRoot
        tables = find(root, "/Table")
        assert len(tables) == len(page_tables) == 3
        names = root.IDTree.Names
        ids = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        for table, page_table in zip(tables, page_tables, strict=True):
            rows = [tr for part in elements(table) if str(part.S) in STRUCTURE_ROLES
                    for tr in elements(part)]
            assert len(rows) == sum(len(section.rows) for section in page_table)
            for tr in rows:
                for cell in elements(tr):
                    attrs = cell.A
                    if str(cell.S) == "/TH":
                        assert str(attrs.Scope) in ("/Column", "/Row"), cell
                        assert str(cell.ID) in ids
                    else:
                        headers = [str(h) for h in attrs.Headers]
                        assert headers, "a data cell without headers"
                        assert all(str(ids[h].S) == "/TH" for h in headers)
        # table 三 runs over a page break: one table, its rows on two pages
        assert len(pages_of(tables[1], set())) >= 2


@pytest.mark.parametrize("code", VARIANT_IDS)
def test_header_repeated_on_the_next_page_is_an_artifact(code: str) -> None:
    with pikepdf.open(io.BytesIO(served().body(code, "pdf"))) as pdf:
        table = find(pdf.Root.StructTreeRoot, "/Table")[1]
        assert len(find(table, "/THead")) == 1
        spread = sorted(pages_of(table, set()))
        later = [p for p in pdf.pages if p.obj.objgen in spread[1:]]
        assert later
        marks = [operands for p in later for operands, op in pikepdf.parse_content_stream(p)
                 if str(op) == "BDC" and str(operands[0]) == "/Artifact"
                 and isinstance(operands[1], pikepdf.Dictionary)
                 and operands[1].get("/Type") == pikepdf.Name.Pagination]
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


def test_a_table_that_does_not_match_is_left_as_it_was() -> None:
    original = served().body(VARIANT_IDS[0], "pdf")
    page = "<table><tbody><tr><th>只有一格</th></tr></tbody></table>"
    assert pdf_tags.tie_tables(original, page) == original
    assert pdf_tags.tie_tables(original, "<p>没有表格</p>") == original
