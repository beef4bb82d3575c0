"""Running the audit: over a whole content folder (`reader check`), or over
the reports one `reader import` wrote and their neighbours in the archive.

A large archive is parsed and audited in worker processes, a chunk of files
at a time; what each report leaves behind is its metadata, its findings and
the few figures the rules across years need, never its body, so memory
stays small at 100,000 reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from reader import workers
from reader.audit import across_years, one_report, reviewed
from reader.content import reports as content
from reader.content.problems import ContentError, Problem
from reader.content.site import Site

CHUNK = 100  # files per task
IN_PROCESS = 400  # fewer files than this are audited without worker processes

@dataclass(frozen=True)
class Audited:
    """What auditing one file leaves: the report's metadata, its file
    problems and findings, and its facts; or why it cannot be read."""

    row: content.Row | None = None
    problems: list[Problem] = field(default_factory=list)
    facts: across_years.YearFacts | None = None
    mistake: tuple[int, str, str] | None = None  # a ContentError's line, message, hint
    unreadable: str = ""  # the system's reason the file cannot be read


def audit_file(path: Path, site: Site) -> Audited:
    try:
        report, problems = content.parse_report(path, path.read_bytes(), site)
    except ContentError as exc:
        return Audited(mistake=(exc.line, exc.message, exc.hint))
    except OSError as exc:
        return Audited(unreadable=exc.strerror or str(exc))
    return Audited(content.report_row(report), [*problems, *one_report.audit(report)],
                   across_years.facts(report))


def _audit_files(paths: list[Path], site: Site) -> list[Audited]:
    return [audit_file(path, site) for path in paths]


@dataclass
class Auditor:
    """A parser for ``content.load`` that audits each report as it reads it
    and keeps only what the audit needs. Give ``prepare`` and ``parse`` to
    ``load``; then ``finish`` adds the findings across reports."""

    processes: int | None = None
    results: dict[Path, Audited] = field(default_factory=dict)
    facts: dict[Path, across_years.YearFacts] = field(default_factory=dict)

    def prepare(self, files: list[Path], site: Site) -> None:
        if len(files) < IN_PROCESS:
            return  # parse() audits each file when asked
        chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
        pool = workers.pool(min(self.processes or workers.cores(), len(chunks)))
        try:
            for chunk, results in zip(chunks, pool.map(_audit_files, chunks, [site] * len(chunks)),
                                      strict=True):
                self.results.update(zip(chunk, results, strict=True))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def parse(self, path: Path, site: Site) -> tuple[content.Report, list[Problem]]:
        result = self.results.pop(path, None) or audit_file(path, site)
        if result.mistake is not None:
            raise ContentError(*result.mistake)
        if result.row is None or result.facts is None:
            raise OSError(0, result.unreadable)
        report = content.report_from_row(result.row, path)
        report.fetch = lambda: content.parse_file(path, site)[0].body
        self.facts[path] = result.facts
        return report, result.problems

    def finish(self, library: content.Library) -> list[Problem]:
        """The findings across reports: across years, and who has not
        published the latest year."""
        every = [self.facts[r.path] for r in library.reports if r.path in self.facts]
        return [*across_years.across_years(every), *across_years.not_published(library.reports)]


@dataclass(frozen=True)
class Imported:
    """A report `reader import` wrote (or would write: a dry run)."""

    path: Path
    text: str
    # the source's table labels that differ from the official ones: (table, source, official)
    labels: list[tuple[str, str, str]] = field(default_factory=list)


def imported(root: Path, written: Iterable[Imported], site: Site) -> list[Problem]:
    """The audit of reports just imported into the content folder ``root``:
    the rules of each report, the labels its source wrote differently, and
    the rules across years with the same body's reports of the year before
    and after. Who has not published is an archive's question: not asked."""
    found: list[Problem] = []
    new: list[across_years.YearFacts] = []
    for one in written:
        try:
            report, _ = content.parse_report(one.path, one.text.encode(), site)
        except ContentError:
            continue  # the import refused it already
        found.extend(one_report.audit(report))
        found.extend(one_report.source_labels(report, one.labels))
        new.append(across_years.facts(report))
    paths = {one.path for one in new}
    wanted = {(one.organisation, one.year + step) for one in new for step in (-1, 1)}
    neighbours = [across_years.facts(report) for report in _reports_of(root, wanted, paths, site)]
    for now in [*new, *neighbours]:
        for before in [*new, *neighbours]:
            if before.organisation == now.organisation and before.year == now.year - 1 \
                    and (now.path in paths or before.path in paths):
                for rule in across_years.RULES:
                    found.extend(rule(before, now))
    return reviewed.apply(found, root / reviewed.FILE, complete=False)


def print_imported(root: Path, written: list[Imported], site: Site, out: TextIO) -> None:
    """`reader import`'s last lines before its summary: the audit of what it
    imported, as `reader check` prints findings."""
    if not written:
        return
    findings = imported(root, written, site)
    print(f"audit: {len(findings)} findings" + (":" if findings else ""), file=out)
    shown = root.parent if root.parent != Path() else None
    for finding in findings:
        print(f"  {finding.format(shown)}", file=out)


def _reports_of(root: Path, wanted: set[tuple[str, int]], skip: set[Path], site: Site
                ) -> list[content.Report]:
    """The reports of ``root`` whose body and year are ``wanted``: every
    file's metadata is read, and only those files are parsed whole."""
    found = []
    for path in content.report_files(root):
        if path in skip:
            continue
        try:
            with path.open("rb") as handle:
                head = handle.read(16384)
            meta = content.parse_metadata(path, head, site)
            if (meta.organisation, meta.year) in wanted:
                found.append(content.parse_file(path, site)[0])
        except (ContentError, OSError):
            continue  # `reader check` reports it
    return found
