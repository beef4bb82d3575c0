"""Every document of the real-document corpus imported and compared with its
expected file, read by hand from the source: title, date, issuing body, 索引号,
section headings and every table figure; no figure the source does not state;
the warnings a document must give (cells that ran together, rows whose cells
cannot be told apart). Binary documents (PDF) are not in the repository:
they are scored when $READER_REAL_CORPUS names the folder that holds them
(`benchmarks/score_import.py`), and the PDF path is tested in CI on PDFs made
from these documents (pdf/test_reader.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.importing import real_corpus

DOCUMENTS = real_corpus.documents()


@pytest.mark.parametrize(("name", "expected"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_import_matches_the_hand_reading(name: str, expected: dict[str, Any]) -> None:
    if real_corpus.locate(name, expected) is None:
        assert expected["kind"] == "pdf", f"{name}: its document is missing"
        pytest.skip(f"{expected['document']} is kept outside the repository (READER_REAL_CORPUS)")
    result = real_corpus.score(name, expected)
    assert not result.refused, result.refused
    assert result.invented == [], "figures the source does not state"
    assert result.missed == [], f"{result.found}/{result.expected}"


def test_the_corpus_spans_kinds_and_publishers() -> None:
    kinds = {e["kind"] for _, e in DOCUMENTS}
    assert {"pdf", "html", "text"} <= kinds
    assert len({e["publisher"] for _, e in DOCUMENTS}) >= 10
    assert any(e.get("unguessable") for _, e in DOCUMENTS)
    assert any(e.get("script") == "zh-Hant" for _, e in DOCUMENTS)


def test_cells_run_together_are_left_not_reported_with_a_warning() -> None:
    name, expected = next((n, e) for n, e in DOCUMENTS if n == "pingtan-2021-crawl")
    path = real_corpus.locate(name, expected)
    assert path is not None
    outcome, report, _ = real_corpus.import_document(path, expected)
    body = report.loaded
    assert body is not None
    # the tables are there, every cell not reported; the text is imported
    assert set(body.standard_tables) == {"二", "三", "四"}
    assert all(not table.figures for table in body.standard_tables.values())
    glued = [w for w in outcome.warnings if "run together" in w]
    assert {w.split()[1] for w in glued} == {"二", "三", "四"}
    assert all("without guessing" in w and "规章 000" in "".join(glued) for w in glued)
    assert "本年度全区共收到70件申请" in outcome.text
