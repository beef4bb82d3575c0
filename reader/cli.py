"""The `reader` command: `reader serve` and `reader check`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .loading import content_dir, load_all


def check(content_dir: Path) -> int:
    """Validate every file; print one line per problem; 1 if any error."""
    library = load_all(content_dir).library
    problems = library.problems
    for problem in problems:
        print(problem.format(content_dir.parent if content_dir.parent != Path() else None))
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    print(f"{len(library.reports)} reports ready, {errors} errors, {warnings} warnings",
          file=sys.stderr)
    return 1 if errors else 0


def serve(content_dir: Path, host: str, port: int, workers: int, watch: bool) -> int:
    import uvicorn

    if not content_dir.is_dir():
        print(f"reader: content folder {content_dir} does not exist", file=sys.stderr)
        return 2
    os.environ["READER_CONTENT"] = str(content_dir.resolve())
    os.environ["READER_WATCH"] = "1" if watch else "0"
    uvicorn.run("reader.asgi:app", host=host, port=port, workers=workers,
                log_level="info", proxy_headers=False, server_header=False)
    return 0


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
    p_check = sub.add_parser("check", help="validate the content and report problems")
    p_check.add_argument("--content", help="content folder (default: $READER_CONTENT or content)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "check":
        return check(content_dir(args.content))
    return serve(content_dir(args.content), args.host, args.port, max(1, args.workers),
                 not args.no_watch)


if __name__ == "__main__":
    sys.exit(main())
