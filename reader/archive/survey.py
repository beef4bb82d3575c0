"""Reading many report files at once, in this process and in worker processes.

A server that starts on a new or restarted archive must read every file once:
stat it, read and hash it, look it up in the parse cache, and for a file the
cache does not know, read its metadata (parse_cache's quick listing). That is
about a quarter of a millisecond of CPU per file, two and a half seconds for
10,000 files. From ``PARALLEL_FROM`` files on, worker processes take chunks
from the end of the list while this process works from the front, so that
each core reads its share; this process then takes what they found.
"""

from __future__ import annotations

import functools
import logging
from concurrent.futures import Future, wait
from pathlib import Path

from reader import workers
from reader.archive.parse_cache import Examined, ParseCache
from reader.content.site import Site

log = logging.getLogger("reader")

PARALLEL_FROM = 2000  # fewer files are read in this process alone
CHUNK = 250


def survey(cache: ParseCache, names: list[str], site: Site,
           processes: int | None = None) -> dict[str, Examined]:
    """What ``cache.examine(name, site, quick=True)`` finds for each name,
    for as many as were read ahead (none below PARALLEL_FROM, or when the
    workers fail: parse_cache then reads the files itself)."""
    processes = processes or workers.cores()
    if len(names) < PARALLEL_FROM or processes < 2:
        return {}
    chunks = [names[i:i + CHUNK] for i in range(0, len(names), CHUNK)]
    found: dict[str, Examined] = {}
    front, back = 0, len(chunks)  # this process takes chunks[front], workers chunks[back - 1]
    running: dict[Future[list[Examined]], int] = {}
    pool = workers.pool(processes - 1)

    def take(future: Future[list[Examined]]) -> None:
        chunk = chunks[running.pop(future)]
        try:
            results = future.result()
        except Exception as exc:  # read here instead, by parse_cache
            log.warning("reading files in a worker process failed: %s", exc)
            return
        found.update(zip(chunk, results, strict=True))

    broken = False

    def hand_out() -> None:
        nonlocal back, broken
        while not broken and back > front and len(running) < 2 * (processes - 1):
            try:
                future = pool.submit(_examine, chunks[back - 1], site, cache.folder)
            except Exception as exc:  # no worker processes here: this process reads them all
                log.warning("worker processes are not available (%s)", exc)
                broken = True
                return
            back -= 1
            running[future] = back

    try:
        hand_out()
        while front < back:
            for name in chunks[front]:
                found[name] = cache.examine(name, site, quick=True)
            front += 1
            for future in [f for f in running if f.done()]:
                take(future)
            hand_out()
        done, _ = wait(list(running))
        for future in done:
            take(future)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return found


@functools.cache
def _cache(folder: Path) -> ParseCache:
    """This worker's: what the cache knows is read once (a survey's workers
    live as long as the survey)."""
    cache = ParseCache(folder)
    cache.look()
    return cache


def _examine(names: list[str], site: Site, folder: Path) -> list[Examined]:
    """A worker's share."""
    cache = _cache(folder)
    results = [cache.examine(name, site, quick=True) for name in names]
    cache.flush()  # files found in the cache by their content: known by their stat next time
    return results
