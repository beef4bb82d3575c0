"""Reading many report files at once, in worker processes (reading.py does
the work), with the results handed back chunk by chunk as they are ready.

A new archive of 100,000 reports is a quarter of a millisecond of CPU a file
to list and a few milliseconds to check: the work goes to worker processes
at a lower priority, so that this process keeps its share of the cores for
requests and its memory does not grow with the work. The caller writes each
chunk to the catalog as it comes, so listings grow while the rest is read.
A few files are read in this process (spawning workers costs more).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from reader import workers
from reader.archive import reading
from reader.archive.reading import Found
from reader.content.site import Site

log = logging.getLogger("reader")

CHUNK = 200  # files per task: a fraction of a second to a second of work
IN_PROCESS = 50  # fewer files are read here
NICENESS = 10


def read(folder: Path, items: list[tuple[str, str, str]], site: Site, check: bool,
         stop: threading.Event, processes: int | None = None, niceness: int = NICENESS,
         idle: Callable[[], object] | None = None, in_process: int = IN_PROCESS
         ) -> Iterator[list[Found]]:
    """reading.read for every (name, signature, known digest), chunk by chunk
    (in this process when there are at most ``in_process``)."""
    return _run(reading.read_chunk, folder, items, (site, check), stop, processes, niceness, idle,
                in_process)


def check(folder: Path, items: list[tuple[str, str]], site: Site, stop: threading.Event,
          processes: int | None = None, niceness: int = NICENESS,
          idle: Callable[[], object] | None = None) -> Iterator[list[Found]]:
    """reading.check_listed for every (name, digest listed), chunk by chunk."""
    return _run(reading.check_chunk, folder, items, (site,), stop, processes, niceness, idle,
                IN_PROCESS)


def _run(task: Callable[..., list[Found]], folder: Path, items: Sequence[object],
         extra: tuple[object, ...], stop: threading.Event, processes: int | None, niceness: int,
         idle: Callable[[], object] | None, in_process: int) -> Iterator[list[Found]]:
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    if len(items) <= in_process:
        for chunk in chunks:
            if stop.is_set():
                return
            yield task(folder, chunk, *extra)
        return
    pool = workers.pool(min(processes or workers.cores(), len(chunks)), niceness)
    try:
        running: dict[Future[list[Found]], int] = {}
        queued = list(range(len(chunks)))
        width = 2 * (processes or workers.cores())
        while queued or running:
            while queued and len(running) < width:  # a few ahead: stopping drops the rest
                index = queued.pop(0)
                running[pool.submit(task, folder, chunks[index], *extra)] = index
            if stop.is_set():
                return
            done, _ = wait(list(running), timeout=0 if idle else 0.2, return_when=FIRST_COMPLETED)
            if not done and idle is not None:
                idle()  # e.g. indexing what is listed, while the workers read
                done, _ = wait(list(running), timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                running.pop(future)
                yield future.result()  # a failure in a worker is the caller's to report
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
