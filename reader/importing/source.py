"""What a source reader hands on: metadata found in the file and raw body items."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.content.document import Table


class Refused(Exception):
    """The file cannot be imported; the message says why in one line."""


@dataclass
class Span:
    """A stretch of a paragraph with one formatting: bold, emphasised (italic,
    or 楷体 as Chinese print sets emphasis), or a link."""

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str = ""


@dataclass
class Para:
    """One paragraph of the source, with the formatting hints that mark a heading."""

    text: str
    style_level: int = 0  # 1–6 for a Word heading style or an HTML <h1>–<h6>, else 0
    emphasised: bool = False  # bold, or set in 黑体/楷体, over the whole paragraph
    lead: str = ""  # a bold run that opens an otherwise plain paragraph
    caption: bool = False  # Word's Caption style: names the table that follows
    centred: bool = False
    list_item: str = ""  # "ordered" or "bullet" for an item of a list
    list_number: int = 0  # an ordered item's own number, when the source writes it
    spans: list[Span] = field(default_factory=list)  # the text by formatting, when it varies
    image: str = ""  # a picture on the page (its address): its text, if any, is not read


@dataclass
class CellRun:
    """Cells of a table read from text, in reading order. Where the text keeps
    rows (pipe, tab or space-separated rows) each row is a row of the table;
    where it writes one cell per line, ``rows_known`` is False and a line's
    cells are only known to follow each other."""

    rows: list[list[str]]
    rows_known: bool = True
    where: str = ""  # where it stands in the file, for warnings (e.g. "lines 12–40")
    glued: list[str] = field(default_factory=list)  # tables whose cells ran together


Item = Para | Table | CellRun


@dataclass
class Source:
    """Everything a reader found in one file. Metadata keys are those of a
    content file (title, index_number, published, source, author,
    organisation, category); values are as found, category as a list."""

    items: list[Item] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    category: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False  # the text was read by OCR: figures are checked by the arithmetic rules
    attachments: list[str] = field(default_factory=list)  # linked files (附件) that may hold the report
