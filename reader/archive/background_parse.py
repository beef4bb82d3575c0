"""Parsing report files in worker processes, into the parse cache.

After a quick start (see parse_cache: reports listed from their metadata
alone), every remaining file must still be parsed and checked. That is most
of a new archive's start-up work, about 2 ms of CPU per report, so it runs in
worker processes at a lower priority: the server's own process keeps its
share of the cores for requests, and its memory does not grow with the
parsing. Workers write to the shared SQLite cache; the server's next load then
finds every file there.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from reader import workers
from reader.archive.parse_cache import ParseCache
from reader.content.site import Site

log = logging.getLogger("reader")

CHUNK = 200  # files per task: a few hundred milliseconds of work
NICENESS = 10


def parse_into_cache(paths: list[Path], site: Site, folder: Path, stop: threading.Event,
                     processes: int | None = None) -> bool:
    """Parse ``paths`` into the parse cache in ``folder``. Returns False when
    ``stop`` was set first (the work left is dropped)."""
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    if not chunks:
        return True
    pool = workers.pool(min(processes or workers.cores(), len(chunks)), NICENESS)
    try:
        running: set[Future[int]] = {pool.submit(_parse_chunk, chunk, site, folder)
                                     for chunk in chunks}
        while running:
            if stop.is_set():
                return False
            done, running = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                future.result()  # a failure in a worker is the caller's to report
        return True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_chunk(paths: list[Path], site: Site, folder: Path) -> int:
    return ParseCache(folder).parse_files(paths, site)
