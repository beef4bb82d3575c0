"""Shared by the import tests: content folders, the app's own Word download
of a report, running `reader import`, and a report page read as a reader
meets it."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.testclient import TestClient

from reader.archive.loading import load_all
from reader.cli import main
from reader.content.document import Heading, Paragraph, iter_blocks, plain_text
from reader.content.reports import Report
from reader.language.convert import Converter
from reader.language.variants import BY_CODE
from reader.render.word import writer as word
from reader.web.app import create_app
from tests.served_files import read_page

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def empty_content(folder: Path) -> Path:
    """A content folder with the bundled site settings and no reports."""
    folder.mkdir(parents=True)
    for name in ("site.toml", "glossary.yaml", "pinyin.yaml"):
        shutil.copy(CONTENT / name, folder / name)
    (folder / "reports").mkdir()
    return folder


def load_report(content: Path, slug: str) -> Report:
    library = load_all(content).library
    assert not library.errors, [p.message for p in library.errors]
    return library.by_slug[slug]


def word_download(report: Report, variant: str = "zh-Hans-CN") -> bytes:
    """The report's .docx as the site serves it, through the Word download's
    public entry point."""
    return word.build(report, BY_CODE[variant], Converter())


def run_import(*args: str | Path) -> int:
    return main(["import", *(str(a) for a in args)])


def text_blocks(report: Report) -> list[tuple[str, str]]:
    """The report's headings (h2…) and paragraphs, list items included."""
    out = []
    for block in iter_blocks(report.blocks):
        if isinstance(block, Heading):
            out.append((f"h{block.level}", plain_text(block.children)))
        elif isinstance(block, Paragraph):
            out.append(("p", plain_text(block.children)))
    return out


def page_blocks(content: Path, slug: str) -> list[tuple[str, str]]:
    """Headings, paragraphs, captions and every table cell of the report page."""
    response = TestClient(create_app(content)).get(f"/reports/{slug}")
    assert response.status_code == 200, response.text[:300]
    page = read_page(response.text)
    return [(block.tag, " ".join(block.text.split())) for block in page.blocks]
