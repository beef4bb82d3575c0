"""Scores `reader import` on the real-document corpus (tests/data/real): for
each document, the share of what its expected file lists (title, date,
发布机构, 索引号, section headings, table figures) that the import got right,
and the figures it wrote that the source does not state. Prints the score per
kind of document and, with -v, what each document missed. Binary documents
(PDF) are read from $READER_REAL_CORPUS/<document>/ and skipped without it;
with --scan, each PDF found there is also scored as a scan of itself (its
pages as images, read back by OCR: slow, tens of seconds a page).

    READER_REAL_CORPUS=/path/to/corpus .venv/bin/python benchmarks/score_import.py -v
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.importing import real_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--scan", action="store_true", help="also score each PDF as a scan")
    parser.add_argument("only", nargs="*", help="document names (default: all)")
    args = parser.parse_args()
    scores = []
    for name, expected in real_corpus.documents():
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        result = real_corpus.score(name, expected)
        seconds = time.perf_counter() - started
        scores.append(result)
        if args.scan and expected["kind"] == "pdf" and not result.skipped:
            scores.append(real_corpus.score_scanned(name, expected))
        if result.skipped:
            print(f"{name:28} skipped: {result.skipped}")
            continue
        state = f"refused: {result.refused}" if result.refused else \
            f"{result.found}/{result.expected}, {len(result.invented)} invented"
        print(f"{name:28} {result.kind:8} {state}  ({seconds:.1f} s)")
        if args.verbose:
            for item in result.missed[:40]:
                print(f"    missed   {item}")
            for item in result.invented[:40]:
                print(f"    INVENTED {item}")
            for item in result.warnings[:12]:
                print(f"    warning  {item[:150]}")
    print()
    print(f"{'kind':10} {'documents':>9} {'found':>7} {'expected':>9} {'score':>7} {'invented':>9}")
    for kind, (found, expected_count, invented, docs) in sorted(real_corpus.summary(scores).items()):
        share = found / expected_count if expected_count else 1.0
        print(f"{kind:10} {docs:9d} {found:7d} {expected_count:9d} {share:7.1%} {invented:9d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
