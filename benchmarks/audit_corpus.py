"""The audit on the real-document corpus (tests/data/real): every document
imported into one content folder (so a body's consecutive years meet), then
`reader check`'s audit over it; prints the number of findings per rule and,
with -v, every finding for a person to check by hand.

With --expected, each report's standard tables are replaced by the figures
its expected file lists (read by hand from the source), so that what the
audit finds is the documents' own errors, not the importer's misreadings;
the text stays the imported one.

Binary documents (PDF, Word) are read from $READER_REAL_CORPUS/<document>/
and skipped without it.

    READER_REAL_CORPUS=/path/to/corpus .venv/bin/python benchmarks/audit_corpus.py -v
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.archive.loading import load_all  # noqa: E402
from reader.audit import text  # noqa: E402
from reader.audit.run import Auditor  # noqa: E402
from reader.content import standard_tables as st  # noqa: E402
from reader.importing.run import Options, import_paths  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "real"
TEXT_KINDS = (".txt", ".html", ".htm", ".md")


def documents(corpus: Path) -> list[tuple[str, dict[str, Any], Path | None]]:
    """(name, expected, the document's file or None where it is not here)."""
    found = []
    binaries = Path(os.environ["READER_REAL_CORPUS"]) if os.environ.get("READER_REAL_CORPUS") \
        else None
    for folder in sorted(p for p in corpus.iterdir() if (p / "expected.yaml").is_file()):
        expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
        name = str(expected.get("document", ""))
        path: Path | None = folder / name
        if not path.is_file():
            path = binaries / folder.name / name if binaries is not None else None
            if path is not None and not path.is_file():
                path = None
        found.append((folder.name, expected, path))
    return found


def _table_block(kind: str, figures: dict[str, str]) -> str:
    """An annual-table block of the figures an expected file lists."""
    nested: dict[str, Any] = {}
    for key, value in figures.items():
        parts = [p.strip() for p in str(key).split("|")]
        node = nested
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = str(value)

    def lines(node: dict[str, Any], indent: int) -> list[str]:
        out = []
        for label, value in node.items():
            if isinstance(value, dict):
                out.append(" " * indent + f"{label}:")
                out.extend(lines(value, indent + 2))
            else:
                out.append(" " * indent + f"{label}: {value}")
        return out
    return f"```annual-table {kind}\n" + "\n".join(lines(nested, 0)) + "\n```"


_TABLE = re.compile(r"```annual-table (二|三|四)\n.*?```", re.S)


def with_expected_tables(text: str, expected: dict[str, Any]) -> str:
    figures = expected.get("figures") or {}
    fmt = str(expected.get("table_format") or "")
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        kind = match.group(1)
        seen.add(kind)
        return _table_block(kind, figures.get(kind) or {})
    text = _TABLE.sub(replace, text)
    for kind in st.KINDS:  # tables the import did not find at all
        if kind not in seen and figures.get(kind):
            text += "\n\n" + _table_block(kind, figures[kind]) + "\n"
    if fmt:
        text = re.sub(r"(?m)^table_format: .*$", f"table_format: {fmt}", text, count=1)
    return text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--expected", action="store_true",
                        help="audit the hand-read figures of each expected file, with the imported text")
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--keep", help="leave the content folder here")
    parser.add_argument("--compared", action="store_true",
                        help="list every sentence the text rule compared, agreeing or not")
    parser.add_argument("--read", action="store_true",
                        help="list every figure the text rule read, with a table figure or not")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="audit-corpus-"))
    content = Path(args.keep) if args.keep else work / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "reports").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.toml", content / "site.toml")
    docs = documents(Path(args.corpus))
    skipped = [name for name, _, path in docs if path is None]
    imported = 0
    for name, expected, path in docs:
        if path is None:
            continue
        target = content / "reports" / f"{name}.md"
        supply = {k: str(v) for k, v in (expected.get("supply") or {}).items()}
        # what the document states is read from it; what it does not (the
        # expected file's `supply`, e.g. a page's date) is given, as a user would
        everything = {**{k: str(expected[k]) for k in ("title", "organisation", "published", "year")
                         if expected.get(k) is not None}, **supply}
        for given in (supply, everything):
            out = io.StringIO()
            import_paths([path], Options(
                content, ["政府信息公开", "政府信息公开年报"], slug=name, force=True,
                title=given.get("title"), organisation=given.get("organisation"),
                published=given.get("published"), year=given.get("year")), out)
            if target.is_file():
                break
        if not target.is_file():
            print(f"{name}: not imported: {out.getvalue().splitlines()[0]}")
            continue
        imported += 1
        if args.expected:
            target.write_text(with_expected_tables(target.read_text(encoding="utf-8"), expected),
                              encoding="utf-8")
    auditor = Auditor()
    loaded = load_all(content, parser=auditor.parse, prepare=auditor.prepare)
    problems = [*loaded.library.problems, *auditor.finish(loaded.library)]
    by_rule = Counter(p.rule for p in problems)
    print(f"{imported} documents audited ({len(skipped)} not here: {', '.join(skipped) or '-'}); "
          f"tables from {'the expected files' if args.expected else 'the import'}")
    for rule, count in sorted(by_rule.items()):
        print(f"  {rule:16} {count:4d}")
    if args.verbose:
        for problem in sorted(problems, key=lambda p: (p.rule, str(p.path), p.line)):
            print(f"\n[{problem.rule}] {problem.path.name}:{problem.line} {problem.severity}: "
                  f"{problem.message}")
    if args.compared:
        agree = differ = 0
        for report in sorted(loaded.library.reports, key=lambda r: r.slug):
            for c in text.comparisons(report.blocks, report.standard_tables, report.year,
                                        report.organisation):
                agree, differ = agree + c.agrees, differ + (not c.agrees)
                print(f"\n{'=' if c.agrees else '≠'} {report.slug}:{c.statement.line} {c.measure.name}: "
                      f"text {c.said}, table {c.table}\n    {c.statement.sentence[:160]}")
        print(f"\ntext against tables: {agree + differ} sentences compared, {agree} agree, "
              f"{differ} differ")
    if args.read:
        count = 0
        for report in sorted(loaded.library.reports, key=lambda r: r.slug):
            for measure, statement, said in text.readings(
                    report.blocks, report.table_format, report.year, report.organisation):
                count += 1
                print(f"\nread {report.slug}:{statement.line} {measure.name}: {said}\n"
                      f"    {statement.sentence[:160]}")
        print(f"\ntext against tables: {count} figures read from the text")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
