"""Reading one report file for the catalog: what it says and whether it is
valid, as plain values that a worker process can send back.

Two depths. *Listing* reads a file's metadata alone (a quarter of a
millisecond): how a large new archive is listed within seconds. *Checking*
parses the whole file (a few milliseconds): every mistake is found, and the
file is kept compressed (codec.py) for its body to be shown later. A file
listed and not yet checked is checked from the same bytes, or found changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from reader.archive import codec
from reader.content import reports as content
from reader.content.problems import ContentError
from reader.content.site import Site
from reader.content.standard_tables import StandardTable

# what reading found (the catalog's states are the first three)
LISTED = 0  # metadata read, the rest of the file not yet checked
GOOD = 1  # checked: the whole file is valid (it may have warnings)
FAILED = 3  # the file has a mistake
UNCHANGED = 10  # the same bytes as last read: only its stat changed
UNREADABLE = 11  # the file could not be read (gone, or no permission): try again later
CHANGED = 12  # (checking) the file is no longer what was listed: the next scan reads it

SEPARATOR = "\x1f"  # between the parts of a category path as stored

Row = tuple[object, ...]  # the catalog's report columns, in COLUMNS order
COLUMNS = ("slug", "title", "published", "published_text", "organisation", "category", "year",
           "index_number", "source", "author", "script", "table_format", "summary", "version",
           "carried")


@dataclass
class Found:
    name: str  # the file's path under the reports folder
    signature: str  # its stat as read (see signature)
    digest: str = ""  # SHA-256 of its bytes
    state: int = UNCHANGED
    error: tuple[int, str, str] | None = None  # line, message, hint
    row: Row | None = None
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, message, hint, severity
    packed: bytes | None = None  # the file as kept, compressed (checked files only)
    compressed: bool = False


def signature(stat: tuple[int, int, int], site: Site) -> str:
    """A file's modification time, size and inode with the site's time zone
    (a metadata time without a zone is read in it): unchanged, not read again."""
    return f"{stat[0]}:{stat[1]}:{stat[2]}:{site.timezone}"


def row_of(report: content.Report) -> Row:
    carried = report.carried
    return (report.slug, report.title, report.published.timestamp(), report.published.isoformat(),
            report.organisation, SEPARATOR.join(report.category), report.year,
            report.index_number, report.source, report.author, report.script,
            report.table_format, report.summary, report.version,
            None if carried is None else json.dumps(
                [carried.kind, carried.fmt, carried.line,
                 [[list(key), figure.text, figure.line] for key, figure in carried.figures.items()]],
                ensure_ascii=False))


def carried_of(text: str | None) -> StandardTable | None:
    if text is None:
        return None
    from reader.content.standard_tables import Figure

    kind, fmt, line, figures = json.loads(text)
    return StandardTable(kind, fmt, {tuple(key): Figure(value, at) for key, value, at in figures},
                         line)


def read(folder: Path, name: str, stat_signature: str, known_digest: str, site: Site,
         check: bool) -> Found:
    """Read ``folder/name``: UNCHANGED if its bytes hash to ``known_digest``,
    else listed (metadata only) or checked (``check``), or FAILED."""
    try:
        raw = (folder / name).read_bytes()
    except OSError as exc:
        return Found(name, stat_signature, state=UNREADABLE,
                     error=(0, f"cannot be read: {exc.strerror or exc}", ""))
    digest = hashlib.sha256(raw).hexdigest()
    if digest == known_digest:
        return Found(name, stat_signature, digest)
    return _parse(folder / name, name, stat_signature, raw, digest, site, check)


def check_listed(folder: Path, name: str, digest: str, site: Site) -> Found:
    """Check a listed file in full, if its bytes are still the ones listed."""
    try:
        raw = (folder / name).read_bytes()
    except OSError:
        return Found(name, "", state=CHANGED)
    if hashlib.sha256(raw).hexdigest() != digest:
        return Found(name, "", state=CHANGED)
    return _parse(folder / name, name, "", raw, digest, site, True)


def _parse(path: Path, name: str, stat_signature: str, raw: bytes, digest: str, site: Site,
           check: bool) -> Found:
    try:
        if check:
            report, problems = content.parse_report(path, raw, site, digest)
        else:
            report, problems = content.parse_metadata(path, raw, site, digest), []
    except ContentError as exc:
        return Found(name, stat_signature, digest, FAILED, error=(exc.line, exc.message, exc.hint))
    return Found(name, stat_signature, digest, GOOD if check else LISTED, row=row_of(report),
                 problems=[(p.line, p.message, p.hint, p.severity) for p in problems],
                 packed=codec.compress(raw) if check else None, compressed=check)


def read_chunk(folder: Path, items: list[tuple[str, str, str]], site: Site,
               check: bool) -> list[Found]:
    """A worker's share of a scan: (name, signature, known digest) each."""
    return [read(folder, name, stat, digest, site, check) for name, stat, digest in items]


def check_chunk(folder: Path, items: list[tuple[str, str]], site: Site) -> list[Found]:
    """A worker's share of the check: (name, listed digest) each."""
    return [check_listed(folder, name, digest, site) for name, digest in items]
