"""The `reader` command: `reader serve`, `reader check` and `reader import`."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

from reader.archive.loading import load_all
from reader.config import Config
from reader.config import content_folder as content_dir
from reader.language import glossary_check


def check(content_dir: Path, as_json: bool = False, html_dir: Path | None = None) -> int:
    """Validate every file and audit every report; print one line per
    problem (one JSON object with ``as_json``); write the report pages into
    ``html_dir``. 1 if there is an error no person has reviewed."""
    from reader.audit import html_report, reviewed
    from reader.audit.run import Auditor

    auditor = Auditor()
    loaded = load_all(content_dir, parser=auditor.parse, prepare=auditor.prepare)
    library = loaded.library
    problems = [*library.problems, *auditor.finish(library)]
    if loaded.glossary is not None:
        problems = [*problems, *glossary_check.check(loaded.glossary, content_dir / "glossary.yaml")]
    problems = sorted(reviewed.apply(problems, content_dir / reviewed.FILE),
                      key=lambda p: (str(p.path), p.line))
    root = content_dir.parent if content_dir.parent != Path() else None
    for problem in problems:
        if as_json:
            print(problem.json(root, html_report.address(problem, library.site.base_url)))
        else:
            print(problem.format(root))
    if html_dir is not None:
        first = html_report.write(html_dir, problems, library.site, root, len(library.reports))
        print(f"report written to {first}", file=sys.stderr)
    errors = sum(1 for p in problems if p.fails)
    counts = {severity: sum(1 for p in problems if p.severity == severity and not p.reviewed)
              for severity in ("warning", "info")}
    reviewed_count = sum(1 for p in problems if p.reviewed)
    print(f"{len(library.reports)} reports ready, {errors} errors, {counts['warning']} warnings, "
          f"{counts['info']} notes, {reviewed_count} reviewed", file=sys.stderr)
    return 1 if errors else 0


def serve(content_dir: Path, host: str, port: int, workers: int, watch: bool,
          access_log: bool = True, forwarded_allow_ips: str | None = None) -> int:
    import uvicorn

    if not content_dir.is_dir():
        print(f"reader: content folder {content_dir} does not exist", file=sys.stderr)
        return 2
    os.environ["READER_CONTENT"] = str(content_dir.absolute())  # a symlink stays one
    os.environ["READER_WATCH"] = "1" if watch else "0"
    uvicorn.run("reader.asgi:app", host=host, port=port, workers=workers,
                log_level="info", server_header=False, access_log=access_log,
                # behind a reverse proxy: trust its X-Forwarded-Proto/-For, and only its
                proxy_headers=forwarded_allow_ips is not None,
                forwarded_allow_ips=forwarded_allow_ips)
    return 0


def import_reports(args: argparse.Namespace) -> int:
    from reader.importing.run import Options, import_paths

    category = [p.strip() for p in re.split(r"[/>›]", args.category) if p.strip()] \
        if args.category else None
    options = Options(content_dir(args.content), category, args.slug, args.dry_run, args.force,
                      args.title, args.organisation, args.published, args.year)
    return import_paths([Path(p) for p in args.paths], options)


def build(content_dir: Path, out: Path, jobs: int = 1, reuse: Path | None = None) -> int:
    """Write the whole site as static files into ``out``; 1 if a link is broken.
    ``jobs``: worker processes for report pages; ``reuse``: a previous build
    whose unchanged report pages are hard-linked instead of rendered."""
    import asyncio

    from tqdm import tqdm

    from reader.build import build as export
    from reader.build import check_out_folder
    from reader.web.app import create_app

    if (problem := check_out_folder(out)) is not None:
        print(f"reader: {problem}", file=sys.stderr)
        return 2
    if not content_dir.is_dir():
        print(f"reader: content folder {content_dir} does not exist", file=sys.stderr)
        return 2
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per address otherwise
    if reuse is not None and not reuse.is_dir():
        print(f"reader: {reuse} is not a folder of a previous build", file=sys.stderr)
        return 2
    # every file checked before the copy, with the jobs' worth of processes
    app = create_app(Config.from_environment(content_dir, watch=False, parse_first=None,
                                             processes=jobs if jobs > 1 else None))
    with tqdm(unit=" addresses", desc="reader build", file=sys.stderr) as bar:
        def progress(done: int, total: int, path: str) -> None:
            bar.total = total
            bar.update(done - bar.n)
        exported = asyncio.run(export(app, out, progress, reuse, jobs))
    result = exported.result
    print(f"{result.pages} pages and {result.files} files written to {out}"
          + (f" ({exported.reused} report pages with their files linked from {reuse})" if reuse else ""),
          file=sys.stderr)
    if not app.state.server.library.site.base_url:
        print(f"warning: base_url is not set in site.toml: canonical links and sitemap.xml name "
              f"{result.origin}; set it to the address the copy will be published at",
              file=sys.stderr)
    for link, page, status in result.broken:
        print(f"broken link: {link} (on {page}) answered {status}", file=sys.stderr)
    return 1 if result.broken else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reader", description="Publish government reports.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="serve the reports over HTTP")
    p_serve.add_argument("--content", help="content folder (default: $READER_CONTENT or content)")
    p_serve.add_argument("--host", default=os.environ.get("READER_HOST", "127.0.0.1"))
    p_serve.add_argument("--port", type=int, default=int(os.environ.get("READER_PORT", "8000")))
    p_serve.add_argument("--workers", type=int, default=1)
    p_serve.add_argument("--no-watch", action="store_true",
                         help="do not reload when content files change")
    p_serve.add_argument("--no-access-log", action="store_true",
                         help="do not log each request (e.g. when a reverse proxy logs them)")
    p_serve.add_argument("--forwarded-allow-ips", metavar="IPS",
                         help="behind a reverse proxy: the proxy's addresses (comma-separated), "
                              "whose X-Forwarded-Proto and X-Forwarded-For are trusted")
    p_check = sub.add_parser("check", help="validate the content and report problems")
    p_check.add_argument("--content", help="content folder (default: $READER_CONTENT or content)")
    p_check.add_argument("--json", action="store_true",
                         help="one JSON object per problem (JSON Lines) instead of lines of text")
    p_check.add_argument("--html", metavar="DIR",
                         help="also write the findings as web pages into DIR")
    p_import = sub.add_parser("import", help="import reports from Word files, PDFs, saved portal "
                              "pages and text")
    p_import.add_argument("paths", nargs="+", metavar="PATH",
                          help=".docx, .doc, .wps, .pdf, .html/.htm, .txt, .md, or a folder of them")
    p_import.add_argument("--content", help="content folder (default: $READER_CONTENT or content)")
    p_import.add_argument("--category", help="栏目 path, e.g. 政府信息公开/政府信息公开年报")
    p_import.add_argument("--slug", help="the report's address (one file only)")
    p_import.add_argument("--dry-run", action="store_true", help="show what would be written")
    p_import.add_argument("--force", action="store_true", help="replace existing files")
    for name, what in (("title", "标题"), ("organisation", "发布机构"),
                       ("published", "发布时间, e.g. 2021-01-25 09:30"), ("year", "年度")):
        p_import.add_argument(f"--{name}", help=f"{what}, when the file does not say it")
    p_build = sub.add_parser("build", help="write the whole site as static files")
    p_build.add_argument("--content", help="content folder (default: $READER_CONTENT or content)")
    p_build.add_argument("--out", required=True, help="a new (or empty) folder to write into")
    p_build.add_argument("--jobs", type=int, default=1, metavar="N",
                         help="render report pages in N worker processes (e.g. one a core)")
    p_build.add_argument("--reuse", metavar="DIR",
                         help="a previous build: its unchanged report pages are linked, not rendered")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "check":
        return check(content_dir(args.content), args.json, Path(args.html) if args.html else None)
    if args.command == "import":
        return import_reports(args)
    if args.command == "build":
        return build(content_dir(args.content), Path(args.out), max(1, args.jobs),
                     Path(args.reuse) if args.reuse else None)
    return serve(content_dir(args.content), args.host, args.port, max(1, args.workers),
                 not args.no_watch, not args.no_access_log, args.forwarded_allow_ips)


if __name__ == "__main__":
    sys.exit(main())
