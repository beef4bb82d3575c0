"""Loading and validating the content directory.

    content/site.toml          the portal's identity and footer
    content/reports/*.md       one report per file: YAML metadata, Markdown body

A file with an error is reported (path, line, what, how to fix) and left out;
every other report stays online.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

from reader.content import arithmetic, fields, markdown, standard_tables, yamlnodes
from reader.content.document import Block, Heading, Table, iter_blocks, plain_text
from reader.content.problems import ContentError, Problem
from reader.content.site import Site, load_site

SCRIPTS = ("zh-Hans", "zh-Hant")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
# where str.splitlines ends a line
_LINE_END = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# the characters of Unicode category Cc (C0, DEL, C1) other than tab and newline
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# metadata keys (canonical name → accepted spellings, English or Chinese): fields.py
KEYS = fields.KEYS
REQUIRED = fields.REQUIRED
_ALIASES = fields.ALIASES


@dataclass
class Body:
    """What a report says: by far the larger part of a parsed report, so a
    large archive keeps it on disk (see parse_cache) and loads it when asked."""

    blocks: list[Block]
    standard_tables: dict[str, standard_tables.StandardTable] = field(default_factory=dict)


@dataclass
class Report:
    slug: str
    path: Path
    title: str
    published: datetime
    organisation: str
    category: tuple[str, ...]
    year: int
    index_number: str = ""
    source: str = ""
    author: str = ""
    script: str = "zh-Hans"
    table_format: str = "2019"
    summary: str = ""
    version: str = ""  # hash of the file: changes whenever the report does
    # table 三's carried-over rows, for the across-years check without the body
    carried: standard_tables.StandardTable | None = None
    # the body, or None when `fetch` loads it on demand
    loaded: Body | None = field(default=None, repr=False, compare=False)
    fetch: Callable[[], Body] | None = field(default=None, repr=False, compare=False)
    # listed from its metadata alone: the body is parsed when asked for, and
    # the file's checks are still to run (see parse_metadata)
    pending: bool = field(default=False, compare=False)

    @property
    def body(self) -> Body:
        if self.loaded is not None:
            return self.loaded
        if self.fetch is None:
            raise LookupError(f"the body of {self.slug} is not available")
        return self.fetch()

    @property
    def blocks(self) -> list[Block]:
        return self.body.blocks

    @property
    def standard_tables(self) -> dict[str, standard_tables.StandardTable]:
        return self.body.standard_tables

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class BodyUnavailable(Exception):
    """A report listed from its metadata alone whose body cannot be read (the
    file has a mistake in its body, or changed or vanished): the report leaves
    the site once its file has been checked."""


Row = tuple[Any, ...]


def report_row(report: Report) -> Row:
    """A report's metadata as plain values, without its body and path: how
    the parse cache stores it and worker processes send it, several times
    faster to unpickle than the dataclass (a large archive's start)."""
    carried = report.carried
    return (report.slug, report.title, report.published.isoformat(), report.organisation,
            report.category, report.year, report.index_number, report.source, report.author,
            report.script, report.table_format, report.summary, report.version, report.pending,
            None if carried is None else (carried.kind, carried.fmt, carried.line, tuple(
                (key, figure.text, figure.line) for key, figure in carried.figures.items())))


def report_from_row(row: Row, path: Path) -> Report:
    (slug, title, published, organisation, category, year, index_number, source, author,
     script, table_format, summary, version, pending, carried) = row
    return Report(slug=slug, path=path, title=title, published=datetime.fromisoformat(published),
                  organisation=organisation, category=category, year=year,
                  index_number=index_number, source=source, author=author, script=script,
                  table_format=table_format, summary=summary, version=version, pending=pending,
                  carried=None if carried is None else standard_tables.StandardTable(
                      carried[0], carried[1], {key: standard_tables.Figure(text, line)
                                               for key, text, line in carried[3]}, carried[2]))


@dataclass
class Category:
    path: tuple[str, ...]
    children: dict[str, Category] = field(default_factory=dict)
    reports: Sequence[Report] = field(default_factory=list)  # in this section itself

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else "首页"

    def all_reports(self) -> list[Report]:
        found = list(self.reports)
        for child in self.children.values():
            found.extend(child.all_reports())
        return sorted(found, key=lambda r: r.published, reverse=True)


@dataclass
class Library:
    root: Path
    site: Site
    reports: list[Report]
    problems: list[Problem]
    by_slug: dict[str, Report] = field(default_factory=dict)
    categories: Category = field(default_factory=lambda: Category(()))

    def category(self, path: tuple[str, ...]) -> Category | None:
        node = self.categories
        for part in path:
            child = node.children.get(part)
            if child is None:
                return None
            node = child
        return node

    @property
    def pending(self) -> list[Report]:
        """Reports listed from their metadata alone, their files not yet checked."""
        return [r for r in self.reports if r.pending]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


# --- reading one file --------------------------------------------------------


def decode(raw: bytes) -> str:
    """UTF-8 text, or a ContentError that says where and why not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = "the file looks GBK/GB18030-encoded; save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise ContentError(line, "not valid UTF-8 text", hint) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        raise ContentError(text.count("\n", 0, nul) + 1, "the file contains a NUL character",
                           "the file is damaged or binary; re-save it as plain UTF-8 text")
    return text


def strip_controls(text: str) -> str:
    """Drop C0/C1 control characters other than tab and newline: invisible to
    readers, and some of them make converters and Word files misbehave."""
    return _CONTROLS.sub("", text)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(metadata YAML, Markdown body, line number where the body starts)."""
    # line by line from the start: the body (most of the file) is not split
    line_start = start = 0
    for number, end in enumerate(itertools.chain(_LINE_END.finditer(text), [None]), 1):
        stop, after = (end.start(), end.end()) if end is not None else (len(text), len(text))
        line = text[line_start:stop].strip()
        if number == 1:
            if line != "---":
                raise ContentError(1, "the file must start with a metadata block",
                                   "begin with a line “---”, the metadata, and another “---”")
            start = after
        elif line == "---":
            return text[start:line_start], text[after:], number + 1
        line_start = after
    raise ContentError(1, "the metadata block is not closed", "add a line “---” after it")


def _scalar(node: yamlnodes.Node, key: str) -> str:
    if not isinstance(node, yamlnodes.Scalar):
        raise ContentError(node.line, f"“{key}” must be a single value")
    return node.value


def parse_datetime(value: str, line: int, default_tz: str) -> datetime:
    text = value.strip().replace("/", "-")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ContentError(line, f"“{value}” is not a date and time",
                           "write e.g. 2020-01-15 18:16:09 +08:00") from None
    if moment.tzinfo is None:
        sign = 1 if default_tz[0] == "+" else -1
        hours, minutes = int(default_tz[1:3]), int(default_tz[4:6])
        moment = moment.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    return moment


def parse_report(path: Path, raw: bytes, site: Site, digest: str = ""
                 ) -> tuple[Report, list[Problem]]:
    """Read one report file. Raises ContentError for a problem that leaves it out.
    ``digest``: the SHA-256 of ``raw`` in hex, if the caller has it already."""
    report, body, body_line = _read_metadata(path, raw, site, digest)
    fmt = report.table_format
    tables: dict[str, standard_tables.StandardTable] = {}
    problems: list[Problem] = []

    def standard_table(kind: str, source: str, first_line: int) -> Table:
        parsed = standard_tables.parse(kind, fmt, source, first_line)
        if kind in tables:
            raise ContentError(first_line - 1, f"table {kind} is given twice",
                               f"first at line {tables[kind].line}")
        tables[kind] = parsed
        for v in arithmetic.check(parsed):
            problems.append(Problem(path, v.line, v.message, arithmetic.HINT, "error", v.rule,
                                    v.table, v.block, v.row, v.column, v.figures, v.cell,
                                    report.slug, report.organisation, report.year))
        return standard_tables.build(parsed)

    blocks = markdown.parse(body, body_line, standard_table)
    problems.extend(_fit_headings(path, blocks))
    report.loaded = Body(blocks, tables)
    report.carried = _carried(tables.get("三"))
    return report, problems


def parse_metadata(path: Path, raw: bytes, site: Site, digest: str = "") -> Report:
    """A report known by its metadata alone, its body not yet read (``pending``
    is set): how a large archive is listed at once while its files are parsed
    in the background. Raises ContentError for a mistake in the metadata."""
    digest = digest or hashlib.sha256(raw).hexdigest()
    report, _, _ = _read_metadata(path, _metadata_part(raw), site, digest)
    report.pending = True
    return report


def _metadata_part(raw: bytes) -> bytes:
    """The file up to the end of the line that closes its metadata block, as
    far as a search in the bytes finds it (the whole file if not): decoding
    and splitting that much gives the same metadata as the whole file. A
    mistake further on is found when the file is parsed."""
    at = raw.find(b"\n", 3)
    while at >= 0:
        end = raw.find(b"\n", at + 1)
        if end < 0:
            break
        if raw[at + 1:end].strip() == b"---":
            return raw[:end + 1]
        at = end
    return raw


def _read_metadata(path: Path, raw: bytes, site: Site, digest: str
                   ) -> tuple[Report, str, int]:
    """The report without its body, the body's Markdown and its first line."""
    text = strip_controls(decode(raw))
    front, body, body_line = split_front_matter(text)
    meta = yamlnodes.parse(front, 2)
    if not isinstance(meta, yamlnodes.Mapping):
        raise ContentError(2, "the metadata must be “key: value” lines")
    values: dict[str, yamlnodes.Node] = {}
    lines: dict[str, int] = {}
    for key, node in meta.items:
        canonical = _ALIASES.get(key.value)
        if canonical is None:
            hint = standard_tables._suggest(key.value, list(_ALIASES))
            raise ContentError(key.line, f"unknown metadata key “{key.value}”", hint)
        if canonical in values:
            raise ContentError(key.line, f"“{key.value}” is given twice",
                               f"first on line {lines[canonical]}")
        values[canonical], lines[canonical] = node, key.line
    for required in REQUIRED:
        if required not in values:
            raise ContentError(2, f"metadata “{required}” is missing",
                               f"add a line “{required}: …” ({KEYS[required][1]})")

    title = _scalar(values["title"], "title")
    if not title:
        raise ContentError(lines["title"], "the title is empty")
    published = parse_datetime(_scalar(values["published"], "published"),
                               lines["published"], site.timezone)
    year_text = _scalar(values["year"], "year")
    if not re.fullmatch(r"(19|20)\d\d", year_text):
        raise ContentError(lines["year"], f"year “{year_text}” is not a year", "write e.g. 2019")
    year = int(year_text)
    category_node = values["category"]
    if isinstance(category_node, yamlnodes.Scalar):
        category = tuple(p.strip() for p in re.split(r"[>›/]", category_node.value) if p.strip())
    elif isinstance(category_node, yamlnodes.Sequence):
        category = tuple(_scalar(item, "category") for item in category_node.items)
    else:
        raise ContentError(lines["category"], "“category” must be a list of section names")
    if not category or any(not part for part in category):
        raise ContentError(lines["category"], "the category path is empty",
                           "write e.g. [政府信息公开, 政府信息公开年报]")
    script = _scalar(values["script"], "script") if "script" in values else "zh-Hans"
    script = {"简体": "zh-Hans", "繁体": "zh-Hant", "繁體": "zh-Hant"}.get(script, script)
    if script not in SCRIPTS:
        raise ContentError(lines["script"], f"script “{script}” is unknown",
                           "write zh-Hans (简体) or zh-Hant (繁體)")
    default_format = "2019" if year <= 2020 else "2021"
    fmt = _scalar(values["table_format"], "table_format") if "table_format" in values \
        else default_format
    if fmt not in standard_tables.FORMATS:
        raise ContentError(lines["table_format"], f"table format “{fmt}” is unknown",
                           "write 2019 or 2021")
    slug = _scalar(values["slug"], "slug") if "slug" in values else path.stem
    if not SLUG.fullmatch(slug):
        raise ContentError(lines.get("slug", 1), f"“{slug}” cannot be used in a web address",
                           "name the file with lowercase Latin letters, digits and hyphens, "
                           "e.g. 2019-zhangmianyi.md, or add a “slug:” line")

    report = Report(
        slug=slug, path=path, title=title, published=published,
        organisation=_scalar(values["organisation"], "organisation"), category=category,
        year=year,
        index_number=_scalar(values["index_number"], "index_number")
        if "index_number" in values else "",
        source=_scalar(values["source"], "source") if "source" in values else "",
        author=_scalar(values["author"], "author") if "author" in values else "",
        summary=_scalar(values["summary"], "summary") if "summary" in values else "",
        script=script, table_format=fmt,
        version=(digest or hashlib.sha256(raw).hexdigest())[:16],
    )
    return report, body, body_line


def _carried(table: standard_tables.StandardTable | None) -> standard_tables.StandardTable | None:
    if table is None:
        return None
    rows = (standard_tables.T3_CARRIED_IN, standard_tables.T3_CARRIED_OUT)
    return standard_tables.StandardTable(table.kind, table.fmt, {
        key: figure for key, figure in table.figures.items() if key[0] in rows}, table.line)


def _fit_headings(path: Path, blocks: list[Block]) -> list[Problem]:
    """The page title is the only <h1>: body headings start at <h2>."""
    headings = [b for b in iter_blocks(blocks) if isinstance(b, Heading)]
    if not headings:
        return []
    shift = 2 - min(h.level for h in headings)
    problems = []
    previous = 1
    for heading in headings:
        heading.level = max(2, min(6, heading.level + shift))
        if heading.level > previous + 1:
            problems.append(Problem(path, heading.line, f"heading “{plain_text(heading.children)}” skips a "
                                    "level", "use one more # than the heading above it",
                                    "warning"))
        previous = heading.level
    return problems


# --- the whole directory -------------------------------------------------------


def report_files(root: Path) -> list[Path]:
    """Every .md file under root/reports, in a stable order (os.walk and string
    sorting: pathlib's glob and Path comparisons are slow on large archives)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root / "reports"):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(folder, name) for name in files
                     if name.endswith(".md") and not name.startswith("."))
    return [Path(name) for name in sorted(found)]


Parser = Callable[[Path, Site], tuple[Report, list[Problem]]]


def parse_file(path: Path, site: Site) -> tuple[Report, list[Problem]]:
    return parse_report(path, path.read_bytes(), site)


def load(root: Path, previous: Library | None = None, parse: Parser = parse_file,
         prepare: Callable[[list[Path], Site], None] | None = None) -> Library:
    """Every report in ``root``. A file that became invalid or unreadable since
    ``previous`` was loaded keeps its version from ``previous`` (its last good
    version stays online) and is reported like any other mistake. ``parse``
    reads one file (parse_cache gives one that remembers results on disk);
    ``prepare`` is told every file first (parse_cache reads them ahead)."""
    site, problems = load_site(root / "site.toml")
    last_good = {r.path: r for r in previous.reports if not r.pending} \
        if previous is not None else {}
    reports: list[Report] = []
    by_slug: dict[str, Report] = {}
    if not (root / "reports").is_dir():
        problems.append(Problem(root / "reports", 0, "there is no reports folder",
                                "put one .md file per report in content/reports/"))
    files = report_files(root)
    if prepare is not None:
        prepare(files, site)
    for path in files:
        try:
            report, found = parse(path, site)
        except (ContentError, OSError) as exc:
            line, message, hint = (exc.line, exc.message, exc.hint) if isinstance(
                exc, ContentError) else (0, f"cannot be read: {exc.strerror}", "")
            if path not in last_good:
                problems.append(Problem(path, line, message, hint))
                continue
            problems.append(Problem(path, line, message + " (its last good version stays online)",
                                    hint))
            report, found = last_good[path], []
        # Arithmetic errors fail `reader check` but do not take the report
        # offline: it is the published record, and residents may still read it.
        problems.extend(found)
        if report.slug in by_slug:
            problems.append(Problem(path, 1, f"the address “{report.slug}” is already used by "
                                    f"{by_slug[report.slug].path.name}",
                                    "rename one of the files or give it a different slug"))
            continue
        by_slug[report.slug] = report
        reports.append(report)
    reports.sort(key=lambda r: (r.published.timestamp(), r.slug), reverse=True)
    library = Library(root, site, reports, problems, by_slug)
    for report in reports:
        node = library.categories
        for depth, part in enumerate(report.category, 1):
            node = node.children.setdefault(part, Category(report.category[:depth]))
        cast(list[Report], node.reports).append(report)
    return library
