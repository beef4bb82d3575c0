"""The real-document corpus (``tests/data/real``): each document imported as
a publisher would import it and compared with the expected file read by
hand from the source. Shared by ``test_real_corpus.py`` and
``benchmarks/score_import.py``.

A document's file is in its folder, or (binaries, which are not committed)
in ``$READER_REAL_CORPUS/<document>/``. The import is tried as a user would:
first with only what the document does not state (``supply``, e.g. the date of
a PDF without a signature); if it is refused, again with the fields it should
have found given too — those count as missed.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reader.content.reports import Report, parse_report
from reader.content.site import load_site
from reader.importing import run
from reader.importing.source import Refused
from tests.import_support import CONTENT, empty_content

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
META = ("title", "published", "organisation", "index_number")
CATEGORY = ["政府信息公开", "政府信息公开年报"]


@dataclass
class Score:
    name: str
    kind: str
    found: int = 0
    expected: int = 0
    invented: list[str] = field(default_factory=list)  # figures the source does not state
    missed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: str = ""
    skipped: str = ""


def documents() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(REAL.glob("*/expected.yaml")):
        out.append((path.parent.name, yaml.safe_load(path.read_text("utf-8"))))
    return out


def locate(name: str, expected: dict[str, Any]) -> Path | None:
    here = REAL / name / expected["document"]
    if here.is_file():
        return here
    outside = os.environ.get("READER_REAL_CORPUS")
    if outside and (Path(outside) / name / expected["document"]).is_file():
        return Path(outside) / name / expected["document"]
    return None


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s,，。.、:：]", "", text)


def _import(path: Path, expected: dict[str, Any], content: Path, given: dict[str, str]
            ) -> tuple[run.Outcome, Report]:
    site, _ = load_site(content / "site.toml")
    options = run.Options(content=content, category=expected.get("category") or CATEGORY,
                          title=given.get("title"), organisation=given.get("organisation"),
                          published=given.get("published"),
                          year=str(given["year"]) if given.get("year") else None)
    outcome = run.prepare(path, options, site, {}, set())
    assert outcome.target is not None
    report, _ = parse_report(outcome.target, outcome.text.encode(), site)
    return outcome, report


def import_document(path: Path, expected: dict[str, Any]
                    ) -> tuple[run.Outcome, Report, list[str]]:
    """The import, and the metadata fields a user had to give although the
    document states them."""
    supply = dict(expected.get("supply") or {})
    first = {k: v for k, v in supply.items() if expected.get(k) is None}
    with tempfile.TemporaryDirectory(prefix="reader-corpus-") as tmp:
        content = empty_content(Path(tmp) / "content")
        try:
            outcome, report = _import(path, expected, content, first)
            return outcome, report, []
        except Refused:
            given = dict(supply)
            for key in (*META, "year"):
                if expected.get(key) is not None and key not in given and key != "index_number":
                    given[key] = str(expected[key])
            outcome, report = _import(path, expected, content, given)
            return outcome, report, [k for k in given if k not in first]


def _figures(report: Report) -> dict[str, dict[str, str]]:
    body = report.loaded
    assert body is not None
    out: dict[str, dict[str, str]] = {}
    for kind, table in body.standard_tables.items():
        out[kind] = {" | ".join(key): figure.text for key, figure in table.figures.items()}
    return out


def _headings(report: Report) -> set[str]:
    from reader.content.document import Heading, plain_text
    body = report.loaded
    assert body is not None
    return {_key(plain_text(b.children)) for b in body.blocks
            if isinstance(b, Heading) and b.level == 2}


def score(name: str, expected: dict[str, Any]) -> Score:
    result = Score(name, expected["kind"])
    path = locate(name, expected)
    if path is None:
        result.skipped = f"{expected['document']} not found (set READER_REAL_CORPUS)"
        return result
    wanted_meta = [k for k in META if expected.get(k) is not None]
    sections = [_key(s) for s in expected.get("sections") or []]
    figures = {kind: {k: str(v) for k, v in (table or {}).items()}
               for kind, table in (expected.get("figures") or {}).items()}
    result.expected = len(wanted_meta) + len(sections) + sum(len(t) for t in figures.values())
    try:
        outcome, report, given = import_document(path, expected)
    except Refused as exc:
        result.refused = str(exc)
        result.missed = ["everything"]
        return result
    result.warnings = outcome.warnings
    for key in wanted_meta:
        want = _key(expected[key])
        got = {"title": report.title, "organisation": report.organisation,
               "index_number": report.index_number,
               "published": report.published.strftime("%Y-%m-%d %H:%M")}[key]
        ok = key not in given and (_key(got).startswith(want) if key == "published"
                                   else _key(got) == want)
        result.found += ok
        if not ok:
            result.missed.append(f"{key}: {got!r}")
    headings = _headings(report)
    for section in sections:
        if section in headings:
            result.found += 1
        else:
            result.missed.append(f"section {section}")
    got_figures = _figures(report)
    for kind in ("二", "三", "四"):
        want = figures.get(kind, {})
        got = got_figures.get(kind, {})
        for key, value in want.items():
            if _key(got.get(key, "")) == _key(value):
                result.found += 1
            else:
                result.missed.append(f"{kind} {key} = {value} (got {got.get(key)!r})")
        for key, value in got.items():
            if key not in want:
                result.invented.append(f"{kind} {key} = {value}")
            elif _key(want[key]) != _key(value):
                result.invented.append(f"{kind} {key} = {value} (source: {want[key]})")
    for text in expected.get("warnings") or []:
        if not any(text in w for w in outcome.warnings):
            result.missed.append(f"warning “{text}”")
    return result


def scanned(pdf: bytes, pages: int | None = None, dpi: int = 200) -> bytes:
    """A PDF made the way a scanner makes one: each page an image, no text."""
    import io
    import subprocess

    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="reader-scan-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
        if pages:
            command += ["-l", str(pages)]
        subprocess.run([*command, str(source), str(Path(tmp) / "page")], check=True)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("page*.png"))]
        out = io.BytesIO()
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
        return out.getvalue()


def score_scanned(name: str, expected: dict[str, Any]) -> Score:
    """The document's PDF scored again as a scan of itself (read by OCR)."""
    path = locate(name, expected)
    assert path is not None
    with tempfile.TemporaryDirectory(prefix="reader-scan-") as tmp:
        copy = Path(tmp) / name / expected["document"]
        copy.parent.mkdir()
        copy.write_bytes(scanned(path.read_bytes()))
        previous = os.environ.get("READER_REAL_CORPUS")
        os.environ["READER_REAL_CORPUS"] = tmp
        try:
            result = score(name, {**expected, "kind": "pdf-scan",
                                  "document": expected["document"]})
        finally:
            if previous is None:
                del os.environ["READER_REAL_CORPUS"]
            else:
                os.environ["READER_REAL_CORPUS"] = previous
    result.kind = "pdf-scan"
    return result


def summary(scores: list[Score]) -> dict[str, tuple[int, int, int, int]]:
    """Per kind: (found, expected, invented, documents)."""
    kinds: dict[str, tuple[int, int, int, int]] = {}
    for s in scores:
        if s.skipped:
            continue
        found, expected, invented, docs = kinds.get(s.kind, (0, 0, 0, 0))
        kinds[s.kind] = (found + s.found, expected + s.expected, invented + len(s.invented),
                         docs + 1)
    return kinds


__all__ = ["CONTENT", "Score", "documents", "locate", "score", "summary"]
