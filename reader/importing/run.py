"""`reader import`: files and folders → content files, one per report.

Every file is read by the reader for its format, built into a body by
``structure``, given its metadata, written by ``writer`` and checked with the
same parser as `reader check` before anything is written. A file that cannot
be imported is refused with a one-line reason and leaves content/ untouched.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote

from pypinyin import lazy_pinyin
from tqdm import tqdm

from reader.content import arithmetic
from reader.content import document as d
from reader.content.problems import ContentError
from reader.content.reports import SLUG, parse_report
from reader.content.site import Site, load_site
from reader.content.standard_tables import Figure, StandardTable
from reader.importing import (
    docx_reader,
    html_reader,
    libreoffice,
    recognise,
    structure,
    text_reader,
    writer,
)
from reader.importing.pdf import reader as pdf_reader
from reader.importing.source import Item, Para, Refused, Source
from reader.importing.text import script_of, tighten

SUFFIXES = {".docx": "docx", ".doc": "doc", ".html": "html", ".htm": "html", ".shtml": "html",
            ".xhtml": "html", ".txt": "text", ".md": "text", ".markdown": "text", ".pdf": "pdf",
            ".wps": "wps"}
_IMAGES = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"BM", "BMP"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


@dataclass
class Options:
    content: Path
    category: list[str] | None = None
    slug: str | None = None
    dry_run: bool = False
    force: bool = False
    title: str | None = None
    organisation: str | None = None
    published: str | None = None
    year: str | None = None


@dataclass
class Outcome:
    source: Path
    target: Path | None = None
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    refused: str = ""


def kind_of(path: Path, raw: bytes) -> str:
    """docx, doc, html or text; Refused for anything else, with what it is."""
    if not raw.strip():
        raise Refused("the file is empty")
    if raw[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    for magic, name in _IMAGES:
        if raw.startswith(magic):
            raise Refused(f"a {name} image: text in images cannot be imported; "
                          "import the report's Word file or web page")
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        raise Refused("a WebP image: text in images cannot be imported")
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    suffix = SUFFIXES.get(path.suffix.lower())
    if suffix in ("docx", "doc"):
        raise Refused(f"named {path.suffix} but not a Word file (damaged or renamed)")
    head = raw[:2048].lower()
    if suffix == "html" or b"<html" in head or b"<!doctype html" in head:
        return "html"
    if suffix == "pdf":
        raise Refused("named .pdf but not a PDF file (damaged or renamed)")
    if suffix == "text" and path.suffix.lower() in (".md", ".markdown") and \
            raw.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        raise Refused("already a content file (it opens with a metadata block): copy it into "
                      "content/reports/ instead of importing it")
    if suffix == "text" or (path.suffix == "" and b"\x00" not in raw[:4096]):
        return "text"
    raise Refused(f"“{path.suffix}” files are not supported: import .docx, .doc, .wps, .pdf, "
                  ".html, .htm, .txt or .md")


def read_source(path: Path, raw: bytes) -> Source:
    kind = kind_of(path, raw)
    if kind in ("doc", "wps"):
        return docx_reader.read(libreoffice.convert(raw, f".{kind}", "docx"))
    readers: dict[str, Callable[[bytes], Source]] = {
        "docx": docx_reader.read, "html": html_reader.read, "text": text_reader.read,
        "pdf": pdf_reader.read}
    return readers[kind](raw)


# --- metadata ------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?")


def published_text(value: str, zone: str) -> str:
    """A date as a portal or a signature writes it → 2020-01-15 18:16:09 +08:00."""
    match = _DATE.search(unicodedata.normalize("NFKC", value))
    if not match:
        return ""
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d} {zone}"


_ORG_SUFFIX = re.compile(r"(人民政府|政府|办公室|委员会|管委会|办事处)$")
_UNIT = re.compile(r".+?(?:自治区|自治州|自治县|省|市|州|盟|县|旗|区|乡|镇|街道|苏木)")


_TITLE_TAIL = re.compile(r"\s*[（(]?\s*(?:19|20)\d\d\s*年?度?[）)]?\s*(?:度\s*)?"
                         r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报).*$")


def named_in_title(title: str) -> str:
    """The issuing body a title names before its year (2019年某某市人民政府办公厅
    政府信息公开工作年度报告, 某某乡2020年政府信息公开工作年度报告), or ""."""
    plain = unicodedata.normalize("NFKC", title).strip()
    year = re.search(r"(?:19|20)\d\d\s*年", plain)
    if not year:
        return ""
    before = plain[:year.start()].strip()
    after = _TITLE_TAIL.sub("", plain[year.start():])
    if before:
        return before if len(before) >= 2 and not re.search(r"[，,。]", before) else ""
    after = re.sub(r"^(?:19|20)\d\d\s*年度?", "", plain[year.start():])
    match = re.match(r"(.{2,30}?)(?:政府)?信息公开", after)
    return match.group(1) if match else ""


_COMPILED = re.compile(r"由([\u4e00-\u9fff（）]{1,30}?(?:人民政府办公室|人民政府|办公室|办公厅|委员会|管委会|"
                       r"办事处|街道|局|厅|委|乡|镇|中心))(?:(?:根据|依据|按照)[^。]{0,80}?)?"
                       r"(?:汇总|综合)?编制")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日[^。；]{0,16}?(?:至|到|—|－|-)\s*"
                     r"(?:\1\s*年\s*)?12\s*月\s*31\s*日")


def _opening(body: structure.Body) -> str:
    return "".join(d.plain_text(b.children) for b in body.blocks[:12] if isinstance(b, d.Paragraph))


def compiled_by(body: structure.Body) -> str:
    """The office a report says compiled it (本报告由某某局编制), or ""."""
    match = _COMPILED.search(unicodedata.normalize("NFKC", _opening(body)).replace("(", "（")
                             .replace(")", "）"))
    return match.group(1) if match else ""


def period_year(body: structure.Body) -> str:
    """The year of the statistics period a report states (统计期限自2021年1月1日起
    至2021年12月31日止), or ""."""
    match = _PERIOD.search(unicodedata.normalize("NFKC", _opening(body)))
    return match.group(1) if match else ""


def slug_for(organisation: str, year: str) -> str:
    """2019-zhangmianyi: the year and the pinyin of the place or office name."""
    name = _ORG_SUFFIX.sub("", organisation.strip())
    units = _UNIT.findall(name)
    rest = name[sum(len(u) for u in units):]
    place = rest or (re.sub(r"(自治区|自治州|自治县|街道|苏木|[省市州盟县旗区乡镇])$", "", units[-1])
                     if units else name)
    letters = "".join(lazy_pinyin(place, errors="ignore")).lower()
    letters = re.sub(r"[^a-z0-9]+", "-", letters).strip("-")[:40].strip("-")
    return f"{year}-{letters}" if letters else f"{year}-report"


def assemble(source: Source, body: structure.Body, options: Options,
             site: Site) -> tuple[dict[str, str], list[str], list[str]]:
    """(metadata, category, warnings), or Refused naming everything missing
    with the option that supplies it."""
    meta: dict[str, str] = {}
    warnings: list[str] = []
    missing: list[str] = []
    title = options.title or tighten(source.meta.get("title", ""))
    if not title:
        missing.append("the title (标题): give --title “…”")
    meta["title"] = title
    if "index_number" in source.meta:
        meta["index_number"] = source.meta["index_number"]
    else:
        warnings.append("索引号 (index_number) not found: add “index_number: …” to the file if "
                        "the report has one")
    found_date = source.meta.get("published") or body.date or source.meta.get("written")
    meta["published"] = published_text(options.published or found_date or "", site.timezone)
    if not meta["published"]:
        missing.append("the publication date (发布时间): give --published 2021-01-25 "
                       "(or with the time, 2021-01-25 09:30)")
    for key in ("source", "author"):
        if key in source.meta:
            meta[key] = source.meta[key]
    named = named_in_title(title)
    portal = source.meta.get("portal_organisation", "")
    if named and portal.startswith(named):  # the site's own name, confirmed by the title
        named = portal
    organisation = options.organisation or body.organisation or source.meta.get("organisation") \
        or named or compiled_by(body)
    if not organisation and source.meta.get("portal_organisation"):
        organisation = source.meta["portal_organisation"]
        warnings.append(f"发布机构 taken from the portal's name “{organisation}”: check it, or "
                        "give --organisation")
    if not organisation:
        missing.append("the issuing body (发布机构), as the file has no signature (落款): give "
                       "--organisation “某某乡人民政府”")
    meta["organisation"] = organisation or ""
    category = options.category or source.category
    if not category:
        missing.append("the category path (栏目): give --category 政府信息公开/…/政府信息公开年报")
    plain_title = unicodedata.normalize("NFKC", title)
    year_match = re.search(r"((?:19|20)\d\d)\s*年", plain_title) or \
        re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", plain_title)
    year = options.year or (year_match.group(1) if year_match else "") or period_year(body)
    if not year:
        missing.append("the year (年度) in the title: give --year 2021")
    if missing:
        raise Refused("not found in the file: " + "; ".join(missing))
    meta["year"] = year
    meta["script"] = script_of(title + "".join(
        d.plain_text(b.children) for b in body.blocks if isinstance(b, d.Paragraph)))
    default = "2019" if int(year) <= 2020 else "2021"
    if len(body.formats) == 1:
        meta["table_format"] = next(iter(body.formats))
    else:
        meta["table_format"] = default
        if len(body.formats) > 1:
            warnings.append("the tables mix labels of the 2019 and 2021 formats; written as "
                            f"{default} (change table_format if that is wrong)")
    return meta, category, warnings


# --- one file ------------------------------------------------------------------


def _existing_slugs(reports: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(reports.glob("**/*.md")) if reports.is_dir() else []:
        slug = path.stem
        try:
            head = path.read_text("utf-8", errors="replace")[:4000]
        except OSError:
            continue
        declared = re.search(r"^slug:\s*[\"']?([a-z0-9-]+)", head, re.M)
        found[declared.group(1) if declared else slug] = path
    return found


def _without_repeated_title(source: Source) -> list[Item]:
    """The body without the title repeated at its top (CMS editors often paste
    the whole document, title included, into the article body)."""
    title = re.sub(r"\s+", "", source.meta.get("title", ""))
    items = list(source.items)
    for i, item in enumerate(items[:3]):
        if not isinstance(item, Para) or not title:
            continue
        text = re.sub(r"\s+", "", item.text)
        if text == title or (len(title) > 10 and recognise.edit_distance(text, title, 2) <= 2):
            return items[:i] + items[i + 1:]
    return items


def prepare(path: Path, options: Options, site: Site, existing: dict[str, Path],
            assigned: set[str]) -> Outcome:
    outcome = Outcome(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    source = read_source(path, raw)
    body = structure.build(_without_repeated_title(source))
    if source.attachments and not _holds_report(body):
        source, body = _from_attachment(path, source, body)
    meta, category, warnings = assemble(source, body, options, site)
    outcome.warnings = [*source.warnings, *warnings, *body.warnings]
    fmt = meta["table_format"]
    for block in body.blocks:
        if isinstance(block, recognise.Found):
            valid = writer.placed(block, fmt)
            for key in [k for k in block.figures if k not in valid]:
                renamed = writer.renamed(key, fmt)
                if renamed in valid and renamed not in block.figures:
                    block.figures[renamed] = block.figures.pop(key)
                    continue
                outcome.warnings.append(f"table {block.kind}: “{' · '.join(key)}” has no cell in "
                                        f"the {fmt} format; left out")
                del block.figures[key]
            if source.ocr:
                outcome.warnings.extend(ocr_check(block, fmt))
    slug = options.slug or slug_for(meta["organisation"], meta["year"])
    if not SLUG.fullmatch(slug):
        raise Refused(f"“{slug}” cannot be an address: use lowercase Latin letters, digits and "
                      "hyphens (--slug)")
    if not options.slug:
        base, number = slug, 2
        while slug in assigned:
            slug, number = f"{base}-{number}", number + 1
    if slug in assigned:
        raise Refused(f"another file of this import already uses the address “{slug}”")
    reports = options.content / "reports"
    target = existing.get(slug, reports / f"{slug}.md")
    if target.exists() and not options.force:
        raise Refused(f"{target} already exists: give --force to replace it, or --slug to "
                      "import under another address")
    if target.stem != slug:
        meta["slug"] = slug
    text = writer.metadata(meta, category) + "\n" + writer.body(body.blocks, fmt)
    try:
        _, problems = parse_report(target, text.encode(), site)
    except ContentError as exc:
        raise Refused(f"the result would not pass `reader check`: line {exc.line}: "
                      f"{exc.message}") from None
    outcome.warnings.extend(f"reader check: {p.message}" for p in problems)
    assigned.add(slug)
    outcome.target, outcome.text = target, text
    return outcome


def _holds_report(body: structure.Body) -> bool:
    """Whether a page's own text is the report (its tables, or its sections)."""
    sections = sum(1 for b in body.blocks if isinstance(b, d.Heading) and b.level == 2)
    return sections >= 2 or any(isinstance(b, recognise.Found) for b in body.blocks)


def attachment_file(page: Path, href: str) -> Path | None:
    """A linked attachment saved beside the page (in its folder or the
    browser's “_files” folder of it), or None."""
    name = Path(unquote(href.split("?")[0].split("#")[0]).replace("\\", "/")).name
    if not name:
        return None
    for folder in (page.parent, page.parent / f"{page.stem}_files", page.parent / "attachments"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _from_attachment(path: Path, page: Source, body: structure.Body
                     ) -> tuple[Source, structure.Body]:
    """A page whose report is an attached file (附件): the attachment's text
    and tables, under the page's metadata."""
    for href in page.attachments:
        found = attachment_file(path, href)
        if found is None:
            continue
        attached = read_source(found, found.read_bytes())
        attached.meta.update({k: v for k, v in page.meta.items() if v})
        attached.category = page.category or attached.category
        attached.warnings = [*page.warnings, *attached.warnings,
                             f"the report is the attached file “{found.name}” (附件): its text and "
                             "tables imported from it, with the page's metadata"]
        return attached, structure.build(_without_repeated_title(attached))
    page.warnings.append("the page links to attached files (附件: " + "、".join(
        Path(unquote(h)).name for h in page.attachments[:3]) + ") that may hold the report, but "
        "none is saved beside the page: save the attachment in the page's folder and import again")
    return page, body


def ocr_check(found: recognise.Found, fmt: str) -> list[str]:
    """The arithmetic rules of the format applied to figures read by OCR: a
    rule that fails names the cells to check against the scan."""
    table = StandardTable(found.kind, fmt, {key: Figure(value, 0)
                                            for key, value in found.figures.items()})
    return [f"{violation.message} — read by OCR: check these cells against the scan"
            for violation in arithmetic.check(table)]


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- the command -----------------------------------------------------------------


def files_of(paths: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """Every file named or inside a named folder (recursively, hidden ones skipped)."""
    files: list[Path] = []
    missing: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Outcome(path, refused="no such file or folder"))
    return files, missing


def import_paths(paths: list[Path], options: Options, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if not options.content.is_dir():
        print(f"reader import: content folder {options.content} does not exist "
              "(give --content DIR)", file=out)
        return 2
    site, _ = load_site(options.content / "site.toml")
    files, outcomes = files_of(paths)
    for outcome in outcomes:
        print(f"refused: {outcome.source}: {outcome.refused}", file=out)
    if options.slug and len(files) > 1:
        print("reader import: --slug names one report; give it with one file only", file=out)
        return 2
    existing = _existing_slugs(options.content / "reports")
    assigned: set[str] = set()
    counts = {"imported": 0, "warnings": 0, "refused": len(outcomes)}
    written: list[Path] = []  # the content files this run wrote
    bar = tqdm(files, unit="file", disable=None if len(files) > 1 else True, file=sys.stderr,
               desc="importing")
    for path in bar:
        try:
            outcome = prepare(path, options, site, existing, assigned)
        except Refused as exc:
            counts["refused"] += 1
            tqdm.write(f"refused: {path}: {exc}", file=out)
            continue
        except Exception as exc:  # a file no reader expected must not stop the others
            counts["refused"] += 1
            reason = " ".join(str(exc).split())[:200]
            tqdm.write(f"refused: {path}: could not be read ({type(exc).__name__}: {reason})",
                       file=out)
            continue
        assert outcome.target is not None
        if not options.dry_run:
            _write(outcome.target, outcome.text)
            written.append(outcome.target)
        verb = "would import" if options.dry_run else "imported"
        tqdm.write(f"{verb}: {path} → {outcome.target}", file=out)
        for warning in outcome.warnings:
            tqdm.write(f"  warning: {warning}", file=out)
        counts["warnings" if outcome.warnings else "imported"] += 1
    # The audit of what was imported (the rules of `reader check`, run on `written`
    # with the rest of the content) belongs here, after every file is written.
    print(f"{counts['imported']} imported, {counts['warnings']} imported with warnings, "
          f"{counts['refused']} refused" + (" (dry run: nothing written)" if options.dry_run
                                            else ""), file=out)
    return 1 if counts["refused"] else 0
